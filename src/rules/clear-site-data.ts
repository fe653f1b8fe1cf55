import type { Finding, HeaderSet } from '../types';
import { owaspValue } from './data/owasp-headers-add';
import { fixFor } from './fix';
import type { Rule, RuleContext } from './types';
import { finding, splitCommas } from './util';

/**
 * Clear-Site-Data (W3C Clear Site Data §3.1): a list of quoted strings,
 * `"cache"`, `"cookies"`, `"storage"`, `"executionContexts"`,
 * `"clientHints"`, `"prefetchCache"`, `"prerenderCache"` or `"*"`. Unquoted
 * or unknown types are ignored by browsers. OWASP's add list sends
 * `"cache","cookies","storage"`; it belongs on the response that logs a user
 * out, so it is asked for (as advice) on the logout paths the user names
 * (`logoutPaths`), never elsewhere: on any other page it would log the user out.
 */
export const CLEAR_SITE_DATA_FINDING_IDS = ['clear-site-data/invalid', 'clear-site-data/missing-on-logout'] as const;

const HEADER = 'clear-site-data';
export const CLEAR_SITE_DATA_TYPES = ['cache', 'cookies', 'storage', 'executionContexts', 'clientHints', 'prefetchCache', 'prerenderCache', '*'] as const;

/** The types a browser would act on, and the members it would ignore. */
export function parseClearSiteData(value: string): { types: string[]; ignored: string[] } {
  const types: string[] = [];
  const ignored: string[] = [];
  for (const member of splitCommas(value)) {
    const quoted = /^"([^"]*)"$/.exec(member);
    if (quoted && (CLEAR_SITE_DATA_TYPES as readonly string[]).includes(quoted[1]!)) types.push(quoted[1]!);
    else if (member !== '') ignored.push(member);
  }
  return { types, ignored };
}

/** Whether the response's path is one of the logout paths (exact, or a prefix ending in `*`). */
function onLogoutPath(url: string | undefined, paths: readonly string[]): boolean {
  if (url === undefined || paths.length === 0) return false;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  return paths.some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p));
}

export function checkClearSiteData(headers: HeaderSet, context: RuleContext): Finding[] {
  const value = headers.get(HEADER);
  const owasp = owaspValue('Clear-Site-Data');
  const fix = fixFor({ kind: 'set', header: 'Clear-Site-Data', value: owasp, ...(value !== undefined ? { received: value } : {}) }, context);
  const findings: Finding[] = [];
  if (value !== undefined) {
    const { types, ignored } = parseClearSiteData(value);
    if (ignored.length > 0) {
      findings.push(
        finding({
          id: 'clear-site-data/invalid',
          severity: 'low',
          header: HEADER,
          received: value,
          expected: `quoted types such as ${owasp}`,
          fix,
          message: `Clear-Site-Data ${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored by browsers (each type must be quoted, one of ${CLEAR_SITE_DATA_TYPES.map((t) => `"${t}"`).join(', ')})${types.length === 0 ? ': nothing is cleared' : ''}`,
        }),
      );
    }
  } else if (onLogoutPath(headers.url, context.logoutPaths ?? [])) {
    findings.push(
      finding({
        id: 'clear-site-data/missing-on-logout',
        severity: context.level === 'strict' ? 'low' : 'info',
        header: HEADER,
        expected: owasp,
        fix,
        message: 'this logout response sends no Clear-Site-Data, so the browser keeps the cache, cookies and storage of the session that just ended',
      }),
    );
  }
  return findings;
}

export const clearSiteDataRule: Rule = {
  name: 'clear-site-data',
  header: HEADER,
  summary: 'Clear-Site-Data, when sent, names types browsers know; logout paths clear the site',
  check: checkClearSiteData,
};
