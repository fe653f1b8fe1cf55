/**
 * `import 'expect-secure-headers/jest-globals'` in a Jest setup file, for
 * suites that import `expect` from `@jest/globals` (Jest 29+, no @types/jest).
 */
import { expect } from '@jest/globals';
import { matchers } from '../matchers';
import type { SecureHeadersMatchers } from '../matchers/types';

declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends SecureHeadersMatchers<R> {}
}

expect.extend(matchers);

export { matchers };
