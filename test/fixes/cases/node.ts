import type { Framework } from '../../../src/fixes';
import type { FixCase } from '../prove';

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

const EXPRESS_COOKIE = "res.cookie('sid', value)";

export const HELMET_CASES: Array<FixCase<NodeConfig>> = [
  ...sharedCases('helmet'),
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
