import { TEST_CHROMIUM } from '../helpers/chromium';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crawl, type PageReport, type SiteReport } from '../../src/crawl';
import { NOT_FOUND_PROBE_PATH } from '../../src/crawl/probe';
import { runHere } from './run-cli';
import { startNginx } from '../helpers/nginx';
import { SOUND_HEADERS, type RunningServer } from '../helpers/servers';

/**
 * The not-found probe on Debian's nginx (nginx-light 1.22): `add_header`
 * without `always` sends its headers on 200 and drops them on the 404 page,
 * which no page links to; with `always` the 404 has them too. Nothing but
 * the probe's one URL per origin is requested.
 */

const ROOT = mkdtempSync(join(tmpdir(), 'nginx-probe-root-'));
writeFileSync(join(ROOT, 'index.html'), '<!doctype html><title>home</title><p>home <a href="/about.html">about</a>');
writeFileSync(join(ROOT, 'about.html'), '<!doctype html><title>about</title><p>about');

const addHeaders = (always: boolean) =>
  Object.entries(SOUND_HEADERS)
    .map(([name, value]) => `    add_header ${name} "${value}"${always ? ' always' : ''};`)
    .join('\n');

let withoutAlways: RunningServer;
let withAlways: RunningServer;
beforeAll(async () => {
  [withoutAlways, withAlways] = await Promise.all([startNginx({ root: ROOT, server: addHeaders(false) }), startNginx({ root: ROOT, server: addHeaders(true) })]);
});
afterAll(async () => {
  await Promise.all([withoutAlways?.close(), withAlways?.close()]);
});

const ids = (page: PageReport | undefined) => (page?.headers?.findings ?? []).map((f) => f.id).sort();
const probeOf = (site: SiteReport) => site.pages.find((p) => p.probe === 'not-found');
const crawlOf = (server: RunningServer, probeNotFound?: boolean) =>
  crawl({ start: server.url('/'), headersOnly: true, ...(probeNotFound === undefined ? {} : { probeNotFound }) });

test('without always: the probe is the 404 page, judged, and it lacks the headers the pages have', async () => {
  const site = await crawlOf(withoutAlways, true);
  expect(site.pages.map((p) => new URL(p.url).pathname)).toEqual(['/', '/about.html', NOT_FOUND_PROBE_PATH]);
  const probe = probeOf(site)!;
  expect(probe.url).toBe(withoutAlways.url(NOT_FOUND_PROBE_PATH));
  expect(probe.status).toBe(404);
  expect(probe.error).toBeUndefined();
  expect(probe.headers?.kind).toBe('document');
  expect(probe.headers?.pass).toBe(false);
  const home = site.pages[0]!;
  expect(home.headers?.pass).toBe(true);
  const missing = ids(probe).filter((id) => !ids(home).includes(id));
  expect(missing).toEqual(expect.arrayContaining(['csp/missing', 'x-content-type-options/missing', 'x-frame-options/missing']));
  // The probe's own response: nginx's 404 page, none of the add_header lines.
  expect(probe.responseHeaders?.map(([name]) => name.toLowerCase())).not.toContain('content-security-policy');
});

test('with always: the probe has the same headers and the same verdict as the pages', async () => {
  const site = await crawlOf(withAlways, true);
  const probe = probeOf(site)!;
  expect(probe.status).toBe(404);
  expect(probe.headers?.pass).toBe(true);
  expect(ids(probe)).toEqual(ids(site.pages[0]));
});

test('the library crawls without a probe unless asked; a bad value is a usage error naming it', async () => {
  const site = await crawlOf(withoutAlways);
  expect(probeOf(site)).toBeUndefined();
  expect(site.pages).toHaveLength(2);
  await expect(crawl({ start: withoutAlways.url('/'), headersOnly: true, probeNotFound: 'yes' as unknown as boolean })).rejects.toThrow('crawl(options): probeNotFound must be true or false; received a string ("yes").');
});

test('the CLI probes by default, with and without --crawl, says which page is the probe, and --no-probe-not-found turns it off', async () => {
  const [plain, crawled, off, fixed] = await Promise.all([
    runHere(['scan', withoutAlways.url('/'), '--headers-only']),
    runHere(['scan', withoutAlways.url('/'), '--crawl', '--headers-only', '--format', 'json']),
    runHere(['scan', withoutAlways.url('/'), '--headers-only', '--no-probe-not-found']),
    runHere(['scan', withAlways.url('/'), '--crawl', '--headers-only']),
  ]);
  expect(plain.code).toBe(1);
  expect(plain.stdout).toContain(`${withoutAlways.url(NOT_FOUND_PROBE_PATH)} (not-found probe: the error response, judged like a page)`);
  expect(crawled.code).toBe(1);
  const pages = JSON.parse(crawled.stdout).pages as Array<{ key: string; probe: string | null; status: number; fails: boolean; error: unknown }>;
  expect(pages.map((p) => [p.key, p.probe, p.status, p.fails, p.error])).toEqual([
    ['/', null, 200, false, null],
    ['/about.html', null, 200, false, null],
    [NOT_FOUND_PROBE_PATH, 'not-found', 404, true, null],
  ]);
  expect(off.code).toBe(0);
  expect(off.stdout).not.toContain(NOT_FOUND_PROBE_PATH);
  expect(fixed.code).toBe(0);
  expect(fixed.stdout).toContain(NOT_FOUND_PROBE_PATH);
}, 60_000);

test('a config file can turn the probe off ("probeNotFound": false), and --probe-not-found turns it back on', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'probe-config-'));
  writeFileSync(join(cwd, 'expect-secure-headers.config.json'), JSON.stringify({ probeNotFound: false }));
  const [off, on, bad] = await Promise.all([
    runHere(['scan', withoutAlways.url('/'), '--headers-only'], { cwd }),
    runHere(['scan', withoutAlways.url('/'), '--headers-only', '--probe-not-found'], { cwd }),
    runHere(['scan', withoutAlways.url('/'), '--headers-only', '--no-config', '--probe-not-found', '--no-probe-not-found']),
  ]);
  expect([off.code, off.stdout.includes(NOT_FOUND_PROBE_PATH)]).toEqual([0, false]);
  expect([on.code, on.stdout.includes(NOT_FOUND_PROBE_PATH)]).toEqual([1, true]);
  // The last of the two flags wins, as commander reads them.
  expect([bad.code, bad.stdout.includes(NOT_FOUND_PROBE_PATH)]).toEqual([0, false]);
}, 60_000);

test('in Chromium too: the browser crawl loads the probe and judges the 404 page the same way', async () => {
  const [broken, fixed] = await Promise.all([
    runHere(['scan', withoutAlways.url('/'), '--crawl', '--format', 'json'], { env: { CHROMIUM_PATH: TEST_CHROMIUM } }),
    runHere(['scan', withAlways.url('/'), '--crawl', '--format', 'json'], { env: { CHROMIUM_PATH: TEST_CHROMIUM } }),
  ]);
  const probe = (run: { stdout: string }) => (JSON.parse(run.stdout).pages as Array<{ key: string; probe: string | null; status: number; fails: boolean }>).find((p) => p.probe === 'not-found');
  expect(JSON.parse(broken.stdout).mode).toBe('browser');
  expect(broken.code).toBe(1);
  expect(probe(broken)).toMatchObject({ key: NOT_FOUND_PROBE_PATH, status: 404, fails: true });
  expect(fixed.code).toBe(0);
  expect(probe(fixed)).toMatchObject({ key: NOT_FOUND_PROBE_PATH, status: 404, fails: false });
}, 90_000);
