import { defineConfig } from 'tsup';

/** ESM and CommonJS, each with its own declarations (.d.ts / .d.cts). */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    bin: 'src/bin.ts',
    'integrations/jest': 'src/integrations/jest.ts',
    'integrations/jest-globals': 'src/integrations/jest-globals.ts',
    'integrations/vitest': 'src/integrations/vitest.ts',
    'integrations/playwright': 'src/integrations/playwright.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  external: ['@playwright/test', 'playwright-core', 'vitest', 'expect', '@jest/globals'],
});
