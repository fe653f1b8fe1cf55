import { matchReplayed, REPORT_BUFFER_SIZE, type BufferedReport } from '../../src/browser/cdp';
import type { Observation } from '../../src/browser/observation';

/**
 * Which DevTools issues replayed at attach are kept: those a document shown
 * now holds in its own buffer of CSP reports, one issue per report. The
 * browser cases (iframes navigated, reloaded, removed) are in
 * test/browser/replay.pw.ts; these pin the rule itself.
 */

const issue = (over: Partial<Observation> = {}): Observation => ({
  source: 'cdp',
  scope: 'document',
  directive: 'img-src',
  blockedURI: 'http://127.0.0.1:1/a.png',
  disposition: 'enforce',
  ...over,
});

const report = (over: Partial<BufferedReport> = {}): BufferedReport => ({
  documentURL: 'http://127.0.0.1:1/now',
  directive: 'img-src',
  blockedURL: 'http://127.0.0.1:1/a.png',
  disposition: 'enforce',
  file: null,
  line: null,
  column: null,
  policy: "img-src 'none'",
  sample: '',
  ...over,
});

describe('matchReplayed', () => {
  it('keeps an issue a current document reported, with that document, policy and sample', () => {
    const kept = matchReplayed([issue()], [[report({ sample: 'x' })]]);
    expect(kept).toEqual([{ ...issue(), documentURL: 'http://127.0.0.1:1/now', policy: "img-src 'none'", sample: 'x' }]);
  });

  it('drops an issue no current document reported (a document since left)', () => {
    expect(matchReplayed([issue({ blockedURI: 'http://127.0.0.1:1/old.png' })], [[report()], []])).toEqual([]);
  });

  it('lets each report stand for one issue: a reload replayed twice keeps one', () => {
    expect(matchReplayed([issue(), issue()], [[report()]])).toHaveLength(1);
    expect(matchReplayed([issue(), issue()], [[report()], [report({ documentURL: 'http://127.0.0.1:1/frame' })]])).toHaveLength(2);
  });

  it('tells issues apart by directive, disposition and source location', () => {
    const buffers = [[report({ file: 'http://127.0.0.1:1/app.js', line: 3, column: 7 })]];
    expect(matchReplayed([issue({ directive: 'script-src-elem' })], buffers)).toEqual([]);
    expect(matchReplayed([issue({ disposition: 'report' })], buffers)).toEqual([]);
    expect(matchReplayed([issue({ location: { file: 'http://127.0.0.1:1/app.js', line: 4, column: 7 } })], buffers)).toEqual([]);
    expect(matchReplayed([issue({ location: { file: 'http://127.0.0.1:1/app.js', line: 3, column: 7 } })], buffers)).toHaveLength(1);
    // A side that does not know the location matches any.
    expect(matchReplayed([issue()], buffers)).toHaveLength(1);
  });

  it('ignores the fragment of the blocked URL', () => {
    expect(matchReplayed([issue({ blockedURI: 'http://127.0.0.1:1/a.png#x' })], [[report()]])).toHaveLength(1);
  });

  it('keeps what it cannot judge when a buffer is unreadable or full', () => {
    const old = issue({ blockedURI: 'http://127.0.0.1:1/old.png' });
    expect(matchReplayed([old], [[report()], null])).toEqual([old]);
    const full = Array.from({ length: REPORT_BUFFER_SIZE }, () => report());
    expect(matchReplayed([old], [full])).toEqual([old]);
    expect(matchReplayed([old], [full.slice(1)])).toEqual([]);
  });

  it('lets each channel claim the buffered report on its own: the Audits issue and the queued Reporting API report of one violation are both kept', () => {
    const queued = issue({ source: 'reporting-api', documentURL: 'http://127.0.0.1:1/now' });
    expect(matchReplayed([issue(), queued], [[report()]]).map((o) => o.source)).toEqual(['cdp', 'reporting-api']);
    // Within one channel a report still stands for one sighting.
    expect(matchReplayed([queued, queued], [[report()]])).toHaveLength(1);
    expect(matchReplayed([issue({ source: 'reporting-api', blockedURI: 'http://127.0.0.1:1/old.png' })], [[report()]])).toEqual([]);
  });
});
