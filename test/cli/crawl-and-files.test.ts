import { TEST_CHROMIUM } from '../helpers/chromium';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runHere } from './run-cli';

/**
 * The example site, crawled by the real executable in Chromium, each format
 * written with --output: the files are what the formats promise, and the
 * text report still goes to stdout.
 */

/** The example site run as its README says: `node examples/site/server.mjs`, which prints its URL. */
async function startExampleSite(): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'examples', 'site', 'server.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the example site exited with ${code}: ${out}`)));
  });
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

const env = { CHROMIUM_PATH: TEST_CHROMIUM };
let site: Awaited<ReturnType<typeof startExampleSite>>;
let dir: string;
beforeAll(async () => {
  site = await startExampleSite();
  dir = mkdtempSync(join(tmpdir(), 'esh-cli-'));
});
afterAll(() => site.close());

test('--crawl finds every page of the example site and sees its deliberate problems (exit 1)', async () => {
  const file = join(dir, 'report.json');
  const run = await runHere(['scan', site.url, '--crawl', '--format', 'json', '--output', file], { env });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`json report written to ${file}`);
  expect(run.stdout).toContain('FAIL (exit code 1)');
  const report = JSON.parse(readFileSync(file, 'utf8'));
  expect(report.mode).toBe('browser');
  const byKey = Object.fromEntries(report.pages.map((p: { key: string }) => [p.key, p]));
  // The CLI's not-found probe is there too (this site sends its headers on its 404 as well).
  expect(Object.keys(byKey).sort()).toEqual(['/', '/about', '/beta', '/expect-secure-headers-not-found-probe', '/legacy', '/widgets']);
  expect(byKey['/expect-secure-headers-not-found-probe']).toMatchObject({ probe: 'not-found', status: 404, fails: false, error: null });
  expect(byKey['/'].fails).toBe(false);
  expect(byKey['/about'].fails).toBe(false);
  expect(byKey['/legacy'].findings.map((f: { id: string }) => f.id)).toContain('csp/missing');
  expect(byKey['/widgets'].violations.filter((v: { disposition: string }) => v.disposition === 'enforce')).toHaveLength(2);
  expect(byKey['/beta'].violations.map((v: { disposition: string }) => v.disposition)).toEqual(['report']);
  expect(byKey['/beta'].fails).toBe(false);
}, 90_000);

test('--max-pages limits the crawl and the report says what was left', async () => {
  const run = await runHere(['scan', site.url, '--crawl', '--headers-only', '--max-pages', '2', '--format', 'json']);
  const report = JSON.parse(run.stdout);
  // The two pages, and the not-found probe, which --max-pages does not count.
  expect(report.pages.map((p: { probe: string | null }) => p.probe)).toEqual([null, null, 'not-found']);
  expect(report.stoppedBy).toBe('maxPages');
  expect(report.notVisited.length).toBeGreaterThan(0);
});

test('junit, sarif and html files from one crawl', async () => {
  const junit = join(dir, 'out', 'junit.xml');
  const sarif = join(dir, 'out', 'results.sarif');
  const html = join(dir, 'out', 'report.html');
  // One crawl in Chromium writes the JUnit file and saves its report; `merge` of that one saved scan (the step
  // `scan` ends with, concludeScan) writes the other two formats without crawling again.
  const saved = join(dir, 'out', 'saved.json');
  const crawled = await runHere(['scan', site.url, '--crawl', '--format', 'junit', '-o', junit, '--save-report', saved], { env });
  const runs = [
    crawled,
    ...(await Promise.all([
      runHere(['merge', saved, '--format', 'sarif', '--output', sarif]),
      runHere(['merge', saved, '--format', 'html', '--output', html]),
    ])),
  ];
  for (const run of runs) {
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Summary');
  }

  const xml = readFileSync(junit, 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' }).parse(xml);
  expect(doc.testsuites.testsuite).toHaveLength(6); // five pages and the not-found probe

  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const log = JSON.parse(readFileSync(sarif, 'utf8'));
  expect(ajv.validate(schema, log)).toBe(true);
  expect(log.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'csp/missing')).toBe(true);

  expect(existsSync(html)).toBe(true);
  expect(readFileSync(html, 'utf8')).toContain('<div class="verdict fail">FAIL</div>');
}, 120_000);

test('an --output path that cannot be written is a setup error (2)', async () => {
  // A directory where a file is.
  const blocked = join(dir, 'report.json', 'report.txt');
  const run = await runHere(['scan', site.url, '--headers-only', '--output', blocked]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`could not write the report to ${blocked} (E`);
  expect(run.stderr).toContain("Pass a writable path to --output");
});
