// The README's TypeScript blocks (test/docs/readme-blocks.mjs), run in the
// runner each is written for, inside that runner's integration project (so a
// block costs a test, not another runner start): Jest's in jest-cjs (the
// README's setupFilesAfterEnv, TypeScript through SWC as in a TS project),
// Vitest's in vitest/ (whose config is the README's Vitest config block, as
// written), Playwright's in the ESM Playwright project, and the runner-free
// ones (standalone `expect`, the CSP engine) under node:test. They run against
// server.cjs's startReadmeServer, a local server that passes the strict preset:
// the README's `http://127.0.0.1:3000` becomes its origin, Playwright's
// relative URLs go to it through baseURL, and `res`/`url` (which the README
// leaves to the reader) are a fetch of / and its URL. A block that is not a
// test is wrapped in one; its imports and `declare module`s stay at the top.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defines, readmeBlocks, uses } from '../docs/readme-blocks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');

/** Where each project's blocks go, and how its files are named. */
const TARGET = {
  jest: { dir: 'jest-cjs/readme', ext: 'test.ts' },
  vitest: { dir: 'vitest/readme', ext: 'test.ts' },
  playwright: { dir: 'playwright/readme', ext: 'pw.ts' },
  core: { dir: 'expect/readme', ext: 'test.mjs' },
};

/** Writes every block's runnable file; returns the node:test files (relative to the checkout), which run.mjs passes to `node --test`. */
export function writeRunnableReadme() {
  for (const { dir } of Object.values(TARGET)) rmSync(join(here, dir), { recursive: true, force: true });
  rmSync(join(here, 'vitest/vitest.config.ts'), { force: true });
  const core = [];
  for (const block of readmeBlocks()) {
    const target = TARGET[block.project];
    mkdirSync(join(here, target.dir), { recursive: true });
    if (block.project === 'vitest' && /\bdefineConfig\(/.test(block.code)) {
      writeFileSync(join(here, 'vitest/vitest.config.ts'), `// README.md line ${block.line}, as written\n${block.code}\n`);
      continue;
    }
    const file = join(here, target.dir, `line-${block.line}.${target.ext}`);
    const source = runnable(block);
    writeFileSync(file, block.project === 'core' ? transpile(source) : source);
    if (block.project === 'core') core.push(relative(root, file));
  }
  return core;
}

/** The block as a test file of its runner. */
function runnable({ line, heading, project, code }) {
  const title = JSON.stringify(`README.md line ${line} (${heading.replace(/^#+ /, '')})`);
  const { top, body } = split(code.replaceAll("'http://127.0.0.1:3000", "origin + '"));
  const given = [
    uses(code, 'res') && !defines(code, 'res') ? "const res = await fetch(origin + '/');" : '',
    uses(code, 'url') && !defines(code, 'url') ? "const url = origin + '/';" : '',
  ].filter(Boolean);
  const isTest = /^test\(/m.test(code);
  const header = [`// README.md line ${line}: ${heading}`];
  const hooks = (before, after) => [`let origin = '';`, 'let server;', `${before}(async () => { server = await startReadmeServer(); origin = server.origin; });`, `${after}(() => server.close());`];
  let lines;
  if (project === 'jest') {
    lines = [...header, ...top, "const { startReadmeServer } = require('../../server.cjs');", ...hooks('beforeAll', 'afterAll')];
  } else if (project === 'vitest') {
    lines = [...header, ...top, "import { beforeAll as readmeBeforeAll, afterAll as readmeAfterAll } from 'vitest';", "import serverModule from '../../server.cjs';", 'const { startReadmeServer } = serverModule;', ...hooks('readmeBeforeAll', 'readmeAfterAll')];
  } else if (project === 'playwright') {
    const own = defines(code, 'test') ? [] : ["import { test } from '@playwright/test';"];
    const expect = uses(code, 'expect') && !defines(code, 'expect') ? ["import { expect } from 'expect-secure-headers/playwright';"] : [];
    lines = [...header, ...top, ...own, ...expect, "import serverModule from '../../server.cjs';", 'const { startReadmeServer } = serverModule;', ...hooks('test.beforeAll', 'test.afterAll'), 'test.use({ baseURL: async ({}, use) => { await use(origin); } });'];
  } else {
    lines = [...header, ...top, "import { test, before, after } from 'node:test';", "import serverModule from '../../server.cjs';", 'const { startReadmeServer } = serverModule;', ...hooks('before', 'after')];
  }
  if (isTest) return [...lines, ...given, ...body, ''].join('\n');
  const fixtures = project === 'playwright' ? `{ ${['page', 'context'].filter((name) => uses(code, name)).join(', ')} }` : '';
  return [...lines, `test(${title}, async (${fixtures}) => {`, ...[...given, ...body].map((l) => `  ${l}`), '});', ''].join('\n');
}

/** A block's imports and `declare module` blocks (which must stay at the top level), and the rest. */
function split(code) {
  const top = [];
  const body = [];
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^import\s/.test(lines[i])) {
      while (!/;\s*(\/\/.*)?$/.test(lines[i])) top.push(lines[i++]);
      top.push(lines[i]);
    } else if (/^declare module /.test(lines[i])) {
      while (lines[i] !== '}') top.push(lines[i++]);
      top.push(lines[i]);
    } else {
      body.push(lines[i]);
    }
  }
  return { top, body };
}

/** TypeScript → JavaScript for node:test (esbuild, the bundler tsup uses; types dropped, nothing bundled). */
function transpile(source) {
  const esbuild = createRequire(import.meta.url)('esbuild');
  return esbuild.transformSync(source, { loader: 'ts', format: 'esm', target: 'node20' }).code;
}
