import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AcceptedState, ScanSummary } from '../report/summary';
import { CliError } from './errors';

/**
 * The baseline: the findings and violations a team has accepted, per page.
 * With it, only what is new fails. It is written in a stable order (sorted
 * keys and arrays, 2-space JSON, a trailing newline) so it diffs well in git.
 */

export const BASELINE_VERSION = 1;

export interface BaselineFile extends AcceptedState {
  version: typeof BASELINE_VERSION;
  tool: 'expect-secure-headers';
}

/** The accepted state of everything the scan found: every finding (any severity) and every violation. */
export function baselineFromSummary(summary: ScanSummary): BaselineFile {
  const pages: AcceptedState['pages'] = {};
  for (const page of summary.pages) {
    if (page.page.error || !page.page.headers) continue;
    const entry = (pages[page.key] ??= { findings: [], violations: [] });
    entry.findings.push(...page.findings.map((e) => e.key));
    entry.violations.push(...page.violations.map((e) => e.key));
  }
  return { version: BASELINE_VERSION, tool: 'expect-secure-headers', pages: normalizePages(pages) };
}

/** Sorted page keys, sorted unique entries. */
function normalizePages(pages: AcceptedState['pages']): AcceptedState['pages'] {
  const sorted: AcceptedState['pages'] = {};
  for (const key of Object.keys(pages).sort()) {
    const entry = pages[key]!;
    sorted[key] = { findings: [...new Set(entry.findings)].sort(), violations: [...new Set(entry.violations)].sort() };
  }
  return sorted;
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
    new CliError(`the baseline file ${file} is not a baseline: ${what}. Expected {"version": 1, "tool": "expect-secure-headers", "pages": {"/path": {"findings": [...], "violations": [...]}}}; recreate it with --update-baseline.`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('it is not a JSON object');
  const record = value as Record<string, unknown>;
  if (record.version !== BASELINE_VERSION) throw bad(`"version" is ${JSON.stringify(record.version)}, this version reads ${BASELINE_VERSION}`);
  const pages = record.pages;
  if (typeof pages !== 'object' || pages === null || Array.isArray(pages)) throw bad('"pages" is missing or not an object');
  const result: AcceptedState['pages'] = {};
  for (const [key, entry] of Object.entries(pages as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) throw bad(`pages[${JSON.stringify(key)}] is not an object`);
    const { findings = [], violations = [] } = entry as Record<string, unknown>;
    const strings = (list: unknown, name: string): string[] => {
      if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) throw bad(`pages[${JSON.stringify(key)}].${name} is not an array of strings`);
      return list as string[];
    };
    result[key] = { findings: strings(findings, 'findings'), violations: strings(violations, 'violations') };
  }
  return { version: BASELINE_VERSION, tool: 'expect-secure-headers', pages: result };
}
