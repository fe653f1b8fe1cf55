import type { BrowserContext, Page, Request, Response, Route } from '@playwright/test';
import { call, COLLECT_LINKS } from '../browser/page-script';
import type { CspViolationLog } from '../browser/types';
import { watchCspViolations } from '../browser/watch';
import { createHeaderSet, type HeaderField } from '../response/header-set';
import { MAX_BODY_BYTES } from '../response/limits';
import { MAX_REDIRECTS, requestError, type HttpClient, type HttpResponse } from './http';
import { dedupeIssues, subresourceIssues } from './subresources';
import type { PageError, PageReport } from './types';
import { normalizeUrl } from './url';
import { emptyPageReport, redirectCookiesOf, type DocumentResponse, type QueueEntry, type VisitContext, type VisitResult } from './visit-types';

/**
 * One browser page that visits URLs one after another. Every main-frame
 * navigation goes through a route: one to a URL outside the allowed origins
 * is aborted before it is sent. The crawler's own navigation is fetched by
 * the crawl's HTTP client with redirects off, so each redirect hop is checked
 * before it is requested (a route is not consulted again for the hops the
 * browser follows itself), and the body is read only up to MAX_BODY_BYTES:
 * a larger document is not handed to the browser at all (Playwright's own
 * route.fetch holds the whole body in this process, and handing 300 MB to
 * Chromium killed it). Navigations the page starts on its own (a script, a
 * meta refresh) are aborted and their targets queued as links, so each report
 * is about the document that was asked for. Subresources load as the page
 * wants, within the allowed origins.
 *
 * Every page ends: the load within `timeout`, what follows (late violations,
 * links, subresource headers) within SETTLE_GRACE_MS more. A page whose
 * script never yields or that crashed is stopped (its script terminated) and
 * replaced by a fresh page; when the browser itself is gone, the crawl's
 * `renew` gives a new context (a relaunched browser) for the pages after.
 */

/** Late violations are awaited at most this long, whatever the page timeout. */
export const MAX_QUIET_WAIT_MS = 1000;

/** What may follow the load (late violations, links, subresource headers) gets this long in all, so a page whose script never yields still ends. */
export const SETTLE_GRACE_MS = 5000;

/** Stopping and replacing a stuck or crashed page gets at most this long per step. */
const REPLACE_STEP_MS = 2000;

interface Visit {
  /** The hop the crawler is navigating to now; cleared once the route took it. */
  expected?: string;
  redirect?: { status: number; location: string; fields: HeaderField[] };
  /**
   * The document's fields as the server sent them (route.fetch). The page's
   * view of a fulfilled response leaves Set-Cookie out, so the audit reads
   * these, as a headers-only crawl reads the same response.
   */
  fetched?: HeaderField[];
  fetchError?: unknown;
  /** The document's status and body as the client read them (at most MAX_BODY_BYTES, decoded). */
  fetchedStatus?: number;
  body?: Buffer;
  /** The document was longer than MAX_BODY_BYTES: it was not handed to the browser. */
  bodyTooLong?: boolean;
  pageInitiated: string[];
  /** Requests to other origins that the route blocked (subresources, frames). */
  blocked: string[];
  scriptErrors: string[];
  responses: Response[];
  crashed: boolean;
  /** A step after the load did not end in time: the page's script is presumed busy. */
  stuck: boolean;
}

export interface BrowserVisitContext extends VisitContext {
  quietMs: number;
  hooks?: BrowserVisitHooks;
  /** Fetches each document the crawl navigates to, bounded (see the top of this file). */
  client: HttpClient;
  /**
   * A new context for the workers when `dead` (the one they used) is gone with
   * its browser; absent when the crawl cannot make one (a page or context the
   * caller gave). Called by each worker that finds its context gone: every
   * call with the same dead context gets the same new one.
   */
  renew?: (dead: BrowserContext) => Promise<BrowserContext>;
}

/**
 * For tools built on the crawler (learnCsp), not part of the crawl options:
 * change the header fields of every document the crawl loads (main frame and
 * frames within the allowed origins) before the browser sees them, and look
 * at each page once it has settled.
 */
export interface BrowserVisitHooks {
  documentFields?: (url: string, fields: HeaderField[], body: Buffer) => HeaderField[];
  /**
   * The same for scripts within the allowed origins. A dedicated worker's
   * policy is the one its script's response carries, and Playwright names a
   * worker's script a `script` like any other; on a script the page runs, a
   * CSP header has no effect.
   */
  scriptFields?: (url: string, fields: HeaderField[], body: Buffer) => HeaderField[];
  inspect?: (page: Page, url: string) => Promise<void>;
}

export class BrowserWorker {
  private current: Visit | undefined;
  private page!: Page;
  private log!: CspViolationLog;
  private readonly ownsPage: boolean;

  private constructor(
    private context: BrowserContext,
    private readonly options: BrowserVisitContext,
    page: Page | undefined,
  ) {
    this.ownsPage = page === undefined;
    if (page) this.page = page;
  }

  /** A worker in a new page of `context`, or in `page` when given (which is then left open). */
  static async open(context: BrowserContext, options: BrowserVisitContext, page?: Page): Promise<BrowserWorker> {
    const worker = new BrowserWorker(context, options, page);
    await worker.attach(page ?? (await context.newPage()));
    return worker;
  }

  private readonly onRoute = async (route: Route): Promise<void> => {
    const request = route.request();
    if (!request.isNavigationRequest() || !isMainFrame(request, this.page)) {
      // Off-origin subresources and frames are blocked at the network layer, so the page still loads and nothing leaves the allowed origins.
      const target = normalizeUrl(request.url());
      if (target !== undefined && !this.options.allowed(target)) {
        this.current?.blocked.push(target);
        await route.abort('blockedbyclient').catch(() => undefined);
        return;
      }
      const hooks = this.options.hooks;
      const rewrite = request.isNavigationRequest() ? hooks?.documentFields : request.resourceType() === 'script' ? hooks?.scriptFields : undefined;
      if (rewrite && this.options.allowed(normalizeUrl(request.url()) ?? request.url())) {
        await this.fulfillRewritten(route, rewrite);
        return;
      }
      await route.continue().catch(() => undefined);
      return;
    }
    const visit = this.current;
    const url = normalizeUrl(request.url()) ?? request.url();
    if (!this.options.allowed(url)) {
      // The page navigating itself elsewhere (a form, a script): the crawl itself never asks for such a URL.
      this.current?.blocked.push(url);
      await route.abort('blockedbyclient').catch(() => undefined);
      return;
    }
    if (!visit || visit.expected !== url) {
      visit?.pageInitiated.push(url);
      await route.abort('aborted').catch(() => undefined);
      return;
    }
    visit.expected = undefined;
    try {
      const response = await this.options.client.getOnce(url, { timeout: this.options.timeout, headers: await this.requestHeaders(request.headers(), url) });
      const location = response.header('location');
      if (response.status >= 300 && response.status <= 399 && location !== undefined) {
        visit.redirect = { status: response.status, location: new URL(location, url).href, fields: response.fields };
        response.discard();
        await route.abort('aborted').catch(() => undefined);
        return;
      }
      visit.fetched = response.fields;
      visit.fetchedStatus = response.status;
      const { body, complete } = await response.read();
      if (!complete) {
        visit.bodyTooLong = true;
        await route.abort('aborted').catch(() => undefined);
        return;
      }
      visit.body = body;
      const rewrite = this.options.hooks?.documentFields;
      await this.fulfill(route, response, rewrite ? rewrite(url, response.fields, body) : response.fields, body);
    } catch (error) {
      visit.fetchError = error;
      await route.abort('failed').catch(() => undefined);
    }
  };

  /** The browser's own request headers for a document, with the context's cookies for its URL (the client sends none of its own). */
  private async requestHeaders(browserHeaders: Record<string, string>, url: string): Promise<Record<string, string>> {
    const cookies = await this.context.cookies(url).catch(() => []);
    // zstd is left out: the client decodes gzip, deflate and br only.
    const headers: Record<string, string> = { ...browserHeaders, 'accept-encoding': 'gzip, deflate, br' };
    if (cookies.length > 0) headers['cookie'] = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return headers;
  }

  /** Hands a document read by the client to the browser: the body is decoded, so its encoding and length fields go. */
  private async fulfill(route: Route, response: HttpResponse, fields: readonly HeaderField[], body: Buffer): Promise<void> {
    const sent = fields.filter(([name]) => !NOT_FORWARDED.has(name.toLowerCase()));
    await route.fulfill({ status: response.status, headers: headersObject(sent), body });
  }

  /** A frame's document (or a script), fetched by the client (bounded) and handed to the browser with its fields rewritten. */
  private async fulfillRewritten(route: Route, rewrite: NonNullable<BrowserVisitHooks['documentFields']>): Promise<void> {
    try {
      const url = route.request().url();
      const got = await this.options.client.get(url, { allowed: this.options.allowed, timeout: this.options.timeout, headers: await this.requestHeaders(route.request().headers(), url) });
      const response = got.response;
      if (got.error || !response) throw got.error;
      const { body, complete } = await response.read();
      if (!complete) throw new Error(`a frame document longer than ${MAX_BODY_BYTES} bytes`);
      await this.fulfill(route, response, rewrite(response.url, response.fields, body), body);
    } catch {
      await route.abort('failed').catch(() => undefined);
    }
  }

  private async attach(page: Page): Promise<void> {
    this.page = page;
    await page.route('**/*', this.onRoute);
    page.on('pageerror', (error) => this.current?.scriptErrors.push(error.message));
    // A popup is another page the crawl did not ask for: closed at once (its own requests are not routed here).
    page.on('popup', (popup) => {
      // An other-origin popup was blocked by the context's route, which recorded it (noteBlocked); by now it shows an error page.
      const url = normalizeUrl(popup.url());
      if (url !== undefined && !this.options.allowed(url)) this.current?.blocked.push(url);
      void popup.close().catch(() => undefined);
    });
    page.on('crash', () => {
      if (this.current) this.current.crashed = true;
    });
    page.on('response', (response) => this.current?.responses.push(response));
    this.log = await watchCspViolations(page);
  }

  /** Whether `page` is this worker's page (a popup's opener, for keepToOrigins). */
  owns(page: Page | null): boolean {
    return page !== null && page === this.page;
  }

  /** Whether a visit is under way. */
  get visiting(): boolean {
    return this.current !== undefined;
  }

  /** A request of a page this worker's page opened, blocked by the context's route. */
  noteBlocked(url: string): void {
    this.current?.blocked.push(url);
  }

  async visit(entry: QueueEntry): Promise<VisitResult> {
    const started = Date.now();
    await this.ensurePage();
    const visit: Visit = { pageInitiated: [], blocked: [], scriptErrors: [], responses: [], crashed: false, stuck: false };
    this.current = visit;
    const report: PageReport = emptyPageReport(entry);
    const before = this.log.violations().length;
    const chain: string[] = [];
    const statuses: number[] = [];
    /** The Set-Cookie values of each redirect followed, as `statuses`. */
    const hopCookies: string[][] = [];
    let hop = entry.url;
    let response: Response | null = null;
    let error: PageError | undefined;
    let document: DocumentResponse | undefined;

    for (;;) {
      chain.push(hop);
      // Compared with the browser's request URL, which is in normal form: a URL given as written (`?q=<b>`) must match its encoding.
      visit.expected = normalizeUrl(hop) ?? hop;
      visit.redirect = undefined;
      visit.fetched = undefined;
      visit.fetchError = undefined;
      try {
        response = await this.page.goto(hop, { waitUntil: 'load', timeout: this.options.timeout });
        break;
      } catch (thrown) {
        const redirect = visit.redirect as Visit['redirect'];
        if (redirect && !visit.crashed) {
          const next = normalizeUrl(redirect.location);
          const stop = redirectStop(hop, redirect.status, redirect.location, next, chain, this.options.allowed);
          if (!stop && next) {
            statuses.push(redirect.status);
            hopCookies.push(redirect.fields.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => value));
            hop = next;
            continue;
          }
          error = stop;
          report.status = redirect.status;
          report.responseHeaders = redirect.fields.map(([n, v]) => [n, v]);
          document = { fields: redirect.fields, url: hop, status: redirect.status };
        } else if (visit.bodyTooLong && fetched(visit)) {
          const fields = fetched(visit)!;
          error = { kind: 'navigation', message: `${hop}: the document is longer than ${MAX_BODY_BYTES / 1024 / 1024} MiB (MAX_BODY_BYTES); not loaded in the browser, so its CSP violations were not judged` };
          if (visit.fetchedStatus !== undefined) report.status = visit.fetchedStatus;
          report.responseHeaders = fields.map(([n, v]) => [n, v]);
          document = { fields, url: hop, status: visit.fetchedStatus ?? 0, bodyTooLong: 'browser' };
        } else {
          error = navigationError(thrown, hop, visit, this.options.timeout);
          // A load that timed out may be a script that never yields: the page is stopped and replaced below.
          if (error.kind === 'timeout') visit.stuck = true;
        }
        break;
      }
    }
    // The hops before the page; when the chain stopped at a redirect, every hop was one.
    const hops = response ? chain.slice(0, -1) : report.status !== undefined ? chain : chain.slice(0, -1);
    if (hops.length > 0) report.redirects = hops;
    // Every hop was covered by this visit; the last is where the page ended only when it answered with a page.
    const aliases = chain.slice(1);
    if (hop !== entry.url && response) report.finalUrl = hop;

    // Everything after the load shares one deadline: a script that never yields cannot hold the crawl.
    const settleBy = Date.now() + SETTLE_GRACE_MS;
    const inTime = <T>(promise: Promise<T>, fallback: T): Promise<T> => bounded(promise, settleBy, fallback, () => (visit.stuck = true));

    const links: string[] = [...visit.pageInitiated];
    if (response && !error) {
      const fields = visit.fetched ?? (await inTime(response.headersArray(), [])).map(({ name, value }) => [name, value] as const);
      report.status = response.status();
      report.responseHeaders = fields.map(([n, v]) => [n, v]);
      const redirectCookies = redirectCookiesOf(chain, [...hopCookies, []]);
      document = {
        fields,
        url: hop,
        status: report.status,
        ...scoringInputs(visit.body, fields, entry.url, chain, [...statuses, report.status]),
        ...(redirectCookies ? { redirectCookies } : {}),
      };
      if (report.status >= 400) error = { kind: 'http-error', message: `${hop} answered ${report.status} ${response.statusText()}`.trim() };
    }

    if (!visit.crashed && !visit.stuck) {
      // Late violations (timers, lazy loads): wait for a short quiet spell, bounded.
      await inTime(this.log.waitForIdle(this.options.quietMs, Math.min(MAX_QUIET_WAIT_MS, this.options.timeout)), []);
      if (response && !error && !visit.stuck) links.push(...(await inTime(this.page.evaluate<string[]>(call(COLLECT_LINKS)), [] as string[])));
      if (response && !error && !visit.stuck && this.options.hooks?.inspect) await inTime(this.options.hooks.inspect(this.page, hop), undefined);
    }
    if (visit.crashed) error = { kind: 'crash', message: `the page crashed while loading ${hop}` };
    else if (visit.stuck && !error) error = { kind: 'timeout', message: `${hop} loaded but did not settle within ${SETTLE_GRACE_MS} ms (a script that never yields?)` };
    report.violations = this.log.violations().slice(before);
    report.subresources = await inTime(this.subresources(visit, hop), []);
    if (visit.blocked.length > 0) report.blocked = [...new Set(visit.blocked)];
    if (visit.scriptErrors.length > 0) report.scriptErrors = [...visit.scriptErrors];
    if (error) report.error = error;
    this.current = undefined;
    if (visit.crashed || visit.stuck) await this.replacePage(visit.stuck);
    report.durationMs = Date.now() - started;
    return { report, links: links.flatMap((link) => normalizeUrl(link) ?? []), aliases, ...(document ? { document } : {}) };
  }

  private async subresources(visit: Visit, documentUrl: string): Promise<PageReport['subresources']> {
    const judged = await Promise.all(
      visit.responses.map(async (response) => {
        const request = response.request();
        if (request.isNavigationRequest() && isMainFrame(request, this.page)) return [];
        if (response.url() === documentUrl) return [];
        const fields = await response.headersArray().catch(() => undefined);
        if (!fields) return [];
        const headers = createHeaderSet(
          fields.map(({ name, value }) => [name, value] as const),
          { url: response.url(), status: response.status() },
        );
        return subresourceIssues(response.url(), request.resourceType(), headers, this.options.audit);
      }),
    );
    return dedupeIssues(judged.flat());
  }

  /**
   * A crashed page cannot be used again, and a stuck one would keep its
   * renderer busy for the pages after (same-site pages share a renderer):
   * its script is terminated, and a fresh page (with its own watcher) takes
   * its place. Every step is bounded; a page that will not close is left.
   */
  private async replacePage(stuck: boolean): Promise<void> {
    const old = this.page;
    if (stuck) await bounded(terminateScript(old), Date.now() + REPLACE_STEP_MS, undefined);
    await bounded(this.log.stop(), Date.now() + REPLACE_STEP_MS, undefined);
    if (!this.ownsPage) {
      // The caller's page stays theirs; it gets a new watcher.
      this.log = await watchCspViolations(old);
      return;
    }
    await bounded(old.close({ runBeforeUnload: false }), Date.now() + REPLACE_STEP_MS, undefined);
    await this.attach(await this.context.newPage());
  }

  /** Before a visit: a page whose browser went away is replaced, in a renewed context when the crawl can make one. */
  private async ensurePage(): Promise<void> {
    if (!this.page.isClosed() || !this.ownsPage) return;
    let page: Page;
    try {
      page = await this.context.newPage();
    } catch (error) {
      if (!this.options.renew) throw error;
      this.context = await this.options.renew(this.context);
      page = await this.context.newPage();
    }
    await this.attach(page);
  }

  async close(): Promise<void> {
    await this.log.stop().catch(() => undefined);
    await this.page.unroute('**/*', this.onRoute).catch(() => undefined);
    if (this.ownsPage) await this.page.close().catch(() => undefined);
  }
}

/**
 * Playwright takes headers as an object. Repeated fields are joined with
 * ", ", which HTTP reads as the same list (two CSP headers are two policies
 * either way), except Set-Cookie, which Playwright splits on newlines.
 */
function headersObject(fields: readonly HeaderField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of fields) {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]}${key === 'set-cookie' ? '\n' : ', '}${value}`;
  }
  return out;
}

/** The document's fields, set by the route while `goto` ran (a read TypeScript cannot narrow away). */
function fetched(visit: Visit): readonly HeaderField[] | undefined {
  return visit.fetched;
}

/**
 * Blocks every other-origin request of `context`'s pages that no worker
 * routes itself: a popup's (a worker's page route takes precedence over a
 * context route, and a popup is a page of its own, sent before it can be
 * closed). Returns the undo.
 */
export async function keepToOrigins(context: BrowserContext, allowed: (url: string) => boolean, onBlocked: (url: string, opener: Page | null) => void): Promise<() => Promise<void>> {
  const handler = async (route: Route): Promise<void> => {
    const target = normalizeUrl(route.request().url());
    if (target !== undefined && !allowed(target)) {
      onBlocked(target, await openerOf(route.request()));
      await route.abort('blockedbyclient').catch(() => undefined);
    } else {
      await route.fallback().catch(() => undefined);
    }
  };
  await context.route('**/*', handler);
  // WebSockets are not routed by route(): one to another origin is closed before it connects (never sent to its server).
  // Playwright cannot remove a WebSocket route, so after the crawl this one lets every socket through as if it were not there.
  let active = true;
  const offOrigin = (url: URL): boolean => active && !allowed(normalizeUrl(url.href.replace(/^ws/, 'http')) ?? url.href);
  await context.routeWebSocket(offOrigin, async (ws) => {
    onBlocked(ws.url(), null);
    await ws.close({ code: 1008, reason: 'blocked by the crawl: another origin' });
  });
  return async () => {
    active = false;
    await context.unroute('**/*', handler).catch(() => undefined);
  };
}

/** The page that opened the request's page (a popup's opener), when there is one. */
async function openerOf(request: Request): Promise<Page | null> {
  try {
    return await request.frame().page().opener();
  } catch {
    return null; // service-worker requests have no frame
  }
}

/** Fields that describe the body as it came over the wire; the browser gets it decoded and whole. */
const NOT_FORWARDED = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** `promise`'s value, or `fallback` (after calling `late`) when it has not settled by `deadline`; a rejection gives `fallback` too. */
function bounded<T>(promise: Promise<T>, deadline: number, fallback: T, late?: () => void): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => {
      late?.();
      resolve(fallback);
    }, Math.max(0, deadline - Date.now()));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

/** Stops the script running in the page (a loop that never yields), through the DevTools protocol: it is served while the page's main thread is busy. */
async function terminateScript(page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('Runtime.terminateExecution');
  } finally {
    await session.detach().catch(() => undefined);
  }
}

function isMainFrame(request: Request, page: Page): boolean {
  try {
    return request.frame() === page.mainFrame();
  } catch {
    return false; // service-worker requests have no frame
  }
}

/** Why a redirect is not followed, or undefined when it may be. */
function redirectStop(from: string, status: number, location: string, next: string | undefined, chain: string[], allowed: (url: string) => boolean): PageError | undefined {
  if (!next) return { kind: 'navigation', message: `${from} redirects (${status}) to ${JSON.stringify(location)}, which is not an http(s) URL; not followed` };
  if (!allowed(next)) return { kind: 'navigation', message: `${from} redirects (${status}) to ${next}, outside the allowed origins; not followed` };
  if (chain.includes(next)) return { kind: 'redirect-loop', message: `redirect loop: ${[...chain, next].join(' → ')}` };
  if (chain.length > MAX_REDIRECTS) return { kind: 'redirect-loop', message: `more than ${MAX_REDIRECTS} redirects: ${chain.join(' → ')} → …` };
  return undefined;
}

function navigationError(thrown: unknown, url: string, visit: Visit, timeout: number): PageError {
  if (visit.crashed || /crash/i.test(String((thrown as Error)?.message))) return { kind: 'crash', message: `the page crashed while loading ${url}` };
  if ((thrown as Error)?.name === 'TimeoutError') return { kind: 'timeout', message: `${url} did not load within ${timeout} ms` };
  if (visit.fetchError !== undefined) {
    const fetchError = visit.fetchError as Error;
    if (/timeout/i.test(String(fetchError?.message))) return { kind: 'timeout', message: `${url} did not answer within ${timeout} ms` };
    return requestError(fetchError, url, timeout);
  }
  const message = String((thrown as Error)?.message ?? thrown).split('\n')[0] ?? '';
  return { kind: 'navigation', message: `${url}: ${message}` };
}

/** What the Observatory score reads besides headers: the HTML body (as the client read it), and the redirect chain when the page was asked for over http://. */
function scoringInputs(body: Buffer | undefined, fields: ReadonlyArray<readonly [string, string]>, start: string, chain: readonly string[], statuses: readonly number[]): Pick<DocumentResponse, 'html' | 'redirects'> {
  const type = fields.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const html = body && /html/i.test(type) ? body.toString('utf8') : undefined;
  const redirects = start.startsWith('http:') && statuses.length === chain.length ? chain.map((url, i) => ({ url, status: statuses[i]! })) : undefined;
  return { ...(html !== undefined ? { html } : {}), ...(redirects ? { redirects } : {}) };
}
