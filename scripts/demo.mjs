// `npm run demo`: starts the example site (examples/site) on 127.0.0.1, runs
// the real CLI against it — `expect-secure-headers scan <url> --crawl` in
// Chromium — prints the text report and writes the HTML report.
//
// The example site has findings on purpose, so the scan itself exits 1;
// the demo exits 0 when the scan worked (exit 0 or 1) and passes on exit 2
// (a setup problem: no browser, say). Usage: node scripts/demo.mjs [report.html]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startExampleSite } from '../examples/site/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reportPath = resolve(process.cwd(), process.argv[2] ?? 'demo-report.html');

/** The built CLI when there is one; otherwise the sources bundled on the fly (esbuild comes with tsup). */
async function cliEntry() {
  const built = join(root, 'dist', 'bin.js');
  if (existsSync(built)) return built;
  const out = join(root, 'node_modules', '.cache', 'expect-secure-headers-demo', 'bin.mjs');
  mkdirSync(dirname(out), { recursive: true });
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'src', 'bin.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
  });
  return out;
}

const site = await startExampleSite();
let code = 2;
try {
  const entry = await cliEntry();
  console.log(`Example site: ${site.url}`);
  console.log(`Running: expect-secure-headers scan ${site.url} --crawl --format html --output ${reportPath}\n`);
  code = await new Promise((done, fail) => {
    const child = spawn(process.execPath, [entry, 'scan', site.url, '--crawl', '--format', 'html', '--output', reportPath], {
      stdio: 'inherit',
      env: process.env,
    });
    child.on('error', fail);
    child.on('exit', (status, signal) => done(status ?? (signal ? 2 : 0)));
  });
} finally {
  await site.close();
}

console.log('');
if (code === 0 || code === 1) {
  console.log(
    `Demo done. The example site has findings and CSP violations on purpose (/legacy lacks headers, /widgets has blocked scripts,\n` +
      `/beta has a report-only violation), so the scan's own exit code was ${code}; a CI job would fail on it.\n` +
      `HTML report: ${reportPath}`,
  );
  process.exitCode = 0;
} else {
  console.error(`Demo failed: the scan exited with ${code} (a setup problem, see the message above).`);
  process.exitCode = code;
}
