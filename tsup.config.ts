import { rmSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

/**
 * Two builds into dist/, with disjoint outputs:
 * - ESM (.js + .d.ts) of every entry;
 * - CommonJS (.cjs + .d.cts) of the entries a CommonJS project can load.
 * Not built: a CommonJS `vitest` entry (Vitest cannot be require()d, and its
 * .d.cts would augment Vitest's CommonJS stub instead of Vitest), a CommonJS
 * binary and the binary's declarations (the bin is run, never imported).
 * No source maps: they were most of the tarball and pointed at src/*.ts,
 * which is not shipped; frames name dist/ files, which are.
 * Code that runs in pages is source text (src/browser/page-script.ts), so
 * neither build can change it.
 */
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true }); // once, before both (tsup's clean would race between them)

const library = {
  index: 'src/index.ts',
  'integrations/jest': 'src/integrations/jest.ts',
  'integrations/jest-globals': 'src/integrations/jest-globals.ts',
  'integrations/playwright': 'src/integrations/playwright.ts',
  'integrations/reporter': 'src/integrations/reporter.ts',
};

const shared: Options = {
  sourcemap: false,
  clean: false,
  target: 'node20',
  splitting: true,
  external: ['@playwright/test', 'playwright-core', 'vitest', 'expect', '@jest/globals'],
};

export default defineConfig([
  {
    ...shared,
    entry: { ...library, 'integrations/vitest': 'src/integrations/vitest.ts', bin: 'src/bin.ts' },
    format: ['esm'],
    dts: { entry: { ...library, 'integrations/vitest': 'src/integrations/vitest.ts' } },
  },
  { ...shared, entry: library, format: ['cjs'], dts: true },
]);
