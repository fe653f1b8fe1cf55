// The README's TypeScript code blocks, each with the runner its section is
// about: read by test/types/readme.mjs (type-checked as written) and by
// test/integration/readme.mjs (run in that runner).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const README = join(dirname(fileURLToPath(import.meta.url)), '../../README.md');

/** @typedef {'jest' | 'vitest' | 'playwright' | 'core'} ReadmeProject */

/** A section's heading → the project its blocks belong to. */
function projectOf(heading) {
  if (/^### Jest/.test(heading)) return 'jest';
  if (/^### Vitest/.test(heading)) return 'vitest';
  if (/Playwright Test|Watch a real browser|A whole site/.test(heading)) return 'playwright';
  return 'core';
}

/** @returns {{ line: number, heading: string, project: ReadmeProject, code: string }[]} every ```ts block; `line` is its first line of code. */
export function readmeBlocks() {
  const lines = readFileSync(README, 'utf8').split('\n');
  const blocks = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^#{2,3} /.test(lines[i])) heading = lines[i];
    if (lines[i] !== '```ts') continue;
    const start = i + 1;
    while (lines[++i] !== '```');
    blocks.push({ line: start, heading, project: projectOf(heading), code: lines.slice(start, i).join('\n') });
  }
  return blocks;
}

/** Whether a block defines `name` itself (an import or a declaration), so nothing may be put in front of it for that name. */
export function defines(code, name) {
  return new RegExp(`(import[^;]*\\b${name}\\b[^;]*from|(const|let|function) ${name}\\b)`).test(code);
}

/** Whether a block uses `name` (a word). */
export function uses(code, name) {
  return new RegExp(`\\b${name}\\b`).test(code);
}
