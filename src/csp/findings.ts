/**
 * Findings of the CSP evaluator: what kind of weakness, how bad, where.
 *
 * The type and severity names are those of Google's csp-evaluator (its `Type`
 * and `Severity` enums, in kebab case) so results can be compared with it;
 * the checks that csp-evaluator does not have get names of their own.
 * Descriptions are ours: each one says what is wrong and how to fix it.
 */
import type { Disposition } from './types';

/** csp-evaluator's finding types (kebab case of its `Type` enum). */
export type CspEvaluatorFindingType =
  | 'script-unsafe-inline'
  | 'script-unsafe-eval'
  | 'script-unsafe-hashes'
  | 'plain-url-schemes'
  | 'plain-wildcard'
  | 'missing-directives'
  | 'script-allowlist-bypass'
  | 'object-allowlist-bypass'
  | 'ip-source'
  | 'nonce-length'
  | 'nonce-charset'
  | 'src-http'
  | 'deprecated-directive'
  | 'unknown-directive'
  | 'missing-semicolon'
  | 'invalid-keyword'
  | 'strict-dynamic'
  | 'strict-dynamic-not-standalone'
  | 'unsafe-inline-fallback'
  | 'allowlist-fallback'
  | 'require-trusted-types-for-scripts'
  | 'reporting-destination-missing'
  | 'report-to-only';

/** Our own checks, which csp-evaluator does not have. Only the extended mode reports them. */
export type ExtendedFindingType =
  | 'style-unsafe-inline'
  | 'style-wildcard'
  | 'style-data-uri'
  | 'frame-ancestors-invalid'
  | 'frame-ancestors-wildcard'
  | 'form-action-missing'
  | 'base-uri-missing'
  | 'hash-length'
  | 'static-nonce'
  /** A directive browsers skip: non-ASCII text, a malformed name, or not allowed in a <meta> policy. */
  | 'directive-ignored'
  /** A second directive of the same name: browsers use the first and ignore the rest. */
  | 'duplicate-directive'
  /** A source-list directive with no sources, which blocks everything of its kind. */
  | 'empty-directive';

export type CspFindingType = CspEvaluatorFindingType | ExtendedFindingType;

/** Every finding type, for option checks (the Record makes the compiler keep it equal to the union). */
const FINDING_TYPE_SET: Record<CspFindingType, true> = {
  'script-unsafe-inline': true,
  'script-unsafe-eval': true,
  'script-unsafe-hashes': true,
  'plain-url-schemes': true,
  'plain-wildcard': true,
  'missing-directives': true,
  'script-allowlist-bypass': true,
  'object-allowlist-bypass': true,
  'ip-source': true,
  'nonce-length': true,
  'nonce-charset': true,
  'src-http': true,
  'deprecated-directive': true,
  'unknown-directive': true,
  'missing-semicolon': true,
  'invalid-keyword': true,
  'strict-dynamic': true,
  'strict-dynamic-not-standalone': true,
  'unsafe-inline-fallback': true,
  'allowlist-fallback': true,
  'require-trusted-types-for-scripts': true,
  'reporting-destination-missing': true,
  'report-to-only': true,
  'style-unsafe-inline': true,
  'style-wildcard': true,
  'style-data-uri': true,
  'frame-ancestors-invalid': true,
  'frame-ancestors-wildcard': true,
  'form-action-missing': true,
  'base-uri-missing': true,
  'hash-length': true,
  'static-nonce': true,
  'directive-ignored': true,
  'duplicate-directive': true,
  'empty-directive': true,
};
export const CSP_FINDING_TYPES = Object.keys(FINDING_TYPE_SET) as CspFindingType[];

/**
 * csp-evaluator's severities, worst first. `high-maybe`/`medium-maybe` mean
 * "bad if a condition we cannot see holds" (e.g. the allowed host serves JSONP).
 */
export type CspSeverity = 'high' | 'syntax' | 'medium' | 'high-maybe' | 'strict-csp' | 'medium-maybe' | 'info';

/** Worst first; the rank is the index. Same order as csp-evaluator's numeric severities. */
export const CSP_SEVERITY_ORDER: readonly CspSeverity[] = [
  'high',
  'syntax',
  'medium',
  'high-maybe',
  'strict-csp',
  'medium-maybe',
  'info',
];

export interface CspFinding {
  type: CspFindingType;
  severity: CspSeverity;
  /** The directive the finding is about (lower case); for a missing directive, the one to add. */
  directive: string;
  /** The source expression or token the finding is about, as the evaluator saw it. */
  value?: string;
  /** What is wrong and how to fix it. */
  description: string;
  /** Which policy of several (index into the list evaluated). */
  policyIndex?: number;
  disposition?: Disposition;
}

/** The ids of csp-evaluator's finding types, so a caller can tell ours from theirs. */
export const CSP_EVALUATOR_FINDING_TYPES: ReadonlySet<CspFindingType> = new Set<CspEvaluatorFindingType>([
  'script-unsafe-inline',
  'script-unsafe-eval',
  'script-unsafe-hashes',
  'plain-url-schemes',
  'plain-wildcard',
  'missing-directives',
  'script-allowlist-bypass',
  'object-allowlist-bypass',
  'ip-source',
  'nonce-length',
  'nonce-charset',
  'src-http',
  'deprecated-directive',
  'unknown-directive',
  'missing-semicolon',
  'invalid-keyword',
  'strict-dynamic',
  'strict-dynamic-not-standalone',
  'unsafe-inline-fallback',
  'allowlist-fallback',
  'require-trusted-types-for-scripts',
  'reporting-destination-missing',
  'report-to-only',
]);

/** Build a finding; `value` is left out when there is none, so findings compare cleanly. */
export function finding(
  type: CspFindingType,
  severity: CspSeverity,
  directive: string,
  description: string,
  value?: string,
): CspFinding {
  return value === undefined ? { type, severity, directive, description } : { type, severity, directive, value, description };
}

/** The highest (worst) severity of a list of findings; undefined for none. */
export function highestSeverity(findings: readonly CspFinding[]): CspSeverity | undefined {
  let best: number | undefined;
  for (const f of findings) {
    const rank = CSP_SEVERITY_ORDER.indexOf(f.severity);
    if (best === undefined || rank < best) best = rank;
  }
  return best === undefined ? undefined : CSP_SEVERITY_ORDER[best];
}

/** Sort worst first, then by directive and value, for stable output. */
export function sortFindings(findings: readonly CspFinding[]): CspFinding[] {
  return [...findings].sort(
    (a, b) =>
      CSP_SEVERITY_ORDER.indexOf(a.severity) - CSP_SEVERITY_ORDER.indexOf(b.severity) ||
      a.directive.localeCompare(b.directive) ||
      (a.value ?? '').localeCompare(b.value ?? ''),
  );
}
