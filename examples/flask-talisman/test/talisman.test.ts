/**
 * What each Flask-Talisman configuration of ../app.py gives, judged the way a
 * Flask user would test their app: real requests to the running app, through
 * the header a TLS-terminating proxy adds (X-Forwarded-Proto: https, which
 * Talisman reads itself), with `https: true` because TLS ends at that proxy.
 */
import { auditHeaders } from 'expect-secure-headers';
import { failingIds, failureMessage, only } from '../../report-helpers';
import { getBehindProxy, startFlaskApp, type FlaskApp, type TalismanConfig } from './server';

const TLS = { https: true } as const;

/** Starts one config for a describe block. */
function useApp(config: TalismanConfig): () => FlaskApp {
  let app: FlaskApp | undefined;
  beforeAll(async () => {
    app = await startFlaskApp(config);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error(`the ${config} app did not start`);
    return app;
  };
}

// What Talisman's defaults get wrong at the strict (OWASP) level, whatever the CSP.
const STRICT_GAPS_OF_DEFAULTS = [
  'cross-origin/coop-missing',
  'cross-origin/corp-missing',
  // OWASP's recommended policy sets base-uri and form-action; Talisman's default CSP does not.
  'csp/base-uri-missing',
  'csp/form-action-missing',
  // The rest of OWASP's add list (July 2026): Talisman's defaults send none of them.
  'csp/upgrade-insecure-requests-missing',
  'deprecated/x-xss-protection',
  'disclosure/server-version',
  'hsts/max-age-below-two-years',
  'permissions-policy/missing',
  'referrer-policy/not-strict',
  'x-dns-prefetch-control/missing',
  'x-frame-options/sameorigin',
  'x-permitted-cross-domain-policies/missing',
];

describe('Talisman(app): the defaults', () => {
  const app = useApp('defaults');

  test('force_https: plain http is redirected (302) to the same URL on https, with no HSTS over http', async () => {
    const res = await fetch(app().url('/login?next=home'), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(app().url('/login?next=home').replace('http://', 'https://'));
    expect(res.headers.has('strict-transport-security')).toBe(false);
  });

  test('behind the TLS proxy: passes recommended', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res.status).toBe(200);
    expect(res).toHaveSecureHeaders(TLS);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31556926; includeSubDomains');
  });

  test('its CSP holds default-src/object-src, allows our own script and blocks inline ones', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res).toHaveCsp({
      directives: { 'default-src': ["'self'"], 'object-src': ["'none'"] },
      exact: true,
      allows: [{ directive: 'script-src-elem', url: app().url('/static/app.js') }],
      blocks: [
        { directive: 'script-src-elem', inline: true },
        { directive: 'script-src-elem', url: 'https://cdn.jsdelivr.net/npm/widget@1/widget.js' },
      ],
    });
  });

  test('the session cookie Talisman configures is Secure, HttpOnly and SameSite=Lax: no cookie finding', async () => {
    const res = await getBehindProxy(app(), '/login');
    expect(res.headers.getSetCookie()).toEqual([expect.stringMatching(/^session=[^;]+; Secure; HttpOnly; Path=\/; SameSite=Lax$/)]);
    const report = auditHeaders(res, TLS);
    expect(report.findings.filter((f) => f.id.startsWith('cookies/'))).toEqual([]);
    expect(report.passed.map((p) => p.rule)).toContain('cookies');
  });

  test('fails strict, each gap with a fix in Talisman options', async () => {
    const res = await getBehindProxy(app(), '/login');
    expect(res).not.toHaveSecureHeaders({ ...TLS, preset: 'strict' });
    const report = auditHeaders(res, { ...TLS, preset: 'strict' });
    // /login sets the session cookie: OWASP's Cache-Control no-store applies there.
    expect(failingIds(report)).toEqual(['cache-control/missing', ...STRICT_GAPS_OF_DEFAULTS].sort());
    // Werkzeug's Server header plus Talisman's X-XSS-Protection: the fixes are worded for Talisman.
    // includeSubDomains is already on by Talisman's default: the fix names only what must change.
    expect(only(report, 'hsts/max-age-below-two-years').fix).toBe('Talisman(app, …, strict_transport_security_max_age=63072000)');
    expect(only(report, 'x-frame-options/sameorigin').fix).toBe("Talisman(app, …, frame_options='DENY')  (a view decorated @talisman(frame_options=…) overrides it)");
    expect(only(report, 'referrer-policy/not-strict').fix).toBe("Talisman(app, …, referrer_policy='no-referrer')");
    expect(only(report, 'deprecated/x-xss-protection').fix).toBe('Talisman(app, …, x_xss_protection=False)');
    expect(only(report, 'permissions-policy/missing').fix).toMatch(/^Talisman\(app, …, permissions_policy=\{'camera': '\(\)'/);
    // Talisman has no COOP/CORP option: the fix is a Flask after_request hook.
    expect(only(report, 'cross-origin/coop-missing').fix).toBe("@app.after_request: response.headers['Cross-Origin-Opener-Policy'] = 'same-origin'");
    expect(only(report, 'disclosure/server-version').fix).toMatch(/gunicorn/);
  });

  test('the failure message names each finding, the value received and the Talisman fix', async () => {
    const res = await getBehindProxy(app(), '/login');
    const message = failureMessage(() => expect(res).toHaveSecureHeaders({ ...TLS, preset: 'strict' }));
    expect(message).toContain('hsts/max-age-below-two-years');
    expect(message).toContain('max-age=31556926; includeSubDomains');
    expect(message).toContain('strict_transport_security_max_age=63072000');
    expect(message).toContain("frame_options='DENY'");
  });

  test('framework: "header" asks for plain header lines instead', async () => {
    const res = await getBehindProxy(app(), '/login');
    const report = auditHeaders(res, { ...TLS, preset: 'strict', framework: 'header' });
    expect(only(report, 'x-frame-options/sameorigin').fix).toBe('X-Frame-Options: DENY');
    expect(only(report, 'hsts/max-age-below-two-years').fix).toBe('Strict-Transport-Security: max-age=63072000; includeSubDomains');
  });
});

describe('per-view options: @talisman(...) on single routes', () => {
  const app = useApp('defaults');

  test('/widget: ALLOW-FROM plus frame-ancestors for one partner passes; ALLOW-FROM is only info since frame-ancestors wins', async () => {
    const res = await getBehindProxy(app(), '/widget');
    expect(res.headers.get('x-frame-options')).toBe('ALLOW-FROM https://partner.example');
    expect(res).toHaveSecureHeaders(TLS);
    expect(res).toHaveCsp({ directives: { 'frame-ancestors': ["'self'", 'https://partner.example'] }, exact: true });
    const xfo = only(auditHeaders(res, TLS), 'x-frame-options/allow-from');
    expect(xfo.severity).toBe('info');
  });

  test('/embed: frame_options=None with frame-ancestors passes, with no X-Frame-Options finding at all', async () => {
    const res = await getBehindProxy(app(), '/embed');
    expect(res.headers.has('x-frame-options')).toBe(false);
    expect(res).toHaveSecureHeaders(TLS);
    expect(auditHeaders(res, TLS).findings.filter((f) => f.id.startsWith('x-frame-options/'))).toEqual([]);
  });

  test('/api/status: content_security_policy=None is right for a JSON view: it passes as an API response', async () => {
    const res = await getBehindProxy(app(), '/api/status');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res).toHaveSecureHeaders(TLS);
    const report = auditHeaders(res, TLS);
    expect(report.kind).toBe('api');
    expect(report.kindReason).toBe('Content-Type application/json');
    // What OWASP's REST guidance advises on top stays a note, in Talisman's words.
    expect(only(report, 'csp/missing').severity).toBe('info');
    expect(only(report, 'csp/missing').fix).toMatch(/^@talisman\(content_security_policy=\{'default-src': "'none'", 'frame-ancestors': "'none'"\}\)/);
    // Judged as a page it would fail for the policy it rightly leaves out.
    expect(failingIds(auditHeaders(res, { ...TLS, kind: 'document' }))).toEqual(['csp/missing']);
  });

  test('/api/frameable: an API view that also drops framing protection fails for what an API needs', async () => {
    const res = await getBehindProxy(app(), '/api/frameable');
    const report = auditHeaders(res, TLS);
    expect(failingIds(report)).toEqual(['x-frame-options/missing']);
    expect(failureMessage(() => expect(res).toHaveSecureHeaders(TLS))).toContain('judged as an API response (Content-Type application/json)');
  });
});

describe('CDN allowlist with unsafe-inline in script-src', () => {
  const app = useApp('cdn');

  test('fails recommended: unsafe-inline, and CDNs that host JSONP/AngularJS bypasses', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res).not.toHaveSecureHeaders(TLS);
    const report = auditHeaders(res, TLS);
    expect(failingIds(report)).toEqual(['csp/script-allowlist-bypass', 'csp/script-unsafe-inline']);
    const bypassed = report.failures.filter((f) => f.id === 'csp/script-allowlist-bypass').map((f) => f.message);
    expect(bypassed).toEqual(
      expect.arrayContaining([expect.stringContaining('cdn.jsdelivr.net'), expect.stringContaining('cdnjs.cloudflare.com')]),
    );
    expect(only(report, 'csp/script-unsafe-inline')).toMatchObject({ severity: 'high', header: 'content-security-policy', directive: 'script-src' });
  });

  test('toHaveCsp: the allowlist lets the CDN script and inline code run, so the policy fails the evaluator', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res).toHaveCsp({
      directives: { 'script-src': ["'unsafe-inline'", 'cdn.jsdelivr.net'] },
      allows: [
        { directive: 'script-src-elem', url: 'https://cdn.jsdelivr.net/npm/widget@1/widget.js' },
        { directive: 'script-src-elem', inline: true },
      ],
      blocks: [{ directive: 'script-src-elem', url: 'https://evil.example/x.js' }],
      ignore: ['script-unsafe-inline', 'script-allowlist-bypass'],
    });
    const message = failureMessage(() => expect(res).toHaveCsp());
    expect(message).toContain("'unsafe-inline'");
    expect(message).toContain('cdn.jsdelivr.net');
  });
});

describe('nonces: content_security_policy_nonce_in=["script-src"]', () => {
  const app = useApp('nonce');

  test('passes recommended, and passes toHaveCsp with the strict (nonce-based) checks', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res).toHaveSecureHeaders(TLS);
    expect(res).toHaveCsp({ strict: true, directives: { 'script-src': ["'strict-dynamic'"] } });
  });

  test('the nonce in the header is the one csp_nonce() put in the page, new on every response', async () => {
    const first = await getBehindProxy(app(), '/');
    const second = await getBehindProxy(app(), '/');
    const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    const nonce = nonceOf(first);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(nonceOf(second)).not.toBe(nonce);
    expect(await first.text()).toContain(`<script nonce="${nonce}">`);
    expect(first).toHaveCsp({
      allows: [{ directive: 'script-src-elem', inline: true, nonce }],
      blocks: [
        { directive: 'script-src-elem', inline: true },
        { directive: 'script-src-elem', inline: true, nonce: 'guessed-nonce' },
      ],
    });
  });
});

describe('report-only: content_security_policy_report_only=True', () => {
  const app = useApp('report_only');

  test('fails recommended with csp/report-only: nothing is enforced; the fix says to drop the Talisman option', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res.headers.has('content-security-policy')).toBe(false);
    const report = auditHeaders(res, TLS);
    expect(failingIds(report)).toEqual(['csp/report-only']);
    expect(only(report, 'csp/report-only').fix).toContain('drop content_security_policy_report_only=True');
    expect(failureMessage(() => expect(res).toHaveCsp())).toMatch(/Content-Security-Policy-Report-Only/);
  });

  test('the report-only policy itself is what was configured, with Talisman\'s report-uri', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res).toHaveCsp({
      reportOnly: true,
      directives: { 'default-src': ["'self'"], 'report-uri': ['/csp-report'] },
      blocks: [{ directive: 'script-src-elem', inline: true }],
    });
  });
});

describe('HSTS', () => {
  describe('ready for preloading: two years, includeSubDomains, preload', () => {
    const app = useApp('hsts_preload');
    test('no HSTS finding even at strict', async () => {
      const res = await getBehindProxy(app(), '/');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains; preload');
      expect(res).toHaveSecureHeaders(TLS);
      const strict = auditHeaders(res, { ...TLS, preset: 'strict' });
      expect(strict.findings.filter((f) => f.id.startsWith('hsts/'))).toEqual([]);
      expect(failingIds(strict)).toEqual(STRICT_GAPS_OF_DEFAULTS.filter((id) => !id.startsWith('hsts/')));
    });
  });

  describe('max-age of a day', () => {
    const app = useApp('short_hsts');
    test('fails recommended with hsts/max-age-too-short; the fix is the Talisman option', async () => {
      const res = await getBehindProxy(app(), '/');
      expect(res).not.toHaveSecureHeaders(TLS);
      const report = auditHeaders(res, TLS);
      expect(failingIds(report)).toEqual(['hsts/max-age-too-short']);
      expect(only(report, 'hsts/max-age-too-short')).toMatchObject({
        received: 'max-age=86400; includeSubDomains',
        fix: 'Talisman(app, …, strict_transport_security_max_age=31536000)',
      });
    });
    test('over plain http (no proxy) the rule does not apply: it is skipped, not passed', async () => {
      const res = await fetch(app().url('/'), { redirect: 'manual' });
      const report = auditHeaders(res);
      expect(report.skipped.map((s) => s.rule)).toContain('hsts');
      expect(report.findings.filter((f) => f.id.startsWith('hsts/'))).toEqual([]);
    });
  });
});

describe('session_cookie_secure=False', () => {
  const app = useApp('insecure_session');

  test('a page that sets no cookie still passes', async () => {
    expect(await getBehindProxy(app(), '/')).toHaveSecureHeaders(TLS);
  });

  test('/login fails with cookies/secure-missing for the session cookie; the fix is Talisman\'s session options', async () => {
    const res = await getBehindProxy(app(), '/login');
    expect(res).not.toHaveSecureHeaders(TLS);
    const report = auditHeaders(res, TLS);
    expect(failingIds(report)).toEqual(['cookies/secure-missing']);
    const finding = only(report, 'cookies/secure-missing');
    expect(finding).toMatchObject({ severity: 'high', directive: 'session' });
    expect(finding.received).not.toMatch(/eyJ/); // the cookie value is never shown
    expect(finding.fix).toBe('Talisman(app, …, session_cookie_secure=True)  (Talisman does not mark it Secure in debug mode)');
  });
});

describe('legacy options: feature_policy, force_https_permanent', () => {
  const app = useApp('legacy');

  test('plain http gets a permanent (301) redirect', async () => {
    const res = await fetch(app().url('/'), { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(app().url('/').replace('http://', 'https://'));
  });

  test('Feature-Policy is advice at recommended (passes) and fails strict with deprecated/feature-policy', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res).toHaveSecureHeaders(TLS);
    const report = auditHeaders(res, { ...TLS, preset: 'strict' });
    expect(failingIds(report)).toContain('deprecated/feature-policy');
    expect(only(report, 'deprecated/feature-policy').fix).toBe('Talisman(app, …, permissions_policy={…}) and drop feature_policy');
  });
});

describe('the strict configuration', () => {
  const app = useApp('strict');

  test('passes recommended; at strict only the Werkzeug dev server\'s Server header is left', async () => {
    const res = await getBehindProxy(app(), '/login');
    expect(res).toHaveSecureHeaders(TLS);
    const report = auditHeaders(res, { ...TLS, preset: 'strict', framework: 'flask-talisman' });
    expect(failingIds(report)).toEqual(['disclosure/server-version']);
    expect(only(report, 'disclosure/server-version')).toMatchObject({ received: expect.stringMatching(/^Werkzeug\/[\d.]+ Python\/[\d.]+$/) });
    expect(only(report, 'disclosure/server-version').fix).toMatch(/production server \(gunicorn/);
    // In production a proxy hides Server; the test says so explicitly.
    expect(res).toHaveSecureHeaders({ ...TLS, preset: 'strict', ignore: ['disclosure/server-version'] });
  });

  test('its CSP passes the strict CSP checks and denies framing', async () => {
    const res = await getBehindProxy(app(), '/');
    expect(res).toHaveCsp({ strict: true, directives: { 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"] } });
  });
});
