import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { diffCsp, type CspChange } from '../csp/diff';
import type { AcceptedState, ScanSummary } from '../report/summary';
import { CliError } from './errors';

/**
 * The baseline: the findings and violations a team has accepted, per page.
 * With it, only what is new fails. It is written in a stable order (sorted
 * keys and arrays, 2-space JSON, a trailing newline) so it diffs well in git.
 */

export const BASELINE_VERSION = 1;

/** One page of the baseline: accepted finding and violation keys, and the enforced CSP it had (header values as received). */
export interface BaselinePage {
  findings: string[];
  violations: string[];
  /** The page's Content-Security-Policy header values when recorded; a page without one records []. Absent in older files. */
  csp?: string[];
}

export interface BaselineFile extends AcceptedState {
  version: typeof BASELINE_VERSION;
  tool: 'expect-secure-headers';
  pages: Record<string, BaselinePage>;
}

/** A page whose CSP allows more than the baseline recorded, and what it allows now. */
export interface CspRegression {
  key: string;
  url: string;
  recorded: string[];
  now: string[];
  changes: CspChange[];
}

/** The accepted state of everything the scan found: every finding (any severity) and every violation. */
export function baselineFromSummary(summary: ScanSummary): BaselineFile {
  const pages: BaselineFile['pages'] = {};
  for (const page of summary.pages) {
    if (page.page.error || !page.page.headers) continue;
    const entry = (pages[page.key] ??= { findings: [], violations: [] });
    entry.findings.push(...page.findings.map((e) => e.key));
    entry.violations.push(...page.violations.map((e) => e.key));
    const csp = enforcedCsp(page.page.responseHeaders);
    if (csp) entry.csp = [...new Set([...(entry.csp ?? []), ...csp])];
  }
  return { version: BASELINE_VERSION, tool: 'expect-secure-headers', pages: normalizePages(pages) };
}

/** The enforced CSP header values of a page's response, or undefined when the headers were not kept. */
function enforcedCsp(fields: ReadonlyArray<readonly [string, string]> | undefined): string[] | undefined {
  if (!fields) return undefined;
  return fields.filter(([name]) => name.toLowerCase() === 'content-security-policy').map(([, value]) => value);
}

/** Sorted page keys, sorted unique entries (CSP values keep their order: it is the response's). */
function normalizePages(pages: BaselineFile['pages']): BaselineFile['pages'] {
  const sorted: BaselineFile['pages'] = {};
  for (const key of Object.keys(pages).sort()) {
    const entry = pages[key]!;
    sorted[key] = { findings: [...new Set(entry.findings)].sort(), violations: [...new Set(entry.violations)].sort() };
    if (entry.csp) sorted[key].csp = [...entry.csp];
  }
  return sorted;
}

/**
 * Pages whose enforced CSP now allows something the recorded one did not
 * (diffCsp, every nonce read as the per-response one): this fails a scan
 * even when no finding id changed, since a new host in script-src is no new
 * finding. Pages the baseline recorded no CSP for, and pages not loaded, are
 * not judged.
 */
export function cspRegressions(summary: ScanSummary, baseline: BaselineFile): CspRegression[] {
  const regressions: CspRegression[] = [];
  // Most pages of a site send one policy, and diffCsp depends only on the two policies and the origin (what 'self'
  // means): one diff per distinct triple, not per page (a 1,000-page site diffed the same pair a thousand times).
  const diffs = new Map<string, CspRegression['changes']>();
  for (const page of summary.pages) {
    const recorded = baseline.pages[page.key]?.csp;
    const now = enforcedCsp(page.page.responseHeaders);
    if (!recorded || !now || page.page.error || !page.page.headers) continue;
    const url = page.page.finalUrl ?? page.page.url;
    const origin = URL.canParse(url) && new URL(url).origin !== 'null' ? new URL(url).origin : url;
    const key = JSON.stringify([recorded, now, origin]);
    let changes = diffs.get(key);
    if (!changes) {
      changes = recorded.length === 0 ? [] : diffCsp(recorded.join(', '), now.length === 0 ? '' : now.join(', '), { anyNonce: true, origin: url }).loosened;
      diffs.set(key, changes);
    }
    if (changes.length > 0) regressions.push({ key: page.key, url, recorded, now, changes });
  }
  return regressions;
}

export function formatCspRegressions(regressions: readonly CspRegression[]): string {
  return regressions
    .map((r) =>
      [
        `expect-secure-headers: the CSP of ${r.key} is weaker than the baseline records (${r.changes.length} change${r.changes.length === 1 ? '' : 's'}):`,
        ...r.changes.map((c) => `  ✕ ${c.text}`),
        `  recorded: ${r.recorded.join(', ') || '(none)'}`,
        `  now:      ${r.now.join(', ') || '(no Content-Security-Policy header)'}`,
        '',
      ].join('\n'),
    )
    .join('');
}

export function serializeBaseline(baseline: BaselineFile): string {
  const ordered = { version: baseline.version, tool: baseline.tool, pages: normalizePages(baseline.pages) };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export function writeBaseline(file: string, baseline: BaselineFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, serializeBaseline(baseline));
}

/** Reads and checks a baseline file; a missing file is an error unless `allowMissing` (for --update-baseline). */
export function readBaseline(file: string, allowMissing = false): BaselineFile | undefined {
  if (!existsSync(file)) {
    if (allowMissing) return undefined;
    throw new CliError(
      `the baseline file ${file} does not exist. Create it with \`scan <url> --baseline ${file} --update-baseline\`, or leave out --baseline.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`the baseline file ${file} is not valid JSON (${(error as Error).message}). Recreate it with --update-baseline.`);
  }
  return parseBaseline(parsed, file);
}

export function parseBaseline(value: unknown, file = 'baseline'): BaselineFile {
  const bad = (what: string) =>
    new CliError(`the baseline file ${file} is not a baseline: ${what}. Expected {"version": 1, "tool": "expect-secure-headers", "pages": {"/path": {"findings": [...], "violations": [...], "csp": [...]}}}; recreate it with --update-baseline.`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('it is not a JSON object');
  const record = value as Record<string, unknown>;
  if (record.version !== BASELINE_VERSION) throw bad(`"version" is ${JSON.stringify(record.version)}, this version reads ${BASELINE_VERSION}`);
  const pages = record.pages;
  if (typeof pages !== 'object' || pages === null || Array.isArray(pages)) throw bad('"pages" is missing or not an object');
  const result: BaselineFile['pages'] = {};
  for (const [key, entry] of Object.entries(pages as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) throw bad(`pages[${JSON.stringify(key)}] is not an object`);
    const { findings = [], violations = [], csp } = entry as Record<string, unknown>;
    const strings = (list: unknown, name: string): string[] => {
      if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) throw bad(`pages[${JSON.stringify(key)}].${name} is not an array of strings`);
      return list as string[];
    };
    result[key] = { findings: strings(findings, 'findings'), violations: strings(violations, 'violations') };
    if (csp !== undefined) result[key].csp = strings(csp, 'csp');
  }
  return { version: BASELINE_VERSION, tool: 'expect-secure-headers', pages: result };
}
