import { defineConfig } from 'vitest/config';

// The smallest Vitest setup: the setup file registers the matchers (and their types).
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    setupFiles: ['expect-secure-headers/vitest'],
  },
});
