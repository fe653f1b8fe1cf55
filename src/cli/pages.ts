import type { Browser, Response as PlaywrightResponse } from '@playwright/test';
import { auditHeaderSet, type AuditOptions, type HeaderReport } from '../audit';
import { watchCspViolations } from '../browser/watch';
import type { CspViolation } from '../browser/types';
import { HttpClient } from '../crawl/http';
import { markNotFoundProbe, notFoundProbeUrls } from '../crawl/probe';
import { SITE_REPORT, type PageError, type PageReport, type SiteReport } from '../crawl/types';
import { createHeaderSet } from '../response/header-set';
import { toHeaderSetAsync } from '../response/normalize';
import type { HeaderSet } from '../types';
import { observatoryCorsProbe, type RedirectCookies, type RedirectHop } from '../score';
import { redirectCookiesOf } from '../crawl/visit-types';

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
  /** Sent with every page load (an auth cookie or token). */
  requestHeaders?: Record<string, string>;
  /** Accept invalid TLS certificates (self-signed staging servers). */
  ignoreHttpsErrors?: boolean;
  /** Also load one not-found URL per origin and judge its error response (crawl's probeNotFound). */
  probeNotFound?: boolean;
}

/** Bodies bigger than this are not read for the score's HTML checks. */
const MAX_HTML = 2_000_000;

export async function scanPages(given: string[], options: PageScanOptions): Promise<SiteReport> {
  const startedAt = new Date();
  const probes = options.probeNotFound ? notFoundProbeUrls(given).filter((url) => !given.includes(url)) : [];
  const urls = [...given, ...probes];
  const pages: PageReport[] = new Array(urls.length);
  let next = 0;
  let done = 0;
  const client = new HttpClient(options.concurrency, { ...(options.requestHeaders ? { headers: options.requestHeaders } : {}), ignoreHttpsErrors: options.ignoreHttpsErrors === true });
  const worker = async () => {
    while (next < urls.length) {
      const index = next++;
      const url = urls[index]!;
      // The CORS probe goes with the pages given, as the scanner's with the site it scans; not with the not-found probe.
      const cors = index < given.length;
      const page = options.browser ? await loadInBrowser(url, options.browser, options, cors) : await loadOverHttp(url, client, options, cors);
      pages[index] = index >= given.length ? markNotFoundProbe(page) : page;
      options.onPage?.(++done, urls.length, url);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, urls.length)) }, worker));
  } finally {
    client.close();
  }
  return {
    kind: SITE_REPORT,
    start: given,
    origins: [...new Set(given.map((u) => new URL(u).origin))],
    mode: options.browser ? 'browser' : 'headers-only',
    pages,
    notVisited: [],
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
}

interface ScoringInputs {
  html?: string | undefined;
  redirects?: RedirectHop[] | undefined;
  redirectCookies?: RedirectCookies[] | undefined;
  corsResponse?: HeaderSet | undefined;
}

function judged(headers: HeaderSet, audit: AuditOptions, page: ScoringInputs): HeaderReport {
  // The page's HTML (meta policies, SRI), its http:// redirect chain, the cookies set on the way and the CORS probe's answer, as the Observatory's scanner reads them.
  const contentType = headers.get('content-type') ?? '';
  const { html, redirects, redirectCookies, corsResponse } = page;
  return auditHeaderSet(headers, audit, {
    ...(html !== undefined && html.length <= MAX_HTML && /html/i.test(contentType) ? { html } : {}),
    ...(redirects ? { redirects } : {}),
    ...(redirectCookies ? { redirectCookies } : {}),
    ...(corsResponse ? { corsResponse } : {}),
  });
}

/**
 * The Observatory's CORS probe (OPTIONS with its Origin, src/score/probe.ts),
 * sent where its scanner sends it: to the URL the page ended at, which is
 * always on the origin given (other origins are not followed). Unanswered, the
 * page's own headers stand in, as before.
 */
async function corsProbe(finalUrl: string, given: string, options: PageScanOptions): Promise<HeaderSet | undefined> {
  if (!sameOrigin(finalUrl, given)) return undefined;
  return observatoryCorsProbe(finalUrl, options.timeout);
}

/** The fields as received, kept on the report as the crawler keeps them (the baseline records the CSP from them). */
function fieldsOf(headers: HeaderSet): Array<[string, string]> {
  return headers.names().flatMap((name) => headers.getAll(name).map((value) => [name, value] as [string, string]));
}

function sameOrigin(candidate: string, url: string): boolean {
  try {
    return new URL(candidate).origin === new URL(url).origin;
  } catch {
    return false;
  }
}

function httpError(url: string, status: number): PageError | undefined {
  return status >= 400 ? { kind: 'http-error', message: `${url} answered HTTP ${status}` } : undefined;
}

async function loadOverHttp(url: string, client: HttpClient, options: PageScanOptions, cors: boolean): Promise<PageReport> {
  const began = Date.now();
  const report: PageReport = { url, depth: 0, violations: [], subresources: [], durationMs: 0 };
  // The origin given is kept: a redirect to another origin is reported, not followed.
  const got = await client.get(url, { allowed: (next) => sameOrigin(next, url), timeout: options.timeout, accept: 'text/html,*/*' });
  const response = got.response;
  if (response && !got.error) {
    let body: string | undefined;
    try {
      body = await response.text();
    } catch {
      body = undefined;
    }
    report.status = response.status;
    if (response.url !== url) report.finalUrl = response.url;
    report.responseHeaders = response.fields;
    // The Observatory's chain starts at the http:// URL; an https start has none to give.
    const redirects = url.startsWith('http:') && got.statuses.length === got.chain.length ? got.chain.map((hop, i) => ({ url: hop, status: got.statuses[i]! })) : undefined;
    const redirectCookies = redirectCookiesOf(got.chain, got.setCookies);
    const corsResponse = cors ? await corsProbe(response.url, url, options) : undefined;
    report.headers = judged(createHeaderSet(response.fields, { url: response.url, status: response.status }), options.audit, { html: body, redirects, redirectCookies, corsResponse });
    const error = httpError(response.url, response.status);
    if (error) report.error = error;
  } else {
    report.error = got.error ?? { kind: 'network', message: `${url} gave no response` };
  }
  report.durationMs = Date.now() - began;
  return report;
}

async function loadInBrowser(url: string, browser: Browser, options: PageScanOptions, cors: boolean): Promise<PageReport> {
  const began = Date.now();
  const report: PageReport = { url, depth: 0, violations: [], subresources: [], durationMs: 0 };
  const context = await browser.newContext({
    ...(options.requestHeaders && Object.keys(options.requestHeaders).length ? { extraHTTPHeaders: options.requestHeaders } : {}),
    ...(options.ignoreHttpsErrors ? { ignoreHTTPSErrors: true } : {}),
  });
  const blocked: string[] = [];
  try {
    // Nothing leaves the page's origin: other origins' requests (a redirect, a subresource, a popup) are blocked at the network layer.
    await context.route('**/*', (route) => {
      if (sameOrigin(route.request().url(), url)) return route.continue().catch(() => undefined);
      blocked.push(route.request().url());
      return route.abort('blockedbyclient').catch(() => undefined);
    });
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
    const { redirects, redirectCookies } = await browserRedirects(response, url);
    const corsResponse = cors ? await corsProbe(response.url(), url, options) : undefined;
    report.headers = judged(headers, options.audit, { html: body, redirects, redirectCookies, corsResponse });
    report.responseHeaders = fieldsOf(headers);
    const error = httpError(response.url(), response.status());
    if (error) report.error = error;
    const quiet = options.quietMs ?? 200;
    const violations: CspViolation[] = await log.waitForIdle(quiet, Math.min(1000, options.timeout));
    await log.stop();
    report.violations = violations;
    return report;
  } finally {
    if (blocked.length > 0) report.blocked = [...new Set(blocked)];
    report.durationMs = Date.now() - began;
    await context.close().catch(() => undefined);
  }
}

/**
 * The redirects the browser followed to the document, first hop first: as
 * the chain the Observatory's redirection test judges (for an http:// start,
 * as headers-only scans give it) and with the cookies each hop set.
 */
async function browserRedirects(response: PlaywrightResponse, start: string): Promise<Pick<ScoringInputs, 'redirects' | 'redirectCookies'>> {
  const hops: PlaywrightResponse[] = [];
  for (let request = response.request().redirectedFrom(); request; request = request.redirectedFrom()) {
    const hop = await request.response().catch(() => null);
    if (!hop) return {}; // a hop without its response: the chain is not known
    hops.unshift(hop);
  }
  const setCookies = await Promise.all(
    hops.map(async (hop) => (await hop.headersArray().catch(() => [])).filter(({ name }) => name.toLowerCase() === 'set-cookie').map(({ value }) => value)),
  );
  const chain = [...hops, response];
  return {
    ...(start.startsWith('http:') ? { redirects: chain.map((hop) => ({ url: hop.url(), status: hop.status() })) } : {}),
    redirectCookies: redirectCookiesOf(chain.map((hop) => hop.url()), [...setCookies, []]),
  };
}

function navigationError(error: unknown, url: string, timeout: number): PageError {
  const message = (error as Error)?.message?.split('\n')[0] ?? String(error);
  if (/Timeout/i.test(message)) return { kind: 'timeout', message: `${url} did not load within ${timeout} ms` };
  if (/ERR_TOO_MANY_REDIRECTS/.test(message)) return { kind: 'redirect-loop', message: `${url}: too many redirects` };
  if (/net::ERR_/.test(message)) return { kind: 'network', message: `${url} could not be loaded (${/net::ERR_\w+/.exec(message)?.[0]})` };
  if (/crash/i.test(message)) return { kind: 'crash', message: `the page crashed loading ${url}` };
  return { kind: 'navigation', message: `${url}: ${message}` };
}
