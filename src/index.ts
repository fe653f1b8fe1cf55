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
export type { HeaderExpectation } from './rules/expected-headers';
export type { Framework } from './rules/types';
export { UsageError } from './matchers/context';
export type { Finding, HeaderSet, Severity, PassedCheck, SkippedCheck, RuleName } from './types';
