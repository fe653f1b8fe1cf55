import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPythonApp } from '../helpers/app-process';
import { fetchHeaderSet } from '../helpers/apps';
import { DJANGO_CASES, DJANGO_SCENARIO_CASES, type DjangoConfig } from './cases/django';
import { APP_START_TIMEOUT, proveFixes, type FrameworkHarness } from './prove';

/**
 * Django fixes, proved on Debian's Django 3.2 with django-csp 3.7: the fix's
 * settings.py lines (or its middleware line) are added to the configuration's
 * settings and the app runs again. The TLS proxy in front is stood for by
 * SECURE_PROXY_SSL_HEADER and an X-Forwarded-Proto: https request header.
 */
const APP = join(__dirname, 'apps', 'django_app.py');

const harness: FrameworkHarness<DjangoConfig> = {
  async start(configs) {
    const file = join(mkdtempSync(join(tmpdir(), 'django-')), 'configs.json');
    writeFileSync(file, JSON.stringify(configs));
    const app = await startPythonApp(APP, [file], 'Django fix app', APP_START_TIMEOUT);
    return { fetch: (i) => fetchHeaderSet(app.url(`/c${i}/`), { headers: { 'x-forwarded-proto': 'https' } }), close: () => app.close() };
  },
  apply(fix, config) {
    // A cookie the page's code sets: the fix's set_cookie call takes the place of the statement that sent it.
    if (fix.startsWith('response.set_cookie(')) {
      const hooks = (config.hooks ?? []).filter((h) => !h.startsWith("response['Set-Cookie']"));
      return { ...config, hooks: [...hooks, fix.split('  (')[0]!] };
    }
    // Django 3.2 has no setting for these headers: the fix's middleware line (the one "on 3.2" when it names a 4.0 setting first).
    const middleware = /in a middleware: (response\[.+?\] = '[^']*'|del response\['[^']*'\])/.exec(fix);
    if (middleware) return { ...config, hooks: [...(config.hooks ?? []), middleware[1]!] };
    const settings = /^settings\.py: (.+?)(?: and nonce=| {2}\(|$)/.exec(fix);
    if (settings) return { ...config, settings: [...config.settings, settings[1]!.replace(/\{…, /g, '{**SECURE_CSP, ')] };
    return undefined;
  },
};

describe('Django 3.2 + django-csp 3.7 fixes, applied to real apps', () => {
  proveFixes(harness, [...DJANGO_CASES, ...DJANGO_SCENARIO_CASES]);
});
