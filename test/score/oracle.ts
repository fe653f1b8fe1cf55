/**
 * Runs the MDN HTTP Observatory's own analyzer (the devDependency
 * @mdn/mdn-http-observatory, ESM) in a child node process on captured header
 * sets: see observatory-runner.mjs. Test-only.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export interface OracleCase {
  fields: Array<[string, string]>;
  https: boolean;
  host: string;
  html?: string;
  corsOrigin?: string;
  redirects?: Array<{ url: string; status: number }>;
}

export interface OracleResult {
  score: number;
  grade: string;
  tests: Record<string, { result: string; pass: boolean; modifier: number }>;
}

export function runOracle(cases: OracleCase[]): OracleResult[] {
  const run = spawnSync(process.execPath, [path.join(__dirname, 'observatory-runner.mjs')], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`the Observatory oracle failed (exit ${run.status}):\n${run.stderr}`);
  const results = JSON.parse(run.stdout) as OracleResult[];
  if (results.length !== cases.length) throw new Error(`the oracle returned ${results.length} results for ${cases.length} cases`);
  return results;
}
