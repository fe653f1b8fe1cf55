import type { BrowserContext, Page, Request, Response, Route } from '@playwright/test';
import { call, COLLECT_LINKS } from '../browser/page-script';
import type { CspViolationLog } from '../browser/types';
import { watchCspViolations } from '../browser/watch';
import { createHeaderSet, type HeaderField } from '../response/header-set';
import { MAX_REDIRECTS, requestError } from './http';
import { dedupeIssues, subresourceIssues } from './subresources';
import type { PageError, PageReport } from './types';
import { normalizeUrl } from './url';
import { emptyPageReport, redirectCookiesOf, type DocumentResponse, type QueueEntry, type VisitContext, type VisitResult } from './visit-types';

/**
 * One browser page that visits URLs one after another. Every main-frame
 * navigation goes through a route: one to a URL outside the allowed origins
 * is aborted before it is sent. The crawler's own navigation is fetched by
 * Playwright with redirects off, so each redirect hop is checked before it is
 * requested (a route is not consulted again for the hops the browser follows
 * itself); navigations the page starts on its own (a script, a meta refresh)
 * are aborted and their targets queued as links, so each report is about the
 * document that was asked for. Subresources load as the page wants.
 */

/** Late violations are awaited at most this long, whatever the page timeout. */
export const MAX_QUIET_WAIT_MS = 1000;

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
  pageInitiated: string[];
  /** Requests to other origins that the route blocked (subresources, frames). */
  blocked: string[];
  scriptErrors: string[];
  responses: Response[];
  crashed: boolean;
}

export interface BrowserVisitContext extends VisitContext {
  quietMs: number;
  hooks?: BrowserVisitHooks;
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
    private readonly context: BrowserContext,
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
      const response = await route.fetch({ maxRedirects: 0, timeout: this.options.timeout });
      const location = response.headers()['location'];
      if (response.status() >= 300 && response.status() <= 399 && location !== undefined) {
        visit.redirect = {
          status: response.status(),
          location: new URL(location, url).href,
          fields: response.headersArray().map(({ name, value }) => [name, value] as const),
        };
        await response.dispose().catch(() => undefined);
        await route.abort('aborted').catch(() => undefined);
        return;
      }
      visit.fetched = response.headersArray().map(({ name, value }) => [name, value] as const);
      const rewrite = this.options.hooks?.documentFields;
      if (rewrite) {
        const body = await response.body();
        await route.fulfill({ response, body, headers: headersObject(rewrite(url, visit.fetched, body)) });
      } else {
        await route.fulfill({ response });
      }
    } catch (error) {
      visit.fetchError = error;
      await route.abort('failed').catch(() => undefined);
    }
  };

  /** A frame's document (or a script), fetched and handed to the browser with its fields rewritten. */
  private async fulfillRewritten(route: Route, rewrite: NonNullable<BrowserVisitHooks['documentFields']>): Promise<void> {
    try {
      const response = await route.fetch({ timeout: this.options.timeout });
      const body = await response.body();
      const fields = rewrite(response.url(), response.headersArray().map(({ name, value }) => [name, value] as const), body);
      await route.fulfill({ response, body, headers: headersObject(fields) });
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
      this.current?.blocked.push(popup.url());
      void popup.close().catch(() => undefined);
    });
    page.on('crash', () => {
      if (this.current) this.current.crashed = true;
    });
    page.on('response', (response) => this.current?.responses.push(response));
    this.log = await watchCspViolations(page);
  }

  async visit(entry: QueueEntry): Promise<VisitResult> {
    const started = Date.now();
    const visit: Visit = { pageInitiated: [], blocked: [], scriptErrors: [], responses: [], crashed: false };
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
      visit.expected = hop;
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
        } else {
          error = navigationError(thrown, hop, visit, this.options.timeout);
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

    const links: string[] = [...visit.pageInitiated];
    if (response && !error) {
      const fields = visit.fetched ?? (await response.headersArray().catch(() => [])).map(({ name, value }) => [name, value] as const);
      report.status = response.status();
      report.responseHeaders = fields.map(([n, v]) => [n, v]);
      const redirectCookies = redirectCookiesOf(chain, [...hopCookies, []]);
      document = {
        fields,
        url: hop,
        status: report.status,
        ...(await scoringInputs(response, fields, entry.url, chain, [...statuses, report.status])),
        ...(redirectCookies ? { redirectCookies } : {}),
      };
      if (report.status >= 400) error = { kind: 'http-error', message: `${hop} answered ${report.status} ${response.statusText()}`.trim() };
    }

    if (!visit.crashed) {
      // Late violations (timers, lazy loads): wait for a short quiet spell, bounded.
      await this.log.waitForIdle(this.options.quietMs, Math.min(MAX_QUIET_WAIT_MS, this.options.timeout)).catch(() => undefined);
      if (response && !error) links.push(...(await this.page.evaluate<string[]>(call(COLLECT_LINKS)).catch(() => [] as string[])));
      if (response && !error && this.options.hooks?.inspect) await this.options.hooks.inspect(this.page, hop).catch(() => undefined);
    }
    if (visit.crashed) error = { kind: 'crash', message: `the page crashed while loading ${hop}` };
    report.violations = this.log.violations().slice(before);
    report.subresources = await this.subresources(visit, hop);
    if (visit.blocked.length > 0) report.blocked = [...new Set(visit.blocked)];
    if (visit.scriptErrors.length > 0) report.scriptErrors = [...visit.scriptErrors];
    if (error) report.error = error;
    this.current = undefined;
    if (visit.crashed) await this.replacePage();
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

  /** A crashed page cannot be used again: a fresh one (with its own watcher) takes its place. */
  private async replacePage(): Promise<void> {
    const old = this.page;
    await this.log.stop().catch(() => undefined);
    if (this.ownsPage) {
      await old.close().catch(() => undefined);
      await this.attach(await this.context.newPage());
    }
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

/** What the Observatory score reads besides headers: the HTML body, and the redirect chain when the page was asked for over http://. */
async function scoringInputs(response: Response, fields: ReadonlyArray<readonly [string, string]>, start: string, chain: readonly string[], statuses: readonly number[]): Promise<Pick<DocumentResponse, 'html' | 'redirects'>> {
  const type = fields.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const html = /html/i.test(type) ? await response.text().catch(() => undefined) : undefined;
  const redirects = start.startsWith('http:') && statuses.length === chain.length ? chain.map((url, i) => ({ url, status: statuses[i]! })) : undefined;
  return { ...(html !== undefined ? { html } : {}), ...(redirects ? { redirects } : {}) };
}
