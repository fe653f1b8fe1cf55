// The CommonJS build in a real browser: the page scripts must run there as written.
const { test, expect } = require('expect-secure-headers/playwright');
const { startServer } = require('../server.cjs');

let server;
test.beforeAll(async () => { server = await startServer(); });
test.afterAll(() => server.close());

test('a clean page passes', async ({ page }) => {
  await page.goto(`${server.origin}/good`);
  await expect(page).toHaveNoCspViolations({ timeout: 300 });
});

test.describe('asserting on violations yourself', () => {
  test.use({ cspViolations: 'warn' });
  test('a blocked inline script fails the matcher, naming the directive and the source in words', async ({ page }) => {
    await page.goto(`${server.origin}/blocked`);
    let message = '';
    try {
      await expect(page).toHaveNoCspViolations({ timeout: 500 });
    } catch (error) {
      message = String(error).replace(/\u001b\[[0-9;]*m/g, "");
    }
    expect(message).toMatch(/script-src-elem: inline code — blocked \(enforced\)/);
    expect(message).toMatch(/source: {3}http:\/\/127\.0\.0\.1:\d+\/blocked, line 1, column \d+/);
  });
  test('the page script runs in the page as written: the DOM event channel sees the violation', async ({ page, cspViolationLog }) => {
    await page.goto(`${server.origin}/blocked`);
    await cspViolationLog.settle();
    expect(cspViolationLog.violations().flatMap((v) => v.seenBy)).toContain('event');
  });
});

test('an APIResponse, with no page: no context is made for it', async ({ request, browser }) => {
  expect(await request.get(`${server.origin}/good`)).toHaveSecureHeaders({ https: true });
  expect(browser.contexts()).toHaveLength(0);
});

test.describe('the fixture fails a test with a violation even without an expect', () => {
  test.fail();
  test('blocked page, no assertion', async ({ page }) => {
    await page.goto(`${server.origin}/blocked`);
  });
});
