/**
 * expect-secure-headers: the core. No side effects on import; the runner
 * entries (/jest, /jest-globals, /vitest, /playwright) register the matchers.
 */
export { matchers } from './matchers';
export type { SecureHeadersMatchers } from './matchers/types';
export type { SecureHeadersOptions } from './matchers/toHaveSecureHeaders';
export { auditHeaders, auditHeadersAsync, ALL_FINDING_IDS, type AuditOptions, type HeaderReport } from './audit';
export { PRESETS, PRESET_NAMES, type Preset, type PresetName } from './presets';
export { toHeaderSet, toHeaderSetAsync, ACCEPTED_RESPONSES } from './response/normalize';
export { createHeaderSet } from './response/header-set';
export { responseKind, type KindVerdict } from './response/kind';
export type { HeaderExpectation } from './rules/expected-headers';
export type { Framework } from './rules/types';
export { UsageError } from './matchers/context';
export type { Finding, HeaderSet, Severity, PassedCheck, SkippedCheck, RuleName, ResponseKind } from './types';
export { RESPONSE_KINDS } from './types';

// The CSP engine: parser, evaluator (csp-evaluator's checks and ours), source matcher.
export { parseCsp, getDirective, type ParseCspOptions } from './csp/parse';
export { serializeCsp } from './csp/serialize';
export { evaluateCsp, evaluatePolicies, findStaticNonces, type EvaluateCspOptions, type CspInput } from './csp/evaluate';
export { cspAllows, type CspRequest, type CspDecision, type CspPolicyVerdict } from './csp/match';
export { diffCsp, cspRequestClass, type CspDiff, type CspChange, type CspChangeKind, type CspDiffInput, type CspDiffOptions } from './csp/diff';
export type { CspFinding, CspFindingType, CspSeverity } from './csp/findings';
export type { Policy, Directive, SourceExpression, Disposition, PolicySource, ParseIssue } from './csp/types';
export type { CspExpectation, CspRequestInput } from './matchers/toHaveCsp';

// The MDN HTTP Observatory's score and grade, computed offline.
export { scoreHeaders, GRADES, compareGrades, gradeForScore, isGrade, observatoryCorsProbe } from './score';
export type { Grade, ObservatoryAlgorithm, ObservatoryResult, ObservatoryTest, ObservatoryTestName, ObservatoryResultId, ScoreOptions, RedirectCookies, RedirectHop } from './score';

// The report formats, for your own scripts (the CLI itself is the `expect-secure-headers` binary).
export {
  summarize,
  formatText,
  formatJson,
  toJsonReport,
  formatJunit,
  formatSarif,
  formatHtml,
  JSON_REPORT_VERSION,
  type ScanSummary,
  type JsonReport,
  type FailOn,
} from './report';

// Crawl a site: per page a header report, its CSP violations, subresource issues.
export {
  crawl,
  CRAWL_OPTION_NAMES,
  isSiteReport,
  SITE_REPORT,
  type CrawlOptions,
  type CrawlProgress,
  type UrlPattern,
  type SiteReport,
  type PageReport,
  type PageError,
  type PageErrorKind,
  type SubresourceIssue,
} from './crawl';

// Learn a site's CSP in a real browser from a crawl, verified by enforcing it.
export { learnCsp, PROBE_POLICY, LEARN_FRAMEWORKS, type LearnCspOptions, type LearnedCsp, type LearnedKind, type LearnFramework, type Need, type NeedSite, type StrictBlocker, type InlineSummary, type StillBroken, type LearnVerification } from './learn';

// CSP violations in a real browser (Playwright is only ever a type here: you hand us your page or context).
export { watchCspViolations, isCspViolationLog, CSP_VIOLATION_LOG, CspWatchError, formatViolations } from './browser';
export type {
  CspViolation,
  CspViolationLog,
  CspViolationFilter,
  CspWatchOptions,
  CspDisposition,
  CspViolationKind,
  CspViolationSource,
  CspSourceLocation,
} from './browser';
export type { NoCspViolationsOptions } from './matchers/toHaveNoCspViolations';
