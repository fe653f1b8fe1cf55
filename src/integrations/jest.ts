/**
 * `import 'expect-secure-headers/jest'` in a Jest setup file (setupFilesAfterEnv):
 * registers the matchers on Jest's global `expect`. For `@jest/globals`
 * imports, use `expect-secure-headers/jest-globals` instead.
 */
import { matchers } from '../matchers';
import type { SecureHeadersMatchers } from '../matchers/types';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> extends SecureHeadersMatchers<R> {}
  }
}

const globalExpect = (globalThis as { expect?: { extend?: (m: object) => void } }).expect;
if (typeof globalExpect?.extend !== 'function') {
  throw new Error(
    'expect-secure-headers/jest: there is no global `expect` to extend. Import this file from a Jest setup file ' +
      '(setupFilesAfterEnv), or use expect-secure-headers/jest-globals, /vitest or /playwright for other runners.',
  );
}
globalExpect.extend(matchers);

export { matchers };
