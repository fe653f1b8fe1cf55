import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPythonApp } from '../helpers/app-process';
import { fetchHeaderSet } from '../helpers/apps';
import { TALISMAN_CASES, TALISMAN_SCENARIO_CASES, type TalismanConfig } from './cases/talisman';
import { APP_START_TIMEOUT, bracketed, proveFixes, topLevelCommas, type FrameworkHarness } from './prove';

/**
 * Flask-Talisman fixes, proved on Debian's Flask-Talisman 1.0: each case's
 * app runs, its fix is applied to the Talisman(...) call (or the view, hook
 * or cookie call it names) and the app runs again. Talisman reads
 * X-Forwarded-Proto itself, so `proxyHttps` stands for a TLS proxy in front.
 */
const APP = join(__dirname, 'apps', 'talisman_app.py');

const harness: FrameworkHarness<TalismanConfig> = {
  async start(configs) {
    const file = join(mkdtempSync(join(tmpdir(), 'talisman-')), 'configs.json');
    writeFileSync(file, JSON.stringify(configs));
    const app = await startPythonApp(APP, [file], 'Flask-Talisman fix app', APP_START_TIMEOUT);
    return {
      fetch: (i, config) => fetchHeaderSet(app.url(`/c${i}/`), { headers: config.proxyHttps === false ? {} : { 'x-forwarded-proto': 'https' } }),
      close: () => app.close(),
    };
  },
  apply(fix, config) {
    let next: TalismanConfig = { ...config, talisman: [...config.talisman], hooks: [...(config.hooks ?? [])] };
    let applied = false;
    const call = fix.indexOf('Talisman(app, ');
    if (call !== -1) {
      for (const arg of topLevelCommas(bracketed(fix, call + 'Talisman'.length) ?? '')) {
        if (arg === 'app' || arg === '…' || /=\{…\}$/.test(arg)) continue;
        next.talisman.push(arg.replace(/\{…, /g, "{'…': True, "));
        applied = true;
      }
    }
    for (const [, name] of fix.matchAll(/drop (\w+)/g)) {
      next.talisman = next.talisman.filter((arg) => !arg.startsWith(`${name}=`));
      applied = true;
    }
    const hook = /^@app\.after_request: (.+?)(?: {2}|$)/.exec(fix);
    if (hook) {
      next.hooks!.push(hook[1]!);
      applied = true;
    }
    if (fix.startsWith('response.set_cookie(')) {
      next = { ...next, cookie: fix.split('  (')[0] };
      applied = true;
    }
    return applied ? next : undefined;
  },
};

describe('Flask-Talisman 1.0 fixes, applied to real apps', () => {
  // Debian ships 1.0; 1.1 differs only in X-XSS-Protection (off by default), which writers.test.ts checks against 1.1's source.
  proveFixes(harness, [...TALISMAN_CASES, ...TALISMAN_SCENARIO_CASES], { framework: 'flask-talisman-1.1', differs: ['deprecated/x-xss-protection'] });
});
