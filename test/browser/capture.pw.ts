import { expect, test, type Page } from '@playwright/test';
import type { CspViolation } from '../../src/browser/types';
import { watchCspViolations } from '../../src/browser/watch';
import { startCspSite, type CspSite } from '../fixtures/csp-site/server';

/**
 * Each way a page can break its policy, in real Chromium against the local
 * test site: the violation is caught once, with the right directive,
 * disposition and blocked URI, and by the channels that can see it.
 */

let site: CspSite;
test.beforeAll(async () => {
  site = await startCspSite();
});
test.afterAll(async () => {
  await site.close();
});

async function visit(page: Page, path: string, after?: (page: Page) => Promise<void>): Promise<CspViolation[]> {
  const log = await watchCspViolations(page);
  await page.goto(site.main.url(path));
  if (after) await after(page);
  return log.waitForIdle(200);
}

interface Case {
  path: string;
  directive: string;
  blocked: (site: CspSite) => string;
  kind: CspViolation['kind'];
  after?: (page: Page) => Promise<void>;
  /** A fragment of the source file the violation is attributed to, when the browser gives one. */
  file?: string;
}

const cases: Case[] = [
  { path: '/external-script.html', directive: 'script-src-elem', blocked: (s) => s.other.url('/lib.js'), kind: 'resource' },
  { path: '/inline-script.html', directive: 'script-src-elem', blocked: () => 'inline', kind: 'inline', file: '/inline-script.html' },
  { path: '/inline-style.html', directive: 'style-src-elem', blocked: () => 'inline', kind: 'inline', file: '/inline-style.html' },
  { path: '/style-attr.html', directive: 'style-src-attr', blocked: () => 'inline', kind: 'inline', file: '/style-attr.html' },
  { path: '/event-handler.html', directive: 'script-src-attr', blocked: () => 'inline', kind: 'inline' },
  {
    path: '/javascript-url.html',
    directive: 'script-src-elem',
    blocked: () => 'inline',
    kind: 'inline',
    after: (page) => page.click('#go'),
  },
  { path: '/eval.html', directive: 'script-src', blocked: () => 'eval', kind: 'eval', file: '/eval.js' },
  { path: '/new-function.html', directive: 'script-src', blocked: () => 'eval', kind: 'eval', file: '/new-function.js' },
  { path: '/image.html', directive: 'img-src', blocked: (s) => s.other.url('/pixel.png'), kind: 'resource', file: '/image.html' },
  { path: '/font.html', directive: 'font-src', blocked: (s) => s.other.url('/remote.woff2'), kind: 'resource' },
  // A blocked frame's URL is cut to its origin: the browser must not leak where the frame would have gone.
  { path: '/frame.html', directive: 'frame-src', blocked: (s) => s.other.origin, kind: 'resource', file: '/frame.html' },
  { path: '/fetch.html', directive: 'connect-src', blocked: (s) => s.other.url('/data.json'), kind: 'resource', file: '/fetch.js' },
  { path: '/early.html', directive: 'style-src-elem', blocked: (s) => s.other.url('/early.css'), kind: 'resource', file: '/early.html' },
];

for (const c of cases) {
  test(`${c.path}: ${c.directive} ${c.kind} is caught by the DOM event and DevTools, once`, async ({ page }) => {
    const violations = await visit(page, c.path, c.after);
    expect(violations).toHaveLength(1);
    const [v] = violations as [CspViolation];
    expect(v).toMatchObject({
      directive: c.directive,
      blockedURI: c.blocked(site),
      kind: c.kind,
      disposition: 'enforce',
      scope: 'document',
      url: site.main.url(c.path),
      frameUrl: site.main.url(c.path),
      count: 1,
    });
    expect([...v.seenBy].sort()).toEqual(['cdp', 'event']);
    expect(v.policy).toBeTruthy();
    if (c.file) expect(v.source?.file).toBe(site.main.url(c.file));
    // Our CSP engine, asked the same question against the reported policy, names the deciding directive.
    expect(v.explanation).toContain(c.directive.replace(/-(elem|attr)$/, ''));
  });
}

test('a dedicated worker: eval, importScripts and fetch against its own policy, seen through DevTools', async ({ page }) => {
  const violations = await visit(page, '/worker.html');
  const worker = site.main.url('/worker.js');
  const summary = violations.map((v) => [v.directive, v.blockedURI, v.scope, v.frameUrl, v.source?.line]);
  expect(summary).toEqual(
    expect.arrayContaining([
      ['script-src', 'eval', 'worker', worker, 3],
      ['script-src-elem', site.other.url('/imported.js'), 'worker', worker, 6],
      ['connect-src', site.other.url('/data.json'), 'worker', worker, 8],
    ]),
  );
  expect(violations).toHaveLength(3);
  for (const v of violations) {
    expect(v.seenBy).toEqual(['cdp']);
    expect(v.url).toBe(site.main.url('/worker.html'));
  }
});

test('same-origin and cross-origin iframes: each violation is attributed to its own document', async ({ page }) => {
  const violations = await visit(page, '/iframes.html');
  const byFrame = Object.fromEntries(violations.map((v) => [v.frameUrl, v]));
  expect(Object.keys(byFrame).sort()).toEqual([site.main.url('/child.html'), site.other.url('/child.html')].sort());
  expect(byFrame[site.main.url('/child.html')]).toMatchObject({
    directive: 'img-src',
    blockedURI: site.main.url('/pixel.png?from=child'),
    url: site.main.url('/iframes.html'),
  });
  expect(byFrame[site.other.url('/child.html')]).toMatchObject({
    directive: 'img-src',
    blockedURI: site.other.url('/pixel.png?from=child'),
    url: site.main.url('/iframes.html'),
  });
  expect(byFrame[site.other.url('/child.html')]!.seenBy).toContain('event');
  expect(violations).toHaveLength(2);
});

test('a cross-site iframe (localhost, its own renderer process) is watched by the event and by DevTools', async ({ page }) => {
  const violations = await visit(page, '/iframes-cross-site.html');
  const child = site.other.url('/child.html').replace('127.0.0.1', 'localhost');
  expect(violations).toHaveLength(1);
  expect(violations[0]).toMatchObject({ frameUrl: child, directive: 'img-src', blockedURI: `${child.replace('/child.html', '/pixel.png')}?from=child`, url: site.main.url('/iframes-cross-site.html') });
  expect([...violations[0]!.seenBy].sort()).toEqual(['cdp', 'event']);
});

test('iframes whose violations happened before watching: DevTools replays them, each under its own document', async ({ page }) => {
  await page.goto(site.main.url('/iframes.html'));
  const sameSite = await watchCspViolations(page);
  const frames = (await sameSite.waitForIdle(200)).map((v) => [v.frameUrl, v.seenBy.join()]);
  // The same-origin child's image comes from its own markup, so its document is known; the cross-origin (same-site) one's too.
  expect(frames).toEqual(
    expect.arrayContaining([
      [site.main.url('/child.html'), 'cdp'],
      [site.other.url('/child.html'), 'cdp'],
    ]),
  );
  expect(frames).toHaveLength(2);

  const other = await page.context().newPage();
  await other.goto(site.main.url('/iframes-cross-site.html'));
  const crossSite = await watchCspViolations(other);
  expect((await crossSite.waitForIdle(200)).map((v) => [v.frameUrl, v.seenBy.join()])).toEqual([
    [site.other.url('/child.html').replace('127.0.0.1', 'localhost'), 'cdp'],
  ]);
});

test('a report-only policy: disposition report, also seen in the report the page sent', async ({ page }) => {
  const violations = await visit(page, '/report-only.html');
  expect(violations).toHaveLength(1);
  expect(violations[0]).toMatchObject({ directive: 'img-src', disposition: 'report', blockedURI: site.other.url('/pixel.png') });
  expect(violations[0]!.explanation).toBe(`'${site.other.url('/pixel.png')}' matches no source in img-src. (report-only policy)`);
  expect([...violations[0]!.seenBy].sort()).toEqual(['cdp', 'event', 'report']);
  // The image was only reported, not blocked: it loaded.
  expect(await page.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
});

test('report-uri reports from the page and from a worker merge with the other channels', async ({ page }) => {
  const violations = await visit(page, '/reported.html');
  await expect.poll(() => site.reports.length).toBeGreaterThanOrEqual(2);
  const image = violations.find((v) => v.directive === 'img-src');
  const workerEval = violations.find((v) => v.blockedURI === 'eval');
  expect([...image!.seenBy].sort()).toEqual(['cdp', 'event', 'report']);
  expect(workerEval).toMatchObject({ scope: 'worker', frameUrl: site.main.url('/reported-worker.js') });
  expect([...workerEval!.seenBy].sort()).toEqual(['cdp', 'report']);
  expect(violations).toHaveLength(2);
});

test('a policy in a meta tag', async ({ page }) => {
  const violations = await visit(page, '/meta.html');
  expect(violations).toHaveLength(1);
  expect(violations[0]).toMatchObject({ directive: 'img-src', blockedURI: site.main.url('/pixel.png'), disposition: 'enforce', policy: "img-src 'none'" });
});

test('a violation that fires after load (setTimeout) is waited for', async ({ page }) => {
  const log = await watchCspViolations(page);
  await page.goto(site.main.url('/late.html'));
  expect(log.violations()).toEqual([]);
  expect(await log.waitForViolation(5000)).toBe(true);
  expect(log.violations()).toMatchObject([{ directive: 'connect-src', blockedURI: site.other.url('/data.json?late') }]);
});

test('what happened before watching started is replayed by DevTools', async ({ page }) => {
  await page.goto(site.main.url('/image.html'));
  const log = await watchCspViolations(page);
  const violations = await log.waitForIdle(200);
  expect(violations).toMatchObject([{ directive: 'img-src', blockedURI: site.other.url('/pixel.png'), seenBy: ['cdp'] }]);
});

test('a clean page has none, and several kinds on one page are kept apart', async ({ page }) => {
  expect(await visit(page, '/clean.html')).toEqual([]);
  const log = await watchCspViolations(page);
  await page.goto(site.main.url('/several.html'));
  const directives = (await log.waitForIdle(200)).map((v) => v.directive).sort();
  expect(directives).toEqual(['img-src', 'script-src-elem', 'style-src-attr']);
});

test('without DevTools (as in Firefox or WebKit) the DOM event alone still catches document violations, through the Playwright binding', async ({ page }) => {
  const log = await watchCspViolations(page, { cdp: false, reports: false });
  await page.goto(site.main.url('/several.html'));
  const violations = await log.waitForIdle(200);
  expect(violations.map((v) => v.directive).sort()).toEqual(['img-src', 'script-src-elem', 'style-src-attr']);
  for (const v of violations) expect(v.seenBy).toEqual(['event']);
  await page.goto(site.main.url('/iframes-cross-site.html'));
  expect(await log.waitForViolation(3000, (v) => v.frameUrl.includes('localhost'))).toBe(true);
});

test('a context watch covers every page, including ones opened later, and filters by page', async ({ context }) => {
  const log = await watchCspViolations(context);
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(site.main.url('/image.html'));
  await second.goto(site.main.url('/inline-script.html'));
  await log.waitForIdle(200);
  expect(log.violations().map((v) => v.directive).sort()).toEqual(['img-src', 'script-src-elem']);
  expect(log.violations({ page: first }).map((v) => v.directive)).toEqual(['img-src']);
  expect(log.violations({ page: second }).map((v) => v.directive)).toEqual(['script-src-elem']);
});

test('the favicon is left out unless asked for; stop() keeps what was seen and stops listening', async ({ page }) => {
  const log = await watchCspViolations(page, { includeFavicon: true });
  const quiet = await watchCspViolations(page);
  await page.setContent('<p>x</p>');
  await page.goto(site.main.url('/clean.html'));
  await page.evaluate(() => fetch('/favicon.ico').catch(() => undefined));
  // default-src 'self' allows the same-origin favicon; load one from the other origin in an <img>, as a browser's own request would be.
  await page.evaluate((src) => {
    const img = document.createElement('img');
    img.src = src;
    document.body.append(img);
  }, site.other.url('/favicon.ico'));
  expect(await log.waitForViolation(3000)).toBe(true);
  await quiet.waitForIdle(200);
  expect(log.violations().map((v) => v.blockedURI)).toEqual([site.other.url('/favicon.ico')]);
  expect(quiet.violations()).toEqual([]);
  await log.stop();
  await page.goto(site.main.url('/image.html'));
  await quiet.waitForIdle(200);
  expect(log.stopped).toBe(true);
  expect(log.violations()).toHaveLength(1);
  expect(quiet.violations()).toHaveLength(1);
});

test('bad input to watchCspViolations gets a clear error', async ({ page, browser }) => {
  await expect(watchCspViolations({} as never)).rejects.toThrow(/needs a Playwright Page or BrowserContext; received an object/);
  await expect(watchCspViolations(page, { favicon: true } as never)).rejects.toThrow(/unknown option "favicon". Known options: includeFavicon, cdp, reports/);
  const bypassing = await browser.newContext({ bypassCSP: true });
  try {
    await expect(watchCspViolations(bypassing)).rejects.toThrow(/bypassCSP: true, which switches Content-Security-Policy off/);
    const p = await bypassing.newPage();
    await expect(watchCspViolations(p)).rejects.toThrow(/bypassCSP/);
  } finally {
    await bypassing.close();
  }
});
