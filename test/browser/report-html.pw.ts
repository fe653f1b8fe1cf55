import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { watchCspViolations } from '../../src/browser/watch';
import { scanPages } from '../../src/cli/pages';
import type { SiteReport } from '../../src/crawl/types';
import { formatHtml } from '../../src/report/html';
import { summarize } from '../../src/report/summary';
import { startServer, type RunningServer } from '../helpers/servers';

/**
 * The HTML report opened in Chromium, made from a real scan of a server
 * whose header values are attacks on the report itself. Nothing may run;
 * everything must read as text; the report's own style must still apply
 * (its policy allows it by hash) and its policy must block script.
 */

const ATTACKS = {
  script: '<script>window.__pwned = "script"; alert(1)</script>',
  img: '"><img src=x onerror="window.__pwned=\'img\';alert(2)">',
  quotes: `'single' "double" \`back\``,
  style: '</style><script>window.__pwned = "style"</script><style>',
};

let server: RunningServer;
let site: SiteReport;

test.beforeAll(async ({ browser }) => {
  server = await startServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('x-powered-by', ATTACKS.script);
    res.setHeader('referrer-policy', ATTACKS.img);
    res.setHeader('server', ATTACKS.style);
    res.setHeader('set-cookie', `q=${ATTACKS.quotes}`);
    res.setHeader('content-security-policy', `default-src 'self'; script-src 'self' https://x.example/${ATTACKS.img.replace(/\s/g, '')}`);
    // Blocked by the policy: an inline script and a script from another origin with markup in its query.
    res.end('<!doctype html><title>t</title><script>document.title="x"</script><script src="http://localhost:9/a.js?&quot;&gt;&lt;img src=x onerror=alert(3)&gt;"></script>');
  });
  site = await scanPages([server.url('/attack?q=<b>"x"</b>')], { browser, audit: { preset: 'strict' }, timeout: 20_000, concurrency: 1 });
});
test.afterAll(() => server.close());

test('hostile header values show as text and nothing runs', async ({ page }, testInfo) => {
  expect(site.pages[0]!.headers!.findings.length).toBeGreaterThan(3);
  expect(site.pages[0]!.violations.length).toBeGreaterThan(0);
  const summary = summarize(site, { preset: 'strict', failOn: 'low', toolVersion: 'test' });
  const file = testInfo.outputPath('report.html');
  writeFileSync(file, formatHtml(summary));

  const dialogs: string[] = [];
  const errors: string[] = [];
  const consoleMessages: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => consoleMessages.push(message.text()));
  const log = await watchCspViolations(page);

  await page.goto(pathToFileURL(file).href);
  await page.waitForLoadState('load');
  const violationsOnLoad = await log.waitForIdle(200, 1000);

  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  // No element came from the scanned site: no script, no img, no svg.
  expect(await page.locator('script, img, svg, iframe, object').count()).toBe(0);
  // Only the report's own style, allowed by its hash: nothing was refused while loading.
  expect(violationsOnLoad).toEqual([]);
  expect(consoleMessages.filter((m) => /Refused/.test(m))).toEqual([]);
  expect(await page.locator('.verdict').evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');

  // Everything reads as text, exactly as the server sent it.
  const text = await page.locator('body').innerText();
  expect(text).toContain(ATTACKS.script);
  expect(text).toContain(ATTACKS.img);
  expect(text).toContain(ATTACKS.style);
  expect(text).toContain('FAIL');
  await expect(page.locator('.page > summary .what code')).toHaveText(site.pages[0]!.url);
  // The received column holds the value exactly.
  for (const value of [ATTACKS.script, ATTACKS.img, ATTACKS.style]) {
    await expect(page.locator('td > code').filter({ hasText: value }).first()).toHaveText(value);
  }
});

test("the report's own policy blocks script: an injected inline script does not run", async ({ page }, testInfo) => {
  const file = testInfo.outputPath('report.html');
  writeFileSync(file, formatHtml(summarize(site, { preset: 'strict', failOn: 'low', toolVersion: 'test' })));
  const log = await watchCspViolations(page);
  await page.goto(pathToFileURL(file).href);
  // What a successful injection would amount to: a new inline <script> in the document.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = "injected"';
    document.body.append(s);
  });
  expect(await log.waitForViolation(3000, (v) => v.directive.startsWith('script-src'))).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*';/);
});
