/**
 * What a fix must achieve, said once by the rule that found the problem, and
 * what the response already has, so no writer proposes what is in effect.
 * Each framework writer (one module each) turns a goal into that framework's
 * own words.
 */

/** The frameworks fixes are written for. `header` is the plain header line. */
export const FRAMEWORKS = [
  'header',
  'helmet',
  'fastify-helmet',
  'koa-helmet',
  'flask-talisman',
  'flask-talisman-1.0',
  'flask-talisman-1.1',
  'django',
  'django-6',
  'nginx',
] as const;

/**
 * `helmet` is Express + helmet; `fastify-helmet` @fastify/helmet; `koa-helmet`
 * koa-helmet. `flask-talisman` is either Talisman release (the fix then works
 * on both); `-1.0` / `-1.1` name one (1.1 no longer sends X-XSS-Protection by
 * default). `django` is Django's own settings with django-csp 3.x for CSP (what
 * Debian ships: Django 3.2, django-csp 3.7); `django-6` uses Django 6.0's
 * built-in CSP settings instead.
 */
export type Framework = (typeof FRAMEWORKS)[number];

/** Names people reach for, and the framework they mean: for "did you mean" when the option is wrong. */
export const FRAMEWORK_ALIASES: Readonly<Record<string, Framework>> = {
  express: 'helmet',
  'express-helmet': 'helmet',
  fastify: 'fastify-helmet',
  '@fastify/helmet': 'fastify-helmet',
  koa: 'koa-helmet',
  flask: 'flask-talisman',
  talisman: 'flask-talisman',
  'django-csp': 'django',
  'django-6.0': 'django-6',
};

/** A header a goal sets; the casing is how fixes write it. */
export type SettableHeader =
  | 'X-Content-Type-Options'
  | 'Referrer-Policy'
  | 'Permissions-Policy'
  | 'Cross-Origin-Opener-Policy'
  | 'Cross-Origin-Embedder-Policy'
  | 'Cross-Origin-Resource-Policy'
  | 'Cache-Control'
  | 'Clear-Site-Data'
  | 'Integrity-Policy'
  | 'Integrity-Policy-Report-Only'
  | 'X-DNS-Prefetch-Control'
  | 'X-Permitted-Cross-Domain-Policies';

/** CSP directives as an ordered list of [name, values]; `'nonce'` in values stands for the per-response nonce. */
export type CspDirectives = ReadonlyArray<readonly [string, readonly string[]]>;

/** Every directive a csp-directive goal sets, the main one first. */
export function directivesOf(goal: { directive: string; values: readonly string[]; also: CspDirectives }): CspDirectives {
  return [[goal.directive, goal.values], ...goal.also];
}

/** The nonce marker in CSP goal values: each writer puts its own per-request nonce there. */
export const NONCE = "'nonce'";

export type FixGoal =
  | {
      kind: 'hsts';
      maxAge: number;
      includeSubDomains: boolean;
      preload: boolean;
      /** The header as received, parsed; undefined when absent. */
      has?: { maxAge: number; includeSubDomains: boolean; preload: boolean };
      /** The header as received is one no framework's own option sends (malformed, sent twice, an unknown directive): other code sets it. */
      foreign?: boolean;
    }
  | {
      kind: 'csp-policy';
      /** Only Content-Security-Policy-Report-Only is sent. */
      reportOnly: boolean;
      directives: CspDirectives;
      /** For API routes (a policy of their own, written out), not the app's default policy. */
      api: boolean;
    }
  | {
      kind: 'csp-directive';
      directive: string;
      values: readonly string[];
      /** Directives a nonce-based policy needs beside it and the policy lacks (base-uri 'none'). */
      also: CspDirectives;
      /** Directives that already carry a nonce (lower case): the fix keeps them. */
      nonceIn: readonly string[];
      /** The whole enforced policy with the change made, for servers that send the header whole (nginx). */
      policy: CspDirectives;
    }
  | {
      kind: 'framing';
      value: 'DENY' | 'SAMEORIGIN';
      /** The enforced frame-ancestors value when one governs (browsers then ignore X-Frame-Options). */
      frameAncestors?: string;
      /** The X-Frame-Options value received. */
      xfo?: string;
      /** The whole enforced policy with frame-ancestors set, when a policy governs. */
      policy?: CspDirectives;
    }
  | { kind: 'set'; header: SettableHeader; value: string; received?: string }
  | { kind: 'xss-filter-off'; received: string }
  | { kind: 'remove'; header: string; received: string }
  | {
      kind: 'cookie';
      name: string;
      secure: boolean;
      httpOnly: boolean;
      sameSite: 'Strict' | 'Lax' | 'None';
      /** What the cookie has now, so only what is missing is proposed. */
      has: { secure: boolean; httpOnly: boolean; sameSite?: string };
      hostPrefix: boolean;
      /** Attributes the cookie has that the fix leaves out (Domain on a __Host- cookie, a long Max-Age, Partitioned): writers that only add flags must say so. */
      drop?: readonly string[];
    }
  | {
      kind: 'cors';
      /** What to do, in words (CORS fixes are logic, not one header). */
      text: string;
    };
