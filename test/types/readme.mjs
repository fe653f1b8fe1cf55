// The README's TypeScript blocks, type-checked as written (skipLibCheck false),
// each in a project for the runner its section is about, set up as the README
// says (the tsconfig "types" entries of the Jest and Vitest sections). Names a
// block uses without defining (`res`, `page`, `context`, `url`, Playwright's
// `expect`) are declared in front of it, as the reader's own code would have them.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '.readme');

const PROJECTS = {
  jest: ['jest', 'node', 'expect-secure-headers/jest'],
  vitest: ['node', 'expect-secure-headers/vitest'],
  playwright: ['node'],
  core: ['node'],
};
/** A section's heading → the project its blocks belong to. */
function projectOf(heading) {
  if (/^### Jest/.test(heading)) return 'jest';
  if (/^### Vitest/.test(heading)) return 'vitest';
  if (/Playwright Test|Watch a real browser|A whole site/.test(heading)) return 'playwright';
  return 'core';
}
const PRELUDE = {
  res: 'declare const res: Response;',
  page: "declare const page: import('@playwright/test').Page;",
  context: "declare const context: import('@playwright/test').BrowserContext;",
  url: 'declare const url: string;',
  expect: "import { expect } from 'expect-secure-headers/playwright';",
};

/** Writes the projects; returns their directories (relative to test/types) for the type-test runner. */
export function writeReadmeProjects() {
  const text = readFileSync(join(here, '../../README.md'), 'utf8');
  rmSync(out, { recursive: true, force: true });
  const counts = {};
  let heading = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^#{2,3} /.test(lines[i])) heading = lines[i];
    if (lines[i] !== '```ts') continue;
    const start = i + 1;
    while (lines[++i] !== '```');
    const block = lines.slice(start, i).join('\n');
    const project = projectOf(heading);
    const defined = (name) => new RegExp(`(import[^;]*\\b${name}\\b[^;]*from|(const|let|function) ${name}\\b)`).test(block);
    const prelude = Object.entries(PRELUDE)
      .filter(([name]) => (name !== 'expect' || project === 'playwright') && new RegExp(`\\b${name}\\b`).test(block) && !defined(name))
      .map(([, line]) => line);
    counts[project] = (counts[project] ?? 0) + 1;
    const dir = join(out, project);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `readme-line-${start}.ts`), `// README.md line ${start} (${heading})\n${prelude.join('\n')}\n${block}\nexport {};\n`);
  }
  for (const project of Object.keys(counts)) {
    const dir = join(out, project);
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const compilerOptions = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], types: PROJECTS[project] };
    writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2)}\n`);
  }
  return Object.keys(counts).map((project) => `.readme/${project}`);
}
