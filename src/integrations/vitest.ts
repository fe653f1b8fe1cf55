/**
 * `import 'expect-secure-headers/vitest'` in a Vitest setup file (setupFiles):
 * registers the matchers on Vitest's `expect`, typed.
 */
import { expect } from 'vitest';
import { matchers } from '../matchers';
import type { SecureHeadersMatchers } from '../matchers/types';

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends SecureHeadersMatchers<R> {}
}

expect.extend(matchers);

export { matchers };
