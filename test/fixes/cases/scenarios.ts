import type { AuditOptions } from '../../../src/audit';
import type { Framework } from '../../../src/fixes';
import type { FixCase } from '../prove';

/** CSP directives as [name, value] pairs, in order (a name may repeat: a duplicate directive). */
export type Directives = Array<[string, string]>;

/**
 * One problem, said once for every framework: the findings each framework's
 * proofs make its real app produce. `csp` is the policy the app's own CSP
 * option sends (helmet's directives, Talisman's dict, django-csp's settings,
 * an add_header line); `fields` are header fields the app's code sends itself
 * (a middleware, an after_request hook, a Django middleware, an add_header
 * line) beside what the framework sends; `cookie` a raw Set-Cookie field the
 * page sends. `goodCsp` is the corrected policy, for a finding whose fix says
 * in words what to change (the evaluator's own text, no option to paste).
 */
export interface Scenario {
  id: string;
  name: string;
  directive?: string;
  options?: Omit<AuditOptions, 'framework'>;
  csp?: Directives;
  goodCsp?: Directives;
  fields?: Array<[string, string]>;
  cookie?: string;
  /** The corrected cookie field, for a fix that says in words what to change. */
  goodCookie?: string;
}

const strict = { preset: 'strict' } as const;
/** A sound starting policy; each CSP scenario changes one thing. */
const BASE_CSP: Directives = [['default-src', "'self'"], ['object-src', "'none'"], ['base-uri', "'none'"]];
const csp = (...extra: Directives): Directives => [...BASE_CSP, ...extra];
const NONCE_A = "'nonce-rAnd0mRand0mRand0m12'";

export const SCENARIOS: Scenario[] = [
  // HSTS the framework cannot send itself: from the app's own code.
  { id: 'hsts/empty', name: 'an empty HSTS field', fields: [['Strict-Transport-Security', '']] },
  { id: 'hsts/max-age-missing', name: 'HSTS without max-age', fields: [['Strict-Transport-Security', 'includeSubDomains']] },
  { id: 'hsts/max-age-invalid', name: 'HSTS max-age not a number', fields: [['Strict-Transport-Security', 'max-age=1y; includeSubDomains']] },
  { id: 'hsts/duplicate-directive', name: 'HSTS max-age twice', fields: [['Strict-Transport-Security', 'max-age=31536000; max-age=31536000; includeSubDomains']] },
  { id: 'hsts/invalid-syntax', name: 'HSTS includeSubDomains with a value', fields: [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains=yes']] },
  { id: 'hsts/max-age-below-one-year', name: 'HSTS seven months', fields: [['Strict-Transport-Security', 'max-age=18144000; includeSubDomains']] },
  { id: 'hsts/multiple-headers', name: 'HSTS sent twice', fields: [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'], ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']] },
  { id: 'hsts/unknown-directive', name: 'HSTS with an unknown directive', directive: 'foo', fields: [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains; foo']] },
  // CSP, through the framework's own CSP option.
  { id: 'csp/script-unsafe-hashes', name: "script-src 'unsafe-hashes'", csp: csp(['script-src', "'self' 'unsafe-hashes' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"]), goodCsp: csp(['script-src', "'self'"]) },
  { id: 'csp/plain-url-schemes', name: 'script-src https:', csp: csp(['script-src', 'https:']) },
  { id: 'csp/plain-wildcard', name: 'script-src *', csp: csp(['script-src', '*']) },
  { id: 'csp/missing-directives', name: 'a nonce-based policy without base-uri', directive: 'base-uri', csp: [['default-src', "'self'"], ['object-src', "'none'"], ['script-src', `${NONCE_A} 'strict-dynamic'`]] },
  { id: 'csp/script-allowlist-bypass', name: 'script-src allows a JSONP host', csp: csp(['script-src', "'self' https://www.google.com"]) },
  { id: 'csp/object-allowlist-bypass', name: 'object-src allows a JSONP host', csp: [['default-src', "'self'"], ['base-uri', "'none'"], ['object-src', 'https://www.google.com']] },
  { id: 'csp/ip-source', name: 'script-src with an IP address', csp: csp(['script-src', "'self' 10.0.0.1"]), goodCsp: csp(['script-src', "'self'"]) },
  { id: 'csp/nonce-length', name: 'a short nonce', csp: csp(['script-src', "'nonce-abc' 'strict-dynamic'"]), goodCsp: csp(['script-src', `${NONCE_A} 'strict-dynamic'`]) },
  { id: 'csp/nonce-charset', name: 'a nonce with characters outside base64', csp: csp(['script-src', "'nonce-r4nd0m!r4nd0m!r4nd0m!' 'strict-dynamic'"]), goodCsp: csp(['script-src', `${NONCE_A} 'strict-dynamic'`]) },
  { id: 'csp/src-http', name: 'script-src over http', csp: csp(['script-src', "'self' http://cdn.example"]), goodCsp: csp(['script-src', "'self' https://cdn.example"]) },
  { id: 'csp/deprecated-directive', name: 'reflected-xss', csp: csp(['reflected-xss', 'block']), goodCsp: csp() },
  { id: 'csp/unknown-directive', name: 'an unknown directive', csp: csp(['foo-src', "'self'"]), goodCsp: csp() },
  { id: 'csp/missing-semicolon', name: 'a missing semicolon', csp: [['default-src', "'self' object-src 'none'"], ['base-uri', "'none'"]], goodCsp: csp() },
  { id: 'csp/invalid-keyword', name: 'an unknown keyword', csp: csp(['script-src', "'self' 'invalid'"]), goodCsp: csp(['script-src', "'self'"]) },
  { id: 'csp/style-wildcard', name: 'style-src *', csp: csp(['style-src', '*']), goodCsp: csp(['style-src', "'self'"]) },
  { id: 'csp/style-data-uri', name: 'style-src data:', csp: csp(['style-src', "'self' data:"]), goodCsp: csp(['style-src', "'self'"]) },
  { id: 'csp/frame-ancestors-invalid', name: "frame-ancestors 'unsafe-inline'", csp: csp(['frame-ancestors', "'unsafe-inline'"]), goodCsp: csp(['frame-ancestors', "'self'"]) },
  { id: 'csp/frame-ancestors-wildcard', name: 'frame-ancestors *', csp: csp(['frame-ancestors', '*']) },
  { id: 'csp/hash-length', name: 'a truncated hash', csp: csp(['script-src', "'self' 'sha256-abc'"]), goodCsp: csp(['script-src', "'self'"]) },
  { id: 'csp/directive-ignored', name: 'a directive name with a colon', csp: csp(['script-src:', "'self'"]), goodCsp: csp(['script-src', "'self'"]) },
  { id: 'csp/duplicate-directive', name: 'script-src twice', csp: csp(['script-src', "'self'"], ['script-src', "'none'"]), goodCsp: csp(['script-src', "'self'"]) },
  { id: 'csp/empty-directive', name: 'an empty script-src', csp: csp(['script-src', '']), goodCsp: csp(['script-src', "'none'"]) },
  // Other headers.
  { id: 'x-content-type-options/invalid', name: 'nosniff misspelt', fields: [['X-Content-Type-Options', 'nosnif']] },
  { id: 'x-content-type-options/multiple-values', name: 'nosniff twice', fields: [['X-Content-Type-Options', 'nosniff, nosniff']] },
  { id: 'x-frame-options/invalid', name: 'X-Frame-Options ALLOWALL', fields: [['X-Frame-Options', 'ALLOWALL']] },
  { id: 'x-frame-options/conflicting-values', name: 'X-Frame-Options DENY and SAMEORIGIN', fields: [['X-Frame-Options', 'DENY, SAMEORIGIN']] },
  { id: 'referrer-policy/unknown-token', name: 'an unknown token before a known one', fields: [['Referrer-Policy', 'no-referer, no-referrer']] },
  { id: 'permissions-policy/parse-error', name: 'a Permissions-Policy that does not parse', fields: [['Permissions-Policy', 'camera=(self']] },
  { id: 'permissions-policy/invalid-allowlist', name: 'an unquoted origin in an allowlist', fields: [['Permissions-Policy', 'camera=(https://a.example)']] },
  { id: 'permissions-policy/unknown-feature', name: 'an unknown feature', fields: [['Permissions-Policy', 'camera=(), teleport=()']] },
  { id: 'cross-origin/coop-invalid', name: 'COOP misspelt', fields: [['Cross-Origin-Opener-Policy', 'same-orign']] },
  { id: 'cross-origin/coep-invalid', name: 'COEP misspelt', fields: [['Cross-Origin-Embedder-Policy', 'require-crop']] },
  { id: 'cross-origin/coep-not-isolating', name: 'COEP unsafe-none with isolation', fields: [['Cross-Origin-Embedder-Policy', 'unsafe-none']], options: { crossOriginIsolation: true } },
  { id: 'cross-origin/corp-invalid', name: 'CORP misspelt', fields: [['Cross-Origin-Resource-Policy', 'same-orign']] },
  { id: 'x-dns-prefetch-control/not-off', name: 'DNS prefetch on at strict', fields: [['X-DNS-Prefetch-Control', 'on']], options: strict },
  { id: 'x-permitted-cross-domain-policies/not-none', name: 'cross-domain policies all at strict', fields: [['X-Permitted-Cross-Domain-Policies', 'all']], options: strict },
  { id: 'x-permitted-cross-domain-policies/invalid', name: 'cross-domain policies misspelt', fields: [['X-Permitted-Cross-Domain-Policies', 'nope']] },
  { id: 'deprecated/public-key-pins', name: 'Public-Key-Pins', fields: [['Public-Key-Pins', 'pin-sha256="47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; max-age=60']] },
  { id: 'disclosure/server', name: 'Server without a version', fields: [['Server', 'Apache']], options: strict },
  // Sent by the app's own code: Node sends no Server and Fastify and Koa no X-Powered-By, and helmet throws on these values, but a middleware can send them.
  { id: 'disclosure/server-version', name: 'Server with a version from the app', fields: [['Server', 'Apache/2.4.57']], options: strict },
  { id: 'disclosure/x-powered-by', name: 'X-Powered-By from the app', fields: [['X-Powered-By', 'PHP/8.2.7']] },
  { id: 'referrer-policy/invalid', name: 'Referrer-Policy None from the app', fields: [['Referrer-Policy', 'None']] },
  { id: 'x-frame-options/allow-from', name: 'ALLOW-FROM from the app', fields: [['X-Frame-Options', 'ALLOW-FROM https://a.example']] },
  { id: 'disclosure/version-header', name: 'X-AspNet-Version', fields: [['X-AspNet-Version', '4.0.30319']] },
  { id: 'disclosure/header', name: 'X-Generator without a version', fields: [['X-Generator', 'Drupal']], options: strict },
  { id: 'integrity-policy/invalid', name: 'an Integrity-Policy that does not parse', fields: [['Integrity-Policy', 'blocked-destinations=(script']] },
  { id: 'integrity-policy/no-destinations', name: 'an Integrity-Policy that blocks nothing', directive: 'blocked-destinations', fields: [['Integrity-Policy', 'blocked-destinations=()']] },
  { id: 'integrity-policy/unknown-destination', name: 'an unknown destination', directive: 'blocked-destinations', fields: [['Integrity-Policy', 'blocked-destinations=(script image)']] },
  { id: 'integrity-policy/unknown-source', name: 'an unknown source', directive: 'sources', fields: [['Integrity-Policy', 'blocked-destinations=(script), sources=(remote)']] },
  { id: 'integrity-policy/missing', name: 'SRI without Integrity-Policy at strict', options: { preset: 'strict', html: '<script src="/a.js" integrity="sha384-x"></script>' } },
  { id: 'integrity-policy/report-only', name: 'Integrity-Policy report-only', fields: [['Integrity-Policy-Report-Only', 'blocked-destinations=(script style)']] },
  { id: 'cache-control/missing', name: 'a cookie without Cache-Control at strict', fields: [['Vary', 'Cookie']], options: strict },
  { id: 'cache-control/not-no-store', name: 'a cookie with a cacheable Cache-Control at strict', fields: [['Vary', 'Cookie'], ['Cache-Control', 'private, max-age=600']], options: strict },
  { id: 'cache-control/shared-with-cookies', name: 'a cookie on a public response', cookie: 'theme=dark; Path=/; Secure; HttpOnly; SameSite=Lax', fields: [['Cache-Control', 'public, max-age=600']] },
  { id: 'clear-site-data/invalid', name: 'Clear-Site-Data unquoted', fields: [['Clear-Site-Data', 'cache, cookies']] },
  { id: 'clear-site-data/missing-on-logout', name: 'a logout page without Clear-Site-Data', options: { logoutPaths: ['*'] } },
  // Cookies the page sets as a raw field.
  { id: 'cookies/samesite-invalid', name: 'SameSite misspelt', directive: 'theme', cookie: 'theme=dark; Path=/; Secure; HttpOnly; SameSite=Lox' },
  { id: 'cookies/samesite-none-insecure', name: 'SameSite=None without Secure', directive: 'theme', cookie: 'theme=dark; Path=/; HttpOnly; SameSite=None' },
  { id: 'cookies/host-prefix-invalid', name: '__Host- with a Domain', directive: '__Host-theme', cookie: '__Host-theme=dark; Path=/; Secure; HttpOnly; SameSite=Lax; Domain=127.0.0.1' },
  { id: 'cookies/secure-prefix-invalid', name: '__Secure- without Secure', directive: '__Secure-theme', cookie: '__Secure-theme=dark; Path=/; HttpOnly; SameSite=Lax' },
  { id: 'cookies/http-prefix-invalid', name: '__Http- without HttpOnly', directive: '__Http-theme', cookie: '__Http-theme=dark; Path=/; Secure; SameSite=Lax' },
  { id: 'cookies/host-http-prefix-invalid', name: '__Host-Http- without HttpOnly', directive: '__Host-Http-theme', cookie: '__Host-Http-theme=dark; Path=/; Secure; SameSite=Lax' },
  { id: 'cookies/partitioned-insecure', name: 'Partitioned without Secure', directive: 'theme', cookie: 'theme=dark; Path=/; HttpOnly; SameSite=Lax; Partitioned' },
  { id: 'cookies/partitioned-not-cross-site', name: 'Partitioned with SameSite=Lax', directive: 'theme', cookie: 'theme=dark; Path=/; Secure; HttpOnly; SameSite=Lax; Partitioned' },
  { id: 'cookies/session-long-lived', name: 'a session cookie kept a year', directive: 'sid', cookie: 'sid=1; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000' },
  // The fix cannot name a cookie that has no name: the corrected field gives it one.
  { id: 'cookies/malformed', name: 'a cookie without name=value', cookie: 'dark; Path=/; Secure; HttpOnly; SameSite=Lax', goodCookie: 'theme=dark; Path=/; Secure; HttpOnly; SameSite=Lax' },
  // CORS, as the app's own code sends it.
  { id: 'cors/wildcard-with-credentials', name: 'ACAO * with credentials', fields: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']] },
  { id: 'cors/reflected-origin', name: 'the request Origin echoed', fields: [['Access-Control-Allow-Origin', 'https://evil.example'], ['Vary', 'Origin']], options: { requestOrigin: 'https://evil.example' } },
  { id: 'cors/null-origin', name: 'ACAO null', fields: [['Access-Control-Allow-Origin', 'null'], ['Vary', 'Origin']] },
  { id: 'cors/multiple-origins', name: 'two origins in ACAO', fields: [['Access-Control-Allow-Origin', 'https://a.example, https://b.example']] },
  { id: 'cors/wildcard', name: 'ACAO * at strict', fields: [['Access-Control-Allow-Origin', '*']], options: strict },
  { id: 'cors/vary-origin-missing', name: 'a listed origin without Vary', fields: [['Access-Control-Allow-Origin', 'https://app.example.com']] },
];

/**
 * CSP findings the header audit never reports, with a policy that has the
 * problem: the csp rule runs the engine without its strict checks
 * (evaluatePolicies(…, { strict: false }) in src/rules/csp.ts; toHaveCsp's
 * strict option runs them), and a static nonce is only seen across several
 * responses (findStaticNonces, run by the site matchers). Their fixes exist
 * in the table of src/rules/csp-fix.ts but no framework gets one from the
 * audit; coverage.test.ts checks each stays unreported.
 */
export const NOT_EMITTED: Scenario[] = [
  { id: 'csp/strict-dynamic', name: "'strict-dynamic' without a nonce", csp: csp(['script-src', "'self' 'strict-dynamic'"]) },
  { id: 'csp/strict-dynamic-not-standalone', name: "'strict-dynamic' beside host sources", csp: csp(['script-src', `${NONCE_A} 'strict-dynamic' https://cdn.example`]), goodCsp: csp(['script-src', `${NONCE_A} 'strict-dynamic'`]) },
  { id: 'csp/unsafe-inline-fallback', name: "a nonce without the 'unsafe-inline' fallback", csp: csp(['script-src', `${NONCE_A} 'strict-dynamic'`]), options: strict, goodCsp: csp(['script-src', `${NONCE_A} 'strict-dynamic' 'unsafe-inline' https:`]) },
  { id: 'csp/allowlist-fallback', name: "'strict-dynamic' without the https: fallback", csp: csp(['script-src', `${NONCE_A} 'strict-dynamic' 'unsafe-inline'`]), options: strict, goodCsp: csp(['script-src', `${NONCE_A} 'strict-dynamic' 'unsafe-inline' https:`]) },
  { id: 'csp/require-trusted-types-for-scripts', name: 'no Trusted Types at strict', csp: csp(['script-src', `${NONCE_A} 'strict-dynamic'`]), options: strict, goodCsp: csp(['script-src', `${NONCE_A} 'strict-dynamic'`], ['require-trusted-types-for', "'script'"]) },
  { id: 'csp/reporting-destination-missing', name: 'no reporting at strict', csp: csp(), options: strict, goodCsp: csp(['report-uri', '/csp-report']) },
  { id: 'csp/report-to-only', name: 'report-to without report-uri', csp: csp(['report-to', 'csp']), options: strict, goodCsp: csp(['report-to', 'csp'], ['report-uri', '/csp-report']) },
  { id: 'csp/static-nonce', name: 'one nonce on every response', csp: csp(['script-src', `${NONCE_A} 'strict-dynamic'`]), options: strict },
];

export const CORS_GOOD: Array<[string, string]> = [
  ['Access-Control-Allow-Origin', 'https://app.example.com'],
  ['Vary', 'Origin'],
];

/** A policy as the header line sends it. */
export function cspText(directives: Directives): string {
  return directives.map(([name, value]) => `${name} ${value}`.trim()).join('; ');
}

/**
 * The fields a CORS fix asks for, written by hand: CORS fixes are logic (an
 * allowlist checked against the Origin), said in words; a fixed trusted
 * origin with Vary: Origin is what the allowlist answers for a listed origin.
 */
export function correctedFields(s: Scenario): Array<[string, string]> | undefined {
  if (!s.id.startsWith('cors/')) return undefined;
  return [...(s.fields ?? []).filter(([n]) => !/^(access-control-|vary$)/i.test(n)), ...CORS_GOOD];
}

/** Whether the scenario's fix is said in words (a corrected configuration is written by hand). */
function saidInWords(s: Scenario): boolean {
  return s.goodCsp !== undefined || s.goodCookie !== undefined || s.id.startsWith('cors/');
}

/** What an app sends for a scenario: its policy, its raw cookie field, the fields its own code sends. */
export interface Sent {
  csp?: Directives;
  cookie?: string;
  fields: Array<[string, string]>;
}

export interface ScenarioProofs<C> {
  /** Written into the audit options (undefined: the framework is detected, as a user's would be). */
  framework?: Framework;
  /** Ids whose fix says to look for the code that sends the header: the correction removes the app's own fields. */
  elsewhere?: readonly string[];
  /** What such a fix must say. */
  elsewhereSays?: (s: Scenario) => string;
  /** What a corrected configuration also takes from the fix (a settings line the fix names beside its note). */
  alsoApply?: (config: C, fix: string) => C;
  /** Audit options in place of the scenario's, where the framework needs them. */
  options?: (s: Scenario) => Omit<AuditOptions, 'framework'> | undefined;
  /** Ids the framework cannot produce (their reasons are in coverage.test.ts). */
  skip?: readonly string[];
}

/**
 * A framework's cases for the scenarios: `build` makes its app send what a
 * scenario sends. Where the fix says in words what to change (the evaluator's
 * text, CORS logic, a cookie without a name) or to look for the code that
 * sends the header, the corrected configuration is written by hand: the
 * scenario's corrected policy, cookie and CORS fields, and without the app's
 * own fields for the `elsewhere` ids. Every other fix is applied by the harness.
 */
export function scenarioCases<C>(build: (s: Scenario, sent: Sent) => C, how: ScenarioProofs<C> = {}): Array<FixCase<C>> {
  return SCENARIOS.filter((s) => !how.skip?.includes(s.id)).map((s) => {
    const elsewhere = how.elsewhere?.includes(s.id) ?? false;
    const options = how.options ? how.options(s) : s.options;
    const corrected = (fix: string) => {
      const config = build(s, { csp: s.goodCsp ?? s.csp, cookie: s.goodCookie ?? s.cookie, fields: elsewhere ? [] : (correctedFields(s) ?? s.fields ?? []) });
      return how.alsoApply ? how.alsoApply(config, fix) : config;
    };
    return {
      name: s.name,
      id: s.id,
      ...(s.directive ? { directive: s.directive } : {}),
      config: build(s, { csp: s.csp, cookie: s.cookie, fields: s.fields ?? [] }),
      ...(how.framework || options ? { options: { ...options, ...(how.framework ? { framework: how.framework } : {}) } } : {}),
      ...(elsewhere && how.elsewhereSays ? { fixContains: how.elsewhereSays(s) } : {}),
      ...(saidInWords(s) || elsewhere ? { corrected } : {}),
    };
  });
}
