import { toHaveCsp } from './toHaveCsp';
import { toHaveNoCspViolations } from './toHaveNoCspViolations';
import { toHaveSecureHeaders } from './toHaveSecureHeaders';

/**
 * Every matcher, for `expect.extend(matchers)` in any runner. The entries in
 * src/integrations do this for you.
 */
export const matchers = {
  toHaveSecureHeaders,
  toHaveCsp,
  toHaveNoCspViolations,
};

export type { SecureHeadersMatchers } from './types';
