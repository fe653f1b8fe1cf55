import type { CspExpectation } from './toHaveCsp';
import type { SecureHeadersOptions } from './toHaveSecureHeaders';

/**
 * The matchers as the runners' type augmentations see them. `R` is what the
 * runner's matcher returns (void, or a Promise for `.resolves`).
 */
export interface SecureHeadersMatchers<R = unknown> {
  /** The response passes the preset's security-header checks (default preset `recommended`). */
  toHaveSecureHeaders(options?: SecureHeadersOptions): R;
  /** The response (or policy string) has a CSP that holds, allows and blocks what is asked, with no serious weakness. */
  toHaveCsp(expected?: CspExpectation): R;
}
