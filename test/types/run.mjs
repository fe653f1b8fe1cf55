// Type tests: the TypeScript compiler with skipLibCheck false over each runner's
// usage file, resolving the package by name from dist/ (like a user's project
// does), reporting for our files what tsc reports (check.mjs says which).
// Each usage file has @ts-expect-error lines, so a missing augmentation fails too.
// All projects in this one process, one after another, through one checker: the
// compiler loads once and each lib.*.d.ts, @types/node and runner declaration is
// parsed and bound once for the projects whose options allow sharing it
// (check.mjs says when). A process per project, two at a time, spent most of the
// step's CPU doing that again in each (56 CPU-s; the suite is CPU-bound on 2 cores).
import { linkPackage } from '../../scripts/link-package.mjs';
import { prepareProjects } from '../integration/prepare.mjs';
import { writeReadmeProjects } from './readme.mjs';
import { createChecker } from './check.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
linkPackage();
prepareProjects();

let failed = 0;
// Each a project of its own: Vitest 4's and the CommonJS Playwright project's live with their integration suites.
const runners = ['jest', 'jest-globals', 'vitest', 'playwright', 'expect', '../integration/vitest4', '../integration/playwright-cjs', ...writeReadmeProjects()];
// (the README's code blocks: readme.mjs)
const { check } = createChecker();
for (const runner of runners) {
  let result;
  try {
    result = check(join(here, runner));
  } catch (error) {
    result = { ok: false, output: `${error.stack}\n` };
  }
  if (!result.ok) failed++;
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} types: ${runner}${result.ok ? '' : `\n${result.output}`}`);
}
console.log(`type tests: ${runners.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
