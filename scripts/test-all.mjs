// `npm test`: every step of the suite, run side by side where they do not
// depend on each other, so a 2-core machine is kept busy: run one after
// another, most steps left a core idle while they waited on browsers, servers
// and child processes (Jest ran in band). Each step is an npm script; `after`
// names the steps it needs (the build, or the packed package the type,
// integration and package steps use); `weight` is how many workers it runs
// (Jest and Playwright two). Steps start in the order listed while their
// weights fit in the slots (ESH_TEST_SLOTS, default twice the cores and one:
// these workers are half idle), so the machine is never far oversubscribed; the
// order puts the build first, as most steps wait for it, then the long steps,
// so they start when the build ends. The build runs at the normal priority and
// every other step a little below it (`first`): five steps wait for the build,
// and beside Jest and tsc it took five times as long as alone. A step's output is printed whole when it ends; the summary gives each
// step's time and share, the figures to look at when the suite gets slow.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, constants, loadavg, setPriority } from 'node:os';
import { root } from './link-package.mjs';

const STEPS = [
  // The build is the type check too: its tsc checks src/, the tests and the benches (tsconfig.build.json).
  { name: 'build', run: ['npm', 'run', '--silent', 'build'], weight: 1, first: true },
  { name: 'unit', run: ['npm', 'run', '--silent', 'test:unit', '--', '--maxWorkers=2'], weight: 2 },
  { name: 'browser', run: ['npm', 'run', '--silent', 'test:browser'], weight: 2, after: ['build'] },
  { name: 'pack', run: ['node', 'test/integration/prepare.mjs'], weight: 1, after: ['build'] },
  { name: 'types', run: ['npm', 'run', '--silent', 'test:types'], weight: 2, after: ['pack'] },
  { name: 'integration', run: ['npm', 'run', '--silent', 'test:integration'], weight: 1, after: ['pack'] },
  { name: 'examples', run: ['npm', 'run', '--silent', 'test:examples'], weight: 2, after: ['build'] },
  { name: 'package', run: ['npm', 'run', '--silent', 'test:package'], weight: 1, after: ['pack'] },
];

const only = process.argv.slice(2);
const unknown = only.filter((name) => !STEPS.some((s) => s.name === name));
if (unknown.length) {
  console.error(`test-all: no step ${unknown.map((n) => JSON.stringify(n)).join(', ')}; the steps are ${STEPS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const steps = only.length ? STEPS.filter((s) => only.includes(s.name)) : STEPS;
const cores = availableParallelism();
// The browser every step runs: Chromium's headless shell when installed (Debian's
// chromium-headless-shell, the same Chromium build as the chromium package, and
// what Playwright's own headless mode runs). Here it opens a context and page in
// 40-140 ms where full Chromium's headless mode takes 500-1000 ms, which halves
// the browser step. Full Chromium stays the library's default; the tests that
// need it (a cross-site iframe's Reporting API reports, which the shell keeps
// from DevTools) get it as ESH_FULL_CHROMIUM (playwright.config.ts).
// CHROMIUM_PATH, when set, wins.
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
if (!process.env.CHROMIUM_PATH && existsSync(HEADLESS_SHELL)) {
  process.env.ESH_FULL_CHROMIUM ??= '/usr/bin/chromium';
  process.env.CHROMIUM_PATH = HEADLESS_SHELL;
}
console.log(`test-all: browser ${process.env.CHROMIUM_PATH ?? 'as src/browser/launch.ts finds it'}`);
const slots = Number(process.env.ESH_TEST_SLOTS) || 2 * cores + 1;
// The test oracles first (instant; the unit tests read them).
await new Promise((done) => spawn(process.execPath, ['scripts/prepare-oracles.mjs'], { cwd: root, stdio: 'inherit' }).on('close', done));
const started = Date.now();
const load = [loadavg()[0]];
const results = new Map();
let busy = 0;

await new Promise((allDone) => {
  const running = new Set();
  const schedule = () => {
    for (const step of steps) {
      if (results.has(step.name) || running.has(step)) continue;
      const needs = (step.after ?? []).filter((name) => steps.some((s) => s.name === name));
      if (needs.some((name) => results.get(name)?.code !== 0)) {
        if (needs.every((name) => results.has(name))) results.set(step.name, { code: 'skipped', ms: 0 });
        continue;
      }
      const weight = Math.min(step.weight, slots);
      if (busy + weight > slots) continue;
      busy += weight;
      running.add(step);
      run(step).then((result) => {
        busy -= weight;
        running.delete(step);
        results.set(step.name, result);
        load.push(loadavg()[0]);
        schedule();
      });
    }
    if (running.size === 0 && steps.every((s) => results.has(s.name))) allDone();
  };
  schedule();
});

const wall = Date.now() - started;
const sum = [...results.values()].reduce((total, r) => total + r.ms, 0);
console.log(`\n=== npm test: ${steps.length} steps in ${(wall / 1000).toFixed(0)} s (${cores} cores, ${slots} slots; load average ${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)}) ===`);
for (const step of steps) {
  const r = results.get(step.name);
  const state = r.code === 0 ? 'ok    ' : r.code === 'skipped' ? 'skip  ' : 'FAILED';
  console.log(`${state} ${step.name.padEnd(12)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${((100 * r.ms) / sum).toFixed(0).padStart(3)}% of step time`);
}
const failed = steps.filter((s) => results.get(s.name).code !== 0).map((s) => s.name);
if (failed.length) console.log(`failed or skipped: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);

/** Runs a step with its output collected, printed whole at the end (steps run side by side). */
function run(step) {
  const t0 = Date.now();
  console.log(`--- ${step.name}: started at ${((t0 - started) / 1000).toFixed(0)} s`);
  return new Promise((done) => {
    const [command, ...args] = step.run;
    const child = spawn(command, args, { cwd: root, env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' }, shell: process.platform === 'win32' });
    // Set at once, before npm has started what it runs, so the step's processes inherit it.
    if (!step.first && child.pid) {
      try {
        setPriority(child.pid, constants.priority.PRIORITY_BELOW_NORMAL);
      } catch {
        // A platform that refuses only loses the head start.
      }
    }
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      const ms = Date.now() - t0;
      console.log(`\n=== ${step.name}: ${code === 0 ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`} in ${(ms / 1000).toFixed(1)} s ===`);
      process.stdout.write(Buffer.concat(output));
      done({ code: code ?? signal, ms });
    });
  });
}
