import type { Finding, HeaderSet, ResponseKind, RuleName } from '../types';

/** How demanding the rules are: `recommended` is a sound production app, `strict` the OWASP Secure Headers Project's values. */
export type RuleLevel = 'recommended' | 'strict';

/** What a rule knows besides the headers. Built by the audit from the preset and the user's options. */
export interface RuleContext {
  level: RuleLevel;
  /** The response is served over TLS: its URL is https, or the user said so (`https: true`, behind a proxy or in a test). */
  https: boolean;
  /** Require COOP/COEP/CORP for cross-origin isolation. */
  crossOriginIsolation: boolean;
  /** The Origin the request was sent with, when known: lets the CORS rule spot a reflected origin. */
  requestOrigin?: string;
  /** What the response is (its Content-Type, or the `kind` option): rules judge a page, an API response or a file each by what applies to it. */
  kind: ResponseKind;
  /** Why that kind, for messages: `Content-Type application/json`. */
  kindReason: string;
  /** The framework the response came from, for fixes in its own words (see fixes.ts); undefined: plain header lines. */
  framework?: Framework;
  /** The response body when it is HTML and was given: the integrity-policy rule looks for SRI in it. */
  html?: string;
  /** Paths that log the user out (`/logout`, or a prefix ending in `*`): Clear-Site-Data is advised there. */
  logoutPaths?: readonly string[];
}

export type { Framework } from '../fixes/types';
import type { Framework } from '../fixes/types';

/**
 * A rule: one header family, one module. `check` is pure: headers in,
 * findings out. `skip` says why the rule does not apply to this response
 * (HSTS over plain http), or undefined when it does.
 */
export interface Rule {
  name: RuleName;
  /** The header(s) it is about, for reports: `strict-transport-security`. */
  header: string;
  /** What a pass means, in words, for `.not` messages and reports. */
  summary: string;
  skip?(headers: HeaderSet, context: RuleContext): string | undefined;
  check(headers: HeaderSet, context: RuleContext): Finding[];
}
