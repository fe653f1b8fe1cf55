import type { Browser, Response as PlaywrightResponse } from '@playwright/test';
import { auditHeaderSet, type AuditOptions, type HeaderReport } from '../audit';
import { watchCspViolations } from '../browser/watch';
import type { CspViolation } from '../browser/types';
import { SITE_REPORT, type PageError, type PageReport, type SiteReport } from '../crawl/types';
import { toHeaderSet, toHeaderSetAsync } from '../response/normalize';
import type { HeaderSet } from '../types';

/**
 * `scan` without --crawl: each URL given is one page, nothing is followed.
 * In a browser the page is loaded in its own context with a CSP violation
 * watch; headers-only, it is one GET (redirects followed). Each header
 * report also gets its MDN Observatory score and grade.
 */

export interface PageScanOptions {
  browser?: Browser;
  audit: AuditOptions;
  timeout: number;
  concurrency: number;
  /** How long to wait, after load, for late violations to arrive. */
  quietMs?: number;
  onPage?: (done: number, total: number, url: string) => void;
}

/** Bodies bigger than this are not read for the score's HTML checks. */
const MAX_HTML = 2_000_000;

export async function scanPages(urls: string[], options: PageScanOptions): Promise<SiteReport> {
  const startedAt = new Date();
  const pages: PageReport[] = new Array(urls.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < urls.length) {
      const index = next++;
      const url = urls[index]!;
      pages[index] = options.browser ? await loadInBrowser(url, options.browser, options) : await loadOverHttp(url, options);
      options.onPage?.(++done, urls.length, url);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, urls.length)) }, worker));
  return {
    kind: SITE_REPORT,
    start: urls,
    origins: [...new Set(urls.map((u) => new URL(u).origin))],
    mode: options.browser ? 'browser' : 'headers-only',
    pages,
    notVisited: [],
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
}

function judged(headers: HeaderSet, audit: AuditOptions, html: string | undefined): HeaderReport {
  // The page's HTML lets the Observatory score run its SRI test.
  const contentType = headers.get('content-type') ?? '';
  return auditHeaderSet(headers, audit, html !== undefined && /html/i.test(contentType) ? { html } : {});
}

/** The fields as received, kept on the report as the crawler keeps them (the baseline records the CSP from them). */
function fieldsOf(headers: HeaderSet): Array<[string, string]> {
  return headers.names().flatMap((name) => headers.getAll(name).map((value) => [name, value] as [string, string]));
}

function httpError(url: string, status: number): PageError | undefined {
  return status >= 400 ? { kind: 'http-error', message: `${url} answered HTTP ${status}` } : undefined;
}

async function loadOverHttp(url: string, options: PageScanOptions): Promise<PageReport> {
  const began = Date.now();
  const report: PageReport = { url, depth: 0, violations: [], subresources: [], durationMs: 0 };
  try {
    const response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(options.timeout), headers: { accept: 'text/html,*/*' } });
    const headers = toHeaderSet(response);
    const body = await readText(response);
    report.status = response.status;
    if (response.url && response.url !== url) report.finalUrl = response.url;
    report.headers = judged(headers, options.audit, body);
    report.responseHeaders = fieldsOf(headers);
    const error = httpError(response.url || url, response.status);
    if (error) report.error = error;
  } catch (error) {
    report.error = fetchError(error, url, options.timeout);
  }
  report.durationMs = Date.now() - began;
  return report;
}

async function readText(response: Response): Promise<string | undefined> {
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_HTML) {
    await response.body?.cancel();
    return undefined;
  }
  const text = await response.text();
  return text.length > MAX_HTML ? undefined : text;
}

function fetchError(error: unknown, url: string, timeout: number): PageError {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { kind: 'timeout', message: `${url} did not answer within ${timeout} ms` };
  const cause = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
  if (/redirect/i.test(String(e?.message) + String(e?.cause?.message))) return { kind: 'redirect-loop', message: `${url}: ${cause}` };
  return { kind: 'network', message: `${url} could not be fetched (${cause})` };
}

async function loadInBrowser(url: string, browser: Browser, options: PageScanOptions): Promise<PageReport> {
  const began = Date.now();
  const report: PageReport = { url, depth: 0, violations: [], subresources: [], durationMs: 0 };
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const log = await watchCspViolations(page);
    let response: PlaywrightResponse | null;
    try {
      response = await page.goto(url, { waitUntil: 'load', timeout: options.timeout });
    } catch (error) {
      report.error = navigationError(error, url, options.timeout);
      report.violations = log.violations();
      return report;
    }
    if (!response) {
      report.error = { kind: 'navigation', message: `${url} gave no document response` };
      return report;
    }
    const headers = await toHeaderSetAsync(response);
    const body = await response.text().catch(() => undefined);
    report.status = response.status();
    if (response.url() !== url) report.finalUrl = response.url();
    report.headers = judged(headers, options.audit, body);
    report.responseHeaders = fieldsOf(headers);
    const error = httpError(response.url(), response.status());
    if (error) report.error = error;
    const quiet = options.quietMs ?? 200;
    const violations: CspViolation[] = await log.waitForIdle(quiet, Math.min(1000, options.timeout));
    await log.stop();
    report.violations = violations;
    return report;
  } finally {
    report.durationMs = Date.now() - began;
    await context.close().catch(() => undefined);
  }
}

function navigationError(error: unknown, url: string, timeout: number): PageError {
  const message = (error as Error)?.message?.split('\n')[0] ?? String(error);
  if (/Timeout/i.test(message)) return { kind: 'timeout', message: `${url} did not load within ${timeout} ms` };
  if (/ERR_TOO_MANY_REDIRECTS/.test(message)) return { kind: 'redirect-loop', message: `${url}: too many redirects` };
  if (/net::ERR_/.test(message)) return { kind: 'network', message: `${url} could not be loaded (${/net::ERR_\w+/.exec(message)?.[0]})` };
  if (/crash/i.test(message)) return { kind: 'crash', message: `the page crashed loading ${url}` };
  return { kind: 'navigation', message: `${url}: ${message}` };
}
