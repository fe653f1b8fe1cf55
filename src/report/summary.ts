import type { CspViolation } from '../browser/types';
import type { PageReport, SiteReport } from '../crawl/types';
import type { PresetName } from '../presets';
import { compareGrades, type Grade } from '../score';
import { SEVERITY_RANK, type Finding, type Severity } from '../types';
import { findingKey, pageKey, violationKey } from './keys';

/**
 * What every format shows: a SiteReport judged against a threshold and,
 * optionally, a baseline of accepted findings. Formatters only read this;
 * the decisions (what fails, what is new, what was fixed) are made here once.
 */

/** `none`: report only, never fail. */
export type FailOn = Severity | 'none';

/** What pages were judged with; the parts of a sharded run must agree on it. */
export interface JudgedWith {
  preset: PresetName;
  failOn?: FailOn;
  ignore: string[];
}

/** The accepted state, as the baseline file holds it: per page key, finding keys and violation keys. */
export interface AcceptedState {
  pages: Record<string, { findings: string[]; violations: string[] }>;
}

/** `new`: not in the baseline (or no baseline given). `accepted`: the baseline lists it. */
export type EntryStatus = 'new' | 'accepted';

export interface FindingEntry {
  finding: Finding;
  key: string;
  status: EntryStatus;
  /** At or above the threshold and not accepted: this makes the scan fail. */
  fails: boolean;
}

export interface ViolationEntry {
  violation: CspViolation;
  key: string;
  status: EntryStatus;
  /** Enforced (the browser blocked something) and not accepted. */
  fails: boolean;
}

export interface PageSummary {
  page: PageReport;
  /** The URL path and query: what the baseline is keyed by. */
  key: string;
  /** MDN HTTP Observatory score and grade, when the report carries them. */
  score?: number;
  grade?: Grade;
  findings: FindingEntry[];
  violations: ViolationEntry[];
  /** Baseline entries for this page that are gone now. */
  fixed: { findings: string[]; violations: string[] };
  fails: boolean;
}

export interface ScanSummary {
  tool: { name: string; version: string };
  site: SiteReport;
  preset: PresetName;
  failOn: FailOn;
  /** The baseline file compared against, when one was. */
  baseline?: string;
  pages: PageSummary[];
  totals: {
    pages: number;
    pagesWithErrors: number;
    findings: number;
    failingFindings: number;
    violations: number;
    enforcedViolations: number;
    failingViolations: number;
    accepted: number;
    fixed: number;
  };
  pass: boolean;
}

export interface SummaryOptions {
  preset: PresetName;
  failOn: FailOn;
  toolVersion: string;
  baseline?: { file: string; accepted: AcceptedState };
  /** A page's own threshold (a per-path override), by its URL; undefined keeps `failOn`. */
  failOnFor?: (url: string) => FailOn | undefined;
}

/** A grade below the minimum asked for fails whatever the severity threshold (as in the audit). */
const ALWAYS_FAILS = 'grade/below-minimum';

export const TOOL_NAME = 'expect-secure-headers';

export function summarize(site: SiteReport, options: SummaryOptions): ScanSummary {
  const accepted = options.baseline?.accepted.pages ?? {};

  const pages = site.pages.map((page): PageSummary => {
    const pageFailOn = options.failOnFor?.(page.finalUrl ?? page.url) ?? options.failOn;
    const threshold = pageFailOn === 'none' ? Infinity : SEVERITY_RANK[pageFailOn];
    const reportOnly = pageFailOn === 'none';
    const key = pageKey(page.finalUrl ?? page.url);
    const known = accepted[key] ?? { findings: [], violations: [] };
    const knownFindings = new Set(known.findings);
    const knownViolations = new Set(known.violations);

    const findings = (page.headers?.findings ?? []).map((finding): FindingEntry => {
      const k = findingKey(finding);
      const status: EntryStatus = knownFindings.has(k) ? 'accepted' : 'new';
      return { finding, key: k, status, fails: status === 'new' && (SEVERITY_RANK[finding.severity] >= threshold || (!reportOnly && finding.id === ALWAYS_FAILS)) };
    });
    const violations = page.violations.map((violation): ViolationEntry => {
      const k = violationKey(violation, page.finalUrl ?? page.url);
      const status: EntryStatus = knownViolations.has(k) ? 'accepted' : 'new';
      return { violation, key: k, status, fails: !reportOnly && status === 'new' && violation.disposition === 'enforce' };
    });

    // A page that errored was not checked: what the baseline had for it is not "fixed".
    const presentFindings = new Set(findings.map((e) => e.key));
    const presentViolations = new Set(violations.map((e) => e.key));
    const checked = page.headers !== undefined && !page.error;
    const fixed = checked
      ? {
          findings: known.findings.filter((k) => !presentFindings.has(k)).sort(),
          violations: site.mode === 'browser' ? known.violations.filter((k) => !presentViolations.has(k)).sort() : [],
        }
      : { findings: [], violations: [] };

    const scored = page.headers;
    const summary: PageSummary = {
      page,
      key,
      findings,
      violations,
      fixed,
      // A page that could not be judged is never a pass, whatever the threshold (--fail-on none included).
      fails: page.error !== undefined || findings.some((e) => e.fails) || violations.some((e) => e.fails),
    };
    if (typeof scored?.score === 'number') summary.score = scored.score;
    if (typeof scored?.grade === 'string') summary.grade = scored.grade;
    return summary;
  });

  const all = <T>(pick: (p: PageSummary) => T[]): T[] => pages.flatMap(pick);
  const findings = all((p) => p.findings);
  const violations = all((p) => p.violations);
  const result: ScanSummary = {
    tool: { name: TOOL_NAME, version: options.toolVersion },
    site,
    preset: options.preset,
    failOn: options.failOn,
    pages,
    totals: {
      pages: pages.length,
      pagesWithErrors: pages.filter((p) => p.page.error).length,
      findings: findings.length,
      failingFindings: findings.filter((e) => e.fails).length,
      violations: violations.length,
      enforcedViolations: violations.filter((e) => e.violation.disposition === 'enforce').length,
      failingViolations: violations.filter((e) => e.fails).length,
      accepted: findings.filter((e) => e.status === 'accepted').length + violations.filter((e) => e.status === 'accepted').length,
      fixed: pages.reduce((n, p) => n + p.fixed.findings.length + p.fixed.violations.length, 0),
    },
    pass: pages.every((p) => !p.fails),
  };
  if (options.baseline) result.baseline = options.baseline.file;
  return result;
}

/** The site's headline grade: the worst page's, since one weak page is enough for an attacker. */
export function headlineGrade(summary: ScanSummary): Grade | undefined {
  let worst: Grade | undefined;
  for (const page of summary.pages) {
    if (page.grade && (worst === undefined || compareGrades(page.grade, worst) < 0)) worst = page.grade;
  }
  return worst;
}

/** Where a finding came from, as one line: `content-security-policy (script-src)`. */
export function findingWhere(finding: Finding): string {
  return finding.directive ? `${finding.header} (${finding.directive})` : finding.header;
}

/** The rule a finding id belongs to: `hsts` for `hsts/missing`. */
export function ruleOf(id: string): string {
  const slash = id.indexOf('/');
  return slash === -1 ? id : id.slice(0, slash);
}
