import type { CspViolation } from '../browser/types';
import type { Finding } from '../types';

/**
 * The keys a baseline and SARIF fingerprints are built from. They leave out
 * the scheme, host and port of the site, so a baseline recorded against
 * http://127.0.0.1:PORT matches the same site on another port or host.
 */

/** The page's path and query: `/`, `/docs?page=2`. A string that is not a URL is kept as given. */
export function pageKey(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

/** The finding id, with the directive or cookie name when there is one: `cookies/no-secure session`. */
export function findingKey(finding: Finding): string {
  return finding.directive ? `${finding.id} ${finding.directive}` : finding.id;
}

/**
 * Disposition, effective directive and what was blocked: `enforce script-src-elem /js/app.js`.
 * A blocked URL on the page's own origin is kept as its path (the port changes
 * between runs); another origin keeps origin and path; the query is dropped
 * (cache busters). Inline code, eval and the like keep the browser's word.
 */
export function violationKey(violation: CspViolation, pageUrl: string = violation.url): string {
  return `${violation.disposition} ${violation.directive} ${blockedKey(violation.blockedURI, pageUrl)}`;
}

function blockedKey(blockedURI: string, pageUrl: string): string {
  let blocked: URL;
  try {
    blocked = new URL(blockedURI);
  } catch {
    return blockedURI || 'unknown';
  }
  if (blocked.protocol !== 'http:' && blocked.protocol !== 'https:' && blocked.protocol !== 'ws:' && blocked.protocol !== 'wss:') {
    return blocked.protocol.replace(/:$/, '');
  }
  let pageOrigin: string | undefined;
  try {
    pageOrigin = new URL(pageUrl).origin;
  } catch {
    pageOrigin = undefined;
  }
  return blocked.origin === pageOrigin ? blocked.pathname : blocked.origin + blocked.pathname;
}
