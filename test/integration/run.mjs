// Runs each runner's integration suite the way a user's project would: the
// package is reached by its name, so its "exports" map is what resolves, from
// the built dist/: for Jest, Vitest 5 and expect through a node_modules link
// to this checkout; for Vitest 4 and both Playwright projects as the packed
// tarball in the project's own node_modules (prepare.mjs: Playwright's
// require hook takes linked dist/*.cjs files for ES modules of this "type":
// "module" checkout). Vitest 4 has its own project (vitest4/, its own
// dependencies) and runs on Node 20; Vitest 5 needs Node 22 (on 20 its reporter crashes on a failing
// test), which npx fetches from the registry as the `node` package.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { linkPackage } from '../../scripts/link-package.mjs';
import { runSuites } from '../../scripts/run-suites.mjs';
import { prepareProjects } from './prepare.mjs';
import { writeRunnableReadme } from './readme.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
linkPackage();
if (!existsSync(join(root, 'dist/index.js'))) fail('dist/ is missing: run `npm run build` first.');
prepareProjects();
const readmeCore = writeRunnableReadme();
const node22 = nodeBinary('22');

const here = 'test/integration';
const suites = [
  ['Jest 30, CommonJS', ['node_modules/jest/bin/jest.js', '-c', `${here}/jest-cjs/jest.config.cjs`]],
  ['Jest 30, ESM', ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '-c', `${here}/jest-esm/jest.config.mjs`]],
  ['Vitest 5, Node 22', ['node_modules/vitest/vitest.mjs', 'run', '--root', `${here}/vitest`, '--config', 'vitest.config.ts'], node22],
  ['Vitest 4, Node 20', [`${here}/vitest4/node_modules/vitest/vitest.mjs`, 'run', '--root', `${here}/vitest4`, '--config', 'vitest.config.mjs']],
  ['expect (standalone) + node:test, and the README\'s runner-free blocks', ['--test', `${here}/expect/standalone.test.mjs`, ...readmeCore]],
  ['Playwright Test, ESM project', ['node_modules/@playwright/test/cli.js', 'test', '-c', `${here}/playwright/playwright.config.ts`]],
  ['Playwright Test, CommonJS project', ['node_modules/@playwright/test/cli.js', 'test', '-c', `${here}/playwright-cjs/playwright.config.cjs`]],
];

runSuites('runner integration', suites);

/** The path of a Node binary of this major, from the npm registry's `node` package (cached by npx after the first run). */
function nodeBinary(major) {
  if (process.versions.node.split('.')[0] === major) return process.execPath;
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  return execFileSync(npx, ['--yes', '-p', `node@${major}`, 'node', '-p', 'process.execPath'], { cwd: root, encoding: 'utf8' }).trim();
}

function fail(message) { console.error(message); process.exit(2); }
