import type { CspViolation } from '../browser/types';
import type { PageErrorKind, SubresourceIssue } from '../crawl/types';
import { parseSetCookie } from '../rules/cookies';
import type { ObservatoryResult, ObservatoryTest } from '../score';
import type { Finding, PassedCheck, SkippedCheck, Severity } from '../types';
import type { EntryStatus, FailOn, ScanSummary } from './summary';

/**
 * The machine-readable report. Its shape is documented in docs/report-json.md;
 * `version` changes only when a field is removed or changes meaning (new
 * fields may appear at any time). Optional values are `null`, never missing,
 * so a consumer can rely on every key.
 */

export const JSON_REPORT_VERSION = 1;

export interface JsonFinding extends Omit<Finding, 'directive' | 'received'> {
  directive: string | null;
  received: string | null;
  /** The baseline key: the id, plus the directive when there is one. */
  key: string;
  status: EntryStatus;
  fails: boolean;
}

export interface JsonViolation extends Omit<CspViolation, 'source' | 'sample' | 'policy' | 'explanation'> {
  source: CspViolation['source'] | null;
  sample: string | null;
  policy: string | null;
  explanation: string | null;
  key: string;
  status: EntryStatus;
  fails: boolean;
}

/** A response header field as received; a Set-Cookie value is redacted (`sid=…; Path=/`). */
export interface JsonHeaderField {
  name: string;
  value: string;
}

/** One MDN HTTP Observatory test behind the page's score. */
export interface JsonObservatoryTest {
  name: ObservatoryTest['name'];
  result: ObservatoryTest['result'];
  modifier: number;
  pass: boolean;
  assumed: boolean;
  notTested: boolean;
  description: string;
}

export interface JsonObservatory {
  score: number;
  grade: string;
  tests: JsonObservatoryTest[];
}

export interface JsonPage {
  url: string;
  finalUrl: string | null;
  key: string;
  status: number | null;
  depth: number;
  foundOn: string | null;
  /** 'not-found': the crawler's not-found probe, not a page of the site. */
  probe: 'not-found' | null;
  grade: string | null;
  score: number | null;
  fails: boolean;
  error: { kind: PageErrorKind; message: string } | null;
  durationMs: number;
  https: boolean | null;
  findings: JsonFinding[];
  violations: JsonViolation[];
  passed: PassedCheck[];
  skipped: SkippedCheck[];
  ignored: Finding[];
  subresources: SubresourceIssue[];
  /** Requests to other origins the browser crawl blocked (never sent), in the order they were made. */
  blocked: string[];
  fixed: { findings: string[]; violations: string[] };
  responseHeaders: JsonHeaderField[] | null;
  observatory: JsonObservatory | null;
}

export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  tool: { name: string; version: string };
  mode: 'browser' | 'headers-only';
  preset: string;
  failOn: FailOn;
  baseline: string | null;
  pass: boolean;
  startedAt: string;
  durationMs: number;
  start: string[];
  origins: string[];
  stoppedBy: 'maxPages' | 'maxDepth' | null;
  notVisited: string[];
  totals: ScanSummary['totals'];
  pages: JsonPage[];
}

export function toJsonReport(summary: ScanSummary): JsonReport {
  const { site } = summary;
  return {
    version: JSON_REPORT_VERSION,
    tool: summary.tool,
    mode: site.mode,
    preset: summary.preset,
    failOn: summary.failOn,
    baseline: summary.baseline ?? null,
    pass: summary.pass,
    startedAt: site.startedAt,
    durationMs: site.durationMs,
    start: site.start,
    origins: site.origins,
    stoppedBy: site.stoppedBy ?? null,
    notVisited: site.notVisited,
    totals: summary.totals,
    pages: summary.pages.map((p) => ({
      url: p.page.url,
      finalUrl: p.page.finalUrl ?? null,
      key: p.key,
      status: p.page.status ?? null,
      depth: p.page.depth,
      foundOn: p.page.foundOn ?? null,
      probe: p.page.probe ?? null,
      grade: p.grade ?? null,
      score: p.score ?? null,
      fails: p.fails,
      error: p.page.error ? { kind: p.page.error.kind, message: p.page.error.message } : null,
      durationMs: p.page.durationMs,
      https: p.page.headers?.https ?? null,
      findings: p.findings.map(({ finding, key, status, fails }) => ({
        id: finding.id,
        severity: finding.severity as Severity,
        header: finding.header,
        directive: finding.directive ?? null,
        received: finding.received ?? null,
        expected: finding.expected,
        fix: finding.fix,
        message: finding.message,
        key,
        status,
        fails,
      })),
      violations: p.violations.map(({ violation, key, status, fails }) => ({
        ...violation,
        source: violation.source ?? null,
        sample: violation.sample ?? null,
        policy: violation.policy ?? null,
        explanation: violation.explanation ?? null,
        key,
        status,
        fails,
      })),
      passed: p.page.headers?.passed ?? [],
      skipped: p.page.headers?.skipped ?? [],
      ignored: p.page.headers?.ignored ?? [],
      subresources: p.page.subresources,
      blocked: p.page.blocked ?? [],
      fixed: p.fixed,
      responseHeaders: p.page.responseHeaders ? redactedFields(p.page.responseHeaders) : null,
      observatory: p.page.headers ? observatoryOf(p.page.headers.observatory) : null,
    })),
  };
}

/** The fields as received, in order; cookie values are secrets and are never written to a report. */
export function redactedFields(fields: ReadonlyArray<readonly [string, string]>): JsonHeaderField[] {
  return fields.map(([name, value]) => ({ name: name.toLowerCase(), value: name.toLowerCase() === 'set-cookie' ? parseSetCookie(value).redacted : value }));
}

function observatoryOf(result: ObservatoryResult): JsonObservatory {
  return {
    score: result.score,
    grade: result.grade,
    tests: result.tests.map((t) => ({
      name: t.name,
      result: t.result,
      modifier: t.modifier,
      pass: t.pass,
      assumed: t.assumed === true,
      notTested: t.notTested === true,
      description: t.description,
    })),
  };
}

/** 2-space JSON with a trailing newline. */
export function formatJson(summary: ScanSummary): string {
  return `${JSON.stringify(toJsonReport(summary), null, 2)}\n`;
}
