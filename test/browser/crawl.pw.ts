import { expect, test, type BrowserContext } from '@playwright/test';
import { crawl, type CrawlProgress, type SiteReport } from '../../src/crawl';
import { siteViolationsResult } from '../../src/matchers/site';
import { UsageError } from '../../src/matchers/context';
import { expectedPaths, P_PAGES, pLinks, startSite, type Site } from '../fixtures/site/server';

/**
 * The crawler in real Chromium against the local ~100-page site: every page
 * found, nothing off-origin requested, errors recorded, violations attributed
 * to the page that caused them (the late one too), limits honoured.
 */

test.describe.configure({ mode: 'serial' });

let site: Site;
let context: BrowserContext;
let report: SiteReport;
const progress: CrawlProgress[] = [];
/** Every request the browser made during the full crawl. */
const requested: string[] = [];

const path = (url: string) => new URL(url).pathname + new URL(url).search;
const byPath = (r: SiteReport, p: string) => r.pages.find((page) => path(page.url) === p);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  site = await startSite();
  context = await browser.newContext();
  context.on('request', (request) => requested.push(request.url()));
  report = await crawl({ start: site.url('/'), context, maxPages: 500, sitemap: true, timeout: 8000, onProgress: (p) => progress.push(p) });
});
test.afterAll(async () => {
  await context?.close();
  await site?.close();
});

test('visits every page, the script-made link and the sitemap-only page included, once each', () => {
  const visited = report.pages.map((p) => path(p.url));
  expect(new Set(visited).size).toBe(visited.length);
  expect([...visited].sort()).toEqual(expectedPaths({ browser: true, sitemap: true }).sort());
  expect(report).toMatchObject({ mode: 'browser', notVisited: [] });
  for (let n = 1; n <= P_PAGES; n++) expect(site.hitCount(`/p/${n}`)).toBe(1);
});

test('never requests another origin, nor a POST form action', () => {
  expect(site.other.hits).toEqual([]);
  expect(site.hitCount('/post-only')).toBe(0);
  const elsewhere = requested.filter((u) => !u.startsWith(`${site.origin}/`));
  expect(elsewhere).toEqual([]);
});

test('records the timeout, the 500, the redirect loop and the script error, and carries on', () => {
  expect(byPath(report, '/slow')?.error).toMatchObject({ kind: 'timeout' });
  expect(byPath(report, '/boom')).toMatchObject({ status: 500, error: { kind: 'http-error' } });
  expect(byPath(report, '/loop/a')).toMatchObject({ status: 302, error: { kind: 'redirect-loop' }, redirects: [site.url('/loop/a'), site.url('/loop/b')] });
  expect(site.hitCount('/loop/a')).toBe(1);
  expect(site.hitCount('/loop/b')).toBe(1);
  const throws = byPath(report, '/throws');
  expect(throws?.scriptErrors).toEqual(['boom from script']);
  expect(throws?.error).toBeUndefined();
  const old = byPath(report, '/old');
  expect(old).toMatchObject({ status: 200, finalUrl: site.url('/new'), redirects: [site.url('/old')] });
});

test('attributes each violation to the page that caused it, the late one included', () => {
  const withViolations = report.pages.filter((p) => p.violations.length > 0).map((p) => path(p.url));
  expect(withViolations.sort()).toEqual(['/csp/blocked', '/csp/inline', '/csp/late']);
  expect(byPath(report, '/csp/inline')?.violations).toEqual([expect.objectContaining({ directive: 'script-src-elem', kind: 'inline', url: site.url('/csp/inline') })]);
  expect(byPath(report, '/csp/blocked')?.violations).toEqual([
    expect.objectContaining({ directive: 'script-src-elem', kind: 'resource', blockedURI: site.url('/js/app.js'), url: site.url('/csp/blocked') }),
  ]);
  // Fired by a timer 100 ms after load: caught by the quiet-window wait.
  expect(byPath(report, '/csp/late')?.violations).toEqual([expect.objectContaining({ directive: 'img-src', blockedURI: site.url('/img/late.png'), url: site.url('/csp/late') })]);
});

test('lists the subresources whose headers matter', () => {
  const p3 = byPath(report, '/p/3');
  expect(p3?.subresources).toEqual([expect.objectContaining({ url: site.url('/js/app.js'), type: 'script', finding: expect.objectContaining({ id: 'x-content-type-options/missing' }) })]);
  const home = byPath(report, '/')?.subresources.map((s) => `${path(s.url)} ${s.type} ${s.finding.id}`);
  expect(home?.sort()).toEqual(['/img/track.gif image cookies/httponly-missing', '/img/track.gif image cookies/samesite-missing']);
  // The stylesheet is served with nosniff: not listed anywhere.
  expect(report.pages.some((p) => p.subresources.some((s) => s.url.endsWith('/css/site.css')))).toBe(false);
});

test('reports progress after every page', () => {
  expect(progress.map((p) => p.visited)).toEqual(report.pages.map((_, i) => i + 1));
  expect(progress.at(-1)).toMatchObject({ queued: 0, total: report.pages.length });
});

test('the site verdict groups the violations by page', () => {
  const result = siteViolationsResult(report);
  expect(result.pass).toBe(false);
  expect(result.lines).toEqual(
    expect.arrayContaining(['1 page: img-src blocked: /img/late.png', '    on: /csp/late', '1 page: script-src-elem blocked: /js/app.js', '    on: /csp/blocked']),
  );
  expect(result.counts).toMatchObject({ failing: 3, notLoaded: 2 });
  expect(siteViolationsResult(report, { ignore: ['script-src-elem', 'img-src'] }).counts.failing).toBe(0);
});

test('headers-only mode finds the same pages, less the one only a script links to', async () => {
  const plain = await crawl({ start: site.url('/'), headersOnly: true, maxPages: 500, sitemap: true, timeout: 2000 });
  const browserPaths = report.pages.map((p) => path(p.url)).filter((p) => p !== '/js-target');
  expect(plain.pages.map((p) => path(p.url)).sort()).toEqual(browserPaths.sort());
});

test('maxPages and maxDepth hold in the browser too, with a Chromium the crawler launches itself', async () => {
  test.setTimeout(60_000);
  const before = site.hits.filter((h) => h.path.startsWith('/p/')).length;
  const limited = await crawl({ start: site.url('/p/1'), maxPages: 6, quietMs: 50 });
  expect(limited.pages).toHaveLength(6);
  expect(limited.stoppedBy).toBe('maxPages');
  const shallow = await crawl({ start: site.url('/p/1'), maxDepth: 1, quietMs: 50 });
  const [a, b] = pLinks(1);
  expect(shallow.pages.map((p) => path(p.url)).sort()).toEqual(['/', '/p/1', `/p/${a}`, `/p/${b}`].sort());
  expect(shallow.stoppedBy).toBe('maxDepth');
  // Each /p/ page visited was requested once; nothing beyond the limits was.
  const visitedP = [...limited.pages, ...shallow.pages].filter((p) => path(p.url).startsWith('/p/')).length;
  expect(site.hits.filter((h) => h.path.startsWith('/p/')).length - before).toBe(visitedP);
});

test('crawls in a page it is given, one URL at a time, and leaves the page open', async ({ page }) => {
  const r = await crawl({ start: site.url('/csp/inline'), page, maxPages: 3 });
  expect(r.pages).toHaveLength(3);
  expect(r.pages[0]?.violations).toHaveLength(1);
  expect(page.isClosed()).toBe(false);
});

test('a context with bypassCSP is refused before any request', async ({ browser }) => {
  const bypassing = await browser.newContext({ bypassCSP: true });
  const hits = site.hits.length;
  try {
    await expect(crawl({ start: site.url('/'), context: bypassing })).rejects.toThrow(UsageError);
    await expect(crawl({ start: site.url('/'), context: bypassing })).rejects.toThrow(/bypassCSP: true/);
  } finally {
    await bypassing.close();
  }
  expect(site.hits.length).toBe(hits);
});
