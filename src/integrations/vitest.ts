/**
 * `import 'expect-secure-headers/vitest'` in a Vitest setup file (setupFiles):
 * registers the matchers on Vitest's `expect`, typed.
 */
import { expect } from 'vitest';
import { matchers } from '../matchers';
import type { SecureHeadersMatchers } from '../matchers/types';

// No type parameters, on purpose: Vitest 4 declares Matchers<T>, Vitest 5
// Matchers<R, T>, and a declaration with other parameters than the original's
// is TS2428. One without any merges with both. `.resolves`/`.rejects` make
// every matcher return a promise in both, so `void` loses nothing.
declare module 'vitest' {
  interface Matchers extends SecureHeadersMatchers<void> {}
}

expect.extend(matchers);

export { matchers };
