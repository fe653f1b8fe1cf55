/**
 * The Observatory's score table: the points each result adds or takes away.
 * Facts from @mdn/mdn-http-observatory 1.4.8, src/grader/charts.js
 * (SCORE_TABLE); the descriptions are our own words.
 */
import type { ObservatoryResultId } from './types';

interface ResultFacts {
  modifier: number;
  description: string;
}

export const RESULTS: Readonly<Record<ObservatoryResultId, ResultFacts>> = {
  'csp-implemented-with-no-unsafe-default-src-none': { modifier: 10, description: "CSP in force with default-src 'none' and nothing unsafe." },
  'csp-implemented-with-no-unsafe': { modifier: 5, description: "CSP in force without 'unsafe-inline' or 'unsafe-eval' for scripts." },
  'csp-implemented-with-unsafe-inline-in-style-src-only': { modifier: 0, description: "CSP in force; only style-src allows 'unsafe-inline', data: or a broad source." },
  'csp-implemented-with-insecure-scheme-in-passive-content-only': { modifier: -10, description: 'CSP in force, but images or media may load over http on an https page.' },
  'csp-implemented-with-unsafe-eval': { modifier: -10, description: "CSP in force, but scripts or styles allow 'unsafe-eval'." },
  'csp-implemented-with-unsafe-inline': { modifier: -20, description: "CSP does not protect scripts: script-src (or object-src) allows 'unsafe-inline', data:, a broad source, or is not restricted at all." },
  'csp-implemented-with-insecure-scheme': { modifier: -20, description: 'CSP in force, but an https page may load active content over http.' },
  'csp-implemented-but-duplicate-directives': { modifier: 0, description: 'CSP in force, but report-uri or report-to appears twice in one policy.' },
  'csp-header-invalid': { modifier: -25, description: 'The CSP cannot be read (empty or very short policy, a repeated directive, or strict-dynamic without a nonce or hash).' },
  'csp-not-implemented': { modifier: -25, description: 'No Content-Security-Policy is enforced.' },
  'csp-not-implemented-but-reporting-enabled': { modifier: -25, description: 'Only Content-Security-Policy-Report-Only is sent; nothing is enforced.' },

  'cookies-secure-with-httponly-sessions-and-samesite': { modifier: 5, description: 'Every cookie is Secure and has SameSite; session cookies are HttpOnly.' },
  'cookies-secure-with-httponly-sessions': { modifier: 0, description: 'Every cookie is Secure and session cookies are HttpOnly, but some lack SameSite.' },
  'cookies-not-found': { modifier: 0, description: 'No cookies are set.' },
  'cookies-without-secure-flag-but-protected-by-hsts': { modifier: -5, description: 'A cookie lacks Secure; HSTS softens it.' },
  'cookies-session-without-secure-flag-but-protected-by-hsts': { modifier: -10, description: 'A session cookie lacks Secure; HSTS softens it.' },
  'cookies-without-secure-flag': { modifier: -20, description: 'A cookie lacks Secure and there is no HSTS.' },
  'cookies-samesite-flag-invalid': { modifier: -20, description: 'A SameSite attribute is malformed, or SameSite=None is used without Secure.' },
  'cookies-anticsrf-without-samesite-flag': { modifier: -20, description: 'An anti-CSRF cookie has no SameSite attribute.' },
  'cookies-session-without-httponly-flag': { modifier: -30, description: 'A session cookie lacks HttpOnly.' },
  'cookies-session-without-secure-flag': { modifier: -40, description: 'A session cookie lacks Secure and there is no HSTS.' },

  'cross-origin-resource-sharing-not-implemented': { modifier: 0, description: 'No Access-Control-Allow-Origin is sent.' },
  'cross-origin-resource-sharing-implemented-with-public-access': { modifier: 0, description: 'Access-Control-Allow-Origin: * (public, without credentials).' },
  'cross-origin-resource-sharing-implemented-with-restricted-access': { modifier: 0, description: 'Access-Control-Allow-Origin names specific origins.' },
  'cross-origin-resource-sharing-implemented-with-universal-access': { modifier: -50, description: 'Any origin is reflected with credentials allowed: cross-site requests can read private data.' },

  'redirection-all-redirects-preloaded': { modifier: 0, description: 'Every host in the redirect chain is HSTS-preloaded.' },
  'redirection-to-https': { modifier: 0, description: 'http redirects to https on the same host first and ends on https.' },
  'redirection-not-needed-no-http': { modifier: 0, description: 'Nothing answers on plain http, so no redirect is needed.' },
  'redirection-off-host-from-http': { modifier: -5, description: 'The first redirect from http goes to https on another host, so HSTS is never set for this one.' },
  'redirection-not-to-https-on-initial-redirection': { modifier: -10, description: 'The first redirect from http goes to another http URL before reaching https.' },
  'redirection-not-to-https': { modifier: -20, description: 'The redirect chain ends on a plain http URL.' },
  'redirection-missing': { modifier: -20, description: 'Plain http is served without redirecting to https.' },
  'redirection-invalid-cert': { modifier: -20, description: 'A certificate in the redirect chain is invalid.' },

  'referrer-policy-private': { modifier: 5, description: 'Referrer-Policy keeps URLs private (no-referrer, same-origin, strict-origin or strict-origin-when-cross-origin).' },
  'referrer-policy-not-implemented': { modifier: 0, description: 'No Referrer-Policy is sent (browsers default to strict-origin-when-cross-origin).' },
  'referrer-policy-unsafe': { modifier: -5, description: 'Referrer-Policy leaks URLs (origin, origin-when-cross-origin, unsafe-url or no-referrer-when-downgrade).' },
  'referrer-policy-header-invalid': { modifier: -5, description: 'Referrer-Policy holds no value a browser knows.' },

  'hsts-preloaded': { modifier: 5, description: 'The host is on the HSTS preload list.' },
  'hsts-implemented-max-age-at-least-six-months': { modifier: 0, description: 'Strict-Transport-Security max-age is six months or more.' },
  'hsts-implemented-max-age-less-than-six-months': { modifier: -10, description: 'Strict-Transport-Security max-age is under six months (15552000 seconds).' },
  'hsts-not-implemented': { modifier: -20, description: 'No Strict-Transport-Security header.' },
  'hsts-header-invalid': { modifier: -20, description: 'Strict-Transport-Security cannot be read (no max-age, or sent twice).' },
  'hsts-not-implemented-no-https': { modifier: -20, description: 'Served over plain http, where HSTS cannot apply.' },
  'hsts-invalid-cert': { modifier: -20, description: 'The certificate is invalid, so HSTS cannot apply.' },

  'sri-implemented-and-all-scripts-loaded-securely': { modifier: 5, description: 'Scripts carry integrity hashes and load from the same site over https.' },
  'sri-implemented-and-external-scripts-loaded-securely': { modifier: 5, description: 'External scripts carry integrity hashes and load over https.' },
  'sri-not-implemented-response-not-html': { modifier: 0, description: 'Not HTML, so Subresource Integrity does not apply.' },
  'sri-not-implemented-but-no-scripts-loaded': { modifier: 0, description: 'The page loads no scripts.' },
  'sri-not-implemented-but-all-scripts-loaded-from-secure-origin': { modifier: 0, description: 'No integrity hashes, but every script comes from the same site.' },
  'sri-not-implemented-but-external-scripts-loaded-securely': { modifier: -5, description: 'External scripts load over https but without integrity hashes.' },
  'sri-implemented-but-external-scripts-not-loaded-securely': { modifier: -20, description: 'External scripts have integrity hashes but load over http or a protocol-relative URL.' },
  'sri-not-implemented-and-external-scripts-not-loaded-securely': { modifier: -50, description: 'External scripts load over http or a protocol-relative URL, without integrity hashes.' },
  'html-not-parseable': { modifier: -20, description: 'The response says it is HTML but cannot be parsed.' },

  'x-content-type-options-nosniff': { modifier: 0, description: 'X-Content-Type-Options: nosniff.' },
  'x-content-type-options-not-implemented': { modifier: -5, description: 'No X-Content-Type-Options header.' },
  'x-content-type-options-header-invalid': { modifier: -5, description: 'X-Content-Type-Options holds something other than nosniff.' },

  'x-frame-options-implemented-via-csp': { modifier: 5, description: 'Framing is controlled by CSP frame-ancestors.' },
  'x-frame-options-sameorigin-or-deny': { modifier: 0, description: 'X-Frame-Options is DENY or SAMEORIGIN.' },
  'x-frame-options-allow-from-origin': { modifier: 0, description: 'X-Frame-Options uses ALLOW-FROM (ignored by current browsers).' },
  'x-frame-options-not-implemented': { modifier: -20, description: 'Neither X-Frame-Options nor CSP frame-ancestors: the page can be framed (clickjacking).' },
  'x-frame-options-header-invalid': { modifier: -20, description: 'X-Frame-Options holds a value browsers do not know.' },

  'corp-header-invalid': { modifier: -5, description: 'Cross-Origin-Resource-Policy holds an unknown value.' },
  'corp-implemented-with-cross-origin': { modifier: 0, description: 'Cross-Origin-Resource-Policy: cross-origin (the default made explicit).' },
  'corp-implemented-with-same-origin': { modifier: 10, description: 'Cross-Origin-Resource-Policy: same-origin.' },
  'corp-implemented-with-same-site': { modifier: 10, description: 'Cross-Origin-Resource-Policy: same-site.' },
  'corp-not-implemented': { modifier: 0, description: 'No Cross-Origin-Resource-Policy header (cross-origin by default).' },
};

/**
 * The points of a result under a scoring algorithm. Algorithm 5 (Observatory
 * 1.5.0, mdn/mdn-http-observatory#332) gives x-frame-options-sameorigin-or-deny
 * +5 instead of 0; every other modifier is the same in 4 and 5.
 */
export function modifierOf(result: ObservatoryResultId, algorithm: 4 | 5): number {
  if (algorithm >= 5 && result === 'x-frame-options-sameorigin-or-deny') return 5;
  return RESULTS[result].modifier;
}
