// What the Playwright fixture of expect-secure-headers/playwright costs a test,
// in a CommonJS project (what `npm init -y` gives: the .cjs build) and an ESM
// one (the .js build). Per project, the same tests run with Playwright's own
// `test` and with ours, in one Playwright run each; the overhead is the
// difference of the mean test duration (Playwright's JSON reporter, fixtures
// included). Two kinds of test: one that opens a page, one that uses only
// `request` (which should cost nothing: no context is made for it).
//
// The package goes into each project as npm installs it (the packed tarball,
// scripts/install-packed.mjs): a symlink to this "type": "module" checkout
// would have Playwright's require hook load dist/*.cjs as ES modules.
//
//   npm run build && node bench/fixture-overhead.mjs [tests per kind, default 20]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPacked } from '../scripts/install-packed.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const n = Number(process.argv[2] ?? 20);

const server = createServer((req, res) => {
  res.setHeader('content-type', 'text/html');
  res.setHeader('content-security-policy', "default-src 'self'");
  res.end('<p>hello</p>');
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;

const work = mkdtempSync(join(tmpdir(), 'esh-fixture-cost-'));
const results = [];
try {
  installPacked(join(work, 'cjs'), join(work, 'esm'));
  for (const kind of ['cjs', 'esm']) results.push(...(await measure(kind)));
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}
console.log(`package: this checkout, packed; ${n} tests per kind; load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
for (const r of results) console.log(`${r.kind.padEnd(3)} ${r.test.padEnd(7)} plain ${r.plain.toFixed(0).padStart(5)} ms/test, ours ${r.ours.toFixed(0).padStart(5)} ms/test, overhead ${(r.ours - r.plain).toFixed(0).padStart(5)} ms/test`);

async function measure(kind) {
  const dir = join(work, kind);
  mkdirSync(join(dir, 'node_modules', '@playwright'), { recursive: true });
  symlinkSync(join(root, 'node_modules/@playwright/test'), join(dir, 'node_modules/@playwright/test'), 'dir');
  symlinkSync(join(root, 'node_modules/playwright-core'), join(dir, 'node_modules/playwright-core'), 'dir');
  symlinkSync(join(root, 'node_modules/playwright'), join(dir, 'node_modules/playwright'), 'dir');
  // The package's own dependencies, as npm would install them beside it.
  for (const dep of Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies)) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  const ext = kind === 'cjs' ? 'cjs' : 'mjs';
  writeFileSync(join(dir, 'package.json'), JSON.stringify(kind === 'cjs' ? { name: 'p', private: true } : { name: 'p', private: true, type: 'module' }));
  const importOf = (spec, names) => (kind === 'cjs' ? `const { ${names} } = require('${spec}');` : `import { ${names} } from '${spec}';`);
  const body = (source) =>
    [
      source,
      `for (let i = 0; i < ${n}; i++) {`,
      `  test('page ' + i, async ({ page }) => { await page.goto('${origin}/'); });`,
      `  test('request ' + i, async ({ request }) => { await request.get('${origin}/'); });`,
      '}',
    ].join('\n');
  writeFileSync(join(dir, `plain.spec.${ext}`), body(importOf('@playwright/test', 'test')));
  writeFileSync(join(dir, `ours.spec.${ext}`), body(importOf('expect-secure-headers/playwright', 'test')));
  const launch = `{ executablePath: ${JSON.stringify(chromiumPath())}, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] }`;
  writeFileSync(
    join(dir, `playwright.config.${ext}`),
    `${kind === 'cjs' ? 'module.exports =' : 'export default'} { testDir: '.', testMatch: '*.spec.${ext}', workers: 1, timeout: 120_000, reporter: 'json', use: { launchOptions: ${launch} } };`,
  );
  const out = [];
  for (const file of ['plain', 'ours']) {
    // Not spawnSync: the server answering the tests runs in this process's event loop.
    const run = await promisify(execFile)(process.execPath, [join(root, 'node_modules/@playwright/test/cli.js'), 'test', '-c', `playwright.config.${ext}`, `${file}.spec.${ext}`], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }).catch((error) => error); // a failing run exits 1; its JSON report says why
    const report = JSON.parse(run.stdout);
    const durations = { page: [], request: [] };
    for (const spec of report.suites.flatMap((s) => s.specs)) {
      const result = spec.tests[0].results[0];
      if (result.status !== 'passed') throw new Error(`${kind} ${file}: "${spec.title}" ${result.status}: ${JSON.stringify(result.errors)}`);
      durations[spec.title.split(' ')[0]].push(result.duration);
    }
    out.push(durations);
  }
  // The first test of each kind pays for the browser launch or the first context: left out of both sides.
  const mean = (list) => list.slice(1).reduce((a, b) => a + b, 0) / (list.length - 1);
  return ['page', 'request'].map((test) => ({ kind, test, plain: mean(out[0][test]), ours: mean(out[1][test]) }));
}

function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}
