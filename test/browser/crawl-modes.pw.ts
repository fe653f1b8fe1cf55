import { expect, test } from '@playwright/test';
import { crawl, type SiteReport } from '../../src/crawl';
import type { Finding } from '../../src/types';
import { FAMILY_PATHS, startFamiliesSite } from '../fixtures/families-site';
import type { RunningServer } from '../helpers/servers';

/**
 * The same responses judged the same in both crawl modes: a browser crawl
 * (the document goes through Playwright's route) and a headers-only crawl,
 * on a site where every header family is represented (Set-Cookie above all,
 * which the browser's view of a fulfilled response leaves out).
 */

let site: RunningServer;
let browserCrawl: SiteReport;
let plainCrawl: SiteReport;

const path = (url: string) => new URL(url).pathname;
const shown = (f: Finding) => [f.id, f.severity, f.directive ?? '', f.received ?? ''].join(' | ');
const verdicts = (report: SiteReport) =>
  Object.fromEntries(report.pages.map((p) => [path(p.url), { status: p.status, kind: p.headers?.kind, findings: (p.headers?.findings ?? []).map(shown).sort() }]));

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  site = await startFamiliesSite();
  const audit = { https: true } as const;
  const context = await browser.newContext();
  try {
    [browserCrawl, plainCrawl] = await Promise.all([
      crawl({ start: site.url('/'), context, audit, timeout: 10_000 }),
      crawl({ start: site.url('/'), headersOnly: true, audit, timeout: 10_000 }),
    ]);
  } finally {
    await context.close();
  }
});
test.afterAll(() => site?.close());

test('both modes visit the same pages and give the same verdict for each, finding by finding', () => {
  expect(browserCrawl.mode).toBe('browser');
  expect(Object.keys(verdicts(browserCrawl)).sort()).toEqual([...FAMILY_PATHS].sort());
  expect(verdicts(browserCrawl)).toEqual(verdicts(plainCrawl));
});

test('the cookie findings are there in the browser crawl, each cookie judged apart', () => {
  const login = browserCrawl.pages.find((p) => path(p.url) === '/login')!;
  const cookies = login.headers!.findings.filter((f) => f.id.startsWith('cookies/'));
  expect(cookies.map((f) => f.directive)).toEqual(expect.arrayContaining(['sid', '__Host-pref']));
  expect(cookies.map((f) => f.directive)).not.toContain('csrf');
  expect(login.headers!.pass).toBe(false);
  expect(login.responseHeaders!.filter(([name]) => name.toLowerCase() === 'set-cookie')).toHaveLength(3);
  // Every family is judged somewhere on the site.
  const rules = new Set(browserCrawl.pages.flatMap((p) => p.headers?.findings ?? []).map((f) => f.id.split('/')[0]));
  expect([...rules].sort()).toEqual(['cookies', 'cors', 'cross-origin', 'csp', 'deprecated', 'disclosure', 'hsts', 'permissions-policy', 'referrer-policy', 'reporting', 'x-content-type-options', 'x-frame-options']);
});
