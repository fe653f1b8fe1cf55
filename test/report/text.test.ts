import type { SiteReport } from '../../src/crawl/types';
import { shouldColor } from '../../src/report/colors';
import { formatText } from '../../src/report/text';
import type { RunningServer } from '../helpers/servers';
import { scanFixture, startFixtureSite, summaryOf } from './fixture';

let server: RunningServer;
let site: SiteReport;
beforeAll(async () => {
  server = await startFixtureSite();
  site = await scanFixture(server, 'headers-only');
});
afterAll(() => server.close());

const ANSI = /\u001b\[/;

test('plain text without colour: a block per page, failing findings in full, the verdict last', () => {
  const text = formatText(summaryOf(site));
  expect(text).not.toMatch(ANSI);
  expect(text).toContain(`✓ ${server.url('/')}`);
  expect(text).toContain(`✕ ${server.url('/bare')}`);
  const bare = site.pages[1]!.headers!.findings.find((f) => f.id === 'csp/missing')!;
  expect(text).toContain(`${bare.message}  [csp/missing, high]`);
  expect(text).toContain(`      fix:      ${bare.fix}`);
  expect(text).toContain('CSP violations not checked (headers-only)');
  expect(text.trimEnd().split('\n').at(-1)).toBe('FAIL (exit code 1)');
});

test('findings below the threshold are one line each and say why they do not fail', () => {
  const text = formatText(summaryOf(site));
  expect(text).toMatch(/! permissions-policy: .*\[permissions-policy\/missing, info; below medium\]/);
});

test('a page list names three start URLs and counts the rest; --verbose names them all', () => {
  const start = Array.from({ length: 2001 }, (_, i) => server.url(`/p/${i}`));
  const many = summaryOf({ ...site, start });
  const header = (text: string) => text.split('\n')[1]!;
  expect(header(formatText(many))).toBe(`start: ${start.slice(0, 3).join(', ')} and 1998 more`);
  expect(header(formatText(many, { verbose: true }))).toBe(`start: ${start.join(', ')}`);
  expect(header(formatText(summaryOf(site)))).toBe(`start: ${site.start.join(', ')}`);
});

test('colours only when asked', () => {
  expect(formatText(summaryOf(site), { color: true })).toMatch(ANSI);
  expect(formatText(summaryOf(site), { color: false })).not.toMatch(ANSI);
});

test('colours on a TTY unless NO_COLOR is set; FORCE_COLOR forces them', () => {
  expect(shouldColor({ isTTY: true }, {})).toBe(true);
  expect(shouldColor({ isTTY: false }, {})).toBe(false);
  expect(shouldColor({}, {})).toBe(false);
  expect(shouldColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  expect(shouldColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  expect(shouldColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  expect(shouldColor({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
});

test('with a baseline: accepted findings do not fail and the summary says so', () => {
  const all = summaryOf(site);
  const accepted = { pages: Object.fromEntries(all.pages.map((p) => [p.key, { findings: [...p.findings.map((f) => f.key), 'hsts/gone-now'], violations: [] }])) };
  const text = formatText(summaryOf(site, accepted));
  expect(text).toContain('baseline: baseline.json (only what is new fails)');
  expect(text).toContain('accepted in the baseline');
  expect(text).toContain('✓ fixed since the baseline: hsts/gone-now');
  expect(text.trimEnd().split('\n').at(-1)).toBe('PASS (exit code 0)');
});

// Runners and CI logs split output at the first line that looks like a stack frame
// (`    at …`, or a `file:line:column` location ending a line); no line of the report may.
const FRAME = [/^\s*at\s/, /\S:\d+:\d+\)?$/];

test('violations Chromium saw name their source location in words, and no line looks like a stack frame', async () => {
  const browserSite = await scanFixture(server, 'browser');
  const text = formatText(summaryOf(browserSite), { verbose: true });
  const inline = browserSite.pages.flatMap((p) => p.violations ?? []).find((v) => v.source);
  expect(inline).toBeDefined();
  const { file, line, column } = inline!.source!;
  expect(text).toContain(`      source: ${file}, line ${line}, column ${column}`);
  expect(text.split('\n').filter((l) => FRAME.some((re) => re.test(l)))).toEqual([]);
}, 60_000);
