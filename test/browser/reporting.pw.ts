import { expect as baseExpect, test } from '@playwright/test';
import type { CspViolation } from '../../src/browser/types';
import { watchCspViolations } from '../../src/browser/watch';
import { toHaveNoCspViolations } from '../../src/matchers/toHaveNoCspViolations';
import { startReportingSite, type ReportingSite } from '../fixtures/reporting-site';

/**
 * Real Chromium against test/fixtures/reporting-site.ts: policies that report
 * only through the Reporting API (whose delivery is batched, too late for a
 * test), Trusted Types, and the workers a page does not own.
 */

const expect = baseExpect.extend({ toHaveNoCspViolations });

let site: ReportingSite;
test.beforeAll(async () => {
  site = await startReportingSite();
});
test.afterAll(async () => {
  await site.close();
});

async function failure(assertion: Promise<unknown>): Promise<string> {
  return assertion.then(
    () => '',
    // eslint-disable-next-line no-control-regex
    (error: unknown) => (error as Error).message.replace(/\u001b\[[0-9;]*m/g, ''),
  );
}

const find = (violations: CspViolation[], blocked: string): CspViolation | undefined => violations.find((v) => v.blockedURI === blocked);

test('report-to only, enforced and report-only, in the page and a cross-site iframe: each queued report is seen through DevTools, merged into one violation, and fails the matcher within the test', async ({ page }) => {
  const log = await watchCspViolations(page);

  await page.goto(site.main.url('/report-to.html'));
  const enforced = await failure(expect(page).toHaveNoCspViolations());
  expect(enforced).toContain(`img-src: ${site.other.url('/pixel.png')} — blocked (enforced)`);
  expect(enforced).toContain('reporting-api');

  await page.goto(site.main.url('/report-to-only.html'));
  const reportOnly = await failure(expect(page).toHaveNoCspViolations({ disposition: 'report' }));
  expect(reportOnly).toContain(`img-src: ${site.other.url('/report-only.png')} — reported only`);

  await page.goto(site.main.url('/report-to-frames.html'));
  const violations = await log.waitForIdle(200);
  // One violation each, whichever channels saw it: no duplicate from the queued report.
  expect(violations.map((v) => v.blockedURI).sort()).toEqual(['/child.png', '/pixel.png', '/report-only.png', '/top.png'].map((p) => site.other.url(p)).sort());
  for (const v of violations) {
    expect(v.seenBy).toContain('reporting-api');
    expect(v.seenBy).toContain('event');
    expect(v.count).toBe(1);
    expect(v.policy).toBe("img-src 'self'; report-to main");
  }
  expect(find(violations, site.other.url('/report-only.png'))?.disposition).toBe('report');
  // The out-of-process iframe's report comes from its own DevTools session, under its own document.
  expect(find(violations, site.other.url('/child.png'))).toMatchObject({
    frameUrl: site.other.url('/report-to-child.html').replace('127.0.0.1', 'localhost'),
    url: site.main.url('/report-to-frames.html'),
  });
});

test('queued reports of a page watched after the fact: those of the document shown now are replayed, those of a document left are not', async ({ page }) => {
  await page.goto(site.main.url('/report-to-only.html'));
  await page.goto(site.main.url('/report-to.html'));
  const log = await watchCspViolations(page);
  const violations = await log.waitForIdle(200);
  expect(violations).toHaveLength(1);
  expect(violations[0]).toMatchObject({ blockedURI: site.other.url('/pixel.png'), frameUrl: site.main.url('/report-to.html'), count: 1 });
  expect([...violations[0]!.seenBy].sort()).toEqual(['cdp', 'reporting-api']);
});

test('Trusted Types: a plain string given to innerHTML and a policy the page may not create are caught, with the sink and the sample shown', async ({ page }) => {
  const log = await watchCspViolations(page);
  await page.goto(site.main.url('/trusted-types.html'));
  const message = await failure(expect(page).toHaveNoCspViolations());
  const violations = log.violations();
  expect(violations).toHaveLength(2);
  expect(find(violations, 'trusted-types-sink')).toMatchObject({
    kind: 'trusted-types',
    directive: 'require-trusted-types-for',
    disposition: 'enforce',
    sample: 'Element innerHTML|<b>plain string</b>',
    source: { file: site.main.url('/trusted-types.js'), line: 2 },
  });
  expect(find(violations, 'trusted-types-policy')).toMatchObject({ kind: 'trusted-types', directive: 'trusted-types', sample: 'not-allowed' });
  for (const v of violations) expect([...v.seenBy].sort()).toEqual(['cdp', 'event', 'reporting-api']);
  expect(message).toContain('require-trusted-types-for: a plain string given to the Trusted Types sink Element innerHTML — blocked (enforced)');
  expect(message).toContain('sample:   "Element innerHTML|<b>plain string</b>"');
  expect(message).toContain('trusted-types: creating the Trusted Types policy "not-allowed", which trusted-types does not allow');
});

test('a service worker and a shared worker break their own policies (sent with their scripts): caught through DevTools, as worker violations of the page', async ({ context }) => {
  const page = await context.newPage();
  const pageLog = await watchCspViolations(page);
  const contextLog = await watchCspViolations(context);
  await page.goto(site.main.url('/workers.html'));
  await expect(page).toHaveTitle('registered');
  const expected = [
    ['shared-worker.js', 'connect-src', site.other.url('/from-shared-worker.json')],
    ['shared-worker.js', 'script-src', 'eval'],
    ['service-worker.js', 'connect-src', site.other.url('/from-service-worker.json')],
    ['service-worker.js', 'script-src', 'eval'],
  ];
  const seen = (violations: CspViolation[]): string[][] => violations.map((v) => [v.frameUrl.slice(site.main.origin.length + 1), v.directive, v.blockedURI]);
  await expect.poll(async () => seen(await pageLog.waitForIdle(200)).length, { timeout: 10_000 }).toBe(4);
  for (const log of [pageLog, contextLog]) {
    const violations = await log.waitForIdle(200);
    expect(seen(violations).sort()).toEqual([...expected].sort());
    for (const v of violations) expect(v).toMatchObject({ scope: 'worker', disposition: 'enforce', count: 1, seenBy: ['cdp'] });
  }
  expect(pageLog.violations().every((v) => v.url === site.main.url('/workers.html'))).toBe(true);
  const message = await failure(expect(page).toHaveNoCspViolations());
  expect(message).toContain(`worker:   ${site.main.url('/service-worker.js')}`);
  await context.serviceWorkers()[0]?.evaluate('self.registration.unregister()');
});
