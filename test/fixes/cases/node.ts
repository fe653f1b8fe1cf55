import type { Framework } from '../../../src/fixes';
import { camelCase } from '../../../src/fixes/quote';
import type { FixCase } from '../prove';
import { cspText, scenarioCases as casesOf, type Directives, type Scenario, type Sent } from './scenarios';

/** A helmet-based app: helmet's options plus the statements a fix adds. */
export interface NodeConfig {
  helmet: Record<string, unknown>;
  /** Statements the app runs after helmet is in place (`app`, or `fastify`, in scope). */
  statements: string[];
  /** The cookie call in the page handler (`res`/`reply`/`ctx` and `value` in scope). */
  cookie?: string;
  /** A cause no helmet option shows: static files served before helmet, a route with helmet off, a later middleware. */
  cause?: 'static-first' | 'route-off' | 'xss-after';
}

const strict = { preset: 'strict' } as const;
const cfg = (helmetOptions: Record<string, unknown> = {}, rest: Partial<NodeConfig> = {}): NodeConfig => ({ helmet: helmetOptions, statements: [], ...rest });

/** A statement that sets a header on every response, in the framework's own way (run after helmet is in place). */
export function setHeader(framework: Framework, header: string, value: string): string {
  const args = `${JSON.stringify(header)}, ${JSON.stringify(value)}`;
  if (framework === 'fastify-helmet') return `fastify.addHook('onSend', async (request, reply) => { reply.header(${args}); })`;
  if (framework === 'koa-helmet') return `app.use(async (ctx, next) => { ctx.set(${args}); await next(); })`;
  return `app.use((req, res, next) => { res.setHeader(${args}); next(); })`;
}

/** The cases every helmet-based framework shares; `framework` words the fixes. */
export function sharedCases(framework: Framework): Array<FixCase<NodeConfig>> {
  const o = (extra: object = {}) => ({ options: { framework, ...extra } });
  return [
    { name: 'HSTS turned off', id: 'hsts/missing', config: cfg({ strictTransportSecurity: false }), ...o(), fixContains: 'look for strictTransportSecurity: false' },
    { name: 'HSTS an hour', id: 'hsts/max-age-too-short', config: cfg({ strictTransportSecurity: { maxAge: 3600, includeSubDomains: false } }), ...o() },
    { name: 'HSTS without subdomains', id: 'hsts/include-subdomains-missing', config: cfg({ strictTransportSecurity: { maxAge: 31536000, includeSubDomains: false } }), ...o() },
    { name: 'HSTS one year at strict', id: 'hsts/max-age-below-two-years', config: cfg(), ...o(strict) },
    { name: 'HSTS preload with an hour', id: 'hsts/preload-requirements', config: cfg({ strictTransportSecurity: { maxAge: 3600, preload: true } }), ...o() },
    { name: 'CSP turned off', id: 'csp/missing', config: cfg({ contentSecurityPolicy: false }), ...o() },
    { name: 'CSP report-only', id: 'csp/report-only', config: cfg({ contentSecurityPolicy: { reportOnly: true } }), ...o() },
    { name: "script-src 'unsafe-inline'", id: 'csp/script-unsafe-inline', config: cfg({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", "'unsafe-inline'"] } } }), ...o() },
    { name: "helmet's default style-src 'unsafe-inline'", id: 'csp/style-unsafe-inline', config: cfg(), ...o() },
    { name: 'no X-Frame-Options, no CSP', id: 'x-frame-options/missing', config: cfg({ xFrameOptions: false, contentSecurityPolicy: false }), ...o() },
    { name: "SAMEORIGIN and frame-ancestors 'self' at strict", id: 'x-frame-options/sameorigin', config: cfg(), ...o(strict), fixContains: `frameAncestors: ["'none'"]` },
    { name: 'nosniff turned off', id: 'x-content-type-options/missing', config: cfg({ xContentTypeOptions: false }), ...o() },
    { name: 'unsafe-url', id: 'referrer-policy/unsafe', config: cfg({ referrerPolicy: { policy: 'unsafe-url' } }), ...o() },
    { name: 'Referrer-Policy turned off', id: 'referrer-policy/missing', config: cfg({ referrerPolicy: false }), ...o() },
    { name: 'no Permissions-Policy at strict', id: 'permissions-policy/missing', config: cfg(), ...o(strict) },
    { name: 'COOP unsafe-none at strict', id: 'cross-origin/coop-not-same-origin', config: cfg({ crossOriginOpenerPolicy: { policy: 'unsafe-none' } }), ...o(strict) },
    { name: 'CORP cross-origin at strict', id: 'cross-origin/corp-not-same-origin', config: cfg({ crossOriginResourcePolicy: { policy: 'cross-origin' } }), ...o(strict) },
    { name: 'no COEP with isolation', id: 'cross-origin/coep-missing', config: cfg(), ...o({ crossOriginIsolation: true }) },
    { name: 'COOP turned off at strict', id: 'cross-origin/coop-missing', config: cfg({ crossOriginOpenerPolicy: false }), ...o(strict) },
    { name: 'CORP turned off at strict', id: 'cross-origin/corp-missing', config: cfg({ crossOriginResourcePolicy: false }), ...o(strict) },
    { name: 'strict-origin-when-cross-origin at strict', id: 'referrer-policy/not-strict', config: cfg({ referrerPolicy: { policy: 'strict-origin-when-cross-origin' } }), ...o(strict) },
    {
      name: "SAMEORIGIN overridden by frame-ancestors 'none'",
      id: 'x-frame-options/overridden-by-frame-ancestors',
      config: cfg({ contentSecurityPolicy: { directives: { frameAncestors: ["'none'"] } } }),
      ...o(),
    },
    { name: 'camera for everyone from a middleware', id: 'permissions-policy/wildcard', config: cfg({}, { statements: [setHeader(framework, 'Permissions-Policy', 'camera=*')] }), ...o() },
    { name: 'Expect-CT from a middleware', id: 'deprecated/expect-ct', config: cfg({}, { statements: [setHeader(framework, 'Expect-CT', 'max-age=86400, enforce')] }), ...o() },
    { name: 'Feature-Policy from a middleware', id: 'deprecated/feature-policy', config: cfg({}, { statements: [setHeader(framework, 'Feature-Policy', "geolocation 'none'")] }), ...o() },
    { name: 'X-DNS-Prefetch-Control turned off at strict', id: 'x-dns-prefetch-control/missing', config: cfg({ xDnsPrefetchControl: false }), ...o(strict) },
    { name: 'X-Permitted-Cross-Domain-Policies turned off at strict', id: 'x-permitted-cross-domain-policies/missing', config: cfg({ xPermittedCrossDomainPolicies: false }), ...o(strict) },
    { name: 'base-uri removed from the default CSP at strict', id: 'csp/base-uri-missing', config: cfg({ contentSecurityPolicy: { directives: { baseUri: null } } }), ...o(strict) },
    { name: 'form-action removed from the default CSP at strict', id: 'csp/form-action-missing', config: cfg({ contentSecurityPolicy: { directives: { formAction: null } } }), ...o(strict) },
    { name: 'upgrade-insecure-requests removed from the default CSP at strict', id: 'csp/upgrade-insecure-requests-missing', config: cfg({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }), ...o(strict) },
    { name: 'HSTS max-age=0', id: 'hsts/max-age-zero', config: cfg({ strictTransportSecurity: { maxAge: 0 } }), ...o() },
    { name: "script-src 'unsafe-eval'", id: 'csp/script-unsafe-eval', config: cfg({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", "'unsafe-eval'"] } } }), ...o() },
  ];
}

/** Statements that send these fields on every response (a name given twice: both fields), in the framework's own way. */
export function setFields(framework: Framework, fields: ReadonlyArray<[string, string]>): string[] {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of fields) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return [...grouped].map(([name, values]) => {
    const args = `${JSON.stringify(name)}, ${JSON.stringify(values.length === 1 ? values[0] : values)}`;
    if (framework === 'fastify-helmet') return `fastify.addHook('onSend', async (request, reply) => { reply.header(${args}); })`;
    if (framework === 'koa-helmet') return `app.use(async (ctx, next) => { ctx.set(${args}); await next(); })`;
    return `app.use((req, res, next) => { res.setHeader(${args}); next(); })`;
  });
}

/** The page's statement that sends a raw Set-Cookie field. */
function rawCookie(framework: Framework, field: string): string {
  if (framework === 'fastify-helmet') return `reply.header('set-cookie', ${JSON.stringify(field)})`;
  if (framework === 'koa-helmet') return `ctx.append('Set-Cookie', ${JSON.stringify(field)})`;
  return `res.append('Set-Cookie', ${JSON.stringify(field)})`;
}

/** helmet validates directive names and throws on a repeated one (node_modules/helmet parseDirectives): such a policy is sent by the app's own code. */
const helmetCanSend = (csp: Directives) => csp.every(([name]) => /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/.test(name)) && new Set(csp.map(([n]) => n)).size === csp.length;

// camelCase keys, as helmet's documentation and the fixes write them (helmet throws on scriptSrc beside 'script-src').
const helmetDirectives = (csp: Directives) => Object.fromEntries(csp.map(([name, value]) => [camelCase(name), value === '' ? [] : value.split(' ')]));

/** Findings helmet's own options send (rather than a middleware after it), so the helmet option a fix names is what changes them. */
const HELMET_NATIVE: Record<string, Record<string, unknown>> = {
  'hsts/max-age-below-one-year': { strictTransportSecurity: { maxAge: 18144000 } },
  'cross-origin/coep-not-isolating': { crossOriginEmbedderPolicy: { policy: 'unsafe-none' } },
  'x-dns-prefetch-control/not-off': { xDnsPrefetchControl: { allow: true } },
  'x-permitted-cross-domain-policies/not-none': { xPermittedCrossDomainPolicies: { permittedPolicies: 'all' } },
};

/** Fixes that say to look for the code that sends the header (helmet never sends that value; Node sends no Server): the correction removes that code. */
const SET_ELSEWHERE = [
  'hsts/empty', 'hsts/max-age-missing', 'hsts/max-age-invalid', 'hsts/duplicate-directive', 'hsts/invalid-syntax', 'hsts/multiple-headers', 'hsts/unknown-directive',
  'x-content-type-options/invalid', 'x-content-type-options/multiple-values', 'x-frame-options/invalid', 'x-frame-options/conflicting-values', 'referrer-policy/unknown-token',
  'cross-origin/coop-invalid', 'cross-origin/coep-invalid', 'cross-origin/corp-invalid', 'disclosure/server', 'disclosure/server-version', 'referrer-policy/invalid', 'x-frame-options/allow-from',
];

function nodeScenarioConfig(framework: Framework, s: Scenario, { csp, cookie, fields }: Sent): NodeConfig {
  const native = HELMET_NATIVE[s.id];
  const ownCsp = csp !== undefined && helmetCanSend(csp);
  const helmetOptions = native ?? (csp === undefined ? {} : ownCsp ? { contentSecurityPolicy: { useDefaults: false, directives: helmetDirectives(csp) } } : { contentSecurityPolicy: false });
  const sent = native ? [] : [...fields, ...(csp !== undefined && !ownCsp ? [['Content-Security-Policy', cspText(csp)] as [string, string]] : [])];
  return cfg(helmetOptions, { statements: setFields(framework, sent), ...(cookie ? { cookie: rawCookie(framework, cookie) } : {}) });
}

/** Every scenario (cases/scenarios.ts) in a helmet-based app. */
function scenarioCases(framework: Framework): Array<FixCase<NodeConfig>> {
  return casesOf((s, sent) => nodeScenarioConfig(framework, s, sent), {
    framework,
    elsewhere: framework === 'helmet' ? SET_ELSEWHERE : [...SET_ELSEWHERE, 'disclosure/x-powered-by'],
    elsewhereSays: (s) => (s.id.startsWith('disclosure/') ? 'remove it where it is added' : 'look for the middleware or proxy that sets it after helmet()'),
  });
}

const EXPRESS_COOKIE = "res.cookie('sid', value)";

export const HELMET_CASES: Array<FixCase<NodeConfig>> = [
  ...sharedCases('helmet'),
  ...scenarioCases('helmet'),
  { name: 'X-Powered-By with helmet’s removal off', id: 'disclosure/x-powered-by', config: cfg({ xPoweredBy: false }), options: { framework: 'helmet' } },
  { name: 'a session cookie without flags', id: 'cookies/secure-missing', directive: 'sid', config: cfg({}, { cookie: EXPRESS_COOKIE }) },
  { name: 'a session cookie without HttpOnly', id: 'cookies/httponly-missing', directive: 'sid', config: cfg({}, { cookie: "res.cookie('sid', value, { secure: true })" }) },
  { name: 'a session cookie without SameSite', id: 'cookies/samesite-missing', directive: 'sid', config: cfg({}, { cookie: "res.cookie('sid', value, { secure: true, httpOnly: true })" }) },
  {
    name: 'express.static mounted before helmet()',
    id: 'hsts/missing',
    config: cfg({}, { cause: 'static-first' }),
    fixContains: 'express.static mounted before app.use(helmet())',
    corrected: () => cfg(),
  },
  {
    name: 'X-XSS-Protection set after helmet',
    id: 'deprecated/x-xss-protection',
    config: cfg({}, { cause: 'xss-after' }),
    fixContains: 'look for the middleware or proxy that adds it',
    corrected: () => cfg(),
  },
];

export const FASTIFY_CASES: Array<FixCase<NodeConfig>> = [
  ...sharedCases('fastify-helmet'),
  ...scenarioCases('fastify-helmet'),
  { name: 'a session cookie without flags', id: 'cookies/secure-missing', directive: 'sid', config: cfg({}, { cookie: "reply.setCookie('sid', value)" }), options: { framework: 'fastify-helmet' } },
  {
    name: 'X-XSS-Protection set by a hook after helmet',
    id: 'deprecated/x-xss-protection',
    config: cfg({}, { statements: [setHeader('fastify-helmet', 'X-XSS-Protection', '1; mode=block')] }),
    options: { framework: 'fastify-helmet' },
    fixContains: 'look for the middleware or proxy that adds it',
    corrected: () => cfg(),
  },
  { name: 'a session cookie without HttpOnly', id: 'cookies/httponly-missing', directive: 'sid', config: cfg({}, { cookie: "reply.setCookie('sid', value, { secure: true })" }), options: { framework: 'fastify-helmet' } },
  { name: 'a session cookie without SameSite', id: 'cookies/samesite-missing', directive: 'sid', config: cfg({}, { cookie: "reply.setCookie('sid', value, { secure: true, httpOnly: true, sameSite: false })" }), options: { framework: 'fastify-helmet' } },
  {
    name: 'a route with { helmet: false }',
    id: 'csp/missing',
    config: cfg({}, { cause: 'route-off' }),
    options: { framework: 'fastify-helmet' },
    fixContains: 'a route registered with { helmet: false }',
    corrected: () => cfg(),
  },
];

export const KOA_CASES: Array<FixCase<NodeConfig>> = [
  ...sharedCases('koa-helmet'),
  ...scenarioCases('koa-helmet'),
  { name: 'a session cookie without flags', id: 'cookies/secure-missing', directive: 'sid', config: cfg({}, { cookie: "ctx.cookies.set('sid', value, { httpOnly: false, secure: false })" }), options: { framework: 'koa-helmet' } },
  { name: 'a session cookie without SameSite', id: 'cookies/samesite-missing', directive: 'sid', config: cfg({}, { cookie: "ctx.cookies.set('sid', value, { secure: true })" }), options: { framework: 'koa-helmet' } },
  {
    name: 'X-XSS-Protection set by a middleware after helmet',
    id: 'deprecated/x-xss-protection',
    config: cfg({}, { statements: [setHeader('koa-helmet', 'X-XSS-Protection', '1; mode=block')] }),
    options: { framework: 'koa-helmet' },
    fixContains: 'look for the middleware or proxy that adds it',
    corrected: () => cfg(),
  },
  { name: 'a session cookie without HttpOnly', id: 'cookies/httponly-missing', directive: 'sid', config: cfg({}, { cookie: "ctx.cookies.set('sid', value, { httpOnly: false, secure: true, sameSite: 'lax' })" }), options: { framework: 'koa-helmet' } },
  {
    name: 'the router used before helmet()',
    id: 'x-content-type-options/missing',
    config: cfg({}, { cause: 'static-first' }),
    options: { framework: 'koa-helmet' },
    fixContains: 'a router or koa-static used before app.use(helmet())',
    corrected: () => cfg(),
  },
];

