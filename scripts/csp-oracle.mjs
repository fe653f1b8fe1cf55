#!/usr/bin/env node
/**
 * The long run of the Chromium differential oracle: the same test as in
 * `npm test` (test/browser/csp-oracle.pw.ts), with more pages and other
 * seeds, printing its figures. Usage: node scripts/csp-oracle.mjs [pages] [seed...]
 * (default: 200 pages, about 10,000 cases, for seeds 1 and 2).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pages = Number(process.argv[2] ?? 200);
const seeds = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1, 2];
let failed = false;
for (const seed of seeds) {
  const out = join(tmpdir(), `csp-oracle-${process.pid}-${seed}.json`);
  const run = spawnSync('npx', ['playwright', 'test', '-c', 'playwright.config.ts', 'test/browser/csp-oracle.pw.ts', '--reporter=line'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CSP_ORACLE_PAGES: String(pages), CSP_ORACLE_SEED: String(seed), CSP_ORACLE_OUT: out },
  });
  if (run.status !== 0) failed = true;
  try {
    const { figures, undocumented } = JSON.parse(readFileSync(out, 'utf8'));
    console.log(JSON.stringify(figures));
    for (const d of undocumented.slice(0, 20)) console.log(`  page ${d.page} ${d.case.how} ${JSON.stringify(d.request)}: ${d.reason}`);
  } catch {
    console.log(`seed ${seed}: no figures written`);
  }
}
process.exit(failed ? 1 : 0);
