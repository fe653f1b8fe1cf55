import { formatDuration, progressBar } from '../../src/cli/progress';

/** A stream that keeps what was written: the bar's only output. */
function stream(isTTY: boolean, columns = 100) {
  const written: string[] = [];
  return { written, isTTY, columns, write: (text: string) => written.push(text) };
}

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

test('draws in place on a terminal with the elapsed time, and clears itself when done', () => {
  const s = stream(true);
  const c = clock();
  const bar = progressBar(s, true, c.now);
  c.advance(1000);
  bar.update(1, 4, 'http://127.0.0.1/a', true);
  c.advance(1000);
  bar.update(2, 4, 'http://127.0.0.1/b', true);
  bar.done();
  expect(s.written[0]).toBe('\r\u001b[2K[######------------------] 1/4 1s  http://127.0.0.1/a');
  // Two pages in 2 s: two more take about 2 s.
  expect(s.written[1]).toBe('\r\u001b[2K[############------------] 2/4 2s ~2s left  http://127.0.0.1/b');
  expect(s.written.at(-1)).toBe('\r\u001b[2K');
});

test('a growing crawl total is marked ~ and never goes down; a final one is plain', () => {
  const s = stream(true);
  const c = clock();
  const bar = progressBar(s, true, c.now);
  bar.update(1, 10, 'a');
  bar.update(2, 6, 'b'); // the estimate dropped: the bar keeps 10
  bar.update(3, 30, 'c');
  bar.update(4, 50, 'd', true);
  expect(s.written.map((w) => /\] (\d+\/~?\d+)/.exec(w)?.[1])).toEqual(['1/~10', '2/~10', '3/~30', '4/50']);
});

test('the estimate follows the pace', () => {
  const s = stream(true);
  const c = clock();
  const bar = progressBar(s, true, c.now);
  c.advance(10_000);
  bar.update(10, 100, 'x', true);
  expect(s.written[0]).toContain('10/100 10s ~1m30s left');
});

test('writes nothing when stderr is not a terminal (CI logs)', () => {
  const s = stream(false);
  const bar = progressBar(s);
  bar.update(1, 4, 'x');
  bar.done();
  expect(s.written).toEqual([]);
});

test('an unknown total shows a count; a long URL is cut to the width', () => {
  const s = stream(true, 40);
  const bar = progressBar(s);
  bar.update(3, undefined, `http://127.0.0.1/${'x'.repeat(100)}`);
  expect(s.written[0]).toMatch(/^\r\u001b\[2K3 pages 0s {2}…x+$/);
  expect(s.written[0]!.length).toBeLessThanOrEqual(40 + 5);
});

test('durations read as a person would say them', () => {
  expect([0, 999, 59_000, 61_000, 3_599_000, 3_720_000].map(formatDuration)).toEqual(['0s', '1s', '59s', '1m01s', '59m59s', '1h02m']);
});
