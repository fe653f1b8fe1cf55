import { requestError, type HttpClient } from './http';
import { extractLinks } from './links';
import type { PageReport } from './types';
import { emptyPageReport, redirectCookiesOf, type QueueEntry, type VisitContext, type VisitResult } from './visit-types';

/**
 * Headers-only mode: one page is one GET (plus its redirects). The last
 * response is handed back for the audit; an HTML body is scanned for links.
 */
export async function visitOverHttp(client: HttpClient, entry: QueueEntry, context: VisitContext): Promise<VisitResult> {
  const started = Date.now();
  const got = await client.get(entry.url, { allowed: context.allowed, timeout: context.timeout });
  const report: PageReport = emptyPageReport(entry);
  let links: string[] = [];
  let html: string | undefined;
  let complete = true;
  // Every hop was covered by this visit.
  const aliases = got.chain.slice(1);

  const response = got.response;
  if (response) {
    const redirected = response.status >= 300 && response.status <= 399 && response.header('location') !== undefined;
    // Where the page ended, only when it ended at a page and not at a redirect that was not followed.
    if (response.url !== entry.url && !redirected) report.finalUrl = response.url;
    const hops = redirected ? got.chain : got.chain.slice(0, -1);
    if (hops.length > 0) report.redirects = hops;
    report.status = response.status;
    report.responseHeaders = response.fields;
    if (!got.error) {
      if (response.status >= 400) report.error = { kind: 'http-error', message: `${response.url} answered ${response.status} ${response.statusText}`.trim() };
      if (response.status < 400 && /html/i.test(response.header('content-type') ?? '')) {
        try {
          const read = await response.read();
          complete = read.complete;
          const text = read.body.toString('utf8');
          links = extractLinks(text, response.url).map((l) => l.url);
          // A cut body is not given to the score: what it says of meta policies and SRI would be about part of a page.
          if (complete) html = text;
        } catch (error) {
          report.error = requestError(error, response.url, context.timeout);
        }
      } else {
        response.discard();
      }
    }
  }
  if (got.error) report.error = got.error;
  report.durationMs = Date.now() - started;
  if (!response) return { report, links, aliases };
  // The Observatory judges the chain from the http:// URL; an https start has no such chain to give.
  const redirects = entry.url.startsWith('http:') && got.statuses.length === got.chain.length ? got.chain.map((url, i) => ({ url, status: got.statuses[i]! })) : undefined;
  // Cookies set on the way: the Observatory's jar keeps those of its https session's hops.
  const redirectCookies = redirectCookiesOf(got.chain, got.setCookies);
  const document = {
    fields: response.fields,
    url: response.url,
    status: response.status,
    ...(html !== undefined ? { html } : {}),
    ...(redirects ? { redirects } : {}),
    ...(redirectCookies ? { redirectCookies } : {}),
    ...(complete ? {} : { bodyTooLong: 'headers-only' as const }),
  };
  return { report, links, aliases, document };
}
