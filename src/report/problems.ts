import { describeBlocked } from '../browser/format';
import type { CspViolation } from '../browser/types';
import { SEVERITY_RANK, type Finding, type Severity } from '../types';
import { directiveHelpUri, findingHelpUri } from './help';
import type { PageSummary, ScanSummary } from './summary';

/**
 * The scan by problem: each finding (by its baseline key) and each CSP
 * violation (by its key) once, with the pages it is on. What a long crawl
 * shows first, in the text and HTML reports: one problem on 400 pages is
 * one entry, not 400.
 */

export interface ProblemGroup {
  kind: 'finding' | 'violation';
  /** Baseline key: `csp/missing`, `enforce script-src-elem /app.js`. */
  key: string;
  /** Finding id, or `csp-violation/enforced` / `csp-violation/report-only`. */
  id: string;
  severity: Severity;
  header: string;
  directive?: string;
  message: string;
  fix: string;
  expected?: string;
  helpUri: string;
  /** Received values seen, distinct, the most common first (at most MAX_RECEIVED). */
  received: string[];
  pages: PageSummary[];
  /** Pages where it fails (not accepted, at or above the threshold). */
  failingPages: number;
  accepted: number;
}

const MAX_RECEIVED = 3;

export function groupProblems(summary: ScanSummary): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup & { counts: Map<string, number> }>();
  const add = (
    groupKey: string,
    page: PageSummary,
    fails: boolean,
    accepted: boolean,
    received: string | undefined,
    make: () => Omit<ProblemGroup, 'received' | 'pages' | 'failingPages' | 'accepted'>,
  ) => {
    let group = groups.get(groupKey);
    if (!group) groups.set(groupKey, (group = { ...make(), received: [], pages: [], failingPages: 0, accepted: 0, counts: new Map() }));
    if (group.pages.at(-1) !== page) group.pages.push(page);
    if (fails) group.failingPages++;
    if (accepted) group.accepted++;
    if (received !== undefined) group.counts.set(received, (group.counts.get(received) ?? 0) + 1);
  };
  for (const page of summary.pages) {
    for (const { finding, key, fails, status } of page.findings) {
      add(`f ${key}`, page, fails, status === 'accepted', finding.received, () => findingGroup(finding, key));
    }
    for (const { violation, key, fails, status } of page.violations) {
      add(`v ${key}`, page, fails, status === 'accepted', undefined, () => violationGroup(violation, key));
    }
  }
  return [...groups.values()]
    .map(({ counts, ...group }) => ({
      ...group,
      received: [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, MAX_RECEIVED)
        .map(([value]) => value),
    }))
    .sort(
      (a, b) =>
        Number(b.failingPages > 0) - Number(a.failingPages > 0) ||
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        b.pages.length - a.pages.length ||
        a.key.localeCompare(b.key),
    );
}

function findingGroup(f: Finding, key: string): Omit<ProblemGroup, 'received' | 'pages' | 'failingPages' | 'accepted'> {
  return {
    kind: 'finding',
    key,
    id: f.id,
    severity: f.severity,
    header: f.header,
    ...(f.directive ? { directive: f.directive } : {}),
    message: f.message,
    fix: f.fix,
    expected: f.expected,
    helpUri: findingHelpUri(f),
  };
}

function violationGroup(v: CspViolation, key: string): Omit<ProblemGroup, 'received' | 'pages' | 'failingPages' | 'accepted'> {
  const enforced = v.disposition === 'enforce';
  return {
    kind: 'violation',
    key,
    id: enforced ? 'csp-violation/enforced' : 'csp-violation/report-only',
    severity: enforced ? 'high' : 'medium',
    header: enforced ? 'content-security-policy' : 'content-security-policy-report-only',
    directive: v.directive,
    message: `${enforced ? 'blocked' : 'reported (report-only)'}: ${describeBlocked(v)}`,
    fix: 'Allow it in the policy (a host, a nonce or a hash), or remove it from the page.',
    helpUri: directiveHelpUri(v.directive),
  };
}

/** "/a, /b, /c and 12 more". */
export function listPageKeys(pages: readonly PageSummary[], shown = 5): string {
  const names = pages.slice(0, shown).map((p) => p.key);
  return pages.length > shown ? `${names.join(', ')} and ${pages.length - shown} more` : names.join(', ');
}
