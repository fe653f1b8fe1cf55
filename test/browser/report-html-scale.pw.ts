import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { crawl } from '../../src/crawl';
import type { SiteReport } from '../../src/crawl/types';
import { formatHtml } from '../../src/report/html';
import { formatJson } from '../../src/report/json';
import { formatSarif } from '../../src/report/sarif';
import { summarize } from '../../src/report/summary';
import { startServer, type RunningServer } from '../helpers/servers';

/**
 * The HTML report of a 5-page and a 500-page site, read in Chromium at
 * 1280 and 390 px: the problems come before the pages and, for 500 pages,
 * within a few screens; nothing is wider than a phone; the CSS filters
 * hide what they should. With UPDATE_SCREENSHOTS=1 the four screenshots
 * in docs/ are written again (and the report sizes printed).
 */

const SOUND: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=()',
};

/** A site of `n` pages in a few families with different mistakes, all linked from the home page and each other. */
function siteOf(n: number) {
  return startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const i = Number(/\d+/.exec(path)?.[0] ?? 0);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    const family = path === '/' ? 'home' : path.split('/')[1]!;
    const headers = { ...SOUND };
    if (family === 'legacy') {
      delete headers['content-security-policy'];
      headers['x-powered-by'] = 'Express 4.17.1';
    }
    if (family === 'blog') headers['content-security-policy'] = "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.example; object-src 'none'";
    if (family === 'shop') {
      delete headers['x-frame-options'];
      headers['content-security-policy'] = "default-src 'self'; object-src 'none'";
      headers['set-cookie'] = `cart=${i}abc; Path=/`;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (path === '/gone') res.statusCode = 404;
    const families = ['docs', 'blog', 'shop', 'legacy'];
    const links = path === '/' ? Array.from({ length: n - 2 }, (_, k) => `/${families[k % 4]}/${k}`).concat('/gone') : [];
    res.end(`<!doctype html><title>${path}</title>${links.map((l) => `<a href="${l}">${l}</a>`).join('')}`);
  });
}

const reports: Record<string, { site: SiteReport; html: string }> = {};
let servers: RunningServer[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  for (const n of [5, 500]) {
    const server = await siteOf(n);
    servers.push(server);
    const site = await crawl({ start: server.url('/'), headersOnly: true, maxPages: n, concurrency: 8, audit: { preset: 'recommended' } });
    const summary = summarize(site, { preset: 'recommended', failOn: 'medium', toolVersion: 'test' });
    reports[n] = { site, html: formatHtml(summary) };
    if (process.env.UPDATE_SCREENSHOTS) {
      const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(1)} kB`;
      console.log(`${n} pages: html ${kb(reports[n]!.html)}, json ${kb(formatJson(summary))}, sarif ${kb(formatSarif(summary, { file: { uri: 'security-baseline.json', text: '{}' } }))}`);
    }
  }
});
test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function open(page: Page, n: number, width: number, file: string) {
  writeFileSync(file, reports[n]!.html);
  await page.setViewportSize({ width, height: 900 });
  await page.goto(pathToFileURL(file).href);
}

for (const n of [5, 500]) {
  for (const width of [1280, 390]) {
    test(`${n} pages at ${width} px: verdict and problems first, nothing wider than the screen`, async ({ page }, testInfo) => {
      expect(reports[n]!.site.pages).toHaveLength(n);
      await open(page, n, width, testInfo.outputPath('report.html'));
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(width);
      // The page list begins after the problems, within a few screens even for 500 pages.
      const problemsTop = await page.locator('#problems').evaluate((el) => el.getBoundingClientRect().top);
      const pagesTop = await page.locator('#pages').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
      expect(problemsTop).toBeLessThan(900);
      expect(pagesTop / 900).toBeLessThan(width === 390 ? 6 : 3);
      // Open the first failing page too: its tables must fit the screen as well.
      await page.locator('.page[data-state="fail"] > summary').first().click();
      await page.locator('.page[data-state="fail"] .sub > summary').first().click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      if (process.env.UPDATE_SCREENSHOTS) {
        mkdirSync(join(process.cwd(), 'docs'), { recursive: true });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(process.cwd(), 'docs', `report-${n}-pages-${width}.png`) });
      }
    });
  }
}

test('each problem once, with its pages; failing pages first, passing ones folded', async ({ page }, testInfo) => {
  await open(page, 500, 1280, testInfo.outputPath('report.html'));
  const problems = page.locator('.problem');
  const ids = await problems.locator('dd > code').first().allTextContents();
  expect(ids.length).toBeGreaterThan(0);
  const summaries = await page.locator('.problem > summary').allInnerTexts();
  expect(new Set(summaries).size).toBe(summaries.length);
  expect(summaries.length).toBeLessThan(30);
  // csp/missing is on every legacy page, listed once.
  const legacy = reports[500]!.site.pages.filter((p) => p.url.includes('/legacy/')).length;
  expect(legacy).toBeGreaterThan(100);
  const missing = page.locator('.problem', { hasText: 'csp/missing' });
  await expect(missing).toHaveCount(1);
  await expect(missing.locator('summary')).toContainText(`${legacy} pages`);
  const states = await page.locator('#pages .page').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
  const firstPass = states.indexOf('pass');
  expect(firstPass).toBeGreaterThan(0);
  expect(states.slice(firstPass).every((s) => s === 'pass')).toBe(true);
  await expect(page.locator('.passing-group')).not.toHaveAttribute('open', '');
  // The 404 page answered: its findings are shown, and it has no grade badge beside "not checked".
  const gone = page.locator('#pages .page', { has: page.locator('summary > .what > code', { hasText: /\/gone$/ }) });
  await expect(gone).toHaveAttribute('data-state', 'fail');
  await expect(gone.locator('> summary')).toContainText('HTTP 404');
  await expect(gone.locator('> summary .grade')).toHaveCount(1);
  await expect(gone.locator('> .body')).toContainText('http-error');
});

test('the CSS filters: severity, header and page state', async ({ page }, testInfo) => {
  await open(page, 500, 1280, testInfo.outputPath('report.html'));
  const visible = (selector: string) => page.locator(selector).evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);
  const allProblems = await visible('.problem');
  await page.locator('label[for="sev-high"]').click();
  const high = await visible('.problem');
  expect(high).toBeLessThan(allProblems);
  expect(await page.locator('.problem').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).every((e) => ['critical', 'high'].includes(e.getAttribute('data-sev')!)))).toBe(true);
  await page.locator('label[for="sev-all"]').click();
  await page.locator('.filters label', { hasText: /^x-frame-options$/ }).click();
  const xfo = await page.locator('.problem').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.querySelector('summary code')!.textContent));
  expect(xfo.length).toBeGreaterThan(0);
  expect(xfo.every((t) => t!.startsWith('x-frame-options'))).toBe(true);
  await page.locator('label[for="hdr-all"]').click();
  await page.locator('label[for="pst-error"]').click();
  expect(await visible('#pages .page')).toBe(0);
  await page.locator('label[for="pst-fail"]').click();
  const failing = await visible('#pages .page');
  expect(failing).toBe(await page.locator('#pages .page[data-state="fail"]').count());
  // The report carries no script, and its style is the only thing its policy allows.
  expect(await page.locator('script').count()).toBe(0);
});
