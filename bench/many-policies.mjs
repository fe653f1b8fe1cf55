#!/usr/bin/env node
/**
 * What one policy costs in a header of many small comma-separated policies
 * (issue 18: ~120 µs each made a 64 KiB header of tiny policies take
 * seconds): evaluatePolicies and auditHeaders on three shapes, the best of
 * `rounds` runs each, as µs per policy.
 * Usage: nice -n 10 node bench/many-policies.mjs [rounds=7] [root=this checkout]
 * (pass another checkout's root to measure it the same way, for a before/after in one sitting).
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const rounds = Number(process.argv[2] ?? 7);
const root = process.argv[3] ? resolve(process.argv[3]) : undefined;
const { importSource } = await import(pathToFileURL(resolve(root ?? new URL('..', import.meta.url).pathname, 'bench/import-source.mjs')).href);
const lib = await importSource(["export { auditHeaders, evaluatePolicies, parseCsp } from './src';"], { external: [] });

const SHAPES = [
  ["'a,' x 16,000 (the fuzz run's shape)", 'a,'.repeat(16000)],
  ["\"default-src 'self',\" x 3,000", "default-src 'self',".repeat(3000)],
  ['"script-src aN.example.com," x 2,000 (all different)', Array.from({ length: 2000 }, (_, i) => `script-src a${i}.example.com,`).join('')],
];

function best(f) {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    f();
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return min;
}

for (const [label, value] of SHAPES) {
  const parsed = lib.parseCsp(value);
  const evaluate = best(() => lib.evaluatePolicies(parsed));
  const audit = best(() => lib.auditHeaders({ 'content-security-policy': value, 'content-type': 'text/html' }).score);
  const per = (ms) => `${((ms * 1000) / parsed.length).toFixed(1)} µs`;
  console.log(`${label}: ${parsed.length} policies; evaluatePolicies ${evaluate.toFixed(0)} ms (${per(evaluate)}/policy), auditHeaders with score ${audit.toFixed(0)} ms (${per(audit)}/policy)`);
}
