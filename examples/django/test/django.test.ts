/**
 * What each Django configuration of ../app.py gives (Django 3.2 + django-csp
 * 3.7, Debian's), judged the way a Django user would test their site: real
 * requests to the running app through the header a TLS-terminating proxy
 * adds (X-Forwarded-Proto: https, which Django trusts with
 * SECURE_PROXY_SSL_HEADER), with `https: true` because TLS ends there.
 */
import { auditHeaders } from 'expect-secure-headers';
import type { PythonApp } from '../../python-app';
import { failingIds, failureMessage, only } from '../../report-helpers';
import { getBehindProxy, startDjangoApp, type DjangoConfig } from './server';

const TLS = { https: true } as const;
const STRICT = { https: true, preset: 'strict' } as const;

/** Starts one config for a describe block. */
function useApp(config: DjangoConfig): () => PythonApp {
  let app: PythonApp | undefined;
  beforeAll(async () => {
    app = await startDjangoApp(config);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error(`the ${config} app did not start`);
    return app;
  };
}

describe("startproject's settings behind a TLS proxy", () => {
  const app = useApp('defaults');

  test('fails recommended on HSTS and CSP; the fixes are settings.py lines', async () => {
    const report = auditHeaders(await getBehindProxy(app(), '/'), TLS);
    expect(failingIds(report)).toEqual(['csp/missing', 'hsts/missing']);
    // SecurityMiddleware sends HSTS only with SECURE_HSTS_SECONDS, and only on requests it sees as https.
    expect(only(report, 'hsts/missing').fix).toMatch(/^settings\.py: SECURE_HSTS_SECONDS = 31536000; SECURE_HSTS_INCLUDE_SUBDOMAINS = True .*SECURE_PROXY_SSL_HEADER/);
    expect(only(report, 'csp/missing').fix).toMatch(/^settings\.py: MIDDLEWARE \+= \['csp\.middleware\.CSPMiddleware'\]; CSP_DEFAULT_SRC = \("'self'",\)/);
  });

  test('what Django sends by default is not asked for again', async () => {
    const res = await getBehindProxy(app(), '/');
    // X_FRAME_OPTIONS is DENY, SECURE_CONTENT_TYPE_NOSNIFF and SECURE_REFERRER_POLICY = 'same-origin' are on by default in 3.x.
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const ids = auditHeaders(res, STRICT).findings.map((f) => f.id);
    expect(ids).not.toContain('x-frame-options/missing');
    expect(ids).not.toContain('referrer-policy/not-strict');
  });

  test('/login: the session cookie lacks Secure; the fix is SESSION_COOKIE_SECURE', async () => {
    const report = auditHeaders(await getBehindProxy(app(), '/login'), TLS);
    const cookie = report.failures.find((f) => f.id === 'cookies/secure-missing');
    expect(cookie?.directive).toBe('sessionid');
    expect(cookie?.fix).toBe('settings.py: SESSION_COOKIE_SECURE = True');
  });

  test('the failing matcher names the finding and the settings line', async () => {
    const res = await getBehindProxy(app(), '/');
    const message = failureMessage(() => expect(res).toHaveSecureHeaders(TLS));
    expect(message).toContain('hsts/missing');
    expect(message).toContain('SECURE_HSTS_SECONDS = 31536000');
  });
});

describe('hardened: check --deploy followed, django-csp with a nonce', () => {
  const app = useApp('hardened');

  test('passes recommended on the page, the login and the API', async () => {
    for (const path of ['/', '/login', '/api/status']) expect(await getBehindProxy(app(), path)).toHaveSecureHeaders(TLS);
  });

  test('the nonce policy is strict, and django-csp put the nonce into the header', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res).toHaveCsp({ strict: true });
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(await res.text()).toContain(`nonce="${nonce}"`);
    // CSP_UPGRADE_INSECURE_REQUESTS = True, the fix's wording, is what django-csp 3.7 takes.
    expect(csp).toContain('upgrade-insecure-requests');
  });

  test('strict: what Django 3.2 has no setting for, each fixed with a middleware line', async () => {
    const report = auditHeaders(await getBehindProxy(app(), '/'), STRICT);
    expect(failingIds(report)).toEqual([
      'cache-control/missing',
      'cross-origin/corp-missing',
      // runserver's wsgiref names itself; the fix is the deployment, not a setting.
      'disclosure/server-version',
      'permissions-policy/missing',
      'x-dns-prefetch-control/missing',
      'x-permitted-cross-domain-policies/missing',
    ]);
    expect(only(report, 'permissions-policy/missing').fix).toMatch(/^in a middleware: response\['Permissions-Policy'\] = 'camera=\(\)/);
    expect(only(report, 'disclosure/server-version').fix).toMatch(/gunicorn or uwsgi behind a proxy/);
  });

  test("a JSON response has no Django cookie to be recognised by: say framework: 'django'", async () => {
    const res = await getBehindProxy(app(), '/api/status');
    expect(only(auditHeaders(res, STRICT), 'cross-origin/corp-missing').fix).toBe('Cross-Origin-Resource-Policy: same-origin');
    expect(only(auditHeaders(res, { ...STRICT, framework: 'django' }), 'cross-origin/corp-missing').fix).toMatch(/^in a middleware: response\['Cross-Origin-Resource-Policy'\]/);
  });
});

describe("legacy: an old tutorial's settings", () => {
  const app = useApp('legacy');

  test("fails recommended on 'unsafe-inline' and an hour of HSTS; the CSP fix keeps django-csp's nonce list", async () => {
    const report = auditHeaders(await getBehindProxy(app(), '/'), TLS);
    expect(failingIds(report)).toEqual(['csp/script-unsafe-inline', 'hsts/max-age-too-short']);
    expect(only(report, 'csp/script-unsafe-inline').fix).toContain(`CSP_INCLUDE_NONCE_IN = ('default-src', 'script-src',) and nonce="{{ request.csp_nonce }}" on each <script>`);
    expect(only(report, 'hsts/max-age-too-short').fix).toBe('settings.py: SECURE_HSTS_SECONDS = 31536000; SECURE_HSTS_INCLUDE_SUBDOMAINS = True');
  });

  test('SECURE_BROWSER_XSS_FILTER sends the filter 3.x still knows; the fix turns the setting off', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res.headers.get('x-xss-protection')).toBe('1; mode=block');
    expect(only(auditHeaders(res, STRICT), 'deprecated/x-xss-protection').fix).toMatch(/^settings\.py: SECURE_BROWSER_XSS_FILTER = False/);
  });
});
