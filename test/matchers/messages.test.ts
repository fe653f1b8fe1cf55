import { matchers } from '../../src/matchers';
import { siteViolationsResult } from '../../src/matchers/site';
import { SITE_REPORT, type SiteReport } from '../../src/crawl/types';
import type { CspViolation } from '../../src/browser/types';

// Runners split a failure into message and stack at the first line that looks
// like a stack frame, and rewrite or hide what follows as internal frames; so no
// line of ours may look like one: `    at …`, or a `file:line:column` location at
// the end of a line.
const FRAME = [/^\s*at\s/, /\S:\d+:\d+\)?$/];
const framesIn = (message: string): string[] => message.split('\n').filter((line) => FRAME.some((re) => re.test(line)));

expect.extend(matchers);

const violation = (over: Partial<CspViolation> = {}): CspViolation => ({
  kind: 'inline',
  url: 'http://127.0.0.1:4000/page',
  frameUrl: 'http://127.0.0.1:4000/page',
  scope: 'document',
  directive: 'script-src-elem',
  violatedDirective: 'script-src-elem',
  blockedURI: 'inline',
  disposition: 'enforce',
  source: { file: 'http://127.0.0.1:4000/page', line: 1, column: 93 },
  sample: 'at x (http://a:1:2)',
  policy: "script-src 'none'",
  seenBy: ['event', 'cdp'],
  count: 1,
  ...over,
});

async function messageOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the matcher to fail');
}

test('a violation message names the source location in words', async () => {
  const message = await messageOf(() => expect([violation(), violation({ kind: 'resource', blockedURI: 'http://cdn.example/a.js', directive: 'script-src-elem', source: { file: 'http://127.0.0.1:4000/app.js', line: 12, column: 3 } })]).toHaveNoCspViolations());
  expect(message).toContain('source:   http://127.0.0.1:4000/page, line 1, column 93');
  expect(message).toContain('source:   http://127.0.0.1:4000/app.js, line 12, column 3');
  expect(framesIn(message)).toEqual([]);
});

test('the site message names one example location in words', () => {
  const page = { url: 'http://127.0.0.1:4000/page', depth: 0, violations: [violation()], subresources: [], durationMs: 1 };
  const report: SiteReport = { kind: SITE_REPORT, start: [page.url], origins: ['http://127.0.0.1:4000'], mode: 'browser', pages: [page], notVisited: [], startedAt: new Date(0).toISOString(), durationMs: 1 };
  const lines = siteViolationsResult(report).lines;
  expect(lines).toContain('    e.g. in http://127.0.0.1:4000/page, line 1, column 93');
  expect(framesIn(lines.join('\n'))).toEqual([]);
});

test('header and CSP messages quote what was received, so a value ending in a location does not end the line', async () => {
  const headers = { 'content-security-policy': "script-src 'unsafe-inline' http://127.0.0.1:4000/x.js:1:2", server: 'at Server (http://x:1:2)' };
  const messages = [await messageOf(() => expect(headers).toHaveSecureHeaders()), await messageOf(() => expect(headers).toHaveCsp())];
  for (const message of messages) expect(framesIn(message)).toEqual([]);
});

test('the check sees a frame-like line', () => {
  expect(framesIn('ok\n      source:   http://127.0.0.1:4000/page:1:93\n    at Object.<anonymous> (/a.js:2:3)')).toHaveLength(2);
});
