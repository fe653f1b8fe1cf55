import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { test as cspTest } from '../../src/browser/fixtures';
import { startCspSite, type CspSite } from '../fixtures/csp-site/server';

/**
 * The Playwright fixtures: checked from outside by running a nested
 * Playwright Test on test/fixtures/csp-site/nested (JSON reporter), so a
 * test the fixture fails, its message and its attachment can be read.
 */

let site: CspSite;
test.beforeAll(async () => {
  site = await startCspSite();
});
test.afterAll(async () => {
  await site.close();
});

interface JsonResult {
  status: string;
  errors: Array<{ message?: string }>;
  attachments: Array<{ name: string; contentType: string; body?: string }>;
  annotations?: Array<{ type: string; description?: string }>;
}
interface JsonTest {
  results: JsonResult[];
  annotations: Array<{ type: string; description?: string }>;
}
interface JsonSpec {
  title: string;
  tests: JsonTest[];
}
interface JsonSuite {
  specs: JsonSpec[];
  suites?: JsonSuite[];
}

function specsOf(suite: JsonSuite): JsonSpec[] {
  return [...suite.specs, ...(suite.suites ?? []).flatMap(specsOf)];
}

/** Runs the nested Playwright Test (asynchronously: the site it visits is served by this process) and returns its JSON report. */
function runNested(): Promise<string> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'test', '-c', 'test/fixtures/csp-site/nested/playwright.config.ts'], {
      cwd: root,
      env: { ...process.env, CSP_SITE_ORIGIN: site.main.origin, CI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      if (!out.trim().startsWith('{')) reject(new Error(`the nested Playwright run printed no JSON report; stderr:\n${err}`));
      else resolve(out);
    });
  });
}

const strip = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

test('the nested run: fail / warn / off modes, the message, the JSON attachment, bypassCSP', async () => {
  test.setTimeout(330_000);
  const report = JSON.parse(await runNested()) as { suites: JsonSuite[] };
  const byTitle = new Map(report.suites.flatMap(specsOf).map((spec) => [spec.title, spec.tests[0]!]));
  const result = (title: string): JsonResult & { allAnnotations: Array<{ type: string; description?: string }> } => {
    const t = byTitle.get(title);
    expect(t, `nested test "${title}" ran`).toBeDefined();
    const r = t!.results[0]!;
    return { ...r, allAnnotations: [...t!.annotations, ...(r.annotations ?? [])] };
  };
  const attached = (r: JsonResult): unknown[] => {
    const a = r.attachments.find((x) => x.name === 'csp-violations');
    expect(a?.contentType).toBe('application/json');
    return JSON.parse(Buffer.from(a!.body!, 'base64').toString('utf8')) as unknown[];
  };

  const failed = result('fail mode: a violation fails the test without any expect');
  expect(failed.status).toBe('failed');
  const message = strip(failed.errors.map((e) => e.message ?? '').join('\n'));
  expect(message).toContain("Content-Security-Policy violations were seen during this test (cspViolations: 'fail')");
  expect(message).toContain(`img-src: ${site.other.url('/pixel.png')} — blocked (enforced)`);
  expect(message).toContain(`page:     ${site.main.url('/image.html')}`);
  expect(attached(failed)).toMatchObject([{ directive: 'img-src', blockedURI: site.other.url('/pixel.png'), disposition: 'enforce' }]);

  expect(failed.allAnnotations.map((a) => a.type)).not.toContain('csp-violations'); // listed once: in the error

  const clean = result('fail mode: a clean page passes and attaches nothing');
  expect(clean.status).toBe('passed');
  expect(clean.attachments.find((a) => a.name === 'csp-violations')).toBeUndefined();

  expect(result('request only: the fixture makes no browser context').status).toBe('passed');

  const explicit = result('fail mode: an explicit failing expect keeps its own error');
  expect(explicit.status).toBe('failed');
  expect(explicit.errors).toHaveLength(1);
  expect(strip(explicit.errors[0]!.message ?? '')).toContain('Expected no Content-Security-Policy violations in the page');
  // The matcher's error already lists the violation: no annotation repeats it.
  expect(explicit.allAnnotations.map((a) => a.type)).not.toContain('csp-violations');
  expect(attached(explicit)).toHaveLength(1);

  expect(result('fail mode: the fixture log is there and expect(page) finds it').status).toBe('passed');

  const warned = result('warn mode: a violation is an annotation, the test passes');
  expect(warned.status).toBe('passed');
  const note = warned.allAnnotations.find((a) => a.type === 'csp-violations');
  expect(note?.description).toContain(`img-src: ${site.other.url('/pixel.png')}`);
  expect(attached(warned)).toHaveLength(1);

  // Report-only violations do not fail by default (as in the matchers and the CLI); cspDisposition 'any' counts them.
  const reportOnly = result('default disposition: a report-only violation is annotated and does not fail');
  expect(reportOnly.status).toBe('passed');
  expect(attached(reportOnly)).toMatchObject([{ disposition: 'report' }]);
  expect(reportOnly.allAnnotations.find((a) => a.type === 'csp-violations-not-counted')?.description).toContain("Not counted (cspDisposition: 'enforce')");
  const any = result("cspDisposition 'any': a report-only violation fails");
  expect(any.status).toBe('failed');
  expect(strip(any.errors.map((e) => e.message ?? '').join('\n'))).toContain('reported only (report-only policy, not blocked)');

  const off = result('off mode: nothing is watched, nothing attached');
  expect(off.status).toBe('passed');
  expect(off.attachments.find((a) => a.name === 'csp-violations')).toBeUndefined();

  const bypass = result('bypassCSP: the fixture refuses to watch');
  expect(bypass.status).toBe('failed');
  expect(strip(bypass.errors.map((e) => e.message ?? '').join('\n'))).toContain('bypassCSP: true, which switches Content-Security-Policy off');
});

cspTest.describe('the exported test, used directly', () => {
  cspTest.fail('fails a test that hit a violation even though it asserted nothing', async ({ page }) => {
    await page.goto(site.main.url('/eval.html'));
  });

  cspTest('passes a clean page, and its log is the one expect(page) would use', async ({ page, cspViolationLog }) => {
    await page.goto(site.main.url('/clean.html'));
    expect(await cspViolationLog!.waitForIdle(100)).toEqual([]);
  });
});
