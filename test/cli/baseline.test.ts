import { TEST_CHROMIUM } from '../helpers/chromium';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOUND_HEADERS, startServer } from '../helpers/servers';
import { parseBaseline, serializeBaseline } from '../../src/cli/baseline';
import { CliError } from '../../src/cli/errors';
import { runHere } from './run-cli';

/**
 * The regression check: record what a site has now, then only what is new
 * fails; what was fixed since is reported. The site's headers are changed
 * between runs, as a deploy would change them.
 */


/** A site whose headers per path can be changed while it runs. */
async function mutableSite(initial: Record<string, Record<string, string>>) {
  const routes = structuredClone(initial);
  const server = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    for (const [name, value] of Object.entries(routes[path] ?? {})) res.setHeader(name, value);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    const body = routes[path]?.['x-test-body'] ?? '<p>ok</p>';
    res.end(`<!doctype html><title>t</title>${body}`);
  });
  return { server, routes };
}

const without = (headers: Record<string, string>, ...names: string[]) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'esh-baseline-'));
});

describe('headers-only baseline flow', () => {
  let site: Awaited<ReturnType<typeof mutableSite>>;
  beforeAll(async () => {
    site = await mutableSite({
      '/': SOUND_HEADERS,
      '/old': without(SOUND_HEADERS, 'x-content-type-options', 'content-security-policy'),
    });
  });
  afterAll(() => site.server.close());

  test('record, accept, fail on the new one, note the fixed one', async () => {
    const file = join(dir, 'headers-baseline.json');
    const urls = [site.server.url('/'), site.server.url('/old')];

    const before = await runHere(['scan', ...urls, '--headers-only']);
    expect(before.code).toBe(1);

    const update = await runHere(['scan', ...urls, '--headers-only', '--baseline', file, '--update-baseline']);
    expect(update.code).toBe(0);
    expect(update.stderr).toContain(`baseline written to ${file}`);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.version).toBe(1);
    expect(written.pages['/old'].findings).toEqual(expect.arrayContaining(['csp/missing', 'x-content-type-options/missing']));

    // Accepted: the same problems no longer fail.
    const accepted = await runHere(['scan', ...urls, '--headers-only', '--baseline', file]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('accepted');

    // A regression on the good page: X-Frame-Options removed (frame-ancestors stays, so remove it from the CSP too).
    site.routes['/'] = { ...without(SOUND_HEADERS, 'x-frame-options'), 'content-security-policy': "default-src 'self'; object-src 'none'; base-uri 'none'" };
    const regressed = await runHere(['scan', ...urls, '--headers-only', '--baseline', file, '--format', 'json']);
    expect(regressed.code).toBe(1);
    const report = JSON.parse(regressed.stdout);
    const home = report.pages.find((p: { key: string }) => p.key === '/');
    const newFailing = home.findings.filter((f: { fails: boolean }) => f.fails).map((f: { id: string }) => f.id);
    expect(newFailing).toContain('x-frame-options/missing');
    const old = report.pages.find((p: { key: string }) => p.key === '/old');
    expect(old.findings.every((f: { status: string; fails: boolean }) => f.status === 'accepted' && !f.fails)).toBe(true);

    // Undo the regression and fix one accepted problem: passes, and the fix is reported.
    site.routes['/'] = SOUND_HEADERS;
    site.routes['/old'] = without(SOUND_HEADERS, 'content-security-policy');
    const fixed = await runHere(['scan', ...urls, '--headers-only', '--baseline', file]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('fixed since the baseline: x-content-type-options/missing');
    expect(fixed.stdout).toMatch(/baseline: \d+ accepted, [1-9]\d* fixed/);
  }, 60_000);

  test('the baseline matches the same site on another port (keys are paths)', async () => {
    const file = join(dir, 'port-baseline.json');
    expect((await runHere(['scan', site.server.url('/old'), '--headers-only', '--baseline', file, '--update-baseline'])).code).toBe(0);
    const other = await mutableSite({ '/old': site.routes['/old']! });
    try {
      expect(other.server.origin).not.toBe(site.server.origin);
      expect((await runHere(['scan', other.server.url('/old'), '--headers-only'])).code).toBe(1);
      expect((await runHere(['scan', other.server.url('/old'), '--headers-only', '--baseline', file])).code).toBe(0);
    } finally {
      await other.server.close();
    }
  });

  test('the file is written in a stable order: rewriting it changes nothing', async () => {
    const file = join(dir, 'stable-baseline.json');
    const urls = [site.server.url('/old'), site.server.url('/')];
    await runHere(['scan', ...urls, '--headers-only', '--baseline', file, '--update-baseline']);
    const first = readFileSync(file, 'utf8');
    await runHere(['scan', ...urls.reverse(), '--headers-only', '--baseline', file, '--update-baseline']);
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
    expect(first).toContain('\n  "pages": {\n');
    const parsed = JSON.parse(first) as { pages: Record<string, { findings: string[] }> };
    expect(Object.keys(parsed.pages)).toEqual([...Object.keys(parsed.pages)].sort());
    for (const page of Object.values(parsed.pages)) expect(page.findings).toEqual([...page.findings].sort());
  });

  test('a missing or broken baseline file is a setup error (2)', async () => {
    const missing = await runHere(['scan', site.server.url('/'), '--headers-only', '--baseline', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    expect(missing.stderr).toContain('--update-baseline');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"version": 1, "pages": ');
    const run = await runHere(['scan', site.server.url('/'), '--headers-only', '--baseline', broken]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not valid JSON');
  });
});

describe('baseline of CSP violations (browser)', () => {
  test('an accepted blocked script passes; a newly blocked one fails', async () => {
    const file = join(dir, 'violations-baseline.json');
    const site = await mutableSite({ '/': { ...SOUND_HEADERS, 'x-test-body': '<script src="http://localhost:9/a.js"></script>' } });
    const env = { CHROMIUM_PATH: TEST_CHROMIUM };
    try {
      const url = site.server.url('/');
      // Without a baseline the blocked script fails the scan (exit-codes.test.ts); recorded, it is accepted.
      expect((await runHere(['scan', url, '--baseline', file, '--update-baseline'], { env })).code).toBe(0);
      const written = JSON.parse(readFileSync(file, 'utf8'));
      expect(written.pages['/'].violations).toEqual(['enforce script-src-elem http://localhost:9/a.js']);
      expect((await runHere(['scan', url, '--baseline', file], { env })).code).toBe(0);

      site.routes['/'] = { ...SOUND_HEADERS, 'x-test-body': '<script src="http://localhost:9/a.js"></script><script src="http://localhost:9/b.js"></script>' };
      const regressed = await runHere(['scan', url, '--baseline', file], { env });
      expect(regressed.code).toBe(1);
      expect(regressed.stdout).toMatch(/✕ CSP script-src-elem: http:\/\/localhost:9\/b\.js — blocked\n/);
      expect(regressed.stdout).toMatch(/! CSP script-src-elem: http:\/\/localhost:9\/a\.js — blocked \[accepted in the baseline\]/);

      site.routes['/'] = SOUND_HEADERS;
      const fixed = await runHere(['scan', url, '--baseline', file], { env });
      expect(fixed.code).toBe(0);
      expect(fixed.stdout).toContain('fixed since the baseline: violation enforce script-src-elem http://localhost:9/a.js');
    } finally {
      await site.server.close();
    }
  }, 120_000);
});

describe('parseBaseline', () => {
  test('reads what serializeBaseline writes', () => {
    const baseline = { version: 1 as const, tool: 'expect-secure-headers' as const, pages: { '/b': { findings: ['z', 'a'], violations: [] }, '/a': { findings: [], violations: ['x'] } } };
    const text = serializeBaseline(baseline);
    expect(text.indexOf('"/a"')).toBeLessThan(text.indexOf('"/b"'));
    expect(parseBaseline(JSON.parse(text)).pages['/b']!.findings).toEqual(['a', 'z']);
  });

  test.each([
    [[], 'it is not a JSON object'],
    [{ version: 2, pages: {} }, '"version" is 2'],
    [{ version: 1 }, '"pages" is missing'],
    [{ version: 1, pages: { '/': { findings: 'csp/missing' } } }, 'pages["/"].findings is not an array of strings'],
  ])('refuses %j with a message saying what is wrong', (value, message) => {
    expect(() => parseBaseline(value, 'b.json')).toThrow(CliError);
    expect(() => parseBaseline(value, 'b.json')).toThrow(message);
  });
});
