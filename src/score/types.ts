/**
 * Types for the offline MDN HTTP Observatory score. Names and result ids are
 * the Observatory's own (algorithm version 4, @mdn/mdn-http-observatory
 * 1.4.x), so a result can be looked up in its documentation.
 */
import type { HeaderSet } from '../types';

/** The Observatory's test names, in the order its scanner runs them. */
export type ObservatoryTestName =
  | 'content-security-policy'
  | 'cookies'
  | 'cross-origin-resource-sharing'
  | 'redirection'
  | 'referrer-policy'
  | 'strict-transport-security'
  | 'subresource-integrity'
  | 'x-content-type-options'
  | 'x-frame-options'
  | 'cross-origin-resource-policy';

export type Grade = 'A+' | 'A' | 'A-' | 'B+' | 'B' | 'B-' | 'C+' | 'C' | 'C-' | 'D+' | 'D' | 'D-' | 'F';

/** One hop of the redirect chain seen when the site was requested over plain http. */
export interface RedirectHop {
  url: string;
  status: number;
}

/** A redirect response on the way to the page, with the cookies it set. */
export interface RedirectCookies {
  /** The URL that answered with the redirect. */
  url: string;
  /** Its Set-Cookie field values, one cookie each. */
  setCookie: string[];
}

/**
 * The Observatory's scoring algorithm version (its ALGORITHM_VERSION).
 * 4: @mdn/mdn-http-observatory 1.4.x. 5: 1.5.0 to 1.6.x, which gives
 * x-frame-options-sameorigin-or-deny +5 (1.5.0, mdn/mdn-http-observatory#332)
 * and splits comma-joined CSP headers into policies (1.6.2, #496).
 */
export type ObservatoryAlgorithm = 4 | 5;

export interface ScoreOptions {
  /**
   * The app will be served over https (behind a TLS proxy, say). Without it
   * the scheme of the response's URL decides, and plain http is graded as the
   * Observatory grades it: no HSTS possible, no redirection, C+ at best.
   */
  https?: boolean;
  /** The response body, when it is HTML: meta CSP / referrer tags and the SRI test read it. */
  html?: string;
  /**
   * The chain seen when requesting the http:// URL, first hop first, the
   * final response last (as the Observatory records it). Without it the
   * redirection test is assumed to pass when https is declared.
   */
  redirects?: RedirectHop[];
  /** The URL the response came from, when the HeaderSet does not know it. */
  url?: string;
  /** The host is on the browsers' HSTS preload list (not looked up offline). */
  hstsPreloaded?: boolean;
  /**
   * The answer to the Observatory's CORS probe (OPTIONS with its Origin, see
   * observatoryCorsProbe), which its CORS test judges. Without it the
   * response's own headers stand in for that answer.
   */
  corsResponse?: HeaderSet;
  /**
   * The redirect responses followed to reach this one, first hop first, with
   * their Set-Cookie fields. The cookies test judges, besides this
   * response's, the cookies of the hops the scanner's cookie jar keeps: its
   * https session's, i.e. the hops from the first https:// URL on (all of
   * them when none is https). An http:// hop before that, the http→https
   * redirect, belongs to the scanner's other session and is left out.
   */
  redirectCookies?: RedirectCookies[];
  /** The scoring algorithm: 4 (1.4.8, the default; what the parity suite checks) or 5 (1.5.0 to 1.6.x, from their published changes). */
  algorithm?: ObservatoryAlgorithm;
}

/** Every result id the Observatory's ten tests can give. */
export type ObservatoryResultId =
  | 'csp-implemented-with-no-unsafe-default-src-none'
  | 'csp-implemented-with-no-unsafe'
  | 'csp-implemented-with-unsafe-inline-in-style-src-only'
  | 'csp-implemented-with-insecure-scheme-in-passive-content-only'
  | 'csp-implemented-with-unsafe-eval'
  | 'csp-implemented-with-unsafe-inline'
  | 'csp-implemented-with-insecure-scheme'
  | 'csp-implemented-but-duplicate-directives'
  | 'csp-header-invalid'
  | 'csp-not-implemented'
  | 'csp-not-implemented-but-reporting-enabled'
  | 'cookies-secure-with-httponly-sessions-and-samesite'
  | 'cookies-secure-with-httponly-sessions'
  | 'cookies-not-found'
  | 'cookies-without-secure-flag-but-protected-by-hsts'
  | 'cookies-session-without-secure-flag-but-protected-by-hsts'
  | 'cookies-without-secure-flag'
  | 'cookies-samesite-flag-invalid'
  | 'cookies-anticsrf-without-samesite-flag'
  | 'cookies-session-without-httponly-flag'
  | 'cookies-session-without-secure-flag'
  | 'cross-origin-resource-sharing-not-implemented'
  | 'cross-origin-resource-sharing-implemented-with-public-access'
  | 'cross-origin-resource-sharing-implemented-with-restricted-access'
  | 'cross-origin-resource-sharing-implemented-with-universal-access'
  | 'redirection-all-redirects-preloaded'
  | 'redirection-to-https'
  | 'redirection-not-needed-no-http'
  | 'redirection-off-host-from-http'
  | 'redirection-not-to-https-on-initial-redirection'
  | 'redirection-not-to-https'
  | 'redirection-missing'
  | 'redirection-invalid-cert'
  | 'referrer-policy-private'
  | 'referrer-policy-not-implemented'
  | 'referrer-policy-unsafe'
  | 'referrer-policy-header-invalid'
  | 'hsts-preloaded'
  | 'hsts-implemented-max-age-at-least-six-months'
  | 'hsts-implemented-max-age-less-than-six-months'
  | 'hsts-not-implemented'
  | 'hsts-header-invalid'
  | 'hsts-not-implemented-no-https'
  | 'hsts-invalid-cert'
  | 'sri-implemented-and-all-scripts-loaded-securely'
  | 'sri-implemented-and-external-scripts-loaded-securely'
  | 'sri-not-implemented-response-not-html'
  | 'sri-not-implemented-but-no-scripts-loaded'
  | 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin'
  | 'sri-not-implemented-but-external-scripts-loaded-securely'
  | 'sri-implemented-but-external-scripts-not-loaded-securely'
  | 'sri-not-implemented-and-external-scripts-not-loaded-securely'
  | 'html-not-parseable'
  | 'x-content-type-options-nosniff'
  | 'x-content-type-options-not-implemented'
  | 'x-content-type-options-header-invalid'
  | 'x-frame-options-implemented-via-csp'
  | 'x-frame-options-sameorigin-or-deny'
  | 'x-frame-options-allow-from-origin'
  | 'x-frame-options-not-implemented'
  | 'x-frame-options-header-invalid'
  | 'corp-header-invalid'
  | 'corp-implemented-with-cross-origin'
  | 'corp-implemented-with-same-origin'
  | 'corp-implemented-with-same-site'
  | 'corp-not-implemented';

/** One test as graded. */
export interface ObservatoryTest {
  name: ObservatoryTestName;
  /** The Observatory's result id. */
  result: ObservatoryResultId;
  /** Points added to (or taken from) the base of 100. */
  modifier: number;
  pass: boolean;
  /** The result was not observed but assumed from the options (redirection when https is declared). */
  assumed?: boolean;
  /** The test needs input that was not given (SRI without the HTML); its result is the neutral one. */
  notTested?: boolean;
  /** What the result means, in a sentence. */
  description: string;
}

export interface ObservatoryResult {
  /** 100 plus the modifiers; bonuses only count when the penalties leave 90 or more. Never below 0, may exceed 100. */
  score: number;
  grade: Grade;
  /** The scoring algorithm used, and the Observatory releases it stands for. */
  algorithm: { version: ObservatoryAlgorithm; observatory: string };
  tests: ObservatoryTest[];
  /** What the live scanner judges that could not be judged here, each with what it can cost. */
  notJudged: string[];
}

/** What a test gives before the modifier and description are looked up. */
export interface TestVerdict {
  result: ObservatoryResultId;
  pass: boolean;
  assumed?: boolean;
  notTested?: boolean;
}

/** Everything the tests read, worked out once from the headers and options. */
export interface ScoreContext {
  headers: HeaderSet;
  /** The page is (or will be) served over https. */
  https: boolean;
  /** Lower-case host name of the page. */
  host: string;
  /** Path of the page, for the default cookie path. */
  path: string;
  /** The body when the response is HTML and a body was given; undefined otherwise. */
  html?: string;
  /** `<meta http-equiv="content-security-policy">` contents, in document order. */
  metaCsp: string[];
  /** The last `<meta name="referrer">` content, if any. */
  metaReferrer?: string;
  redirects?: RedirectHop[];
  hstsPreloaded: boolean;
  algorithm: ObservatoryAlgorithm;
  /** The headers the CORS test reads: the probe's answer when given, else the response's. */
  corsHeaders: HeaderSet;
  /** Set-Cookie fields of the redirect hops the scanner's jar keeps, each with the host and path that set it, first hop first. */
  hopCookies: Array<{ header: string; host: string; path: string }>;
}

export type { HeaderSet };
