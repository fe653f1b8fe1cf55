// The CommonJS build in a real browser: the page scripts must run there as written.
const { test, expect } = require('expect-secure-headers/playwright');
const { startServer } = require('../server.cjs');

let server;
test.beforeAll(async () => { server = await startServer(); });
test.afterAll(() => server.close());

// What a failing test's message must say, as Playwright reports it (checked by ../expected-failures.cjs).
const expectMessage = (...patterns) => ({ annotation: patterns.map((description) => ({ type: 'expect-message', description })) });
const SOURCE_IN_WORDS = String.raw`source: {3}http://127\.0\.0\.1:\d+/blocked, line 1, column \d+`;

test('a clean page passes', async ({ page }) => {
  await page.goto(`${server.origin}/good`);
  await expect(page).toHaveNoCspViolations({ timeout: 300 });
});

test.describe('asserting on violations yourself', () => {
  test.use({ cspViolations: 'warn' });
  test.fail();
  test('a blocked inline script fails the matcher, naming the directive and the source in words',
    expectMessage(String.raw`script-src-elem: inline code — blocked \(enforced\)`, SOURCE_IN_WORDS), async ({ page }) => {
      await page.goto(`${server.origin}/blocked`);
      await expect(page).toHaveNoCspViolations({ timeout: 500 });
    });
});

test.describe('the page script, as written', () => {
  test.use({ cspViolations: 'warn' });
  test('runs in the page: the DOM event channel sees the violation', async ({ page, cspViolationLog }) => {
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
  test('blocked page, no assertion', expectMessage(String.raw`violations were seen during this test \(cspViolations: 'fail'\)`, 'script-src-elem: inline code', SOURCE_IN_WORDS), async ({ page }) => {
    await page.goto(`${server.origin}/blocked`);
  });
});
