import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SiteReport } from '../../src/crawl/types';
import { formatJunit } from '../../src/report/junit';
import type { RunningServer } from '../helpers/servers';
import { HOSTILE, scanFixture, startFixtureSite, summaryOf } from './fixture';

let server: RunningServer;
let site: SiteReport;
beforeAll(async () => {
  server = await startFixtureSite();
  site = await scanFixture(server, 'browser');
}, 60_000);
afterAll(() => server.close());

type Case = { '@_name': string; '@_classname': string; failure?: { '@_message': string; '@_type': string; '#text': string }; skipped?: unknown; 'system-out'?: string };
type Suite = { '@_name': string; '@_tests': string; '@_failures': string; testcase: Case[]; properties: { property: Array<{ '@_name': string; '@_value': string }> } };

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property', parseTagValue: false, processEntities: true });
  return parser.parse(xml) as { testsuites: { '@_tests': string; '@_failures': string; testsuite: Suite[] } };
}

test('a testsuite per page, a testcase per check, counts that add up', () => {
  const summary = summaryOf(site);
  const doc = parse(formatJunit(summary));
  const suites = doc.testsuites.testsuite;
  expect(suites.map((s) => s['@_name'])).toEqual(site.pages.map((p) => p.url));
  let tests = 0;
  let failures = 0;
  for (const suite of suites) {
    expect(Number(suite['@_tests'])).toBe(suite.testcase.length);
    expect(Number(suite['@_failures'])).toBe(suite.testcase.filter((c) => c.failure).length);
    tests += suite.testcase.length;
    failures += suite.testcase.filter((c) => c.failure).length;
    const names = suite.testcase.map((c) => c['@_name']);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('content-security-policy violations');
    expect(names.some((n) => n.startsWith('csp'))).toBe(true);
  }
  expect(Number(doc.testsuites['@_tests'])).toBe(tests);
  expect(Number(doc.testsuites['@_failures'])).toBe(failures);
});

test('the sound page has no failure; the bare page fails the CSP check with the finding and its fix', () => {
  const summary = summaryOf(site);
  const [sound, bare] = parse(formatJunit(summary)).testsuites.testsuite;
  expect(sound!.testcase.filter((c) => c.failure)).toEqual([]);
  const csp = bare!.testcase.find((c) => c['@_name'].startsWith('csp'))!;
  expect(csp.failure!['@_type']).toBe('csp/missing');
  const finding = site.pages[1]!.headers!.findings.find((f) => f.id === 'csp/missing')!;
  expect(csp.failure!['@_message']).toBe(finding.message);
  expect(csp.failure!['#text']).toContain(`fix: ${finding.fix}`);
});

test('hostile header values survive as text, exactly', () => {
  const xml = formatJunit(summaryOf(site));
  expect(xml).not.toContain('<script');
  expect(xml).not.toContain('<img');
  const hostile = parse(xml).testsuites.testsuite[2]!;
  const everything = JSON.stringify(hostile);
  // Parsed back, the values are what the server sent.
  expect(everything).toContain(JSON.stringify(HOSTILE.poweredBy).slice(1, -1));
  expect(everything).toContain(JSON.stringify(HOSTILE.referrer).slice(1, -1));
  const props = Object.fromEntries(hostile.properties.property.map((p) => [p['@_name'], p['@_value']]));
  expect(props.url).toBe(server.url('/hostile'));
});

test('the enforced CSP violations fail their testcase; the text names what was blocked', () => {
  const hostile = parse(formatJunit(summaryOf(site))).testsuites.testsuite[2]!;
  const violations = hostile.testcase.find((c) => c['@_name'] === 'content-security-policy violations')!;
  expect(violations.failure).toBeDefined();
  expect(violations.failure!['#text']).toContain('blocked script-src-elem: inline');
  expect(violations.failure!['#text']).toContain('http://localhost:9/evil.js');
});

test('accepted findings go to system-out, not failures', () => {
  const all = summaryOf(site);
  const accepted = { pages: Object.fromEntries(all.pages.map((p) => [p.key, { findings: p.findings.map((f) => f.key), violations: p.violations.map((v) => v.key) }])) };
  const doc = parse(formatJunit(summaryOf(site, accepted)));
  for (const suite of doc.testsuites.testsuite) expect(suite.testcase.filter((c) => c.failure)).toEqual([]);
  const bare = doc.testsuites.testsuite[1]!.testcase.find((c) => c['@_name'].startsWith('csp'))!;
  expect(bare['system-out']).toContain('accepted in the baseline');
});

test('characters XML cannot hold are replaced, so the file stays valid', () => {
  const summary = summaryOf(site);
  const entry = summary.pages[2]!.findings[0]!;
  entry.finding = { ...entry.finding, message: 'bell \u0007 and nul \u0000 ]]> end' };
  entry.fails = true;
  const xml = formatJunit(summary);
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).toContain('bell \uFFFD and nul \uFFFD ]]&gt; end');
});

test('times are the real ones: each suite is its page load, the first case carries it, the total is the scan', () => {
  const summary = summaryOf(site);
  const doc = parse(formatJunit(summary));
  const withTimes = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(formatJunit(summary)) as {
    testsuites: { '@_time': string; testsuite: Array<{ '@_time': string; testcase: Array<{ '@_name': string; '@_time': string }> }> };
  };
  expect(Number(withTimes.testsuites['@_time'])).toBeCloseTo(summary.site.durationMs / 1000, 3);
  withTimes.testsuites.testsuite.forEach((suite, i) => {
    const ms = site.pages[i]!.durationMs;
    expect(ms).toBeGreaterThan(0);
    expect(Number(suite['@_time'])).toBeCloseTo(ms / 1000, 3);
    expect(suite.testcase[0]!['@_name']).toBe('load the page');
    const sum = suite.testcase.reduce((n, c) => n + Number(c['@_time']), 0);
    expect(sum).toBeCloseTo(ms / 1000, 3);
  });
  expect(doc.testsuites.testsuite.length).toBe(3);
});

test('classname has no dots (CI tools split it into packages), even for a page path with dots', () => {
  const summary = summaryOf(site);
  summary.pages[0]!.key = '/docs/v1.2/index.html';
  const suites = parse(formatJunit(summary)).testsuites.testsuite;
  for (const suite of suites) for (const c of suite.testcase) expect(c['@_classname']).not.toContain('.');
  expect(suites[0]!.testcase[0]!['@_classname']).toBe('expect-secure-headers /docs/v1_2/index_html');
});
