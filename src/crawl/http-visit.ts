import { auditHeaderSet } from '../audit';
import { createHeaderSet } from '../response/header-set';
import { toHeaderSet } from '../response/normalize';
import { httpGet, requestError } from './http';
import { extractLinks } from './links';
import type { PageReport } from './types';
import type { QueueEntry, VisitContext, VisitResult } from './visit-types';

/**
 * Headers-only mode: one page is one GET (plus its redirects). The final
 * response's headers are audited; an HTML body is scanned for links.
 */
export async function visitOverHttp(entry: QueueEntry, context: VisitContext): Promise<VisitResult> {
  const started = Date.now();
  const got = await httpGet(entry.url, { allowed: context.allowed, timeout: context.timeout });
  const report: PageReport = {
    url: entry.url,
    depth: entry.depth,
    ...(entry.foundOn ? { foundOn: entry.foundOn } : {}),
    violations: [],
    subresources: [],
    durationMs: 0,
  };
  const links: string[] = [];
  const aliases: string[] = [];

  const response = got.response;
  if (response && got.responseUrl) {
    // Every hop was covered by this visit; the last is where the page ended only when it was not a redirect.
    aliases.push(...got.chain.slice(1));
    const redirected = response.status >= 300 && response.status <= 399 && response.headers.has('location');
    if (got.responseUrl !== entry.url && !redirected) report.finalUrl = got.responseUrl;
    // The hops before the page; when the chain stopped at a redirect, every hop was one.
    const hops = redirected ? got.chain : got.chain.slice(0, -1);
    if (hops.length > 0) report.redirects = hops;
    report.status = response.status;
    const fields = headerFields(response);
    report.responseHeaders = fields;
    report.headers = auditHeaderSet(createHeaderSet(fields, { url: got.responseUrl, status: response.status }), context.audit);
    if (!got.error) {
      if (response.status >= 400) report.error = { kind: 'http-error', message: `${got.responseUrl} answered ${response.status} ${response.statusText}`.trim() };
      const type = response.headers.get('content-type') ?? '';
      if (response.status < 400 && /html/i.test(type)) {
        try {
          const html = await response.text();
          links.push(...extractLinks(html, got.responseUrl).map((l) => l.url));
        } catch (error) {
          report.error = requestError(error, got.responseUrl, context.timeout);
        }
      } else {
        await response.body?.cancel().catch(() => undefined);
      }
    }
  }
  if (got.error) report.error = got.error;
  report.durationMs = Date.now() - started;
  return { report, links, aliases };
}

/** Header fields as received; Set-Cookie kept one field per cookie (toHeaderSet reads a fetch Response that way). */
function headerFields(response: Response): Array<[string, string]> {
  const headers = toHeaderSet(response);
  return headers.names().flatMap((name) => headers.getAll(name).map((value) => [name, value] as [string, string]));
}
