import type { FixCase } from '../prove';
import { cspText, scenarioCases, type Directives, type Scenario, type Sent } from './scenarios';

/** A Flask-Talisman app: its Talisman(...) arguments and what else a fix touches. */
export interface TalismanConfig {
  talisman: string[];
  view?: string[];
  config?: string[];
  hooks?: string[];
  /** Statements of a hook registered before Talisman(app), which Flask runs after Talisman's own. */
  late_hooks?: string[];
  cookie?: string;
  /** The proxy in front sends X-Forwarded-Proto: https (default true). */
  proxyHttps?: boolean;
}

const NO_HTTPS_REDIRECT = 'force_https=False';
const SESSION = { directive: 'session' };
const strict = { preset: 'strict' } as const;

export const TALISMAN_CASES: Array<FixCase<TalismanConfig>> = [
  { name: 'HSTS turned off', id: 'hsts/missing', config: { talisman: ['strict_transport_security=False'] }, fixContains: 'drop strict_transport_security=False' },
  {
    name: 'HSTS missing: no X-Forwarded-Proto from the proxy',
    id: 'hsts/missing',
    config: { talisman: [NO_HTTPS_REDIRECT], proxyHttps: false },
    fixContains: 'X-Forwarded-Proto: https',
    // The fix is the proxy's: it sends X-Forwarded-Proto: https.
    corrected: () => ({ talisman: [NO_HTTPS_REDIRECT], proxyHttps: true }),
  },
  { name: 'HSTS an hour', id: 'hsts/max-age-too-short', config: { talisman: ['strict_transport_security_max_age=3600'] } },
  { name: 'HSTS without subdomains', id: 'hsts/include-subdomains-missing', config: { talisman: ['strict_transport_security_include_subdomains=False'] } },
  { name: 'HSTS one year at strict', id: 'hsts/max-age-below-two-years', config: { talisman: [] }, options: strict },
  { name: 'HSTS preload with an hour', id: 'hsts/preload-requirements', config: { talisman: ['strict_transport_security_max_age=3600', 'strict_transport_security_preload=True'] } },
  { name: 'CSP turned off', id: 'csp/missing', config: { talisman: ['content_security_policy=None'] } },
  {
    name: 'CSP turned off on the view',
    id: 'csp/missing',
    config: { talisman: [], view: ['content_security_policy=None'] },
    fixContains: 'a view decorated @talisman(content_security_policy=…) overrides it',
    corrected: () => ({ talisman: [] }),
  },
  {
    name: 'CSP report-only',
    id: 'csp/report-only',
    config: { talisman: ['content_security_policy_report_only=True', "content_security_policy_report_uri='/csp-report'"] },
  },
  {
    name: "script-src 'unsafe-inline'",
    id: 'csp/script-unsafe-inline',
    config: { talisman: [`content_security_policy={'default-src': "'self'", 'object-src': "'none'", 'script-src': "'self' 'unsafe-inline'"}`] },
    // base-uri comes along: a nonce-based policy without it fails csp-evaluator's check.
    fixContains: `content_security_policy={…, 'script-src': "'strict-dynamic'", 'base-uri': "'none'"}, content_security_policy_nonce_in=['script-src']) and nonce="{{ csp_nonce() }}" on each <script>`,
  },
  {
    name: "style-src 'unsafe-inline' beside a script nonce",
    id: 'csp/style-unsafe-inline',
    config: {
      talisman: [
        `content_security_policy={'default-src': "'self'", 'object-src': "'none'", 'base-uri': "'none'", 'script-src': "'strict-dynamic'", 'style-src': "'self' 'unsafe-inline'"}`,
        "content_security_policy_nonce_in=['script-src']",
      ],
    },
    // The nonce list keeps script-src, and the tag is <style>.
    fixContains: `content_security_policy_nonce_in=['script-src', 'style-src']) and nonce="{{ csp_nonce() }}" on each <style>`,
  },
  { name: 'no X-Frame-Options, no frame-ancestors', id: 'x-frame-options/missing', config: { talisman: ['frame_options=None'] } },
  { name: 'SAMEORIGIN at strict', id: 'x-frame-options/sameorigin', config: { talisman: [] }, options: strict },
  {
    name: "frame-ancestors 'self' at strict",
    id: 'x-frame-options/sameorigin',
    config: { talisman: [`content_security_policy={'default-src': "'self'", 'object-src': "'none'", 'frame-ancestors': "'self'"}`] },
    options: strict,
    fixContains: `'frame-ancestors': "'none'"`,
  },
  { name: 'ALLOW-FROM', id: 'x-frame-options/allow-from', config: { talisman: ["frame_options='ALLOW-FROM'", "frame_options_allow_from='https://a.example'"] } },
  {
    name: 'SAMEORIGIN overridden by frame-ancestors none',
    id: 'x-frame-options/overridden-by-frame-ancestors',
    config: { talisman: [`content_security_policy={'default-src': "'self'", 'object-src': "'none'", 'frame-ancestors': "'none'"}`] },
    fixContains: "frame_options='DENY'",
  },
  { name: 'nosniff turned off', id: 'x-content-type-options/missing', config: { talisman: ['x_content_type_options=False'] } },
  { name: 'unsafe-url', id: 'referrer-policy/unsafe', config: { talisman: ["referrer_policy='unsafe-url'"] } },
  { name: 'strict-origin-when-cross-origin at strict', id: 'referrer-policy/not-strict', config: { talisman: [] }, options: strict },
  { name: 'no Permissions-Policy at strict', id: 'permissions-policy/missing', config: { talisman: [] }, options: strict },
  { name: 'camera for everyone', id: 'permissions-policy/wildcard', config: { talisman: ["permissions_policy={'camera': '*'}"] } },
  { name: 'no COOP at strict', id: 'cross-origin/coop-missing', config: { talisman: [] }, options: strict },
  { name: 'no CORP at strict', id: 'cross-origin/corp-missing', config: { talisman: [] }, options: strict },
  { name: 'no COEP with isolation', id: 'cross-origin/coep-missing', config: { talisman: [] }, options: { crossOriginIsolation: true } },
  { name: "1.0's X-XSS-Protection", id: 'deprecated/x-xss-protection', config: { talisman: [] }, options: { framework: 'flask-talisman-1.0' }, fixContains: 'x_xss_protection=False' },
  { name: 'X-XSS-Protection, version not said', id: 'deprecated/x-xss-protection', config: { talisman: [] }, options: { framework: 'flask-talisman' }, fixContains: '1.1 only with x_xss_protection=True' },
  { name: 'Feature-Policy', id: 'deprecated/feature-policy', config: { talisman: [`feature_policy={'geolocation': "'none'"}`] }, fixContains: 'drop feature_policy' },
  { name: 'session cookie not Secure', id: 'cookies/secure-missing', ...SESSION, config: { talisman: ['session_cookie_secure=False'] } },
  { name: 'session cookie readable by scripts', id: 'cookies/httponly-missing', ...SESSION, config: { talisman: ['session_cookie_http_only=False'], config: ['SESSION_COOKIE_HTTPONLY = False'] } },
  { name: 'session cookie without SameSite', id: 'cookies/samesite-missing', ...SESSION, config: { talisman: ['session_cookie_samesite=None'] } },
  { name: 'a bare app cookie', id: 'cookies/samesite-missing', directive: 'theme', config: { talisman: [], cookie: "response.set_cookie('theme', value)" } },
  { name: 'COOP unsafe-none from a hook at strict', id: 'cross-origin/coop-not-same-origin', config: { talisman: [], hooks: ["response.headers['Cross-Origin-Opener-Policy'] = 'unsafe-none'"] }, options: strict },
  { name: 'CORP cross-origin from a hook at strict', id: 'cross-origin/corp-not-same-origin', config: { talisman: [], hooks: ["response.headers['Cross-Origin-Resource-Policy'] = 'cross-origin'"] }, options: strict },
  { name: 'Expect-CT from a hook', id: 'deprecated/expect-ct', config: { talisman: [], hooks: ["response.headers['Expect-CT'] = 'max-age=86400, enforce'"] } },
  { name: 'X-Powered-By from a hook', id: 'disclosure/x-powered-by', config: { talisman: [], hooks: ["response.headers['X-Powered-By'] = 'Flask'"] } },
  // Talisman cannot turn Referrer-Policy off: referrer_policy=None sends the text "None".
  { name: 'referrer_policy=None', id: 'referrer-policy/invalid', config: { talisman: ['referrer_policy=None'] } },
  { name: 'no X-DNS-Prefetch-Control at strict', id: 'x-dns-prefetch-control/missing', config: { talisman: [] }, options: strict },
  { name: 'no X-Permitted-Cross-Domain-Policies at strict', id: 'x-permitted-cross-domain-policies/missing', config: { talisman: [] }, options: strict },
  { name: "the default CSP without base-uri at strict", id: 'csp/base-uri-missing', config: { talisman: [] }, options: strict },
  { name: "the default CSP without form-action at strict", id: 'csp/form-action-missing', config: { talisman: [] }, options: strict },
  { name: "the default CSP without upgrade-insecure-requests at strict", id: 'csp/upgrade-insecure-requests-missing', config: { talisman: [] }, options: strict },
  { name: 'HSTS max-age=0', id: 'hsts/max-age-zero', config: { talisman: ['strict_transport_security_max_age=0'] } },
  {
    name: "script-src 'unsafe-eval'",
    id: 'csp/script-unsafe-eval',
    config: { talisman: [`content_security_policy={'default-src': "'self'", 'object-src': "'none'", 'base-uri': "'none'", 'script-src': "'self' 'unsafe-eval'"}`] },
  },
  { name: 'an app cookie without Secure', id: 'cookies/secure-missing', directive: 'theme', config: { talisman: [], cookie: "response.set_cookie('theme', value, samesite='Lax')" } },
];

/** Headers Talisman sets in its own after_request hook on every (https) response, replacing what earlier hooks set. */
const TALISMAN_SENDS = ['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'content-security-policy', 'referrer-policy', 'permissions-policy'];

/** Findings Talisman's own arguments send (it passes these values through unchecked), so the argument a fix names is what changes them. */
const TALISMAN_NATIVE: Record<string, string[]> = {
  'hsts/max-age-below-one-year': ['strict_transport_security_max_age=18144000'],
  'referrer-policy/unknown-token': ["referrer_policy='no-referer, no-referrer'"],
  'permissions-policy/parse-error': ["permissions_policy={'camera': '(self'}"],
  'permissions-policy/invalid-allowlist': ["permissions_policy={'camera': '(https://a.example)'}"],
  'permissions-policy/unknown-feature': ["permissions_policy={'camera': '()', 'teleport': '()'}"],
  'x-frame-options/invalid': ["frame_options='ALLOWALL'"],
  'x-frame-options/conflicting-values': ["frame_options='DENY, SAMEORIGIN'"],
};

const pyStr = (value: string) => JSON.stringify(value);

/** Python statements that send these fields (a name given twice: both fields). */
function hookStatements(fields: ReadonlyArray<[string, string]>): string[] {
  const seen = new Set<string>();
  return fields.map(([name, value]) => {
    const again = seen.has(name.toLowerCase());
    seen.add(name.toLowerCase());
    return again ? `response.headers.add(${pyStr(name)}, ${pyStr(value)})` : `response.headers[${pyStr(name)}] = ${pyStr(value)}`;
  });
}

/** Talisman's content_security_policy dict cannot repeat a directive (its string form is parsed into a dict too). */
const talismanCanSend = (csp: Directives) => new Set(csp.map(([n]) => n)).size === csp.length;

function talismanScenarioConfig(s: Scenario, { csp, cookie, fields }: Sent): TalismanConfig {
  const native = TALISMAN_NATIVE[s.id];
  const own = csp !== undefined && talismanCanSend(csp);
  const sent = native ? [] : [...fields, ...(csp !== undefined && !own ? [['Content-Security-Policy', cspText(csp)] as [string, string]] : [])];
  const late = sent.filter(([n]) => TALISMAN_SENDS.includes(n.toLowerCase()));
  const early = sent.filter(([n]) => !TALISMAN_SENDS.includes(n.toLowerCase()));
  return {
    talisman: native ?? (own ? [`content_security_policy={${csp!.map(([name, value]) => `${pyStr(name)}: ${pyStr(value)}`).join(', ')}}`] : []),
    ...(early.length ? { hooks: hookStatements(early) } : {}),
    ...(late.length ? { late_hooks: hookStatements(late) } : {}),
    ...(cookie ? { cookie: `response.headers.add('Set-Cookie', ${pyStr(cookie)})` } : {}),
  };
}

/** Fixes that say to look for the code that sets the header after Talisman: the correction removes that code. */
const AFTER_TALISMAN = ['hsts/empty', 'hsts/max-age-missing', 'hsts/max-age-invalid', 'hsts/duplicate-directive', 'hsts/invalid-syntax', 'hsts/multiple-headers', 'hsts/unknown-directive', 'x-content-type-options/invalid', 'x-content-type-options/multiple-values'];

/** Every scenario (cases/scenarios.ts) in a Flask-Talisman app, but disclosure/server (see coverage.test.ts). */
export const TALISMAN_SCENARIO_CASES: Array<FixCase<TalismanConfig>> = scenarioCases(talismanScenarioConfig, {
  // Server: see coverage.test.ts; the others are proved above through Talisman's own arguments and a hook.
  skip: ['disclosure/server', 'disclosure/server-version', 'disclosure/x-powered-by', 'referrer-policy/invalid', 'x-frame-options/allow-from'],
  elsewhere: AFTER_TALISMAN,
  elsewhereSays: () => 'an @app.after_request hook registered before Talisman(app) runs after',
});
