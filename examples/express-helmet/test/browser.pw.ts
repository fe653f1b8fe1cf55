/**
 * What Chromium does with each helmet variant's policy on the page at `/`:
 * four scripts (our file with the nonce, a CDN file, an inline script, an
 * inline script with the nonce), each marking <html data-…="ran">.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { watchCspViolations } from '../../../src/browser/watch';
import type { CspViolation } from '../../../src/browser/types';
import { matchers } from '../../../src/matchers';
import { toHaveNoCspViolations } from '../../../src/matchers/toHaveNoCspViolations';
import { CDN_SCRIPT, startApp, type HelmetVariant, type RunningApp } from '../app';

const expect = baseExpect.extend({ ...matchers, toHaveNoCspViolations });

// Nothing leaves 127.0.0.1: the CDN is answered by the test, everything else aborted.
test.beforeEach(async ({ context }) => {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.request().url() === CDN_SCRIPT
      ? route.fulfill({ contentType: 'text/javascript', body: "document.documentElement.dataset.cdn = 'ran';" })
      : route.abort(),
  );
});

function useServer(variant: HelmetVariant): () => RunningApp {
  let app: RunningApp | undefined;
  test.beforeAll(async () => {
    app = await startApp(variant);
  });
  test.afterAll(async () => {
    await app?.close();
  });
  return () => app!;
}

function brief(v: CspViolation): string {
  return `${v.disposition} ${v.directive} ${v.kind === 'inline' ? `inline@${v.source?.line}` : v.blockedURI}`;
}

async function visitHome(page: Page, app: RunningApp) {
  const log = await watchCspViolations(page);
  const response = await page.goto(app.url('/'));
  const violations = await log.waitForIdle(300);
  const ran = await page.evaluate(() => Object.keys(document.documentElement.dataset).sort());
  return { response: response!, ran, violations };
}

test.describe('helmet() defaults', () => {
  const app = useServer('defaults');

  test('script-src \'self\': our file runs, the CDN script and both inline scripts are blocked', async ({ page }) => {
    const { response, ran, violations } = await visitHome(page, app());
    expect(ran).toEqual(['self']);
    expect(violations.map(brief).sort()).toEqual([`enforce script-src-elem ${CDN_SCRIPT}`, 'enforce script-src-elem inline@8', 'enforce script-src-elem inline@9']);
    await expect(page).not.toHaveNoCspViolations();
    await expect(response).toHaveSecureHeaders({ https: true });
  });

  test('script-src-attr \'none\': an onclick handler is blocked and reported', async ({ page }) => {
    const log = await watchCspViolations(page);
    await page.goto(app().url('/'));
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'b';
      button.setAttribute('onclick', "document.documentElement.dataset.clicked = 'ran'");
      document.body.append(button);
    });
    await page.click('#b');
    expect(await log.waitForViolation(3000, (v) => v.directive === 'script-src-attr')).toBe(true);
    expect(await page.evaluate(() => document.documentElement.dataset.clicked)).toBeUndefined();
  });
});

test.describe('strict variant', () => {
  const app = useServer('strict');

  test('nonced scripts run; the plain inline script and the CDN script are blocked', async ({ page }) => {
    const { response, ran, violations } = await visitHome(page, app());
    expect(ran).toEqual(['nonced', 'self']);
    expect(violations.map(brief).sort()).toEqual([`enforce script-src-elem ${CDN_SCRIPT}`, 'enforce script-src-elem inline@8']);
    await expect(response).toHaveSecureHeaders({ https: true, preset: 'strict', crossOriginIsolation: true });
    // COEP require-corp + COOP same-origin: the page really is cross-origin isolated.
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  });

  test('ignoring the known violations leaves none', async ({ page }) => {
    await visitHome(page, app());
    await expect(page).toHaveNoCspViolations({ ignore: [CDN_SCRIPT, /^inline$/] });
  });
});

test.describe('relaxed variant (no CSP)', () => {
  const app = useServer('relaxed');

  test('everything runs and the browser reports nothing: only the header test catches it', async ({ page }) => {
    const { response, ran } = await visitHome(page, app());
    expect(ran).toEqual(['cdn', 'inline', 'nonced', 'self']);
    await expect(page).toHaveNoCspViolations();
    await expect(response).not.toHaveSecureHeaders({ https: true });
  });
});
