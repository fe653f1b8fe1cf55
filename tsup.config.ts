import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

/**
 * ESM (.js + .d.ts) and CommonJS (.cjs + .d.cts). The declarations are bundled from
 * those tsc writes to .cache/dts (tsconfig.build.json, run first by `npm run build`).
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
/** src/x.ts -> the declaration file tsc wrote for it. */
const declarations = (entries: Record<string, string>) =>
  Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, file.replace(/^src\//, '.cache/dts/src/').replace(/\.ts$/, '.d.ts')]));

export default defineConfig({
  entry: { ...library, bin: 'src/bin.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: declarations(library) },
  sourcemap: false,
  clean: false,
  target: 'node20',
  splitting: true,
  external: ['@playwright/test', 'playwright-core', 'vitest', 'expect', '@jest/globals'],
});
