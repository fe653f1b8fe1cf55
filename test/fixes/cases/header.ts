import type { FixCase } from '../prove';
import { cspText, scenarioCases, type Sent } from './scenarios';

/** A server that sends exactly these header fields (a name repeated: separate fields). */
export interface HeaderConfig {
  headers: Array<[string, string]>;
}

const header = { framework: 'header' } as const;
const strict = { preset: 'strict', framework: 'header' } as const;
const HSTS: [string, string] = ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'];
const CSP: [string, string] = ['Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'none'"];
const XFO: [string, string] = ['X-Frame-Options', 'DENY'];
const NOSNIFF: [string, string] = ['X-Content-Type-Options', 'nosniff'];
/** What a reasonably configured server sends, so each case has the one problem it is about. */
const BASE: Array<[string, string]> = [HSTS, CSP, XFO, NOSNIFF, ['Referrer-Policy', 'no-referrer']];
const base = (...extra: Array<[string, string]>): HeaderConfig => ({ headers: [...BASE, ...extra] });
const without = (name: string, ...extra: Array<[string, string]>): HeaderConfig => ({ headers: [...BASE.filter(([n]) => n !== name), ...extra] });
const withCsp = (policy: string, ...extra: Array<[string, string]>): HeaderConfig => ({ headers: [...BASE.filter(([n]) => n !== CSP[0]), [CSP[0], policy], ...extra] });
const STRICT_BASE: Array<[string, string]> = [['Permissions-Policy', 'camera=()'], ['Cross-Origin-Opener-Policy', 'same-origin'], ['Cross-Origin-Resource-Policy', 'same-origin']];

/** The plain header line (framework 'header'): one case per finding id the framework proofs cover. */
export const HEADER_CASES: Array<FixCase<HeaderConfig>> = [
  { name: 'no HSTS', id: 'hsts/missing', config: without(HSTS[0]), options: header },
  { name: 'HSTS an hour', id: 'hsts/max-age-too-short', config: without(HSTS[0], [HSTS[0], 'max-age=3600; includeSubDomains']), options: header },
  { name: 'HSTS without subdomains', id: 'hsts/include-subdomains-missing', config: without(HSTS[0], [HSTS[0], 'max-age=31536000']), options: header },
  { name: 'HSTS one year at strict', id: 'hsts/max-age-below-two-years', config: base(...STRICT_BASE), options: strict },
  { name: 'HSTS preload with an hour', id: 'hsts/preload-requirements', config: without(HSTS[0], [HSTS[0], 'max-age=3600; preload']), options: header },
  { name: 'no CSP', id: 'csp/missing', config: without(CSP[0]), options: header },
  { name: 'CSP report-only', id: 'csp/report-only', config: without(CSP[0], ['Content-Security-Policy-Report-Only', CSP[1]]), options: header },
  { name: "script-src 'unsafe-inline'", id: 'csp/script-unsafe-inline', config: withCsp(`${CSP[1]}; script-src 'self' 'unsafe-inline'`), options: header },
  { name: "style-src 'unsafe-inline'", id: 'csp/style-unsafe-inline', config: withCsp(`${CSP[1]}; style-src 'self' 'unsafe-inline'`), options: header },
  { name: 'no X-Frame-Options, no frame-ancestors', id: 'x-frame-options/missing', config: without(XFO[0]), options: header },
  { name: 'SAMEORIGIN at strict', id: 'x-frame-options/sameorigin', config: without(XFO[0], [XFO[0], 'SAMEORIGIN'], ...STRICT_BASE), options: strict },
  { name: 'ALLOW-FROM', id: 'x-frame-options/allow-from', config: without(XFO[0], [XFO[0], 'ALLOW-FROM https://a.example']), options: header },
  {
    name: "SAMEORIGIN overridden by frame-ancestors 'none'",
    id: 'x-frame-options/overridden-by-frame-ancestors',
    config: { headers: [HSTS, NOSNIFF, [CSP[0], `${CSP[1]}; frame-ancestors 'none'`], [XFO[0], 'SAMEORIGIN']] },
    options: header,
  },
  { name: 'no nosniff', id: 'x-content-type-options/missing', config: without(NOSNIFF[0]), options: header },
  { name: 'no Referrer-Policy', id: 'referrer-policy/missing', config: without('Referrer-Policy'), options: header },
  { name: 'unsafe-url', id: 'referrer-policy/unsafe', config: without('Referrer-Policy', ['Referrer-Policy', 'unsafe-url']), options: header },
  { name: 'a Referrer-Policy token browsers do not know', id: 'referrer-policy/invalid', config: without('Referrer-Policy', ['Referrer-Policy', 'None']), options: header },
  { name: 'strict-origin-when-cross-origin at strict', id: 'referrer-policy/not-strict', config: without('Referrer-Policy', ['Referrer-Policy', 'strict-origin-when-cross-origin'], ...STRICT_BASE), options: strict },
  { name: 'no Permissions-Policy at strict', id: 'permissions-policy/missing', config: base(...STRICT_BASE.slice(1)), options: strict },
  { name: 'camera for everyone', id: 'permissions-policy/wildcard', config: base(['Permissions-Policy', 'camera=*']), options: header },
  { name: 'no COEP with isolation', id: 'cross-origin/coep-missing', config: base(...STRICT_BASE), options: { framework: 'header', crossOriginIsolation: true } },
  { name: 'no COOP at strict', id: 'cross-origin/coop-missing', config: base(STRICT_BASE[0]!, STRICT_BASE[2]!), options: strict },
  { name: 'COOP unsafe-none at strict', id: 'cross-origin/coop-not-same-origin', config: base(STRICT_BASE[0]!, STRICT_BASE[2]!, ['Cross-Origin-Opener-Policy', 'unsafe-none']), options: strict },
  { name: 'no CORP at strict', id: 'cross-origin/corp-missing', config: base(STRICT_BASE[0]!, STRICT_BASE[1]!), options: strict },
  { name: 'CORP cross-origin at strict', id: 'cross-origin/corp-not-same-origin', config: base(STRICT_BASE[0]!, STRICT_BASE[1]!, ['Cross-Origin-Resource-Policy', 'cross-origin']), options: strict },
  { name: 'X-XSS-Protection 1', id: 'deprecated/x-xss-protection', config: base(['X-XSS-Protection', '1; mode=block']), options: header },
  { name: 'Expect-CT', id: 'deprecated/expect-ct', config: base(['Expect-CT', 'max-age=86400, enforce']), options: header },
  { name: 'Feature-Policy', id: 'deprecated/feature-policy', config: base(['Feature-Policy', "geolocation 'none'"]), options: header },
  { name: 'no X-DNS-Prefetch-Control at strict', id: 'x-dns-prefetch-control/missing', config: base(...STRICT_BASE), options: strict },
  { name: 'no X-Permitted-Cross-Domain-Policies at strict', id: 'x-permitted-cross-domain-policies/missing', config: base(...STRICT_BASE), options: strict },
  { name: 'CSP without base-uri at strict', id: 'csp/base-uri-missing', config: withCsp("default-src 'self'; object-src 'none'", ...STRICT_BASE), options: strict },
  { name: 'CSP without form-action at strict', id: 'csp/form-action-missing', config: base(...STRICT_BASE), options: strict },
  { name: 'CSP without upgrade-insecure-requests at strict', id: 'csp/upgrade-insecure-requests-missing', config: base(...STRICT_BASE), options: strict },
  { name: 'HSTS max-age=0', id: 'hsts/max-age-zero', config: without(HSTS[0], [HSTS[0], 'max-age=0']), options: header },
  { name: "script-src 'unsafe-eval'", id: 'csp/script-unsafe-eval', config: withCsp(`${CSP[1]}; script-src 'self' 'unsafe-eval'`), options: header },
  { name: 'Server with version', id: 'disclosure/server-version', config: base(['Server', 'Apache/2.4.57'], ...STRICT_BASE), options: strict },
  { name: 'X-Powered-By', id: 'disclosure/x-powered-by', config: base(['X-Powered-By', 'PHP/8.2.7']), options: header },
  { name: 'a session cookie without flags', id: 'cookies/secure-missing', directive: 'sid', config: base(['Set-Cookie', 'sid=1; Path=/']), options: header },
  { name: 'a session cookie without HttpOnly', id: 'cookies/httponly-missing', directive: 'sid', config: base(['Set-Cookie', 'sid=1; Path=/; Secure; SameSite=Lax']), options: header },
  { name: 'a session cookie without SameSite', id: 'cookies/samesite-missing', directive: 'sid', config: base(['Set-Cookie', 'sid=1; Path=/; Secure; HttpOnly']), options: header },
];

/** A scenario's fields on top of BASE: its policy in place of BASE's, its fields in place of BASE's of the same name. */
function scenarioConfig(_s: unknown, { csp, cookie, fields }: Sent): HeaderConfig {
  const replaced = new Set([...fields.map(([n]) => n.toLowerCase()), ...(csp ? [CSP[0].toLowerCase()] : [])]);
  return {
    headers: [
      ...BASE.filter(([n]) => !replaced.has(n.toLowerCase())),
      ...(csp ? [[CSP[0], cspText(csp)] as [string, string]] : []),
      ...fields,
      ...(cookie ? [['Set-Cookie', cookie] as [string, string]] : []),
    ],
  };
}

/** Every scenario (cases/scenarios.ts) as the plain header line sends it. */
export const HEADER_SCENARIO_CASES: Array<FixCase<HeaderConfig>> = scenarioCases(scenarioConfig, { framework: 'header' });
