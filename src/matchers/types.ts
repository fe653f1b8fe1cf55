import type { CspExpectation } from './toHaveCsp';
import type { NoCspViolationsOptions } from './toHaveNoCspViolations';
import type { SecureHeadersOptions } from './toHaveSecureHeaders';

/**
 * The matchers as the runners' type augmentations see them. `R` is what the
 * runner's matcher returns (void, or a Promise for `.resolves`).
 */
export interface SecureHeadersMatchers<R = unknown> {
  /** The response (or crawled site) passes the preset's security-header checks (default preset `recommended`). */
  toHaveSecureHeaders(options?: SecureHeadersOptions): R;
  /** The response, policy string or crawled site has a CSP that holds, allows and blocks what is asked, with no serious weakness. */
  toHaveCsp(expected?: CspExpectation): R;
  /** Nothing was blocked (or reported) by CSP on a watched Playwright page or context, a violation log, or a crawled site. Await it. */
  toHaveNoCspViolations(options?: NoCspViolationsOptions): Promise<R>;
}
