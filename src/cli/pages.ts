import type { Browser, BrowserContext } from '@playwright/test';
import { addFinding, auditHeaderSet, type AuditOptions, type HeaderReport } from '../audit';
import { withTimeout } from '../browser/timing';
import { BrowserWorker, keepToOrigins } from '../crawl/browser-visit';
import { HttpClient } from '../crawl/http';
import { markNotFoundProbe, notFoundProbeUrls } from '../crawl/probe';
import { SITE_REPORT, type PageError, type PageReport, type SiteReport } from '../crawl/types';
import { createHeaderSet } from '../response/header-set';
import { bodyTooLongFinding } from '../response/limits';
import type { HeaderSet } from '../types';
import { observatoryCorsProbe, type RedirectCookies, type RedirectHop } from '../score';
import { redirectCookiesOf } from '../crawl/visit-types';

/**
 * `scan` without --crawl: each URL given is one page, nothing is followed.
 * In a browser the page is visited in its own context as the browser crawl
 * visits a page (bounded body, timeout and settle grace, other origins
 * blocked, a new browser after a crash); headers-only, it is one GET
 * (redirects within its origin followed, the body read up to
 * MAX_BODY_BYTES). Each header report also gets its MDN Observatory score
 * and grade.
 */

export interface PageScanOptions {
  browser?: Browser;
  /** Launches a browser in place of `browser` when it died (a page that killed it), for the pages after; without it they fail. */
  relaunch?: () => Promise<Browser>;
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
  const browsers = options.browser ? new BrowserSupply(options.browser, options.relaunch) : undefined;
  const worker = async () => {
    while (next < urls.length) {
      const index = next++;
      const url = urls[index]!;
      // The CORS probe goes with the pages given, as the scanner's with the site it scans; not with the not-found probe.
      const cors = index < given.length;
      const page = browsers ? await loadInBrowser(url, browsers, client, options, cors) : await loadOverHttp(url, client, options, cors);
      pages[index] = index >= given.length ? markNotFoundProbe(page) : page;
      options.onPage?.(++done, urls.length, url);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, urls.length)) }, worker));
  } finally {
    client.close();
    await browsers?.close();
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
    // Read as the crawl reads it: at most MAX_BODY_BYTES; a longer body is not judged on its first part.
    let body: string | undefined;
    let complete = true;
    try {
      const read = await response.read();
      complete = read.complete;
      if (complete) body = read.body.toString('utf8');
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
    if (!complete) addFinding(report.headers, bodyTooLongFinding('headers-only'), options.audit);
    const error = httpError(response.url, response.status);
    if (error) report.error = error;
  } else {
    report.error = got.error ?? { kind: 'network', message: `${url} gave no response` };
  }
  report.durationMs = Date.now() - began;
  return report;
}

/**
 * One page in its own context, visited the way the browser crawl visits a page
 * (src/crawl/browser-visit.ts): the document fetched by the bounded client
 * (at most MAX_BODY_BYTES; a longer one is not loaded and gets body/too-long),
 * every other-origin request blocked at the network layer and recorded, the
 * load within the timeout and what follows within SETTLE_GRACE_MS, a stuck or
 * crashed page stopped. A browser that died is launched again for the pages
 * after (`browsers.context`).
 */
async function loadInBrowser(url: string, browsers: BrowserSupply, client: HttpClient, options: PageScanOptions, cors: boolean): Promise<PageReport> {
  const began = Date.now();
  let context: BrowserContext;
  try {
    context = await browsers.context({
      ...(options.requestHeaders && Object.keys(options.requestHeaders).length ? { extraHTTPHeaders: options.requestHeaders } : {}),
      ...(options.ignoreHttpsErrors ? { ignoreHTTPSErrors: true } : {}),
    });
  } catch (error) {
    const message = (error as Error)?.message?.split('\n')[0] ?? String(error);
    return { url, depth: 0, violations: [], subresources: [], durationMs: Date.now() - began, error: { kind: 'crash', message: `no browser to load ${url} in (${message})` } };
  }
  const allowed = (candidate: string) => sameOrigin(candidate, url);
  let worker: BrowserWorker | undefined;
  try {
    // Popups and WebSockets are the context's to block; the worker's page route blocks the rest.
    await keepToOrigins(context, allowed, (blockedUrl) => worker?.noteBlocked(blockedUrl));
    worker = await BrowserWorker.open(context, { allowed, timeout: options.timeout, audit: options.audit, quietMs: options.quietMs ?? 200, client });
    const { report, document } = await worker.visit({ url, depth: 0 });
    if (document) {
      const corsResponse = cors && !document.bodyTooLong ? await corsProbe(document.url, url, options) : undefined;
      const headers = createHeaderSet(document.fields, { url: document.url, status: document.status });
      report.headers = judged(headers, options.audit, { html: document.html, redirects: document.redirects, redirectCookies: document.redirectCookies, corsResponse });
      if (document.bodyTooLong) addFinding(report.headers, bodyTooLongFinding(document.bodyTooLong), options.audit);
    }
    report.durationMs = Date.now() - began;
    return report;
  } catch (error) {
    // The browser went away under the visit (killed, out of memory): recorded, and the next page gets a new one.
    const message = (error as Error)?.message?.split('\n')[0] ?? String(error);
    return { url, depth: 0, violations: [], subresources: [], durationMs: Date.now() - began, error: { kind: 'crash', message: `the browser went away loading ${url} (${message})` } };
  } finally {
    await within(worker?.close(), CLOSE_MS);
    await within(context.close(), CLOSE_MS);
  }
}

/** Closing a page or context whose renderer is stuck gets this long; what will not close is left to the browser's close. */
const CLOSE_MS = 5000;

/** Waits for `promise` at most `ms`; whether it closed or failed is not the page's result. */
async function within(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (promise) await withTimeout(promise, ms).catch(() => undefined);
}

/**
 * The browser the scan was given, and the ones launched after it died. Every
 * page that finds the browser gone waits for the same relaunch; the scan
 * closes the browsers it launched, the caller the one it gave.
 */
class BrowserSupply {
  private current: Browser;
  private relaunching: Promise<Browser> | undefined;
  private readonly launched: Browser[] = [];

  constructor(
    browser: Browser,
    private readonly relaunch: (() => Promise<Browser>) | undefined,
  ) {
    this.current = browser;
  }

  async context(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
    const browser = this.current;
    if (browser.isConnected()) {
      try {
        return await browser.newContext(options);
      } catch (error) {
        if (browser.isConnected() || !this.relaunch) throw error;
      }
    }
    if (!this.relaunch) throw new Error('the browser was closed or crashed');
    return (await this.replace(browser)).newContext(options);
  }

  private replace(dead: Browser): Promise<Browser> {
    if (this.current !== dead) return Promise.resolve(this.current);
    this.relaunching ??= this.relaunch!().then((next) => {
      this.launched.push(next);
      this.current = next;
      this.relaunching = undefined;
      return next;
    }, (error: unknown) => {
      this.relaunching = undefined;
      throw error;
    });
    return this.relaunching;
  }

  async close(): Promise<void> {
    await Promise.all(this.launched.map((b) => b.close().catch(() => undefined)));
  }
}
