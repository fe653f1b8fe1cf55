import { expect as baseExpect, test } from '@playwright/test';
import { matchers } from '../../src/matchers';
import { startHeaderServer, type RunningServer } from '../helpers/servers';

// A Playwright page Response reads its full headers (Set-Cookie included)
// asynchronously: the matchers return a Promise for it.
const expect = baseExpect.extend(matchers);

let server: RunningServer;
test.beforeAll(async () => {
  server = await startHeaderServer([], {
    '/good': [
      ['Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"],
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', 'no-referrer'],
      ['Strict-Transport-Security', 'max-age=31536000'],
      ['Set-Cookie', 'session=abc; HttpOnly; Secure; SameSite=Lax; Path=/'],
    ],
    '/bad': [['Set-Cookie', 'session=abc']],
  });
});
test.afterAll(() => server.close());

test('page.goto response: pass and fail, cookies included', async ({ page }) => {
  const good = await page.goto(server.url('/good'));
  await expect(good).toHaveSecureHeaders({ https: true });
  await expect(good).toHaveCsp();
  const bad = await page.goto(server.url('/bad'));
  await expect(bad).not.toHaveSecureHeaders({ https: true });
  let message = '';
  try {
    await expect(bad).toHaveSecureHeaders({ https: true });
  } catch (error) {
    message = String(error);
  }
  baseExpect(message).toMatch(/set-cookie \(session\)/);
});
