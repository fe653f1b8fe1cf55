// The `test` of expect-secure-headers/playwright watches every page for CSP violations (the ESM build).
import { test, expect } from 'expect-secure-headers/playwright';
import serverModule from '../server.cjs';

let server;
test.beforeAll(async () => { server = await serverModule.startServer(); });
test.afterAll(() => server.close());

// What a failing test's message must say, as Playwright reports it (checked by ../expected-failures.cjs).
const expectMessage = (...patterns) => ({ annotation: patterns.map((description) => ({ type: 'expect-message', description })) });
const SOURCE_IN_WORDS = String.raw`source: {3}http://127\.0\.0\.1:\d+/blocked, line 1, column \d+`;

test('a clean page has no violations', async ({ page }) => {
  await page.goto(`${server.origin}/good`);
  await expect(page).toHaveNoCspViolations();
});

test.describe('asserting on violations yourself', () => {
  // The violation is the point of this test: only annotate it, so the fixture does not fail the test too.
  test.use({ cspViolations: 'warn' });
  test.fail();
  test('a blocked inline script fails the matcher, naming the directive and the source in words',
    expectMessage(String.raw`script-src-elem: inline code — blocked \(enforced\)`, SOURCE_IN_WORDS), async ({ page }) => {
      await page.goto(`${server.origin}/blocked`);
      await expect(page).toHaveNoCspViolations({ timeout: 500 });
    });
});

test.describe('the fixture fails a test with a violation even without an expect', () => {
  test.fail();
  test('blocked page, no assertion', expectMessage(String.raw`violations were seen during this test \(cspViolations: 'fail'\)`, 'script-src-elem: inline code', SOURCE_IN_WORDS), async ({ page }) => {
    await page.goto(`${server.origin}/blocked`);
  });
});
