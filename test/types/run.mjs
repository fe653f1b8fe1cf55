// Type tests: the TypeScript compiler with skipLibCheck false over each runner's
// usage file, resolving the package by name from dist/ (like a user's project
// does), reporting for our files what tsc reports (check.mjs says which).
// Each usage file has @ts-expect-error lines, so a missing augmentation fails too.
import { spawn } from 'node:child_process';
import { linkPackage } from '../../scripts/link-package.mjs';
import { prepareProjects } from '../integration/prepare.mjs';
import { writeReadmeProjects } from './readme.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
linkPackage();
prepareProjects();

let failed = 0;
// Each a project of its own: Vitest 4's and the CommonJS Playwright project's live with their integration suites.
const runners = ['jest', 'jest-globals', 'vitest', 'playwright', 'expect', '../integration/vitest4', '../integration/playwright-cjs', ...writeReadmeProjects()];
// (the README's code blocks: readme.mjs)
// Two at a time (each check is one busy core for a few seconds).
const check = (runner) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, 'check.mjs'), join(here, runner)]);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      if (code !== 0) failed++;
      console.log(`${code === 0 ? 'ok  ' : 'FAIL'} types: ${runner}${code === 0 ? '' : `\n${output}`}`);
      resolve();
    });
  });
const queue = [...runners];
await Promise.all([0, 1].map(async () => {
  while (queue.length > 0) await check(queue.shift());
}));
console.log(`type tests: ${runners.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
