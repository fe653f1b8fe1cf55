import type { HeaderReport } from '../audit';
import type { CspViolation } from '../browser/types';
import type { Finding } from '../types';

/**
 * What a crawl returns: per page its URL, status, the document's header
 * report, the CSP violations the browser saw, the subresources whose headers
 * matter, and errors. The matchers, the report formatters and the CLI all
 * read this shape.
 */

export const SITE_REPORT = 'expect-secure-headers.SiteReport' as const;

/** A subresource whose own headers matter: a script or style without nosniff, a cookie set by a subresource. */
export interface SubresourceIssue {
  url: string;
  /** The resource type as the browser named it: script, stylesheet, fetch, image… */
  type: string;
  finding: Finding;
}

/** Why a page has no verdict, when it has none. */
export type PageErrorKind = 'timeout' | 'network' | 'http-error' | 'crash' | 'redirect-loop' | 'navigation';

export interface PageError {
  kind: PageErrorKind;
  message: string;
}

export interface PageReport {
  /** The normalized URL that was requested. */
  url: string;
  /** Where redirects ended, when they did. */
  finalUrl?: string;
  status?: number;
  /** Links followed from the start page to reach this one (the start page is 0). */
  depth: number;
  /** The page that linked here first (undefined for start pages and sitemap entries). */
  foundOn?: string;
  /** The document's header report; undefined when the page could not be loaded. */
  headers?: HeaderReport;
  /** CSP violations seen while the page loaded and settled (empty in headers-only mode). */
  violations: CspViolation[];
  subresources: SubresourceIssue[];
  error?: PageError;
  /** URLs the request was redirected through before `finalUrl`, in order (absent when there was no redirect). */
  redirects?: string[];
  /** Uncaught exceptions the page's scripts threw while it loaded and settled (browser mode). */
  scriptErrors?: string[];
  /** The document's header fields as received (name, value), so other judgements (toHaveCsp) can be made later. */
  responseHeaders?: Array<[string, string]>;
  /** Time to load and judge the page, in milliseconds. */
  durationMs: number;
  /** Requests to other origins the browser crawl blocked at the network layer (subresources, frames, popups): never sent. */
  blocked?: string[];
  /**
   * Set on the not-found probe (`probeNotFound`): a URL no page linked to,
   * asked for to judge the origin's error response. Its 4xx status is
   * expected, so it has no http-error.
   */
  probe?: 'not-found';
}

export interface SiteReport {
  kind: typeof SITE_REPORT;
  start: string[];
  /** The origins the crawl was allowed to visit. */
  origins: string[];
  mode: 'browser' | 'headers-only';
  pages: PageReport[];
  /** URLs found but not visited, because a limit was reached. */
  notVisited: string[];
  /** Which limit stopped the crawl, if one did. */
  stoppedBy?: 'maxPages' | 'maxDepth';
  /** Problems that did not stop the crawl and belong to no page (a sitemap that could not be read). */
  warnings?: string[];
  startedAt: string;
  durationMs: number;
}

export function isSiteReport(value: unknown): value is SiteReport {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === SITE_REPORT;
}
