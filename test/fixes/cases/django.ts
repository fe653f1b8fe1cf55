import type { FixCase } from '../prove';
import { cspText, scenarioCases, type Directives, type Scenario, type Sent } from './scenarios';

/** A Django app: settings.py lines and middleware statements. */
export interface DjangoConfig {
  settings: string[];
  hooks?: string[];
}

const CSP = "MIDDLEWARE += ['csp.middleware.CSPMiddleware']";
const strict = { preset: 'strict' } as const;
const django = { framework: 'django' } as const;

export const DJANGO_CASES: Array<FixCase<DjangoConfig>> = [
  { name: 'no HSTS (Django sends none by default)', id: 'hsts/missing', config: { settings: [] }, fixContains: 'SECURE_PROXY_SSL_HEADER' },
  { name: 'HSTS without subdomains', id: 'hsts/include-subdomains-missing', config: { settings: ['SECURE_HSTS_SECONDS = 31536000'] } },
  { name: 'HSTS an hour', id: 'hsts/max-age-too-short', config: { settings: ['SECURE_HSTS_SECONDS = 3600', 'SECURE_HSTS_INCLUDE_SUBDOMAINS = True'] } },
  { name: 'HSTS preload with an hour', id: 'hsts/preload-requirements', config: { settings: ['SECURE_HSTS_SECONDS = 3600', 'SECURE_HSTS_PRELOAD = True'] } },
  { name: 'no CSP (django-csp not installed)', id: 'csp/missing', config: { settings: [] }, options: django, fixContains: "MIDDLEWARE += ['csp.middleware.CSPMiddleware']" },
  { name: 'django-csp report-only', id: 'csp/report-only', config: { settings: [CSP, 'CSP_REPORT_ONLY = True', `CSP_OBJECT_SRC = ("'none'",)`, `CSP_BASE_URI = ("'none'",)`] } },
  {
    name: "script-src 'unsafe-inline'",
    id: 'csp/script-unsafe-inline',
    config: { settings: [CSP, `CSP_OBJECT_SRC = ("'none'",)`, `CSP_SCRIPT_SRC = ("'self'", "'unsafe-inline'")`] },
    // django-csp's default nonce list (default-src) is kept.
    fixContains: `CSP_INCLUDE_NONCE_IN = ('default-src', 'script-src',) and nonce="{{ request.csp_nonce }}" on each <script>`,
  },
  {
    name: "style-src 'unsafe-inline' beside a script nonce",
    id: 'csp/style-unsafe-inline',
    config: { settings: [CSP, `CSP_OBJECT_SRC = ("'none'",)`, `CSP_BASE_URI = ("'none'",)`, `CSP_SCRIPT_SRC = ("'strict-dynamic'",)`, "CSP_INCLUDE_NONCE_IN = ('script-src',)", `CSP_STYLE_SRC = ("'self'", "'unsafe-inline'")`] },
    fixContains: "CSP_INCLUDE_NONCE_IN = ('script-src', 'style-src',)",
  },
  {
    name: 'no X-Frame-Options middleware',
    id: 'x-frame-options/missing',
    config: { settings: ["MIDDLEWARE.remove('django.middleware.clickjacking.XFrameOptionsMiddleware')"] },
    fixContains: "MIDDLEWARE += ['django.middleware.clickjacking.XFrameOptionsMiddleware']",
  },
  { name: 'SAMEORIGIN at strict', id: 'x-frame-options/sameorigin', config: { settings: ["X_FRAME_OPTIONS = 'SAMEORIGIN'"] }, options: strict },
  {
    name: "frame-ancestors 'self' at strict",
    id: 'x-frame-options/sameorigin',
    config: { settings: [CSP, `CSP_FRAME_ANCESTORS = ("'self'",)`] },
    options: strict,
    fixContains: `CSP_FRAME_ANCESTORS = ("'none'",)`,
  },
  { name: 'nosniff turned off', id: 'x-content-type-options/missing', config: { settings: ['SECURE_CONTENT_TYPE_NOSNIFF = False'] } },
  { name: 'unsafe-url', id: 'referrer-policy/unsafe', config: { settings: ["SECURE_REFERRER_POLICY = 'unsafe-url'"] } },
  { name: 'Referrer-Policy turned off', id: 'referrer-policy/missing', config: { settings: ['SECURE_REFERRER_POLICY = None'] } },
  { name: 'no Permissions-Policy at strict', id: 'permissions-policy/missing', config: { settings: [] }, options: strict },
  {
    name: 'no COOP at strict (3.2 has no setting)',
    id: 'cross-origin/coop-missing',
    config: { settings: [] },
    options: strict,
    fixContains: "SECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin'  (Django 4.0+; on 3.2 in a middleware: response['Cross-Origin-Opener-Policy'] = 'same-origin')",
  },
  { name: 'no CORP at strict', id: 'cross-origin/corp-missing', config: { settings: [] }, options: strict },
  { name: "3.x's X-XSS-Protection filter", id: 'deprecated/x-xss-protection', config: { settings: ['SECURE_BROWSER_XSS_FILTER = True'] } },
  { name: 'session cookie not Secure', id: 'cookies/secure-missing', directive: 'sessionid', config: { settings: [] }, fixContains: 'SESSION_COOKIE_SECURE = True' },
  { name: 'session cookie readable by scripts', id: 'cookies/httponly-missing', directive: 'sessionid', config: { settings: ['SESSION_COOKIE_SECURE = True', 'SESSION_COOKIE_HTTPONLY = False'] } },
  { name: 'session cookie without SameSite', id: 'cookies/samesite-missing', directive: 'sessionid', config: { settings: ['SESSION_COOKIE_SECURE = True', 'SESSION_COOKIE_SAMESITE = None'] } },
  { name: 'CSRF cookie not Secure', id: 'cookies/secure-missing', directive: 'csrftoken', config: { settings: [] }, fixContains: 'CSRF_COOKIE_SECURE = True' },
  { name: 'HSTS one year at strict', id: 'hsts/max-age-below-two-years', config: { settings: ['SECURE_HSTS_SECONDS = 31536000', 'SECURE_HSTS_INCLUDE_SUBDOMAINS = True'] }, options: strict },
  { name: 'no COEP with isolation', id: 'cross-origin/coep-missing', config: { settings: [] }, options: { crossOriginIsolation: true } },
  { name: 'COOP unsafe-none from a middleware at strict', id: 'cross-origin/coop-not-same-origin', config: { settings: [], hooks: ["response['Cross-Origin-Opener-Policy'] = 'unsafe-none'"] }, options: strict },
  { name: 'CORP cross-origin from a middleware at strict', id: 'cross-origin/corp-not-same-origin', config: { settings: [], hooks: ["response['Cross-Origin-Resource-Policy'] = 'cross-origin'"] }, options: strict },
  { name: 'Expect-CT from a middleware', id: 'deprecated/expect-ct', config: { settings: [], hooks: ["response['Expect-CT'] = 'max-age=86400, enforce'"] } },
  { name: 'Feature-Policy from a middleware', id: 'deprecated/feature-policy', config: { settings: [], hooks: ["response['Feature-Policy'] = \"geolocation 'none'\""] } },
  { name: 'X-Powered-By from a middleware', id: 'disclosure/x-powered-by', config: { settings: [], hooks: ["response['X-Powered-By'] = 'Django'"] } },
  { name: 'camera for everyone from a middleware', id: 'permissions-policy/wildcard', config: { settings: [], hooks: ["response['Permissions-Policy'] = 'camera=*'"] } },
  { name: 'strict-origin-when-cross-origin at strict', id: 'referrer-policy/not-strict', config: { settings: ["SECURE_REFERRER_POLICY = 'strict-origin-when-cross-origin'"] }, options: strict },
  { name: 'ALLOW-FROM', id: 'x-frame-options/allow-from', config: { settings: ["X_FRAME_OPTIONS = 'ALLOW-FROM https://a.example'"] } },
  {
    name: "SAMEORIGIN overridden by frame-ancestors 'none'",
    id: 'x-frame-options/overridden-by-frame-ancestors',
    config: { settings: [CSP, `CSP_OBJECT_SRC = ("'none'",)`, `CSP_FRAME_ANCESTORS = ("'none'",)`, "X_FRAME_OPTIONS = 'SAMEORIGIN'"] },
  },
  { name: 'a Referrer-Policy token browsers do not know', id: 'referrer-policy/invalid', config: { settings: ["SECURE_REFERRER_POLICY = 'None'"] } },
  { name: 'no X-DNS-Prefetch-Control at strict', id: 'x-dns-prefetch-control/missing', config: { settings: [] }, options: strict },
  { name: 'no X-Permitted-Cross-Domain-Policies at strict', id: 'x-permitted-cross-domain-policies/missing', config: { settings: [] }, options: strict },
  // No nonce in default-src (django-csp's default nonce list): with one, csp-evaluator reports base-uri under csp/missing-directives.
  { name: 'django-csp without base-uri at strict', id: 'csp/base-uri-missing', config: { settings: [CSP, `CSP_OBJECT_SRC = ("'none'",)`, 'CSP_INCLUDE_NONCE_IN = ()'] }, options: strict },
  { name: 'django-csp without form-action at strict', id: 'csp/form-action-missing', config: { settings: [CSP, `CSP_OBJECT_SRC = ("'none'",)`, `CSP_BASE_URI = ("'none'",)`] }, options: strict },
  {
    name: 'django-csp without upgrade-insecure-requests at strict',
    id: 'csp/upgrade-insecure-requests-missing',
    config: { settings: [CSP, `CSP_OBJECT_SRC = ("'none'",)`, `CSP_BASE_URI = ("'none'",)`] },
    options: strict,
    fixContains: 'CSP_UPGRADE_INSECURE_REQUESTS = True',
  },
  { name: "script-src 'unsafe-eval'", id: 'csp/script-unsafe-eval', config: { settings: [CSP, `CSP_OBJECT_SRC = ("'none'",)`, `CSP_SCRIPT_SRC = ("'self'", "'unsafe-eval'")`] } },
  {
    // SECURE_HSTS_SECONDS = 0 sends no header: max-age=0 comes from other code.
    name: 'HSTS max-age=0 from a middleware',
    id: 'hsts/max-age-zero',
    config: { settings: [], hooks: ["response['Strict-Transport-Security'] = 'max-age=0'"] },
    fixContains: 'look for the view or middleware that sets this one',
    corrected: (fix) => ({ settings: fix.slice('settings.py: '.length).split('  (')[0]!.split('; ') }),
  },
  { name: 'CSRF cookie readable by scripts', id: 'cookies/httponly-missing', directive: 'csrftoken', config: { settings: ['CSRF_COOKIE_SECURE = True'] } },
];

/** The directives django-csp 3.7 builds from settings (csp/utils.py from_settings); others only a view or middleware can send. */
const DJANGO_CSP_DIRECTIVES = [
  'child-src', 'connect-src', 'default-src', 'script-src', 'script-src-attr', 'script-src-elem', 'object-src', 'style-src', 'style-src-attr', 'style-src-elem', 'font-src', 'frame-src', 'img-src',
  'manifest-src', 'media-src', 'prefetch-src', 'worker-src', 'base-uri', 'plugin-types', 'sandbox', 'form-action', 'frame-ancestors', 'navigate-to', 'report-uri', 'report-to',
  'require-sri-for', 'require-trusted-types-for', 'trusted-types',
];

/** Findings Django's own settings send (it passes these values through unchecked), so the setting a fix names is what changes them. */
const DJANGO_NATIVE: Record<string, string[]> = {
  'hsts/max-age-below-one-year': ['SECURE_HSTS_SECONDS = 18144000', 'SECURE_HSTS_INCLUDE_SUBDOMAINS = True'],
  'referrer-policy/unknown-token': ["SECURE_REFERRER_POLICY = 'no-referer, no-referrer'"],
  'x-frame-options/invalid': ["X_FRAME_OPTIONS = 'ALLOWALL'"],
  'x-frame-options/conflicting-values': ["X_FRAME_OPTIONS = 'DENY, SAMEORIGIN'"],
};

const pyStr = (value: string) => JSON.stringify(value);
const djangoCanSend = (csp: Directives) => csp.every(([n]) => DJANGO_CSP_DIRECTIVES.includes(n)) && new Set(csp.map(([n]) => n)).size === csp.length;
const cspSettingName = (directive: string) => `CSP_${directive.toUpperCase().replace(/-/g, '_')}`;

/** Python statements a middleware runs to send these fields (a name given twice: one field with both, as Django keeps one value per name). */
function hookStatements(fields: ReadonlyArray<[string, string]>): string[] {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of fields) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return [...grouped].map(([name, values]) => `response[${pyStr(name)}] = ${pyStr(values.join(', '))}`);
}

function djangoScenarioConfig(s: Scenario, { csp, cookie, fields }: Sent): DjangoConfig {
  const native = DJANGO_NATIVE[s.id];
  const own = csp !== undefined && djangoCanSend(csp);
  const settings = native ?? (own ? [CSP, 'CSP_INCLUDE_NONCE_IN = ()', 'CSP_DEFAULT_SRC = None', ...csp!.map(([name, value]) => `${cspSettingName(name)} = (${value === '' ? '' : value.split(' ').map(pyStr).join(', ') + ','})`)] : []);
  const sent = native ? [] : [...fields, ...(csp !== undefined && !own ? [['Content-Security-Policy', cspText(csp)] as [string, string]] : [])];
  const hooks = [...hookStatements(sent), ...(cookie ? [`response['Set-Cookie'] = ${pyStr(cookie)}`] : [])];
  return { settings, ...(hooks.length ? { hooks } : {}) };
}

/** Fixes that say to look for the code that sets the header (SecurityMiddleware never replaces one): the correction removes that code. */
const OTHER_CODE = ['hsts/empty', 'hsts/max-age-missing', 'hsts/max-age-invalid', 'hsts/duplicate-directive', 'hsts/invalid-syntax', 'hsts/multiple-headers', 'hsts/unknown-directive', 'x-content-type-options/invalid', 'x-content-type-options/multiple-values', 'disclosure/server'];

/** Every scenario (cases/scenarios.ts) in a Django app. */
export const DJANGO_SCENARIO_CASES: Array<FixCase<DjangoConfig>> = scenarioCases(djangoScenarioConfig, {
  // server-version: runserver's own (coverage.test.ts); the others are proved above through Django's settings and a middleware.
  skip: ['disclosure/server-version', 'disclosure/x-powered-by', 'referrer-policy/invalid', 'x-frame-options/allow-from'],
  elsewhere: OTHER_CODE,
  elsewhereSays: () => 'look for the view or middleware that sets',
  // The HSTS fix names its settings line beside the look-for note: the corrected app has both.
  alsoApply: (config, fix) => ({ ...config, settings: [...config.settings, ...(/^settings\.py: SECURE_HSTS/.test(fix) ? fix.slice('settings.py: '.length).split('  (')[0]!.split('; ') : [])] }),
  // Without the app's Server, runserver (wsgiref) names itself with its version: advice at the recommended level, a failure at strict (server-version cannot be fixed in Django: coverage.test.ts).
  options: (s) => (s.id === 'disclosure/server' ? { ...s.options, preset: 'recommended' } : s.options),
});
