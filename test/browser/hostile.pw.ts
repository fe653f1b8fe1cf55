import { networkInterfaces } from 'node:os';
import { expect, test } from '@playwright/test';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../src/browser/launch';
import { crawl, type PageReport, type SiteReport } from '../../src/crawl';
import { SETTLE_GRACE_MS } from '../../src/crawl/browser-visit';
import { startHostileSite, type HostileSite } from '../helpers/hostile-site';
import { killChromiumBrowsers } from '../helpers/kill-browser';
import { expectBoundedStuckPages, expectKeptToOrigin, expectTooLongBodies, isHeadlessShell } from '../helpers/hostile-checks';

/**
 * A browser crawl of hostile pages in real Chromium: a body past the read
 * limit and a gzip bomb are judged on their headers and reported as too long
 * (never handed to the browser whole), a script that never yields and one
 * that allocates until the renderer dies end within the timeout plus a
 * bounded grace and are recorded as not judged, the pages after them are
 * judged, a page reaching for another origin every way it can gets nothing
 * through (the other server counts zero), and a browser that dies mid-crawl
 * is launched again for the pages after. The peak memory of such a crawl is
 * measured by scripts/hostile-crawl.mjs, not here.
 */

// @netns: npm run test:browser runs these in a loopback-only network namespace (scripts/in-netns.mjs).
test.describe.configure({ mode: 'serial' });

const TIMEOUT = 4000;
/** Chromium's headless shell (what npm test runs when installed) opens no connection at all to the other origin. */
const HEADLESS_SHELL = isHeadlessShell(chromiumLaunchOptions(chromium.executablePath()).executablePath ?? chromium.executablePath());
/** The load, the settle grace, and replacing a stuck page (two bounded steps of 2 s), with room for a loaded machine. */
const PAGE_BOUND = TIMEOUT + SETTLE_GRACE_MS + 3 * 2000 + 10_000;

let site: HostileSite;
let browser: Browser | undefined;
let report: SiteReport;
const byPath = (p: string): PageReport | undefined => report.pages.find((page) => new URL(page.url).pathname === p);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  site = await startHostileSite({ hugeBytes: 256 * 1024 * 1024, bombBytes: 256 * 1024 * 1024, onKill: killChromiumBrowsers });
  const options = chromiumLaunchOptions(chromium.executablePath());
  // A smaller V8 heap, so the allocating page dies of it quickly instead of taking gigabytes first.
  browser = await chromium.launch({ ...options, args: [...options.args, '--js-flags=--max-old-space-size=256'] });
  const paths = ['/huge', '/gzip-bomb', '/busy', '/after', '/late-busy', '/alloc', '/leaky', '/after'];
  report = await crawl({ start: [...new Set(paths)].map((p) => site.url(p)), browser: browser as never, concurrency: 1, maxDepth: 0, timeout: TIMEOUT });
  await browser.close();
  browser = undefined;
});
test.afterAll(async () => {
  await browser?.close();
  await site?.close();
});

test('@netns a body past the read limit and a gzip bomb: headers judged, body/too-long, not loaded, not passed', () => {
  expectTooLongBodies(byPath, site);
});

test('@netns a script that never yields, before or after the load, ends in bounded time and is not judged', () => {
  expectBoundedStuckPages(byPath, PAGE_BOUND);
});

test('@netns a page that allocates until it dies is recorded as not judged (crash, or timeout when the heap lasts)', () => {
  expect(['crash', 'timeout']).toContain(byPath('/alloc')?.error?.kind);
});

test('@netns the pages after the hostile ones are judged', () => {
  const after = byPath('/after')!;
  expect(after.error).toBeUndefined();
  expect(after.headers?.findings.length).toBeGreaterThan(0);
  expect(report.pages).toHaveLength(7);
});

test('@netns nothing reaches another origin: the other server counts zero requests, the crawl lists what it blocked', () => {
  const connections = expectKeptToOrigin(byPath, site, ['/img.png', '/lib.js', '/style.css', '/frame', '/fetch', '/popup'], HEADLESS_SHELL);
  if (!HEADLESS_SHELL) test.info().annotations.push({ type: 'bare connections (full Chromium)', description: String(connections) });
});

test('@netns a browser that dies mid-crawl is launched again for the pages after', async () => {
  test.setTimeout(120_000);
  const killed = await crawl({ start: [site.url('/kill'), site.url('/after-kill')], concurrency: 1, maxDepth: 0, timeout: TIMEOUT });
  const [kill, after] = killed.pages;
  expect(kill?.error).toBeDefined();
  expect(after?.error).toBeUndefined();
  expect(after?.headers).toBeDefined();
});

test('@netns runs where nothing can leave: a network namespace with only loopback', () => {
  test.skip(!process.env.ESH_NETNS, 'not in a network namespace: npm run test:browser runs this suite through scripts/in-netns.mjs, which says why when the machine does not allow one');
  const interfaces = Object.keys(networkInterfaces());
  expect(interfaces).toEqual(['lo']);
});
