/**
 * What Chromium does with each Talisman configuration's policy on the same
 * page (templates/home.html): four scripts — our own file (with the nonce
 * attribute), a CDN file, an inline script, and an inline script carrying
 * csp_nonce(). Each script marks <html data-…="ran">, so a test sees what ran
 * and which violations the browser reported.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { watchCspViolations } from '../../../src/browser/watch';
import type { CspViolation, CspViolationLog } from '../../../src/browser/types';
import { matchers } from '../../../src/matchers';
import { toHaveNoCspViolations } from '../../../src/matchers/toHaveNoCspViolations';
import { BEHIND_TLS_PROXY, startFlaskApp, type FlaskApp, type TalismanConfig } from './server';

const expect = baseExpect.extend({ ...matchers, toHaveNoCspViolations });

const CDN_SCRIPT = 'https://cdn.jsdelivr.net/npm/widget@1/widget.js';

// The browser goes through the "TLS proxy": Talisman sees X-Forwarded-Proto and serves the page.
test.use({ extraHTTPHeaders: { ...BEHIND_TLS_PROXY } });

// Nothing leaves 127.0.0.1: the CDN is answered by the test, everything else aborted.
test.beforeEach(async ({ context }) => {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.request().url() === CDN_SCRIPT
      ? route.fulfill({ contentType: 'text/javascript', body: "document.documentElement.dataset.cdn = 'ran';" })
      : route.abort(),
  );
});

function useApp(config: TalismanConfig): () => FlaskApp {
  let app: FlaskApp | undefined;
  test.beforeAll(async () => {
    app = await startFlaskApp(config);
  });
  test.afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error(`the ${config} app did not start`);
    return app;
  };
}

/** Watches the page, opens `/`, and returns what ran and what was reported once the page is quiet. */
async function visitHome(page: Page, app: FlaskApp): Promise<{ ran: string[]; violations: CspViolation[]; log: CspViolationLog }> {
  const log = await watchCspViolations(page);
  const response = await page.goto(app.url('/'));
  expect(response?.status()).toBe(200);
  const violations = await log.waitForIdle(300);
  const ran = await page.evaluate(() => Object.keys(document.documentElement.dataset).sort());
  return { ran, violations, log };
}

/** A violation in a form easy to compare: kind, directive, blocked URI, disposition. */
function brief(v: CspViolation): string {
  return `${v.disposition} ${v.directive} ${v.kind === 'inline' ? `inline@${v.source?.line}` : v.blockedURI}`;
}

test.describe('Talisman defaults: default-src \'self\'', () => {
  const app = useApp('defaults');

  test('only our own script runs; the CDN script and both inline scripts are blocked and reported', async ({ page }) => {
    const { ran, violations } = await visitHome(page, app());
    expect(ran).toEqual(['self']);
    expect(violations.map(brief).sort()).toEqual([
      `enforce script-src-elem ${CDN_SCRIPT}`,
      'enforce script-src-elem inline@13',
      'enforce script-src-elem inline@14',
    ]);
    await expect(page).not.toHaveNoCspViolations();
    const message = await expect(page).toHaveNoCspViolations().then(
      () => '',
      (error: Error) => error.message,
    );
    expect(message).toContain(CDN_SCRIPT);
    expect(message).toContain('script-src-elem');
  });

  test('the page response itself passes toHaveSecureHeaders and toHaveCsp', async ({ page }) => {
    const response = await page.goto(app().url('/'));
    await expect(response).toHaveSecureHeaders({ https: true });
    await expect(response).toHaveCsp({ directives: { 'object-src': ["'none'"] } });
  });
});

test.describe('CDN allowlist with \'unsafe-inline\'', () => {
  const app = useApp('cdn');

  test('everything runs, the inline scripts included: no violation, which is the problem the header test reports', async ({ page }) => {
    const { ran } = await visitHome(page, app());
    expect(ran).toEqual(['cdn', 'inline', 'nonced', 'self']);
    await expect(page).toHaveNoCspViolations();
  });

  test('an injected script from a host not on the list is still blocked', async ({ page }) => {
    const log = await watchCspViolations(page);
    await page.goto(app().url('/'));
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.src = 'https://evil.example/x.js';
      document.body.append(s);
    });
    expect(await log.waitForViolation(3000, (v) => v.blockedURI === 'https://evil.example/x.js')).toBe(true);
    expect(log.violations().map(brief)).toEqual(['enforce script-src-elem https://evil.example/x.js']);
  });
});

test.describe('nonces from csp_nonce()', () => {
  const app = useApp('nonce');

  test('the scripts with the nonce run; the inline one without it and the CDN script are blocked', async ({ page }) => {
    const { ran, violations } = await visitHome(page, app());
    expect(ran).toEqual(['nonced', 'self']);
    expect(violations.map(brief).sort()).toEqual([`enforce script-src-elem ${CDN_SCRIPT}`, 'enforce script-src-elem inline@13']);
    await expect(page).not.toHaveNoCspViolations({ disposition: 'enforce' });
  });

  test('\'strict-dynamic\': a script the nonced script adds is trusted too', async ({ page }) => {
    const log = await watchCspViolations(page);
    await page.goto(app().url('/'));
    // Scripts created by trusted (nonced) code inherit the trust; page.evaluate is not such code,
    // so a nonced inline script does the insertion.
    await page.evaluate(() => {
      const nonce = (document.querySelector('script[nonce]') as HTMLScriptElement).nonce;
      const loader = document.createElement('script');
      loader.nonce = nonce;
      loader.textContent = "const s = document.createElement('script'); s.src = '/static/app.js?again'; s.onload = () => { document.documentElement.dataset.dynamic = 'ran'; }; document.body.append(s);";
      document.body.append(loader);
    });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.dynamic)).toBe('ran');
    expect((await log.waitForIdle(300)).map(brief).sort()).toEqual([`enforce script-src-elem ${CDN_SCRIPT}`, 'enforce script-src-elem inline@13']);
  });
});

test.describe('report-only', () => {
  const app = useApp('report_only');

  test('every script runs; each would-be block is reported (disposition report), none enforced', async ({ page }) => {
    const { ran, violations } = await visitHome(page, app());
    expect(ran).toEqual(['cdn', 'inline', 'nonced', 'self']);
    expect(violations.map(brief).sort()).toEqual([
      `report script-src-elem ${CDN_SCRIPT}`,
      'report script-src-elem inline@13',
      'report script-src-elem inline@14',
    ]);
    // The browser sent them to Talisman's report-uri too.
    expect(violations.every((v) => v.seenBy.includes('report'))).toBe(true);
    await expect(page).toHaveNoCspViolations({ disposition: 'enforce' });
    await expect(page).not.toHaveNoCspViolations({ disposition: 'report' });
  });

  test('the app received the reports at /csp-report', async ({ page }) => {
    const { log } = await visitHome(page, app());
    await log.waitForViolation(3000, (v) => v.seenBy.includes('report'));
    const reports = (await (await fetch(app().url('/csp-reports'))).json()) as Array<{ 'csp-report': Record<string, unknown> }>;
    const blocked = reports.map((r) => r['csp-report']['blocked-uri']);
    expect(blocked).toEqual(expect.arrayContaining([CDN_SCRIPT, 'inline']));
    expect(reports.every((r) => r['csp-report'].disposition === 'report')).toBe(true);
  });
});

test.describe('the strict configuration', () => {
  const app = useApp('strict');

  test('same as nonces in the browser, and the page response passes strict but for the dev server\'s Server header', async ({ page }) => {
    const log = await watchCspViolations(page);
    const response = await page.goto(app().url('/'));
    await expect(response).toHaveSecureHeaders({ https: true, preset: 'strict', ignore: ['disclosure/server-version'] });
    await expect(response).not.toHaveSecureHeaders({ https: true, preset: 'strict' });
    expect((await log.waitForIdle(300)).map(brief).sort()).toEqual([`enforce script-src-elem ${CDN_SCRIPT}`, 'enforce script-src-elem inline@13']);
  });
});
