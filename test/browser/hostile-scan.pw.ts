import { expect, test } from '@playwright/test';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../src/browser/launch';
import { scanPages } from '../../src/cli/pages';
import { SETTLE_GRACE_MS } from '../../src/crawl/browser-visit';
import type { PageReport, SiteReport } from '../../src/crawl';
import { startHostileSite, type HostileSite } from '../helpers/hostile-site';
import { killChromiumBrowsers } from '../helpers/kill-browser';
import { expectBoundedStuckPages, expectKeptToOrigin, expectTooLongBodies, isHeadlessShell } from '../helpers/hostile-checks';

/**
 * `scan URL` in a browser without --crawl, on the hostile pages the crawl is
 * tried on (test/browser/hostile.pw.ts): each URL given is bounded as a
 * crawled page is. A body past the read limit and a gzip bomb are judged on
 * their headers and get body/too-long (the server is hung up on early), a
 * script that never yields ends within the timeout plus the settle grace and
 * is not judged, a page that kills the browser does not fail the pages after
 * it (a new browser is launched), and the other origin gets no request.
 */

// @netns: npm run test:browser runs these in a loopback-only network namespace (scripts/in-netns.mjs).
test.describe.configure({ mode: 'serial' });

const TIMEOUT = 4000;
/** The load, the settle grace, replacing a stuck page (two bounded steps of 2 s) and closing its context, with room for a loaded machine. */
const PAGE_BOUND = TIMEOUT + SETTLE_GRACE_MS + 3 * 2000 + 10_000;
const audit = { preset: 'recommended' as const };

let site: HostileSite;
let report: SiteReport;
const byPath = (p: string): PageReport | undefined => report.pages.find((page) => new URL(page.url).pathname === p);

function launch(): Promise<Browser> {
  const options = chromiumLaunchOptions(chromium.executablePath());
  // A smaller V8 heap, so the allocating page dies of it quickly instead of taking gigabytes first.
  return chromium.launch({ ...options, args: [...options.args, '--js-flags=--max-old-space-size=256'] });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  site = await startHostileSite({ hugeBytes: 256 * 1024 * 1024, bombBytes: 256 * 1024 * 1024, onKill: killChromiumBrowsers });
  const browser = await launch();
  try {
    const paths = ['/huge', '/gzip-bomb', '/busy', '/late-busy', '/alloc', '/leaky', '/after'];
    report = await scanPages(paths.map((p) => site.url(p)), { browser: browser as never, audit, timeout: TIMEOUT, concurrency: 2 });
  } finally {
    await browser.close();
  }
});
test.afterAll(async () => {
  await site?.close();
});

test('@netns scan URL: a body past the read limit and a gzip bomb get body/too-long and are not passed', () => {
  expectTooLongBodies(byPath, site);
});

test('@netns scan URL: a page that never settles ends within the timeout plus the grace, and is not judged', () => {
  expectBoundedStuckPages(byPath, PAGE_BOUND);
  const after = byPath('/after')!;
  expect(after.error).toBeUndefined();
  expect(after.headers?.findings.length).toBeGreaterThan(0);
});

test('@netns scan URL: nothing reaches another origin, what was blocked is listed', () => {
  expectKeptToOrigin(byPath, site, ['/img.png', '/lib.js', '/frame', '/fetch', '/popup'], isHeadlessShell(chromiumLaunchOptions(chromium.executablePath()).executablePath ?? chromium.executablePath()));
});

test('@netns scan URL: a page that kills the browser does not fail the pages after it', async () => {
  test.setTimeout(120_000);
  const browser = await launch();
  try {
    const killed = await scanPages([site.url('/kill'), site.url('/after-kill'), site.url('/after')], { browser: browser as never, relaunch: launch as never, audit, timeout: TIMEOUT, concurrency: 1 });
    const [kill, ...after] = killed.pages;
    expect(kill?.error).toBeDefined();
    for (const page of after) {
      expect(page.error).toBeUndefined();
      expect(page.headers).toBeDefined();
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
});
