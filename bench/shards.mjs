#!/usr/bin/env node
/**
 * Pages a second for a sharded browser check on this machine: 1, 2 and 4
 * shards, each a `scan --pages LIST --shard i/n` process with its own
 * Chromium (as n CI machines would run), side by side, against the generated
 * site of the shard tests (test/fixtures/big-site.ts) served from this
 * process. The figure for n machines is worked out on paper in
 * bench/README.md from the per-shard rate measured here: on one 2-core
 * machine the shards share two cores, so beyond two the rate says what the
 * machine can do, not what n machines can.
 * Uses dist/bin.js (run `npm run build` first).
 * Usage: node bench/shards.mjs [pages=200] [rounds=2]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSource, root } from './import-source.mjs';

const size = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 2);
const { startBigSite } = await importSource(["export { startBigSite } from './test/fixtures/big-site';"]);
const site = await startBigSite(size - 1);
const dir = mkdtempSync(join(tmpdir(), 'esh-bench-shards-'));
const list = join(dir, 'pages.txt');
writeFileSync(list, ['/', ...Array.from({ length: size - 1 }, (_, i) => `/p/${i + 1}`)].map((p) => site.url(p)).join('\n'));
const bin = join(root, 'dist', 'bin.js');

const runShard = (index, total) =>
  new Promise((resolve) => {
    const started = performance.now();
    execFile(process.execPath, [bin, 'scan', '--pages', list, '--shard', `${index}/${total}`, '--format', 'json'], { maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const pages = JSON.parse(stdout).pages.length;
      resolve({ ms: performance.now() - started, pages, code: error?.code ?? 0, stderr });
    });
  });

console.log(`site: ${size} pages; ${rounds} round(s) per shard count; load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
const results = [];
for (const total of [1, 2, 4]) {
  const walls = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    const shards = await Promise.all(Array.from({ length: total }, (_, i) => runShard(i + 1, total)));
    const pages = shards.reduce((n, s) => n + s.pages, 0);
    if (pages !== size) throw new Error(`the shards checked ${pages} pages, not ${size}`);
    walls.push({ wall: performance.now() - started, slowest: Math.max(...shards.map((s) => s.ms)), perShard: shards.map((s) => s.pages / (s.ms / 1000)) });
  }
  const best = walls.sort((a, b) => a.wall - b.wall)[0];
  const rate = size / (best.wall / 1000);
  const perShard = best.perShard.reduce((a, b) => a + b, 0) / best.perShard.length;
  results.push({ total, rate, perShard });
  console.log(`${total} shard(s): ${(best.wall / 1000).toFixed(1)} s wall, ${rate.toFixed(1)} pages/s in all, ${perShard.toFixed(1)} pages/s per shard (process start and browser launch included)`);
}
const one = results[0].rate;
for (const r of results.slice(1)) console.log(`${r.total} shards: ${(r.rate / one).toFixed(2)}x one shard on this machine`);
await site.close();
