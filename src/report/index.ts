/** The report formatters: a SiteReport judged once (summarize), shown five ways. */
export { summarize, headlineGrade, TOOL_NAME } from './summary';
export type { AcceptedState, EntryStatus, FailOn, FindingEntry, PageSummary, ScanSummary, SummaryOptions, ViolationEntry } from './summary';
export { findingKey, pageKey, violationKey } from './keys';
export { formatText, type TextOptions } from './text';
export { formatJson, toJsonReport, JSON_REPORT_VERSION, type JsonReport, type JsonPage, type JsonFinding, type JsonViolation } from './json';
export { formatJunit } from './junit';
export { formatSarif, toSarif, FINGERPRINT_KEY } from './sarif';
export { formatHtml, reportPolicy } from './html';
