#!/usr/bin/env node
/**
 * What watching for CSP violations costs: the pages of the local CSP test
 * site (test/fixtures/csp-site: each breaks its policy in some way, with
 * iframes and workers) loaded N times each, 4 at a time in one context,
 * unwatched and watched (watchCspViolations on the context), rounds
 * interleaved in one run so both see the same machine state. Prints the
 * median time per round and the ratio unwatched/watched (1.0 = free; the
 * goal is at least 0.95, i.e. watching loads at 95% of the speed or better).
 *
 * Our code is bundled from src/ with esbuild into a temp file.
 * Usage: node bench/watch-cost.mjs [loadsPerPage=5] [rounds=5]
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const loadsPerPage = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 5);
const CONCURRENCY = 4;

const dir = mkdtempSync(join(tmpdir(), 'watch-bench-'));
const outfile = join(dir, 'watch.mjs');
await build({
  stdin: {
    contents: [
      "export { watchCspViolations } from './src/browser/watch';",
      "export { chromiumLaunchOptions } from './src/browser/launch';",
      "export { startCspSite, POLICIES } from './test/fixtures/csp-site/server';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile,
  external: ['playwright-core', '@playwright/test'],
  logLevel: 'error',
});
const { watchCspViolations, chromiumLaunchOptions, startCspSite, POLICIES } = await import(pathToFileURL(outfile).href);

const site = await startCspSite(join(root, 'test/fixtures/csp-site/public'));
const browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
const paths = [...Object.keys(POLICIES).filter((p) => p.endsWith('.html')), '/iframes.html', '/meta.html'];
const urls = Array.from({ length: loadsPerPage }, () => paths.map((p) => site.main.url(p))).flat();

/** One round: a fresh context, `urls` loaded by 4 pages pulling from one queue. Returns ms and violations seen. */
async function round(watched) {
  const context = await browser.newContext();
  const log = watched ? await watchCspViolations(context) : undefined;
  const pages = await Promise.all(Array.from({ length: CONCURRENCY }, () => context.newPage()));
  const queue = [...urls];
  const started = performance.now();
  await Promise.all(
    pages.map(async (page) => {
      for (let url = queue.shift(); url; url = queue.shift()) await page.goto(url, { waitUntil: 'load' });
    }),
  );
  // Everything the watched pages sent must have arrived: that is part of the cost.
  if (log) await log.settle();
  const ms = performance.now() - started;
  const seen = log ? log.violations().length : 0;
  if (log) await log.stop();
  await context.close();
  return { ms, seen };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  await round(false); // warm-up: browser caches, JIT
  await round(true);
  const plain = [];
  const watched = [];
  let seen = 0;
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first so neither always follows the other.
    const order = i % 2 === 0 ? [false, true] : [true, false];
    for (const w of order) {
      const r = await round(w);
      (w ? watched : plain).push(r.ms);
      if (w) seen = r.seen;
    }
  }
  const p = median(plain);
  const w = median(watched);
  console.log(`pages: ${paths.length} × ${loadsPerPage} loads = ${urls.length} per round, concurrency ${CONCURRENCY}, ${rounds} rounds each`);
  console.log(`unwatched: median ${p.toFixed(0)} ms/round  (${plain.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`watched:   median ${w.toFixed(0)} ms/round  (${watched.map((x) => x.toFixed(0)).join(', ')}); ${seen} distinct violations caught in the last round`);
  console.log(`ratio (unwatched/watched, 1 = free, goal >= 0.95): ${(p / w).toFixed(3)}`);
} finally {
  await browser.close();
  await site.close();
  rmSync(dir, { recursive: true, force: true });
}
