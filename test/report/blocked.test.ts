import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { XMLValidator } from 'fast-xml-parser';
import type { SiteReport } from '../../src/crawl/types';
import { BLOCKED_SHOWN } from '../../src/report/blocked';
import { formatHtml } from '../../src/report/html';
import { toJsonReport } from '../../src/report/json';
import { formatJunit } from '../../src/report/junit';
import { formatSarif } from '../../src/report/sarif';
import { formatText } from '../../src/report/text';
import type { RunningServer } from '../helpers/servers';
import { scanFixture, startFixtureSite, summaryOf } from './fixture';

/**
 * What the browser crawl blocked (requests to other origins, never sent) is
 * shown in every format: a real headers-only scan of the fixture site, with
 * the blocked list the browser crawl records set on two pages (its recording
 * is proved in Chromium by test/browser/hostile.pw.ts): a hostile URL on one,
 * more URLs than a report lists on the other.
 */

const HOSTILE_URL = 'http://evil.test/x.js?q=</code><script>alert(1)</script>';
const MANY = Array.from({ length: BLOCKED_SHOWN + 5 }, (_, i) => `http://other.test/${i}.png`);

let server: RunningServer;
let site: SiteReport;
beforeAll(async () => {
  server = await startFixtureSite();
  site = await scanFixture(server, 'headers-only');
  site.pages[0]!.blocked = [HOSTILE_URL];
  site.pages[1]!.blocked = MANY;
}, 60_000);
afterAll(() => server.close());

test('text: the count and the URLs, at most BLOCKED_SHOWN of them', () => {
  const text = formatText(summaryOf(site), { verbose: true, color: false });
  expect(text).toContain('1 request to other origins blocked by the crawl (never sent; the page rendered without it):');
  expect(text).toContain(HOSTILE_URL);
  expect(text).toContain(`${MANY.length} requests to other origins blocked`);
  expect(text).toContain(MANY[BLOCKED_SHOWN - 1]);
  expect(text).not.toContain(MANY[BLOCKED_SHOWN]);
  expect(text).toContain('… and 5 more');
});

test('JSON: every page has its blocked list (empty when nothing was)', () => {
  const report = toJsonReport(summaryOf(site));
  expect(report.pages.map((p) => p.blocked)).toEqual([[HOSTILE_URL], MANY, []]);
});

test('HTML: a list per page, the URL escaped', () => {
  const html = formatHtml(summaryOf(site));
  expect(html).toContain('1 request to other origins blocked by the crawl');
  expect(html).toContain('<code>http://evil.test/x.js?q=&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code>');
  expect(html).not.toContain('<script>alert(1)');
});

test('JUnit: in the page load case system-out, valid XML', () => {
  const xml = formatJunit(summaryOf(site));
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).toMatch(/<testcase [^>]*name="load the page"[^>]*>\s*<system-out>1 request to other origins blocked by the crawl[^<]*http:\/\/evil\.test\/x\.js\?q=&lt;\/code&gt;/);
});

test('SARIF: a note per page that had blocked requests, valid against the schema', () => {
  const log = JSON.parse(formatSarif(summaryOf(site))) as { runs: Array<{ results: Array<{ ruleId: string; level: string; message: { text: string }; properties: { blocked: string[]; blockedCount: number } }> }> };
  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  expect(ajv.validate(schema, log)).toBe(true);
  const notes = log.runs[0]!.results.filter((r) => r.ruleId === 'crawl/blocked-requests');
  expect(notes.map((n) => [n.level, n.properties.blockedCount, n.properties.blocked.length])).toEqual([
    ['note', 1, 1],
    ['note', MANY.length, BLOCKED_SHOWN],
  ]);
  expect(notes[0]!.message.text).toContain(HOSTILE_URL);
});
