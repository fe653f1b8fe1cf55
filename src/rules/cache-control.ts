import type { Finding, HeaderSet } from '../types';
import { owaspValue } from './data/owasp-headers-add';
import { fixFor } from './fix';
import type { Rule, RuleContext } from './types';
import { finding, splitCommas } from './util';

/**
 * Cache-Control on responses that carry one user's data. OWASP's add list
 * (data/owasp-headers-add.ts) sends `no-store, max-age=0` everywhere; that
 * would make every stylesheet and image uncacheable, so the strict level asks
 * for it only where it protects something: a response that sets a cookie, or
 * one that says it differs per user (`Vary: Cookie` or `Vary: Authorization`).
 * At every level, `public` or `s-maxage` on a response that sets a cookie is
 * a finding: a shared cache may store it and hand the cookie to the next
 * visitor (RFC 9111 §3: Set-Cookie does not stop a shared cache).
 */
export const CACHE_CONTROL_FINDING_IDS = ['cache-control/missing', 'cache-control/not-no-store', 'cache-control/shared-with-cookies'] as const;

const HEADER = 'cache-control';

/** Lower-case directive names of a Cache-Control value. */
export function cacheDirectives(value: string): Set<string> {
  return new Set(splitCommas(value).map((d) => d.split('=')[0]!.trim().toLowerCase()).filter(Boolean));
}

/** Why the response holds one user's data, or undefined when nothing says so. */
export function userDataReason(headers: HeaderSet): string | undefined {
  if (headers.getAll('set-cookie').length > 0) return 'it sets a cookie';
  const vary = headers.getAll('vary').flatMap(splitCommas).map((v) => v.toLowerCase());
  if (vary.includes('cookie')) return 'it varies by Cookie';
  if (vary.includes('authorization')) return 'it varies by Authorization';
  return undefined;
}

export function checkCacheControl(headers: HeaderSet, context: RuleContext): Finding[] {
  const reason = userDataReason(headers);
  if (reason === undefined) return [];
  const value = headers.get(HEADER);
  const directives = value === undefined ? new Set<string>() : cacheDirectives(value);
  const owasp = owaspValue('Cache-Control');
  const fix = fixFor({ kind: 'set', header: 'Cache-Control', value: owasp, ...(value !== undefined ? { received: value } : {}) }, context);
  const base = { header: HEADER, received: value, expected: owasp, fix };
  if (headers.getAll('set-cookie').length > 0 && (directives.has('public') || directives.has('s-maxage'))) {
    return [finding({ ...base, id: 'cache-control/shared-with-cookies', severity: 'medium', message: `Cache-Control ${value} lets shared caches store a response that sets a cookie: the next visitor may get this one's cookie` })];
  }
  if (context.level !== 'strict') return [];
  if (value === undefined) return [finding({ ...base, id: 'cache-control/missing', severity: 'low', message: `no Cache-Control on a response with user data (${reason}): caches and the back button may keep it (OWASP: ${owasp})` })];
  if (!directives.has('no-store')) {
    return [finding({ ...base, id: 'cache-control/not-no-store', severity: 'low', message: `Cache-Control ${value} lets caches keep a response with user data (${reason}); OWASP asks for ${owasp}` })];
  }
  return [];
}

export const cacheControlRule: Rule = {
  name: 'cache-control',
  header: HEADER,
  summary: 'responses with user data are not stored by shared caches (strict: not stored at all)',
  check: checkCacheControl,
};
