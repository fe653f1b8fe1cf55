// Runs each runner's integration suite the way a user's project would: the
// package is reached by its name (a node_modules link to this checkout, so
// its "exports" map is what resolves), from the built dist/.
import { existsSync } from 'node:fs';
import { linkPackage } from '../../scripts/link-package.mjs';
import { runSuites } from '../../scripts/run-suites.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
linkPackage();
if (!existsSync(join(root, 'dist/index.js'))) fail('dist/ is missing: run `npm run build` first.');

const here = 'test/integration';
const suites = [
  ['Jest 30, CommonJS', ['node_modules/jest/bin/jest.js', '-c', `${here}/jest-cjs/jest.config.cjs`]],
  ['Jest 30, ESM', ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '-c', `${here}/jest-esm/jest.config.mjs`]],
  ['Vitest', ['node_modules/vitest/vitest.mjs', 'run', '--root', `${here}/vitest`, '--config', 'vitest.config.mjs']],
  ['expect (standalone)', ['--test', `${here}/expect/standalone.test.mjs`]],
  ['Playwright Test', ['node_modules/@playwright/test/cli.js', 'test', '-c', `${here}/playwright/playwright.config.ts`]],
];

runSuites('runner integration', suites);

function fail(message) { console.error(message); process.exit(2); }
