import { runCli } from '../../src/cli/program';
import { startHeaderServer, type RunningServer } from '../helpers/servers';

/** runCli in this process, with streams that keep what was written (a terminal or a pipe, as told). */
function streams(isTTY: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { isTTY, write: (text: string) => out.push(text) },
      stderr: { isTTY: false, write: (text: string) => err.push(text) },
    },
  };
}

const ANSI = /\u001b\[/;
let site: RunningServer;
beforeAll(async () => {
  site = await startHeaderServer([['x-content-type-options', 'nosniff']]);
});
afterAll(() => site.close());

test('on a terminal the text report is coloured', async () => {
  const s = streams(true);
  const code = await runCli(['scan', site.url('/'), '--headers-only'], { ...s.io, env: {} });
  expect(code).toBe(1);
  expect(s.out.join('')).toMatch(ANSI);
});

test('NO_COLOR turns colour off on a terminal', async () => {
  const s = streams(true);
  await runCli(['scan', site.url('/'), '--headers-only'], { ...s.io, env: { NO_COLOR: '1' } });
  expect(s.out.join('')).not.toMatch(ANSI);
  expect(s.out.join('')).toContain('FAIL');
});

test('a pipe gets no colour; machine formats never get colour', async () => {
  const piped = streams(false);
  await runCli(['scan', site.url('/'), '--headers-only'], { ...piped.io, env: {} });
  expect(piped.out.join('')).not.toMatch(ANSI);
  const json = streams(true);
  await runCli(['scan', site.url('/'), '--headers-only', '--format', 'json'], { ...json.io, env: {} });
  expect(json.out.join('')).not.toMatch(ANSI);
  expect(JSON.parse(json.out.join('')).version).toBe(1);
});

test('usage errors are written to the given stderr and returned as 2, never thrown', async () => {
  const s = streams(false);
  await expect(runCli(['scan', 'nope'], { ...s.io, env: {} })).resolves.toBe(2);
  expect(s.err.join('')).toContain('"nope" is not a URL');
  const unknown = streams(false);
  await expect(runCli(['lint', site.url('/')], { ...unknown.io, env: {} })).resolves.toBe(2);
  expect(unknown.err.join('')).toContain("unknown command 'lint'");
});
