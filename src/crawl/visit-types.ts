import type { AuditOptions } from '../audit';
import type { RedirectCookies, RedirectHop } from '../score';
import type { HeaderField } from '../response/header-set';
import type { PageReport } from './types';

/** One URL the crawler will visit, and how it got there. */
export interface QueueEntry {
  url: string;
  depth: number;
  foundOn?: string;
}

/** What a visit gives back to the crawl loop. */
export interface VisitResult {
  report: PageReport;
  /** Link targets found on the page, in normal form (`normalizeUrl`), not yet filtered. */
  links: string[];
  /** Other URLs this visit covered (where redirects led), so they are not visited again. */
  aliases: string[];
  /** The document response whose headers the report judges; the crawl audits them all once the pages are fetched. */
  document?: DocumentResponse;
}

/** What the audit of a page reads: the last response's fields, URL and status, and what the Observatory score reads besides. */
export interface DocumentResponse {
  fields: readonly HeaderField[];
  url: string;
  status: number;
  /** The HTML body, when the page is HTML and it was read. */
  html?: string;
  /** The redirect chain, when the page was asked for over http:// (the Observatory's redirection test judges that chain). */
  redirects?: RedirectHop[];
  /** The redirect hops followed to reach the page, with their Set-Cookie fields, when one set a cookie (the Observatory's cookie jar keeps some of them). */
  redirectCookies?: RedirectCookies[];
  /** The body was longer than MAX_BODY_BYTES: the audit adds body/too-long. */
  bodyTooLong?: 'browser' | 'headers-only';
}

/** What every visit needs to know. */
export interface VisitContext {
  allowed: (url: string) => boolean;
  timeout: number;
  /** For the subresources a browser visit judges on the spot. */
  audit: AuditOptions;
}

/** A page's report before its visit fills it in. */
export function emptyPageReport(entry: QueueEntry): PageReport {
  // Two literals rather than a conditional spread: this runs for every page.
  return entry.foundOn
    ? { url: entry.url, depth: entry.depth, foundOn: entry.foundOn, violations: [], subresources: [], durationMs: 0 }
    : { url: entry.url, depth: entry.depth, violations: [], subresources: [], durationMs: 0 };
}

/**
 * The redirect hops before the page with the cookies they set: `urls` and
 * `setCookies` are the chain and each response's Set-Cookie values, the page
 * (the last response) last. Undefined when no hop set a cookie, so pages
 * without such cookies share one audit.
 */
export function redirectCookiesOf(urls: readonly string[], setCookies: ReadonlyArray<readonly string[]>): RedirectCookies[] | undefined {
  const hops = setCookies.slice(0, -1).map((cookies, i) => ({ url: urls[i]!, setCookie: [...cookies] }));
  return hops.some((hop) => hop.setCookie.length > 0) ? hops : undefined;
}
