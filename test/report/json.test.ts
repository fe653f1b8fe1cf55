import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteReport } from '../../src/crawl/types';
import { formatJson, JSON_REPORT_VERSION } from '../../src/report/json';
import type { RunningServer } from '../helpers/servers';
import { HOSTILE, scanFixture, startFixtureSite, summaryOf } from './fixture';

let server: RunningServer;
let site: SiteReport;
beforeAll(async () => {
  server = await startFixtureSite();
  site = await scanFixture(server, 'browser');
}, 60_000);
afterAll(() => server.close());

/** The keys the docs list in the table under `## <section>`. */
function documentedKeys(section: string): string[] {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'report-json.md'), 'utf8');
  const start = doc.indexOf(`\n## ${section}\n`);
  expect(start).toBeGreaterThan(-1);
  const body = doc.slice(start + 1).split('\n## ')[0]!;
  return [...body.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]!);
}

test('the report is 2-space JSON with a trailing newline and a version', () => {
  const text = formatJson(summaryOf(site));
  expect(text.endsWith('}\n')).toBe(true);
  expect(text.startsWith('{\n  "version": 1,')).toBe(true);
  expect(JSON.parse(text).version).toBe(JSON_REPORT_VERSION);
});

test('every documented key is present and no key is undocumented', () => {
  const report = JSON.parse(formatJson(summaryOf(site)));
  expect(Object.keys(report).sort()).toEqual(documentedKeys('Top level').sort());
  expect(Object.keys(report.totals).sort()).toEqual(documentedKeys('Totals').sort());
  for (const page of report.pages) expect(Object.keys(page).sort()).toEqual(documentedKeys('Page').sort());
  const findings = report.pages.flatMap((p: { findings: object[] }) => p.findings);
  const violations = report.pages.flatMap((p: { violations: object[] }) => p.violations);
  expect(findings.length).toBeGreaterThan(5);
  expect(violations.length).toBeGreaterThan(0);
  for (const f of findings) expect(Object.keys(f).sort()).toEqual(documentedKeys('Finding').sort());
  for (const v of violations) expect(Object.keys(v).sort()).toEqual(documentedKeys('Violation').sort());
  const fields = report.pages.flatMap((p: { responseHeaders: object[] }) => p.responseHeaders);
  expect(fields.length).toBeGreaterThan(10);
  for (const f of fields) expect(Object.keys(f).sort()).toEqual(documentedKeys('Response header').sort());
  for (const page of report.pages) {
    expect(Object.keys(page.observatory).sort()).toEqual(documentedKeys('Observatory').sort());
    expect(page.observatory.tests).toHaveLength(10);
    for (const t of page.observatory.tests) expect(Object.keys(t).sort()).toEqual(documentedKeys('Observatory test').sort());
  }
});

test("each page's response headers as received, with cookie values redacted", () => {
  const report = JSON.parse(formatJson(summaryOf(site)));
  const hostile = report.pages[2];
  const names = hostile.responseHeaders.map((f: { name: string }) => f.name);
  expect(names).toEqual(expect.arrayContaining(['content-security-policy', 'x-powered-by', 'referrer-policy', 'set-cookie']));
  const powered = hostile.responseHeaders.find((f: { name: string }) => f.name === 'x-powered-by');
  expect(powered.value).toBe(HOSTILE.poweredBy);
  const cookie = hostile.responseHeaders.find((f: { name: string }) => f.name === 'set-cookie');
  expect(cookie.value).toBe('sid=…; Path=/');
  expect(JSON.stringify(report)).not.toContain("alert('cookie')");
});

test("each page's Observatory tests add up to its score, as the real audit scored it", () => {
  const report = JSON.parse(formatJson(summaryOf(site)));
  report.pages.forEach((page: { score: number; grade: string; observatory: { score: number; grade: string; tests: Array<{ modifier: number; name: string }> } }, i: number) => {
    const real = site.pages[i]!.headers!.observatory;
    expect(page.observatory.score).toBe(real.score);
    expect(page.observatory.grade).toBe(page.grade);
    expect(page.observatory.tests.map((t) => [t.name, t.modifier])).toEqual(real.tests.map((t) => [t.name, t.modifier]));
    const sum = 100 + page.observatory.tests.reduce((n, t) => n + t.modifier, 0);
    // Bonuses count only at 90 or more; below, the score is the penalties' sum.
    const penalties = 100 + page.observatory.tests.reduce((n, t) => n + Math.min(0, t.modifier), 0);
    expect(page.observatory.score).toBe(Math.max(0, penalties >= 90 ? sum : penalties));
  });
});

test('absent values are null, never missing', () => {
  const report = JSON.parse(formatJson(summaryOf(site)));
  const bare = report.pages[1];
  const missing = bare.findings.find((f: { id: string }) => f.id === 'csp/missing');
  expect(missing.received).toBeNull();
  expect(missing.directive).toBeNull();
  expect(bare.finalUrl).toBeNull();
  expect(report.baseline).toBeNull();
});

test('the counts agree with the pages and with the real audit', () => {
  const report = JSON.parse(formatJson(summaryOf(site)));
  const findings = report.pages.flatMap((p: { findings: Array<{ fails: boolean }> }) => p.findings);
  expect(report.totals.findings).toBe(site.pages.reduce((n, p) => n + (p.headers?.findings.length ?? 0), 0));
  expect(report.totals.failingFindings).toBe(findings.filter((f: { fails: boolean }) => f.fails).length);
  expect(report.pass).toBe(false);
  expect(report.pages.map((p: { fails: boolean }) => p.fails)).toEqual([false, true, true]);
  expect(report.pages[0].grade).toMatch(/^[A-F][+-]?$/);
});

test('hostile values come back unchanged', () => {
  const report = JSON.parse(formatJson(summaryOf(site)));
  const received = report.pages[2].findings.map((f: { received: string | null }) => f.received);
  expect(received).toContain(HOSTILE.poweredBy);
  expect(received).toContain(HOSTILE.referrer);
});
