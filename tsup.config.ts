import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

/**
 * ESM (.js + .d.ts) and CommonJS (.cjs + .d.cts), declarations in one pass.
 * scripts/prune-dist.mjs then removes what is built but not shipped: the
 * CommonJS `vitest` entry (Vitest cannot be require()d, and its .d.cts would
 * augment Vitest's CommonJS stub instead of Vitest) and the CommonJS binary
 * (the bin is run, never imported; it has no declarations).
 * No source maps: they were most of the tarball and pointed at src/*.ts,
 * which is not shipped; frames name dist/ files, which are.
 * Code that runs in pages is source text (src/browser/page-script.ts), so
 * no build can change it.
 */
const library = {
  index: 'src/index.ts',
  'integrations/jest': 'src/integrations/jest.ts',
  'integrations/jest-globals': 'src/integrations/jest-globals.ts',
  'integrations/vitest': 'src/integrations/vitest.ts',
  'integrations/playwright': 'src/integrations/playwright.ts',
  'integrations/reporter': 'src/integrations/reporter.ts',
};
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

export default defineConfig({
  entry: { ...library, bin: 'src/bin.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: library },
  sourcemap: false,
  clean: false,
  target: 'node20',
  splitting: true,
  external: ['@playwright/test', 'playwright-core', 'vitest', 'expect', '@jest/globals'],
});
