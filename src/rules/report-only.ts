import { parseDictionary, parseItem, Token } from 'structured-headers';
import type { Finding, HeaderSet } from '../types';
import { COEP_VALUES, COOP_VALUES } from './cross-origin';
import type { Rule } from './types';
import { finding } from './util';

/**
 * The report-only twins of Permissions-Policy, Cross-Origin-Opener-Policy and
 * Cross-Origin-Embedder-Policy (HTML §7.1.3.4, §7.1.4; Permissions Policy
 * §5.3): same syntax as the enforced header, but the browser only reports
 * what the policy would have blocked. They are parsed here and reported as
 * report-only; the enforced rules read only the enforced header names, so a
 * `Cross-Origin-Opener-Policy-Report-Only: same-origin` never passes for COOP.
 * (CSP's own report-only header is the CSP rule's; Integrity-Policy's, the
 * integrity-policy rule's.)
 */
export const REPORT_ONLY_FINDING_IDS = ['report-only/invalid', 'report-only/not-enforced'] as const;

interface Twin {
  header: string;
  label: string;
  enforced: string;
  /** Why the value would be ignored, or undefined when it parses. */
  problem(value: string): string | undefined;
}

function tokenProblem(value: string, allowed: readonly string[]): string | undefined {
  try {
    const [bare] = parseItem(value);
    if (bare instanceof Token && allowed.includes(bare.toString())) return undefined;
  } catch {
    // not a Structured Fields item
  }
  return `is not one of ${allowed.join(', ')} (a token, with an optional report-to parameter)`;
}

const TWINS: readonly Twin[] = [
  {
    header: 'permissions-policy-report-only',
    label: 'Permissions-Policy-Report-Only',
    enforced: 'permissions-policy',
    problem(value) {
      try {
        parseDictionary(value);
        return undefined;
      } catch (error) {
        return `does not parse as a Structured Fields dictionary (${error instanceof Error ? error.message : String(error)})`;
      }
    },
  },
  { header: 'cross-origin-opener-policy-report-only', label: 'Cross-Origin-Opener-Policy-Report-Only', enforced: 'cross-origin-opener-policy', problem: (v) => tokenProblem(v, COOP_VALUES) },
  { header: 'cross-origin-embedder-policy-report-only', label: 'Cross-Origin-Embedder-Policy-Report-Only', enforced: 'cross-origin-embedder-policy', problem: (v) => tokenProblem(v, COEP_VALUES) },
];

/** The report-only headers a response sends, each with its enforced twin: for reports and descriptions. */
export function reportOnlyHeaders(headers: HeaderSet): Array<{ header: string; enforced: string; value: string }> {
  return TWINS.flatMap((t) => {
    const value = headers.get(t.header);
    return value === undefined ? [] : [{ header: t.header, enforced: t.enforced, value }];
  });
}

export function checkReportOnly(headers: HeaderSet): Finding[] {
  const findings: Finding[] = [];
  for (const twin of TWINS) {
    const value = headers.get(twin.header);
    if (value === undefined) continue;
    const enforcedLabel = twin.label.replace(/-Report-Only$/, '');
    const problem = twin.problem(value);
    if (problem !== undefined) {
      findings.push(
        finding({ id: 'report-only/invalid', severity: 'low', header: twin.header, received: value, expected: `the syntax of ${enforcedLabel}`, fix: `Write ${twin.label} as you would ${enforcedLabel}`, message: `${twin.label} ${problem}; browsers ignore it and report nothing` }),
      );
    } else if (!headers.has(twin.enforced)) {
      findings.push(
        finding({
          id: 'report-only/not-enforced',
          severity: 'info',
          header: twin.header,
          received: value,
          expected: `${enforcedLabel} as well, once the reports are clean`,
          fix: `${enforcedLabel}: ${value}`,
          message: `${twin.label} only reports: nothing is enforced until ${enforcedLabel} is sent`,
        }),
      );
    }
  }
  return findings;
}

export const reportOnlyRule: Rule = {
  name: 'report-only',
  header: TWINS.map((t) => t.header).join(', '),
  summary: 'report-only Permissions-Policy, COOP and COEP parse (they report, they never count as enforced)',
  check: checkReportOnly,
};
