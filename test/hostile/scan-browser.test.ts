/**
 * The CLI's `scan URL` in a browser (no --crawl) on hostile local pages, as a
 * user runs it: a page whose script spins after the load and a body past the
 * read limit end within their bounds and are shown as not judged (exit 1 with
 * --fail-on none), the page after them is judged, and the other origin gets
 * no request, nor any connection. test/browser/hostile-scan.pw.ts tries the rest in-process.
 */
import { TEST_CHROMIUM } from '../helpers/chromium';
import { runBin } from '../cli/run-cli';
import { startHostileSite, type HostileSite } from '../helpers/hostile-site';

let site: HostileSite;
beforeAll(async () => {
  site = await startHostileSite({ hugeBytes: 128 * 1024 * 1024, bombBytes: 16 * 1024 * 1024 });
});
afterAll(async () => {
  await site.close();
});

it('scan URL in a browser: a stuck page and a huge one end, are not judged, and the next page is', async () => {
  // 10 s: /huge must reach the 10 MiB cap before the timeout, and its server shares this loaded Jest worker (4 s timed out in CI).
  const run = await runBin(['scan', site.url('/late-busy'), site.url('/huge'), site.url('/leaky'), site.url('/after'), '--timeout', '10000', '--no-probe-not-found', '--format', 'json', '--fail-on', 'none'], {
    env: { CHROMIUM_PATH: TEST_CHROMIUM },
  });
  expect(run.stderr).not.toMatch(/TypeError|at .*\.ts:\d+/);
  expect(run.code).toBe(1);
  const pages = (JSON.parse(run.stdout) as { pages: Array<{ url: string; error: { kind: string; message: string } | null; findings: Array<{ id: string }> }> }).pages;
  const page = (path: string) => pages.find((p) => new URL(p.url).pathname === path)!;
  expect(page('/late-busy').error).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/did not settle/) });
  expect(page('/huge').error?.message).toMatch(/longer than 10 MiB/);
  expect(page('/huge').findings.map((f) => f.id)).toContain('body/too-long');
  expect(page('/after').error).toBeNull();
  expect(site.hugeWritten()).toBeLessThan(64 * 1024 * 1024);
  expect(site.otherHits).toEqual([]);
  // Not even a bare connection for the blocked frame, popup and form post: the CLI's Chromium runs with network prediction off.
  expect(site.otherConnections()).toBe(0);
}, 90_000);
