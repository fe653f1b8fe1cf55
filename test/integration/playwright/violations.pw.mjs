// The `test` of expect-secure-headers/playwright watches every page for CSP violations.
import { test, expect } from 'expect-secure-headers/playwright';
import serverModule from '../server.cjs';

let server;
test.beforeAll(async () => { server = await serverModule.startServer(); });
test.afterAll(() => server.close());

test('a clean page has no violations', async ({ page }) => {
  await page.goto(`${server.origin}/good`);
  await expect(page).toHaveNoCspViolations();
});

test.describe('asserting on violations yourself', () => {
  // The violation is the point of this test: only annotate it, so the fixture does not fail the test too.
  test.use({ cspViolations: 'warn' });
  test('a blocked inline script fails the matcher, naming the directive', async ({ page }) => {
    await page.goto(`${server.origin}/blocked`);
    let message = '';
    try {
      await expect(page).toHaveNoCspViolations({ timeout: 500 });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/script-src-elem/);
    expect(message).toMatch(/inline/);
  });
});

test.describe('the fixture fails a test with a violation even without an expect', () => {
  test.fail();
  test('blocked page, no assertion', async ({ page }) => {
    await page.goto(`${server.origin}/blocked`);
  });
});
