/**
 * The browser layer's public surface, for src/index.ts to re-export. Loads no
 * Playwright at run time (the fixtures, which do, are in ./fixtures and only
 * the expect-secure-headers/playwright entry imports them).
 */
export { watchCspViolations } from './watch';
export { isCspViolationLog, CSP_VIOLATION_LOG } from './types';
export type {
  CspDisposition,
  CspSourceLocation,
  CspViolation,
  CspViolationFilter,
  CspViolationKind,
  CspViolationLog,
  CspViolationSource,
  CspWatchOptions,
} from './types';
export { CspWatchError } from './errors';
export { formatViolations } from './format';
