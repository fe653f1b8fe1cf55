// Where the shared real-world corpora are: $CORPORA_DIR, else the first
// `shared/corpora` above the project (beside the checkout, never inside it:
// they are read at bench time, not copied). undefined when there are none.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { root } from './import-source.mjs';

export function findCorpora() {
  if (process.env.CORPORA_DIR) return resolve(process.env.CORPORA_DIR);
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'corpora');
    if (existsSync(join(candidate, 'real-world-csp.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
