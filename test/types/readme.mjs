// The README's TypeScript blocks (../docs/readme-blocks.mjs), type-checked as written (skipLibCheck false),
// each in a project for the runner its section is about, set up as the README
// says (the tsconfig "types" entries of the Jest and Vitest sections). Names a
// block uses without defining (`res`, `page`, `context`, `url`, Playwright's
// `expect`) are declared in front of it, as the reader's own code would have them.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { defines, readmeBlocks, uses } from '../docs/readme-blocks.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '.readme');

const PROJECTS = {
  jest: ['jest', 'node', 'expect-secure-headers/jest'],
  vitest: ['node', 'expect-secure-headers/vitest'],
};
/**
 * Projects whose compiler options are those of a runner's usage project here:
 * their blocks go into that project (its readme/ folder), one tsc program
 * instead of two (each program checks @types/node and the runner's types again:
 * most of a type test's time).
 */
const SHARED = { playwright: 'playwright', core: 'expect' };
const PRELUDE = {
  res: 'declare const res: Response;',
  page: "declare const page: import('@playwright/test').Page;",
  context: "declare const context: import('@playwright/test').BrowserContext;",
  url: 'declare const url: string;',
  expect: "import { expect } from 'expect-secure-headers/playwright';",
};

/** Writes the blocks; returns the directories of the projects of their own (relative to test/types) for the type-test runner. */
export function writeReadmeProjects() {
  rmSync(out, { recursive: true, force: true });
  for (const shared of Object.values(SHARED)) rmSync(join(here, shared, 'readme'), { recursive: true, force: true });
  const counts = {};
  for (const { line, heading, project, code } of readmeBlocks()) {
    const prelude = Object.entries(PRELUDE)
      .filter(([name]) => (name !== 'expect' || project === 'playwright') && uses(code, name) && !defines(code, name))
      .map(([, text]) => text);
    counts[project] = (counts[project] ?? 0) + 1;
    const dir = SHARED[project] ? join(here, SHARED[project], 'readme') : join(out, project);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `readme-line-${line}.ts`), `// README.md line ${line} (${heading})\n${prelude.join('\n')}\n${code}\nexport {};\n`);
  }
  const own = Object.keys(counts).filter((project) => !SHARED[project]);
  for (const project of own) {
    const dir = join(out, project);
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const compilerOptions = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], types: PROJECTS[project] };
    writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2)}\n`);
  }
  return own.map((project) => `.readme/${project}`);
}
