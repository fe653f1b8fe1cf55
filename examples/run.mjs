// Runs every example suite the way CI does and exits non-zero if any fails.
// The examples import the package by its name, which resolves through
// node_modules/expect-secure-headers (a link to this checkout, made here if
// absent) to the built dist/: run `npm run build` (or `npx tsup`) first.
import { existsSync } from 'node:fs';
import { linkPackage } from '../scripts/link-package.mjs';
import { runSuites } from '../scripts/run-suites.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist/index.js')) || !existsSync(join(root, 'dist/integrations/jest.cjs'))) {
  console.error('examples: dist/ is missing or incomplete: run npm run build first (or npx tsup).');
  process.exit(2);
}
linkPackage();

const suites = [
  ['Jest: framework apps (examples/*/test/*.test.ts)', ['node_modules/jest/bin/jest.js', '-c', 'examples/jest.config.cjs']],
  ['Jest: minimal setup (examples/jest)', ['node_modules/jest/bin/jest.js', '-c', 'examples/jest/jest.config.cjs']],
  ['Vitest: minimal setup (examples/vitest)', ['node_modules/vitest/vitest.mjs', 'run', '--root', 'examples/vitest']],
  ['Playwright: minimal setup (examples/playwright)', ['node_modules/@playwright/test/cli.js', 'test', '-c', 'examples/playwright/playwright.config.ts']],
  ['Playwright: framework apps (examples/*/test/*.pw.ts)', ['node_modules/@playwright/test/cli.js', 'test', '-c', 'examples/playwright.config.ts']],
];

runSuites('examples', suites);
