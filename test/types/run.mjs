// Type tests: tsc with skipLibCheck false over each runner's usage file,
// resolving the package by name from dist/ (like a user's project does).
// Each usage file has @ts-expect-error lines, so a missing augmentation fails too.
import { spawnSync } from 'node:child_process';
import { linkPackage } from '../../scripts/link-package.mjs';
import { prepareVitest4 } from '../integration/vitest4/prepare.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
linkPackage();
prepareVitest4();

let failed = 0;
// Each a project of its own: Vitest 4's and the CommonJS Playwright project's live with their integration suites.
const runners = ['jest', 'jest-globals', 'vitest', 'playwright', 'expect', '../integration/vitest4', '../integration/playwright-cjs'];
for (const runner of runners) {
  const run = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(here, runner)], { encoding: 'utf8' });
  const ok = run.status === 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} types: ${runner}${ok ? '' : `\n${run.stdout}${run.stderr}`}`);
}
console.log(`type tests: ${runners.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
