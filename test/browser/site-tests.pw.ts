import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { startBigSite, type BigSite } from '../fixtures/big-site';
import { timelessReport } from '../helpers/timeless';

/**
 * siteTests and the reporter, from outside: nested Playwright runs of
 * test/fixtures/site-tests, two shards side by side, their blob reports
 * joined by `playwright merge-reports` with our reporter. The merged site
 * report must be the one the CLI writes for the same pages, and every page
 * must have been one test in exactly one shard. Needs `npm run build` (the
 * discovery runs the built CLI, as it does for users).
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const playwrightCli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const SIZE = 9;

let site: BigSite;
let out: string;
test.beforeAll(async () => {
  site = await startBigSite(SIZE);
  out = mkdtempSync(path.join(tmpdir(), 'esh-site-tests-'));
});
test.afterAll(async () => {
  await site.close();
});

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [command, ...args], {
      cwd: root,
      env: { ...process.env, SITE_ORIGIN: site.origin, SITE_TESTS_OUT: out, CI: '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 400_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const config = ['-c', 'test/fixtures/site-tests/playwright.config.ts'];

test('two shards, merged by merge-reports with our reporter, give the CLI report of the same pages', async () => {
  test.setTimeout(600_000);
  const shards = await Promise.all(
    [1, 2].map((i) => run(playwrightCli, ['test', ...config, `--shard=${i}/2`], { SITE_TESTS_SHARD: String(i) })),
  );
  // Pages with findings or violations fail their test (/p/5 has a violation, /p/7 lacks nosniff).
  for (const shard of shards) expect([0, 1], shard.stderr + shard.stdout.slice(-3000)).toContain(shard.code);
  expect(shards.map((s) => s.code)).toContain(1);

  // As a CI workflow downloads the shards' artifacts into one folder.
  mkdirSync(path.join(out, 'blob'));
  for (const i of [1, 2]) {
    const zips = readdirSync(path.join(out, `blob-${i}`));
    expect(zips, shards[i - 1]!.stdout.slice(-2000)).toHaveLength(1);
    copyFileSync(path.join(out, `blob-${i}`, zips[0]!), path.join(out, 'blob', zips[0]!));
  }
  const merged = await run(playwrightCli, ['merge-reports', '--config', 'test/fixtures/site-tests/merge.config.ts', path.join(out, 'blob')]);
  expect(merged.stderr).toContain(`expect-secure-headers: ${SIZE + 1} page(s)`);
  const report = JSON.parse(readFileSync(path.join(out, 'merged.json'), 'utf8'));
  expect(report.pages).toHaveLength(SIZE + 1);

  // The CLI on the same list, in Chromium.
  const list = path.join(out, 'pages.txt');
  writeFileSync(list, report.pages.map((p: { url: string }) => p.url).join('\n'));
  const cli = await run(path.join(root, 'dist', 'bin.js'), ['scan', '--pages', list, '--format', 'json', '--output', path.join(out, 'cli.json')], {
    CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '',
  });
  expect(cli.code, cli.stderr).toBe(1);
  expect(timelessReport(path.join(out, 'merged.json'))).toEqual(timelessReport(path.join(out, 'cli.json')));
  // Violations were seen (k % 5 pages run an inline script their CSP blocks) and are in both.
  expect(JSON.stringify(report)).toContain('script-src-elem');
});

test('--grep of one page runs one test, named by its path', async () => {
  test.setTimeout(300_000);
  const one = await run(playwrightCli, ['test', ...config, '--grep', '/p/3$'], { SITE_TESTS_REPORTER: 'json' });
  const json = JSON.parse(one.stdout);
  expect(json.stats.expected + json.stats.unexpected).toBe(1);
  expect(JSON.stringify(json.suites)).toContain('"title":"/p/3"');
});
