/**
 * Runs the MDN HTTP Observatory's own analyzer (the devDependency
 * @mdn/mdn-http-observatory, ESM) in a child node process on captured header
 * sets: see observatory-runner.mjs. Test-only.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export interface OracleCase {
  fields: Array<[string, string]>;
  https: boolean;
  host: string;
  html?: string;
  redirects?: Array<{ url: string; status: number }>;
}

/** A page the oracle fetches itself from 127.0.0.1 with axios (html: true also takes the body). */
export interface OracleFetchCase {
  fetch: string;
  fields: [];
  https: boolean;
  host: string;
  html?: true;
  /** Also send the scanner's CORS probe (OPTIONS, through its own Session) to the fetched URL and judge that answer, as scan() does. */
  probe?: true;
  /** Fetch through the scanner's own Session: redirects followed, every hop's cookies in its jar, that jar judged. */
  session?: true;
}

export interface OracleResult {
  score: number;
  grade: string;
  tests: Record<string, { result: string; pass: boolean; modifier: number }>;
}

export function runOracle(cases: Array<OracleCase | OracleFetchCase>): OracleResult[] {
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

/** The same, without blocking: needed when the oracle fetches from a server running in this process. */
export function runOracleAsync(cases: Array<OracleCase | OracleFetchCase>): Promise<OracleResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'observatory-runner.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the Observatory oracle failed (exit ${code}):\n${err}`));
      else resolve(JSON.parse(out) as OracleResult[]);
    });
    child.stdin.end(JSON.stringify(cases));
  });
}
