import { expect, test, type Frame, type Page } from '@playwright/test';
import type { CspViolation } from '../../src/browser/types';
import { watchCspViolations } from '../../src/browser/watch';
import { startCspSite } from '../fixtures/csp-site/server';
import { startReplaySite, type ReplaySite } from '../fixtures/replay-site';

/**
 * A watcher attached to a page that was already used. Chromium's
 * `Audits.enable` replays the DevTools issues it kept for the page, and for
 * an iframe that kept its frame while navigating (or reloading) those
 * include the issues of documents that are gone. What happened before
 * watching in the documents shown now must be reported (once); what
 * happened in documents the page or a frame has left must not.
 */

let site: ReplaySite;
test.beforeAll(async () => {
  site = await startReplaySite();
});
test.afterAll(async () => {
  await site.close();
});

/** The one child frame of /outer.html. */
function child(page: Page): Frame {
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  expect(frames).toHaveLength(1);
  return frames[0]!;
}

/** The blocked image the document shown in `frame` now asked for (each load of /b.html asks for its own). */
async function imageOf(frame: Frame): Promise<string> {
  return frame.locator('img').evaluate((img: HTMLImageElement) => img.src);
}

const summary = (violations: CspViolation[]): Array<[string, string, string, string, number]> =>
  violations.map((v) => [v.directive, v.blockedURI, v.frameUrl, v.seenBy.join(), v.count]);

test('top level: A (inline script blocked), then B (image blocked), then watch: B replayed, none of A', async ({ page }) => {
  await page.goto(site.main.url('/a.html'));
  await page.goto(site.main.url('/b.html'));
  const image = await imageOf(page.mainFrame());
  const log = await watchCspViolations(page);
  // Replayed violations are there as soon as watching has started.
  expect(summary(log.violations())).toEqual([['img-src', image, site.main.url('/b.html'), 'cdp', 1]]);
  expect(summary(await log.waitForIdle(200))).toEqual([['img-src', image, site.main.url('/b.html'), 'cdp', 1]]);
  // The document's own report gives the replayed issue its policy, so it is explained like a live one.
  expect(log.violations()[0]).toMatchObject({ policy: "img-src 'self'", explanation: `'${image}' matches no source in img-src.` });
});

test('top level: A, then a clean page, then watch: nothing', async ({ page }) => {
  await page.goto(site.main.url('/a.html'));
  await page.goto(site.main.url('/clean.html'));
  const log = await watchCspViolations(page);
  expect(await log.waitForIdle(200)).toEqual([]);
});

test('top level: B, reloaded, then watch: the second load only, once', async ({ page }) => {
  await page.goto(site.main.url('/b.html'));
  const first = await imageOf(page.mainFrame());
  await page.reload();
  const second = await imageOf(page.mainFrame());
  expect(second).not.toBe(first);
  const log = await watchCspViolations(page);
  expect(summary(await log.waitForIdle(200))).toEqual([['img-src', second, site.main.url('/b.html'), 'cdp', 1]]);
});

test('an iframe that went from A to B, then watch: B replayed under its own document, none of A', async ({ page }) => {
  await page.goto(site.main.url('/outer.html?child=/a.html'));
  await child(page).goto(site.main.url('/b.html'));
  const image = await imageOf(child(page));
  const log = await watchCspViolations(page);
  expect(summary(await log.waitForIdle(200))).toEqual([['img-src', image, site.main.url('/b.html'), 'cdp', 1]]);
});

test('an iframe that went from A to a clean page, then watch: nothing', async ({ page }) => {
  await page.goto(site.main.url('/outer.html?child=/a.html'));
  await child(page).goto(site.main.url('/clean.html'));
  const log = await watchCspViolations(page);
  expect(await log.waitForIdle(200)).toEqual([]);
});

test('an iframe reloaded (same URL), then watch: the second load only, once', async ({ page }) => {
  await page.goto(site.main.url('/outer.html?child=/b.html'));
  const first = await imageOf(child(page));
  await child(page).goto(site.main.url('/b.html'));
  const second = await imageOf(child(page));
  expect(second).not.toBe(first);
  const log = await watchCspViolations(page);
  expect(summary(await log.waitForIdle(200))).toEqual([['img-src', second, site.main.url('/b.html'), 'cdp', 1]]);
});

test('a cross-site (out-of-process) iframe that went from A to B within its site, then watch: B only', async ({ page }) => {
  await page.goto(site.main.url(`/outer.html?child=${encodeURIComponent(site.crossSite('/a.html'))}`));
  await child(page).goto(site.crossSite('/b.html'));
  const image = await imageOf(child(page));
  const log = await watchCspViolations(page);
  expect(summary(await log.waitForIdle(200))).toEqual([['img-src', image, site.crossSite('/b.html'), 'cdp', 1]]);
});

test('an iframe that went from A to B, and the page on to C with an iframe: only what the page shows now', async ({ page }) => {
  await page.goto(site.main.url('/outer.html?child=/a.html'));
  await child(page).goto(site.main.url('/b.html'));
  await page.goto(site.main.url('/outer.html?child=/b.html'));
  const image = await imageOf(child(page));
  const log = await watchCspViolations(page);
  expect(summary(await log.waitForIdle(200))).toEqual([['img-src', image, site.main.url('/b.html'), 'cdp', 1]]);
});

test('a context watched late: each used page reports only its current documents', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(site.main.url('/outer.html?child=/a.html'));
  await child(first).goto(site.main.url('/clean.html'));
  await second.goto(site.main.url('/outer.html?child=/b.html'));
  await child(second).goto(site.main.url('/a.html'));
  const log = await watchCspViolations(context);
  await log.waitForIdle(200);
  expect(log.violations({ page: first })).toEqual([]);
  expect(summary(log.violations({ page: second }))).toEqual([['script-src-elem', 'inline', site.main.url('/a.html'), 'cdp', 1]]);
});

test('what happens after watching starts is still caught, by the DOM event and DevTools, once', async ({ page }) => {
  await page.goto(site.main.url('/outer.html?child=/a.html'));
  await child(page).goto(site.main.url('/clean.html'));
  const log = await watchCspViolations(page);
  await child(page).goto(site.main.url('/b.html'));
  const image = await imageOf(child(page));
  expect(await log.waitForViolation(5000, (v) => v.blockedURI === image)).toBe(true);
  const violations = await log.waitForIdle(200);
  expect(violations.map((v) => [v.directive, v.blockedURI, v.frameUrl, v.count])).toEqual([['img-src', image, site.main.url('/b.html'), 1]]);
  expect([...violations[0]!.seenBy].sort()).toEqual(['cdp', 'event']);
});

test('a document with more violations before watching than Chromium buffers for it (100): none is lost', async ({ page }) => {
  await page.goto(site.main.url('/outer.html?child=/many.html%3Fn%3D105'));
  const log = await watchCspViolations(page);
  const violations = await log.waitForIdle(200);
  expect(violations).toHaveLength(105);
  for (const v of violations) expect(v).toMatchObject({ directive: 'img-src', frameUrl: site.main.url('/many.html?n=105'), seenBy: ['cdp'], count: 1 });
});

test('an iframe removed before watching: what happened in it is not reported (it is no longer part of the page)', async ({ page }) => {
  // Chromium files a deleted frame's issues under the page; they match no document shown now, like a left document's.
  await page.goto(site.main.url('/outer.html?child=/a.html'));
  await page.locator('iframe').evaluate((frame) => frame.remove());
  const log = await watchCspViolations(page);
  expect(await log.waitForIdle(200)).toEqual([]);
});

test('a dedicated worker that broke its own policy before watching: its replay is kept (a worker target is its own)', async ({ page }) => {
  const csp = await startCspSite();
  try {
    await page.goto(csp.main.url('/clean.html'));
    await page.goto(csp.main.url('/worker.html'));
    await expect.poll(() => page.workers().length).toBe(1);
    const log = await watchCspViolations(page);
    const violations = await log.waitForIdle(200);
    expect(violations.map((v) => [v.directive, v.blockedURI, v.scope, v.seenBy.join()]).sort()).toEqual(
      [
        ['connect-src', csp.other.url('/data.json'), 'worker', 'cdp'],
        ['script-src', 'eval', 'worker', 'cdp'],
        ['script-src-elem', csp.other.url('/imported.js'), 'worker', 'cdp'],
      ].sort(),
    );
  } finally {
    await csp.close();
  }
});

test('a document whose ReportingObserver was replaced by page code: its replayed violations are kept, not dropped', async ({ page }) => {
  await page.goto(site.main.url('/outer.html?child=/b.html'));
  const image = await imageOf(child(page));
  // A stand-in that would report an empty buffer: it is not the browser's, so it is not believed.
  await child(page).evaluate(() => {
    (window as unknown as { ReportingObserver: unknown }).ReportingObserver = class {
      observe(): void {}
      disconnect(): void {}
      takeRecords(): unknown[] {
        return [];
      }
    };
  });
  const log = await watchCspViolations(page);
  expect(summary(await log.waitForIdle(200))).toEqual([['img-src', image, site.main.url('/b.html'), 'cdp', 1]]);
});
