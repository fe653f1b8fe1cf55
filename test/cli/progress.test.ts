import { progressBar } from '../../src/cli/progress';

/** A stream that keeps what was written: the bar's only output. */
function stream(isTTY: boolean, columns = 80) {
  const written: string[] = [];
  return { written, isTTY, columns, write: (text: string) => written.push(text) };
}

test('draws in place on a terminal and clears itself when done', () => {
  const s = stream(true);
  const bar = progressBar(s);
  bar.update(1, 4, 'http://127.0.0.1/a');
  bar.update(2, 4, 'http://127.0.0.1/b');
  bar.done();
  expect(s.written[0]).toBe('\r\u001b[2K[######------------------] 1/4  http://127.0.0.1/a');
  expect(s.written[1]).toContain('[############------------] 2/4');
  expect(s.written.at(-1)).toBe('\r\u001b[2K');
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
  expect(s.written[0]).toMatch(/^\r\u001b\[2K3 pages {2}…x+$/);
  expect(s.written[0]!.length).toBeLessThanOrEqual(40 + 5);
});
