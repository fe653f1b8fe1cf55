/**
 * What every matcher receives as `this` and returns, in the shape Jest,
 * Vitest, `expect` and Playwright Test all share. Kept structural so the core
 * imports none of them.
 */

export interface MatcherUtils {
  matcherHint?: (name: string, received?: string, expected?: string, options?: { isNot?: boolean; promise?: string }) => string;
  printReceived?: (value: unknown) => string;
  printExpected?: (value: unknown) => string;
  RECEIVED_COLOR?: (text: string) => string;
  EXPECTED_COLOR?: (text: string) => string;
  DIM_COLOR?: (text: string) => string;
}

export interface MatcherContext {
  isNot?: boolean;
  promise?: string;
  utils?: MatcherUtils;
  /** Playwright Test sets this to the expect timeout. */
  timeout?: number;
}

export interface MatcherResult {
  pass: boolean;
  message: () => string;
  /** Playwright Test shows these in its report. */
  name?: string;
  expected?: unknown;
  actual?: unknown;
}

/** A usage error a matcher reports instead of a pass or fail (defined in the core, src/errors.ts). */
export { UsageError } from '../errors';
