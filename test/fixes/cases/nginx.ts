import { dq } from '../../../src/fixes/quote';
import type { FixCase } from '../prove';
import { cspText, scenarioCases, type Sent } from './scenarios';

/** One nginx configuration: the outer block, the page's nested location, and the upstream app's directives. */
export interface NginxConfig {
  outer: string[];
  inner: string[];
  /** Directives of the upstream app the page is proxied to (undefined: the page is nginx's own). */
  upstream?: string[];
}

const nginx = { framework: 'nginx' } as const;
const strict = { preset: 'strict', framework: 'nginx' } as const;
const HSTS = 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;';

export const NGINX_CASES: Array<FixCase<NginxConfig>> = [
  { name: 'no HSTS', id: 'hsts/missing', config: { outer: [], inner: [] }, options: nginx, fixContains: 'always;' },
  {
    name: 'HSTS dropped by a location with add_header of its own',
    id: 'hsts/missing',
    config: { outer: [HSTS], inner: ['add_header X-Content-Type-Options nosniff always;'] },
    options: nginx,
    fixContains: 'in every location with add_header lines of its own',
  },
  { name: 'HSTS an hour', id: 'hsts/max-age-too-short', config: { outer: ['add_header Strict-Transport-Security "max-age=3600; includeSubDomains" always;'], inner: [] }, options: nginx },
  { name: 'no CSP', id: 'csp/missing', config: { outer: [HSTS], inner: [] }, options: nginx },
  {
    name: "script-src 'unsafe-inline'",
    id: 'csp/script-unsafe-inline',
    config: { outer: [HSTS, `add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'" always;`], inner: [] },
    options: nginx,
    fixContains: `'nonce-$request_id'`,
  },
  { name: 'no X-Frame-Options', id: 'x-frame-options/missing', config: { outer: [HSTS], inner: [] }, options: nginx },
  { name: 'SAMEORIGIN at strict', id: 'x-frame-options/sameorigin', config: { outer: [HSTS, 'add_header X-Frame-Options SAMEORIGIN always;'], inner: [] }, options: strict },
  { name: 'no nosniff', id: 'x-content-type-options/missing', config: { outer: [HSTS], inner: [] }, options: nginx },
  { name: 'unsafe-url', id: 'referrer-policy/unsafe', config: { outer: [HSTS, 'add_header Referrer-Policy unsafe-url always;'], inner: [] }, options: nginx },
  { name: 'no Permissions-Policy at strict', id: 'permissions-policy/missing', config: { outer: [HSTS], inner: [] }, options: strict },
  { name: 'no COOP at strict', id: 'cross-origin/coop-missing', config: { outer: [HSTS], inner: [] }, options: strict },
  { name: 'no CORP at strict', id: 'cross-origin/corp-missing', config: { outer: [HSTS], inner: [] }, options: strict },
  {
    name: "X-XSS-Protection 1 from nginx's own add_header",
    id: 'deprecated/x-xss-protection',
    config: { outer: [HSTS, 'add_header X-XSS-Protection "1; mode=block" always;'], inner: [] },
    options: nginx,
    fixContains: 'drop the add_header X-XSS-Protection line',
  },
  {
    name: 'X-XSS-Protection 1 from the upstream app',
    id: 'deprecated/x-xss-protection',
    config: { outer: [HSTS], inner: [], upstream: ['add_header X-XSS-Protection "1; mode=block";'] },
    options: nginx,
    fixContains: 'more_clear_headers X-XSS-Protection;',
  },
  { name: "Expect-CT from nginx's own add_header", id: 'deprecated/expect-ct', config: { outer: [HSTS, 'add_header Expect-CT "max-age=86400, enforce" always;'], inner: [] }, options: nginx },
  { name: 'HSTS without subdomains', id: 'hsts/include-subdomains-missing', config: { outer: ['add_header Strict-Transport-Security "max-age=31536000" always;'], inner: [] }, options: nginx },
  { name: 'HSTS one year at strict', id: 'hsts/max-age-below-two-years', config: { outer: [HSTS], inner: [] }, options: strict },
  { name: 'HSTS preload with an hour', id: 'hsts/preload-requirements', config: { outer: ['add_header Strict-Transport-Security "max-age=3600; preload" always;'], inner: [] }, options: nginx },
  { name: 'CSP report-only', id: 'csp/report-only', config: { outer: [HSTS, `add_header Content-Security-Policy-Report-Only "default-src 'self'; object-src 'none'; base-uri 'none'" always;`], inner: [] }, options: nginx },
  {
    name: "style-src 'unsafe-inline'",
    id: 'csp/style-unsafe-inline',
    config: { outer: [HSTS, `add_header Content-Security-Policy "default-src 'self'; object-src 'none'; base-uri 'none'; style-src 'self' 'unsafe-inline'" always;`], inner: [] },
    options: nginx,
    fixContains: `sub_filter '<style' '<style nonce="$request_id"';`,
  },
  { name: 'ALLOW-FROM', id: 'x-frame-options/allow-from', config: { outer: [HSTS, 'add_header X-Frame-Options "ALLOW-FROM https://a.example" always;'], inner: [] }, options: nginx },
  {
    name: "SAMEORIGIN overridden by frame-ancestors 'none'",
    id: 'x-frame-options/overridden-by-frame-ancestors',
    config: { outer: [HSTS, `add_header Content-Security-Policy "default-src 'self'; object-src 'none'; frame-ancestors 'none'" always;`, 'add_header X-Frame-Options SAMEORIGIN always;'], inner: [] },
    options: nginx,
  },
  { name: 'no Referrer-Policy', id: 'referrer-policy/missing', config: { outer: [HSTS], inner: [] }, options: nginx },
  { name: 'strict-origin-when-cross-origin at strict', id: 'referrer-policy/not-strict', config: { outer: [HSTS, 'add_header Referrer-Policy strict-origin-when-cross-origin always;'], inner: [] }, options: strict },
  { name: 'camera for everyone', id: 'permissions-policy/wildcard', config: { outer: [HSTS, 'add_header Permissions-Policy "camera=*" always;'], inner: [] }, options: nginx },
  { name: 'no COEP with isolation', id: 'cross-origin/coep-missing', config: { outer: [HSTS], inner: [] }, options: { framework: 'nginx', crossOriginIsolation: true } },
  { name: 'COOP unsafe-none at strict', id: 'cross-origin/coop-not-same-origin', config: { outer: [HSTS, 'add_header Cross-Origin-Opener-Policy unsafe-none always;'], inner: [] }, options: strict },
  { name: 'CORP cross-origin at strict', id: 'cross-origin/corp-not-same-origin', config: { outer: [HSTS, 'add_header Cross-Origin-Resource-Policy cross-origin always;'], inner: [] }, options: strict },
  { name: "Feature-Policy from nginx's own add_header", id: 'deprecated/feature-policy', config: { outer: [HSTS, `add_header Feature-Policy "geolocation 'none'" always;`], inner: [] }, options: nginx },
  {
    name: 'an upstream session cookie without HttpOnly',
    id: 'cookies/httponly-missing',
    directive: 'sid',
    config: { outer: [HSTS], inner: [], upstream: ['add_header Set-Cookie "sid=1; Path=/; Secure; SameSite=Lax";'] },
    options: nginx,
  },
  {
    name: 'an upstream session cookie without SameSite',
    id: 'cookies/samesite-missing',
    directive: 'sid',
    config: { outer: [HSTS], inner: [], upstream: ['add_header Set-Cookie "sid=1; Path=/; Secure; HttpOnly";'] },
    options: nginx,
  },
  { name: 'a Referrer-Policy token browsers do not know', id: 'referrer-policy/invalid', config: { outer: [HSTS, 'add_header Referrer-Policy None always;'], inner: [] }, options: nginx },
  { name: 'no X-DNS-Prefetch-Control at strict', id: 'x-dns-prefetch-control/missing', config: { outer: [HSTS], inner: [] }, options: strict },
  { name: 'no X-Permitted-Cross-Domain-Policies at strict', id: 'x-permitted-cross-domain-policies/missing', config: { outer: [HSTS], inner: [] }, options: strict },
  { name: 'CSP without base-uri at strict', id: 'csp/base-uri-missing', config: { outer: [HSTS, `add_header Content-Security-Policy "default-src 'self'; object-src 'none'" always;`], inner: [] }, options: strict },
  { name: 'CSP without form-action at strict', id: 'csp/form-action-missing', config: { outer: [HSTS, `add_header Content-Security-Policy "default-src 'self'; object-src 'none'; base-uri 'none'" always;`], inner: [] }, options: strict },
  { name: 'CSP without upgrade-insecure-requests at strict', id: 'csp/upgrade-insecure-requests-missing', config: { outer: [HSTS, `add_header Content-Security-Policy "default-src 'self'; object-src 'none'; base-uri 'none'" always;`], inner: [] }, options: strict },
  { name: 'HSTS max-age=0', id: 'hsts/max-age-zero', config: { outer: ['add_header Strict-Transport-Security "max-age=0" always;'], inner: [] }, options: nginx },
  {
    name: "script-src 'unsafe-eval'",
    id: 'csp/script-unsafe-eval',
    config: { outer: [HSTS, `add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'" always;`], inner: [] },
    options: nginx,
  },
  { name: 'Server with version', id: 'disclosure/server-version', config: { outer: [HSTS], inner: [] }, options: strict, fixContains: 'more_clear_headers Server;' },
  {
    name: 'X-Powered-By from the upstream app',
    id: 'disclosure/x-powered-by',
    config: { outer: [HSTS], inner: [], upstream: ['add_header X-Powered-By PHP/8.2.7;'] },
    options: nginx,
  },
  {
    name: 'an upstream session cookie without flags',
    id: 'cookies/secure-missing',
    directive: 'sid',
    config: { outer: [HSTS], inner: [], upstream: ['add_header Set-Cookie "sid=1; Path=/";'] },
    options: nginx,
    fixContains: 'proxy_cookie_flags sid secure httponly samesite=lax;',
  },
];

// add_header sends nothing for an empty value: one space is what a field that reads as empty takes.
const addHeader = ([name, value]: [string, string]) => `add_header ${name} ${dq(value === '' ? ' ' : value)} always;`;

/** Scenarios of an app's own code behind the frameworks (nginx's own Server and the rest are proved by the cases above). */
const APP_ONLY = ['disclosure/server-version', 'disclosure/x-powered-by', 'referrer-policy/invalid', 'x-frame-options/allow-from'];

/** A scenario in nginx: its policy and fields as add_header lines of the server block, its cookie set by the upstream app. */
function scenarioConfig(_s: unknown, { csp, cookie, fields }: Sent): NginxConfig {
  const hsts = fields.some(([n]) => n.toLowerCase() === 'strict-transport-security') ? [] : [HSTS];
  // nginx names itself in Server: server_tokens off leaves "nginx", the Server without a version.
  const own = fields.filter(([n]) => n.toLowerCase() !== 'server');
  const tokens = own.length < fields.length ? ['server_tokens off;'] : [];
  return {
    outer: [...hsts, ...tokens, ...(csp ? [addHeader(['Content-Security-Policy', cspText(csp)])] : []), ...own.map(addHeader)],
    inner: [],
    ...(cookie ? { upstream: [`add_header Set-Cookie ${dq(cookie)};`] } : {}),
  };
}

/** Every scenario (cases/scenarios.ts) as nginx sends it. */
export const NGINX_SCENARIO_CASES: Array<FixCase<NginxConfig>> = scenarioCases(scenarioConfig, { framework: 'nginx', skip: APP_ONLY });
