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
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { importSource, root } from './import-source.mjs';

const loadsPerPage = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 5);
const CONCURRENCY = 4;
/** WATCH_OPTIONS='{"cdp":false}' measures one channel's share of the cost. */
const watchOptions = JSON.parse(process.env.WATCH_OPTIONS ?? '{}');

const { watchCspViolations, chromiumLaunchOptions, startCspSite, POLICIES } = await importSource([
  "export { watchCspViolations } from './src/browser/watch';",
  "export { chromiumLaunchOptions } from './src/browser/launch';",
  "export { startCspSite, POLICIES } from './test/fixtures/csp-site/server';",
]);

const site = await startCspSite(join(root, 'test/fixtures/csp-site/public'));
const browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
const paths = [...Object.keys(POLICIES).filter((p) => p.endsWith('.html')), '/iframes.html', '/iframes-cross-site.html', '/meta.html'];
const urls = Array.from({ length: loadsPerPage }, () => paths.map((p) => site.main.url(p))).flat();

/**
 * CPU seconds used so far by this process and every process under it (the
 * browser, its renderers and GPU/utility processes), from /proc. Wall time on
 * a shared 2-core machine swings with other people's work; CPU time shows
 * what watching itself costs. Processes that exited mid-round are missed
 * (both modes alike). Linux only; elsewhere it reports NaN.
 */
function treeCpuSeconds() {
  try {
    const stats = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const raw = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
        stats.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // it exited while we looked
      }
    }
    const ours = new Set([process.pid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, s] of stats) if (!ours.has(pid) && ours.has(s.ppid)) (ours.add(pid), (grew = true));
    }
    let ticks = 0;
    for (const pid of ours) ticks += stats.get(pid)?.ticks ?? 0;
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

/** One round: a fresh context, `urls` loaded by 4 pages pulling from one queue. Returns ms and violations seen. */
async function round(watched) {
  const context = await browser.newContext();
  const log = watched ? await watchCspViolations(context, watchOptions) : undefined;
  const pages = await Promise.all(Array.from({ length: CONCURRENCY }, () => context.newPage()));
  const queue = [...urls];
  const started = performance.now();
  const cpuStart = treeCpuSeconds();
  await Promise.all(
    pages.map(async (page) => {
      for (let url = queue.shift(); url; url = queue.shift()) await page.goto(url, { waitUntil: 'load' });
    }),
  );
  // Everything the watched pages sent must have arrived: that is part of the cost.
  const loaded = performance.now();
  if (log) await log.settle();
  const ms = performance.now() - started;
  const settleMs = performance.now() - loaded;
  const cpu = treeCpuSeconds() - cpuStart;
  const seen = log ? log.violations().length : 0;
  if (log) await log.stop();
  await context.close();
  return { ms, cpu, seen, settleMs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  await round(false); // warm-up: browser caches, JIT
  await round(true);
  const plain = [];
  const watched = [];
  const pairs = [];
  const cpu = { plain: [], watched: [] };
  const settles = [];
  let seen = 0;
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first so neither always follows the other.
    const order = i % 2 === 0 ? [false, true] : [true, false];
    const pair = {};
    for (const w of order) {
      const r = await round(w);
      (w ? watched : plain).push(r.ms);
      cpu[w ? 'watched' : 'plain'].push(r.cpu);
      pair[w ? 'watched' : 'plain'] = r.ms;
      if (w) (seen = r.seen), settles.push(r.settleMs);
    }
    pairs.push(pair.plain / pair.watched);
  }
  const p = median(plain);
  const w = median(watched);
  console.log(`pages: ${paths.length} × ${loadsPerPage} loads = ${urls.length} per round, concurrency ${CONCURRENCY}, ${rounds} rounds each`);
  console.log(`unwatched: median ${p.toFixed(0)} ms/round  (${plain.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`watched:   median ${w.toFixed(0)} ms/round  (${watched.map((x) => x.toFixed(0)).join(', ')}); ${seen} distinct violations caught in the last round`);
  console.log(`of which the final settle(): median ${median(settles).toFixed(0)} ms`);
  const cp = median(cpu.plain);
  const cw = median(cpu.watched);
  console.log(`CPU (node + browser processes): unwatched median ${cp.toFixed(2)} s/round, watched ${cw.toFixed(2)} s/round, ratio ${(cp / cw).toFixed(3)}`);
  console.log(`ratio (unwatched/watched, 1 = free, goal >= 0.95): ${(p / w).toFixed(3)} of the medians; ${median(pairs).toFixed(3)} median of ${pairs.length} back-to-back pairs`);
} finally {
  await browser.close();
  await site.close();
}
