import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/**
 * The checks GitHub's upload action (github/codeql-action, upload-lib.ts and
 * fingerprints.ts, read at f3f1edb) makes on a SARIF file that is not
 * CodeQL's, re-stated here in our own words and code (none of its code is
 * copied):
 *
 * - the log must be valid against the SARIF 2.1.0 schema (done with ajv in
 *   the test itself);
 * - a run's category is its automationDetails.id when the file has one, and
 *   one upload may not hold two runs of the same category and tool;
 * - fingerprints: for each result, the first location's artifactLocation.uri
 *   is URI-decoded, a `file://` prefix dropped; a uri with another scheme
 *   (`://`), an absolute path outside the checkout, a missing file or a
 *   directory is skipped (no fingerprint, and GitHub cannot place it); a
 *   location without region.startLine is skipped; otherwise the line's hash
 *   is computed and stored as primaryLocationLineHash, unless the result
 *   already has one (then the action keeps it, and logs a warning when its
 *   own hash differs).
 */

export interface UploadCheck {
  /** Why a result could not be placed or fingerprinted, by result index. */
  problems: string[];
  /** Results whose fingerprint the action would compute itself (none given). */
  computed: number;
  /** Results whose own primaryLocationLineHash the action keeps. */
  kept: number;
}

interface Log {
  runs: Array<{
    tool: { driver: { name: string } };
    automationDetails?: { id?: string };
    results: Array<{
      locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }>;
      partialFingerprints?: Record<string, string>;
    }>;
  }>;
}

export function checkForGithubUpload(log: Log, checkout: string): UploadCheck {
  const problems: string[] = [];
  let computed = 0;
  let kept = 0;
  const categories = new Set<string>();
  for (const run of log.runs) {
    const id = run.automationDetails?.id;
    if (!id) problems.push('a run without automationDetails.id: the category comes from the workflow, not the file');
    const category = `${id}_${run.tool.driver.name}`;
    if (categories.has(category)) problems.push(`two runs of category ${category}`);
    categories.add(category);
    run.results.forEach((result, i) => {
      const location = result.locations?.[0]?.physicalLocation;
      const raw = location?.artifactLocation?.uri;
      if (typeof raw !== 'string') return void problems.push(`result ${i}: no artifactLocation.uri`);
      if (location?.region?.startLine === undefined) return void problems.push(`result ${i}: no region.startLine`);
      let uri = decodeURIComponent(raw);
      if (uri.startsWith('file://')) uri = uri.slice('file://'.length);
      if (uri.includes('://')) return void problems.push(`result ${i}: ${raw} has a scheme other than file:`);
      if (uri.startsWith('/') && !uri.startsWith(`${checkout}/`)) return void problems.push(`result ${i}: ${raw} is outside the checkout`);
      const path = isAbsolute(uri) ? uri : join(checkout, uri);
      if (!existsSync(path)) return void problems.push(`result ${i}: ${raw} is not in the checkout`);
      if (statSync(path).isDirectory()) return void problems.push(`result ${i}: ${raw} is a directory`);
      const lines = readFileSync(path, 'utf8').split(/\r\n|\r|\n/).length;
      if (location.region.startLine > lines) problems.push(`result ${i}: line ${location.region.startLine} is past the end of ${raw} (${lines} lines)`);
      if (result.partialFingerprints?.primaryLocationLineHash) kept++;
      else computed++;
    });
  }
  return { problems, computed, kept };
}

const BLOCK = 100;
const MASK = (1n << 64n) - 1n;

/**
 * The line hashes the action computes for a file, by line (1-based): a
 * rolling hash, base 37 modulo 2^64, over the 100 characters from the start
 * of each line, spaces and tabs left out and line ends read as \n, the file
 * padded at its end; a hash seen before on another line gets its count
 * (`hash:2`). Our own implementation, from the description above.
 */
export function githubLineHashes(text: string): Map<number, string> {
  // The characters that count, each with the line it starts (when it does).
  const chars: number[] = [];
  const starts: number[] = [];
  let line = 0;
  let atLineStart = true;
  let afterCr = false;
  const push = (code: number) => {
    if (code === 32 || code === 9 || (afterCr && code === 10)) {
      afterCr = false;
      return;
    }
    afterCr = code === 13;
    if (code === 13) code = 10;
    starts.push(atLineStart ? ++line : -1);
    atLineStart = code === 10;
    chars.push(code);
  };
  for (let i = 0; i < text.length; i++) push(text.charCodeAt(i));
  push(65535);
  const hashes = new Map<number, string>();
  const counts = new Map<string, number>();
  const padded = [...chars, ...new Array<number>(BLOCK).fill(0)];
  for (let i = 0; i < chars.length; i++) {
    if (starts[i] === -1) continue;
    let h = 0n;
    for (let j = 0; j < BLOCK; j++) h = (h * 37n + BigInt(padded[i + j]!)) & MASK;
    const hex = h.toString(16);
    const n = (counts.get(hex) ?? 0) + 1;
    counts.set(hex, n);
    hashes.set(starts[i]!, `${hex}:${n}`);
  }
  return hashes;
}
