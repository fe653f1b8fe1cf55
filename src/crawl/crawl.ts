import type { BrowserContext, Page } from '@playwright/test';
import { addFinding, type AuditOptions } from '../audit';
import { bodyTooLongFinding } from '../response/limits';
import { AuditCache } from './audit-cache';
import { BrowserWorker, keepToOrigins, type BrowserVisitHooks } from './browser-visit';
import { Frontier } from './frontier';
import { HttpClient } from './http';
import { visitOverHttp } from './http-visit';
import { resolveCrawlOptions, type CrawlOptions, type ResolvedCrawlOptions } from './options';
import { markNotFoundProbe } from './probe';
import { parseSitemap } from './sitemap';
import { SITE_REPORT, type PageReport, type SiteReport } from './types';
import { isAllowed, normalizeUrl, urlFilter } from './url';
import { emptyPageReport, type DocumentResponse, type QueueEntry, type VisitContext, type VisitResult } from './visit-types';

/**
 * `crawl(options)`: walks a site from its start URLs within the limits and
 * judges every page: the document's headers, the CSP violations the browser
 * saw (browser mode), the subresources whose headers matter, and what went
 * wrong. A page that times out, crashes, throws or answers 500 is recorded,
 * never fatal. Only bad options (thrown before any request) and an exception
 * from `onProgress` end a crawl early.
 */
export function crawl(options: CrawlOptions): Promise<SiteReport> {
  return crawlWithHooks(options, {});
}

/** crawl() with the browser hooks tools built on it use (learnCsp); not part of the public surface. */
export async function crawlWithHooks(options: CrawlOptions, hooks: BrowserVisitHooks): Promise<SiteReport> {
  const resolved = resolveCrawlOptions(options);
  const startedAt = new Date();
  const origins = new Set(resolved.origins);
  const allowed = (url: string) => isAllowed(url, origins);
  const visitContext: VisitContext = { allowed, timeout: resolved.timeout, audit: resolved.audit };
  const frontier = new Frontier(resolved.maxPages, resolved.maxDepth);
  const passes = urlFilter(resolved.include, resolved.exclude);

  const client = new HttpClient(resolved.concurrency, { headers: resolved.requestHeaders, ignoreHttpsErrors: resolved.ignoreHttpsErrors });
  try {
    return await run();
  } finally {
    client.close();
  }

  async function run(): Promise<SiteReport> {
    for (const url of resolved.start) frontier.offer(url, 0);
    // The sitemaps are read while the start pages are visited; their pages join the queue as they come.
    const sitemapWarnings = readSitemaps(client, resolved, allowed, (url) => {
      if (passes(url)) frontier.offer(url, 0);
    });

    const pages: Array<{ order: number; report: PageReport; document?: DocumentResponse }> = [];
    const onResult = (entry: QueueEntry, order: number, result: VisitResult): void => {
      for (const alias of result.aliases) frontier.cover(alias);
      for (const url of result.links) {
        // Most links point at pages already seen: that test first, it is the cheapest.
        if (!frontier.has(url) && allowed(url) && passes(url)) frontier.offer(url, entry.depth + 1, result.report.finalUrl ?? entry.url);
      }
      pages.push({ order, report: result.report, ...(result.document ? { document: result.document } : {}) });
      resolved.onProgress?.({
        visited: pages.length,
        queued: frontier.queued,
        total: Math.min(resolved.maxPages, frontier.visitedOrVisiting + frontier.queued),
        current: entry.url,
      });
    };

    // After the pages, so a probe never takes a page's place under maxPages; a probe's links are not followed.
    const runProbes = async (visitors: Visitor[]): Promise<void> => {
      const probes = new Frontier(resolved.probes.length, 0);
      for (const url of resolved.probes) if (!frontier.has(url)) probes.offer(url, 0);
      const after = pages.length;
      await runPool(probes, visitors, (_entry, order, result) => {
        pages.push({ order: after + order, report: markNotFoundProbe(result.report), ...(result.document ? { document: result.document } : {}) });
      }, Promise.resolve());
    };

    const mode = resolved.headersOnly ? 'headers-only' : 'browser';
    if (resolved.headersOnly) {
      const visitors = Array.from({ length: resolved.concurrency }, () => (entry: QueueEntry) => visitOverHttp(client, entry, visitContext));
      await runPool(frontier, visitors, onResult, sitemapWarnings);
      await runProbes(visitors);
    } else {
      await withBrowser(resolved, async (context, page, renewContext) => {
        // A popup's requests are routed by the context, not by the worker that opened it.
        const workers: BrowserWorker[] = [];
        // A popup's page may not exist yet when its first request is routed: then the one worker visiting, if only one is, opened it.
        const onBlocked = (url: string, opener: Page | null): void => {
          const busy = workers.filter((w) => w.visiting);
          (workers.find((w) => w.owns(opener)) ?? (busy.length === 1 ? busy[0] : undefined))?.noteBlocked(url);
        };
        const guarded = new Map([[context, keepToOrigins(context, allowed, onBlocked)]]);
        await guarded.get(context);
        const renew = renewContext && (async (dead: BrowserContext) => {
          const next = await renewContext(dead);
          if (!guarded.has(next)) guarded.set(next, keepToOrigins(next, allowed, onBlocked));
          await guarded.get(next);
          return next;
        });
        const workerOptions = { ...visitContext, quietMs: resolved.quietMs, hooks, client, ...(renew ? { renew } : {}) };
        workers.push(...(page ? [await BrowserWorker.open(context, workerOptions, page)] : await openWorkers(context, workerOptions, resolved.concurrency)));
        try {
          await runPool(frontier, workers.map((w) => (entry: QueueEntry) => w.visit(entry)), onResult, sitemapWarnings);
          await runProbes(workers.map((w) => (entry: QueueEntry) => w.visit(entry)));
        } finally {
          await Promise.all(workers.map((w) => w.close()));
          await Promise.all([...guarded.values()].map(async (undo) => (await undo)()));
        }
      });
    }

    const warnings = await sitemapWarnings;
    auditDocuments(pages, resolved.audit);
    const report: SiteReport = {
      kind: SITE_REPORT,
      start: resolved.start,
      origins: resolved.origins,
      mode,
      pages: pages.sort((a, b) => a.order - b.order).map((p) => p.report),
      notVisited: [...frontier.notVisited],
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
    };
    const stoppedBy = frontier.stoppedBy;
    if (stoppedBy) report.stoppedBy = stoppedBy;
    if (warnings.length > 0) report.warnings = warnings;
    return report;
  }
}

/**
 * Judges every page's document headers, once all pages are fetched. The
 * audits run back to back rather than between network events, where the
 * same work measured two to three times slower (bench/crawl-cost.mjs), and
 * identical header sets are judged once (AuditCache).
 */
function auditDocuments(pages: ReadonlyArray<{ report: PageReport; document?: DocumentResponse }>, options: AuditOptions): void {
  const cache = new AuditCache(options);
  for (const { report, document } of pages) {
    if (!document) continue;
    report.headers = cache.audit(document.fields, document.url, document.status, document);
    if (document.bodyTooLong) addFinding(report.headers, bodyTooLongFinding(document.bodyTooLong), options);
  }
}

type Visitor = (entry: QueueEntry) => Promise<VisitResult>;

/**
 * Runs one loop per visitor until the queue is empty, nothing is in flight
 * and `discovery` (the sitemaps) has settled: a page in flight or a sitemap
 * may still queue more. A visitor that throws (a bug, or a page closed
 * under us) becomes an error on that page; an exception from onProgress
 * stops the crawl and is rethrown.
 */
async function runPool(frontier: Frontier, visitors: Visitor[], onResult: (entry: QueueEntry, order: number, result: VisitResult) => void, discovery: Promise<unknown>): Promise<void> {
  let inFlight = 0;
  let discovering = true;
  let order = 0;
  let fatal: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const notify = (): void => {
    wake?.();
    changed = new Promise<void>((resolve) => (wake = resolve));
  };
  const discovered = (): void => {
    discovering = false;
    notify();
  };
  discovery.then(discovered, discovered);

  const loop = async (visit: Visitor): Promise<void> => {
    for (;;) {
      if (fatal) return;
      const entry = frontier.next();
      if (!entry) {
        if (inFlight === 0 && !discovering) return;
        await changed;
        continue;
      }
      inFlight++;
      const mine = order++;
      let result: VisitResult;
      try {
        result = await visit(entry);
      } catch (error) {
        result = { report: failedVisit(entry, error), links: [], aliases: [] };
      }
      inFlight--;
      try {
        if (!fatal) onResult(entry, mine, result);
      } catch (error) {
        fatal ??= { error };
      }
      notify();
    }
  };
  await Promise.all(visitors.map(loop));
  if (fatal) throw fatal.error;
}

function failedVisit(entry: QueueEntry, error: unknown): PageReport {
  const message = `${entry.url}: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
  return { ...emptyPageReport(entry), error: { kind: 'navigation', message } };
}

async function openWorkers(context: BrowserContext, options: Parameters<typeof BrowserWorker.open>[1], count: number): Promise<BrowserWorker[]> {
  const opened = await Promise.allSettled(Array.from({ length: count }, () => BrowserWorker.open(context, options)));
  const workers = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(workers.map((w) => w.close()));
    throw failed.reason;
  }
  return workers;
}

type Renew = (dead: BrowserContext) => Promise<BrowserContext>;

/**
 * Gives `run` a context (and the user's page, when given); closes only what it
 * made. `renew` replaces a context that went away with its browser (a crash):
 * a browser the crawl launched is launched again, a browser the caller gave
 * gets a new context while it is still connected; a page or context the
 * caller gave cannot be replaced.
 */
async function withBrowser(resolved: ResolvedCrawlOptions, run: (context: BrowserContext, page?: Page, renew?: Renew) => Promise<void>): Promise<void> {
  const target = resolved.target;
  switch (target.kind) {
    case 'page':
      return run(target.page.context(), target.page);
    case 'context':
      return run(target.context);
    case 'browser': {
      const contexts: BrowserContext[] = [await target.browser.newContext(contextOptions(resolved))];
      const renew = renewer(async () => {
        const context = await target.browser.newContext(contextOptions(resolved));
        contexts.push(context);
        return context;
      });
      try {
        return await run(contexts[0]!, undefined, renew);
      } finally {
        await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      }
    }
    case 'launch': {
      const browsers = [await launchChromium()];
      const first = (await browsers[0]!.newContext(contextOptions(resolved))) as unknown as BrowserContext;
      const renew = renewer(async () => {
        const browser = await launchChromium();
        browsers.push(browser);
        return (await browser.newContext(contextOptions(resolved))) as unknown as BrowserContext;
      });
      try {
        return await run(first, undefined, renew);
      } finally {
        await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
      }
    }
    case 'none':
      throw new Error('crawl: no browser target in browser mode (a bug in option resolution).');
  }
}

/** One new context per dead one, however many workers ask for it. */
function renewer(make: () => Promise<BrowserContext>): Renew {
  const made = new Map<BrowserContext, Promise<BrowserContext>>();
  return (dead) => {
    let next = made.get(dead);
    if (!next) made.set(dead, (next = make()));
    return next;
  };
}

/** What a context the crawler makes carries of the options (a context the caller gives keeps its own). */
function contextOptions(resolved: ResolvedCrawlOptions): { extraHTTPHeaders?: Record<string, string>; ignoreHTTPSErrors?: boolean } {
  return {
    ...(Object.keys(resolved.requestHeaders).length ? { extraHTTPHeaders: resolved.requestHeaders } : {}),
    ...(resolved.ignoreHttpsErrors ? { ignoreHTTPSErrors: true } : {}),
  };
}

/** Playwright is loaded only here, and only when the caller gave no page, context or browser. */
async function launchChromium() {
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new Error(
      'expect-secure-headers crawl: no page, context or browser was given, so it launches Chromium itself, which needs playwright-core ' +
        '(it comes with @playwright/test; or `npm install -D playwright-core`). Or pass { headersOnly: true } to crawl without a browser.',
    );
  }
  const { chromiumLaunchOptions, launchWithoutPrediction } = await import('../browser/launch');
  // Network prediction off, so a blocked navigation opens no connection to the other origin (launch.ts).
  return launchWithoutPrediction(playwright.chromium, chromiumLaunchOptions(playwright.chromium.executablePath()));
}

const MAX_SITEMAPS = 10;

/** Reads the sitemaps (and the sitemaps a sitemap index names, up to 10 files); returns what went wrong, as warnings. */
async function readSitemaps(client: HttpClient, resolved: ResolvedCrawlOptions, allowed: (url: string) => boolean, add: (url: string) => void): Promise<string[]> {
  const warnings: string[] = [];
  const todo = [...resolved.sitemaps];
  const done = new Set<string>();
  while (todo.length > 0 && done.size < MAX_SITEMAPS) {
    const url = todo.shift()!;
    if (done.has(url)) continue;
    done.add(url);
    const got = await client.get(url, { allowed, timeout: resolved.timeout, accept: 'application/xml,text/xml;q=0.9,*/*;q=0.8' });
    if (got.error || !got.response || got.response.status >= 400) {
      warnings.push(`sitemap ${url}: ${got.error?.message ?? `answered ${got.response?.status ?? 'nothing'}`}`);
      got.response?.discard();
      continue;
    }
    const entries = parseSitemap(await got.response.text().catch(() => ''));
    for (const page of entries.pages) {
      const normal = normalizeUrl(page);
      if (normal && allowed(normal)) add(normal);
    }
    for (const nested of entries.sitemaps) {
      const normal = normalizeUrl(nested);
      if (normal && allowed(normal)) todo.push(normal);
    }
  }
  return warnings;
}
