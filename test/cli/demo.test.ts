import { TEST_CHROMIUM } from '../helpers/chromium';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm run demo` is `node scripts/demo.mjs`: it must work end to end and exit 0 although the site has findings.
test('the demo scans the example site in Chromium, prints the text report, writes the HTML report, exits 0', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'esh-demo-')), 'demo-report.html');
  const root = join(__dirname, '..', '..');
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, [join(root, 'scripts', 'demo.mjs'), out], { cwd: root, env: { ...process.env, NO_COLOR: '1', CHROMIUM_PATH: TEST_CHROMIUM }, timeout: 90_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout, stderr }),
    );
  });
  expect(result.stderr).not.toContain('Demo failed');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/Example site: http:\/\/127\.0\.0\.1:\d+\//);
  expect(result.stdout).toContain('/legacy');
  expect(result.stdout).toContain('FAIL (exit code 1)');
  expect(result.stdout).toContain('on purpose');
  expect(result.stdout).toContain(`HTML report: ${out}`);
  const html = readFileSync(out, 'utf8');
  expect(html).toContain('Security headers:');
  expect(html).toContain('/widgets');
}, 120_000);
