import { expect as baseExpect, test } from '@playwright/test';
import { watchCspViolations } from '../../src/browser/watch';
import { toHaveNoCspViolations } from '../../src/matchers/toHaveNoCspViolations';
import { startCspSite, type CspSite } from '../fixtures/csp-site/server';

const expect = baseExpect.extend({ toHaveNoCspViolations });

let site: CspSite;
test.beforeAll(async () => {
  site = await startCspSite();
});
test.afterAll(async () => {
  await site.close();
});

/** The error an assertion fails with, colours stripped (or undefined when it passed). */
async function failure(assertion: Promise<unknown>): Promise<Error | undefined> {
  return assertion.then(
    () => undefined,
    (error: unknown) => {
      const e = error as Error;
      // eslint-disable-next-line no-control-regex
      e.message = e.message.replace(/\u001b\[[0-9;]*m/g, '');
      return e;
    },
  );
}

test('a clean page passes; a page with a violation fails with a message naming page, directive, blocked URI, source and outcome', async ({ page }) => {
  await watchCspViolations(page);
  await page.goto(site.main.url('/clean.html'));
  await expect(page).toHaveNoCspViolations();

  await page.goto(site.main.url('/image.html'));
  const error = await failure(expect(page).toHaveNoCspViolations());
  expect(error).toBeDefined();
  const message = error!.message;
  expect(message).toContain('toHaveNoCspViolations');
  expect(message).toContain('1 Content-Security-Policy violation (1 enforced, 0 report-only)');
  expect(message).toContain(`img-src: ${site.other.url('/pixel.png')} — blocked (enforced)`);
  expect(message).toContain(`page:     ${site.main.url('/image.html')}`);
  expect(message).toContain(`source:   ${site.main.url('/image.html')}, line 6, column 1`);
  expect(message).toContain("policy:   img-src 'self'");
  expect(message).toContain(`why:      '${site.other.url('/pixel.png')}' matches no source in img-src.`);
});

test('a report-only violation is shown as reported, and the disposition option picks which count', async ({ page }) => {
  await watchCspViolations(page);
  await page.goto(site.main.url('/report-only.html'));
  await expect(page).toHaveNoCspViolations({ disposition: 'enforce' });
  const error = await failure(expect(page).toHaveNoCspViolations({ disposition: 'report' }));
  expect(error?.message).toContain('reported only (report-only policy, not blocked)');
  expect(error?.message).toContain('(disposition: report)');
  await expect(failure(expect(page).toHaveNoCspViolations({ disposition: 'any' }))).resolves.toBeDefined();
  // By default report-only violations do not fail (as in the fixture and the CLI); .not says they were left out.
  await expect(page).toHaveNoCspViolations();
  const not = await failure(expect(page).not.toHaveNoCspViolations());
  expect(not?.message).toContain("report-only violations do not fail by default; pass { disposition: 'any' } to count them");
});

test('ignore leaves out violations by directive or blocked URI, and says how many it left out', async ({ page }) => {
  await watchCspViolations(page);
  await page.goto(site.main.url('/several.html'));
  await expect(page).toHaveNoCspViolations({ ignore: ['img-src', /^inline$/] });
  await expect(page).toHaveNoCspViolations({ ignore: [site.other.origin, 'script-src-elem', 'style-src-attr'] });
  const error = await failure(expect(page).toHaveNoCspViolations({ ignore: 'img-src' }));
  expect(error?.message).toContain('2 Content-Security-Policy violations');
  expect(error?.message).toContain('1 other violation was left out');
  expect(error?.message).not.toContain('img-src:');
});

test('a pass waits for late violations; a fail returns at the first one; .not passes as soon as one comes', async ({ page }) => {
  await watchCspViolations(page);
  await page.goto(site.main.url('/late.html'));
  // The fetch comes 400ms after load: a 3s wait sees it.
  const error = await failure(expect(page).toHaveNoCspViolations({ timeout: 3000 }));
  expect(error?.message).toContain(`connect-src: ${site.other.url('/data.json?late')}`);

  await page.goto(site.main.url('/late.html'));
  await expect(page).not.toHaveNoCspViolations({ timeout: 3000 });
});

test('.not on a clean page fails after the wait, saying none was seen', async ({ page }) => {
  await watchCspViolations(page);
  await page.goto(site.main.url('/clean.html'));
  const error = await failure(expect(page).not.toHaveNoCspViolations({ timeout: 300 }));
  expect(error?.message).toMatch(/Expected at least one Content-Security-Policy violation in the page .*clean\.html, but none was seen within 300ms/);
});

test('a watched context, a CspViolationLog and a CspViolation[] work too', async ({ context, page }) => {
  const log = await watchCspViolations(context);
  await page.goto(site.main.url('/eval.html'));
  await expect(failure(expect(context).toHaveNoCspViolations())).resolves.toBeDefined();
  await expect(failure(expect(log).toHaveNoCspViolations())).resolves.toBeDefined();
  await expect(failure(expect(page).toHaveNoCspViolations())).resolves.toBeDefined();
  const violations = log.violations();
  const error = await failure(expect(violations).toHaveNoCspViolations());
  expect(error?.message).toContain('eval / new Function (string-to-code)');
  expect(error?.message).toContain(`source:   ${site.main.url('/eval.js')}, line 2, column 3`);
  await expect(violations.filter((v) => v.directive !== 'script-src')).toHaveNoCspViolations();
});

test('a page that was never watched is an error that says how to watch it, not a pass', async ({ page }) => {
  await page.goto(site.main.url('/image.html'));
  const error = await failure(expect(page).toHaveNoCspViolations());
  expect(error?.name).toBe('ExpectSecureHeadersUsageError');
  expect(error?.message).toContain('is not being watched for CSP violations');
  expect(error?.message).toContain('watchCspViolations(page)');
  expect(error?.message).toContain("the `test` from 'expect-secure-headers/playwright'");
  const notEither = await failure(expect(page).not.toHaveNoCspViolations());
  expect(notEither?.name).toBe('ExpectSecureHeadersUsageError');
});

test('bad options and bad received values get clear errors', async ({ page }) => {
  await watchCspViolations(page);
  await expect(failure(expect(page).toHaveNoCspViolations({ disposition: 'enforce', tiemout: 10 } as never))).resolves.toMatchObject({
    message: expect.stringContaining('unknown option "tiemout". Known options: disposition, ignore, timeout'),
  });
  await expect(failure(expect(page).toHaveNoCspViolations({ disposition: 'blocked' } as never))).resolves.toMatchObject({
    message: expect.stringContaining("disposition must be 'enforce', 'report' or 'any'; received the string \"blocked\""),
  });
  await expect(failure(expect(page).toHaveNoCspViolations({ ignore: [42] } as never))).resolves.toMatchObject({
    message: expect.stringContaining('ignore takes strings and RegExps'),
  });
  await expect(failure(expect(page).toHaveNoCspViolations({ timeout: -1 }))).resolves.toMatchObject({
    message: expect.stringContaining('timeout must be a number of milliseconds'),
  });
  await expect(failure(expect('https://example.test').toHaveNoCspViolations())).resolves.toMatchObject({
    message: expect.stringContaining('expected a Playwright Page or BrowserContext that is being watched, a CspViolationLog, or a CspViolation[]; received the string'),
  });
  await expect(failure(expect([{ directive: 'img-src' }]).toHaveNoCspViolations())).resolves.toMatchObject({
    message: expect.stringContaining('item 0 is not a CspViolation'),
  });
});

test("a crawl's site report: the violations grouped by problem with their pages; a headers-only crawl is an error", async ({ browser }) => {
  const { crawl } = await import('../../src/crawl/crawl');
  const report = await crawl({ start: [site.main.url('/image.html'), site.main.url('/clean.html')], browser, maxDepth: 0 });
  const error = await failure(expect(report).toHaveNoCspViolations());
  // The site verdict is the one src/matchers/site.ts gives all matchers: grouped by problem, pages listed.
  expect(error?.message).toContain('1 of 2 pages judged fail the CSP violations checks.');
  expect(error?.message).toContain(`1 page: img-src blocked: ${site.other.url('/pixel.png')}\n    on: /image.html`);
  await expect(report).toHaveNoCspViolations({ ignore: 'img-src' });

  // The same default as the page matcher, the fixture and the CLI: report-only violations are listed, not failed.
  const trial = await crawl({ start: [site.main.url('/report-only.html'), site.main.url('/clean.html')], browser, maxDepth: 0 });
  expect(trial.pages.find((p) => p.url.endsWith('/report-only.html'))?.violations?.map((v) => v.disposition)).toEqual(['report']);
  await expect(report).not.toHaveNoCspViolations();
  await expect(trial).toHaveNoCspViolations();
  const counted = await failure(expect(trial).toHaveNoCspViolations({ disposition: 'any' }));
  expect(counted?.message).toContain(`1 page: img-src reported only (report-only policy): ${site.other.url('/pixel.png')}\n    on: /report-only.html`);
  const leftOut = await failure(expect(trial).not.toHaveNoCspViolations());
  expect(leftOut?.message).toContain("report-only violations do not fail by default; pass { disposition: 'any' } to count them");

  const headersOnly = await crawl({ start: site.main.url('/image.html'), headersOnly: true, maxDepth: 0 });
  const misuse = await failure(expect(headersOnly).toHaveNoCspViolations());
  expect(misuse?.name).toBe('ExpectSecureHeadersUsageError');
  expect(misuse?.message).toContain('headers-only crawl, which uses no browser');
});
