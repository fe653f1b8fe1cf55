// After tsup (see tsup.config.ts): remove the outputs that are built but not
// shipped, so the tarball holds only what package.json points at; and name the
// shared declaration chunks as the code chunks are named. Bundled from tsc's
// .d.ts files, a chunk takes its module's name with the ".d" (audit.d-HASH.d.ts);
// it becomes audit-HASH.d.ts, and the imports that name it follow.
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
for (const file of ['bin.cjs', 'integrations/vitest.cjs', 'integrations/vitest.d.cts']) {
  rmSync(new URL(file, dist), { force: true });
}

const CHUNK = /^([\w-]+)\.d-([\w-]+\.d\.c?ts)$/;
const declarations = readdirSync(dist, { recursive: true }).filter((file) => /\.d\.c?ts$/.test(file));
for (const file of declarations) {
  const text = readFileSync(new URL(file, dist), 'utf8');
  const renamed = text.replace(/(['"]\.{1,2}\/(?:[\w-]+\/)*[\w-]+)\.d-([\w-]+\.c?js['"])/g, '$1-$2');
  if (renamed !== text) writeFileSync(new URL(file, dist), renamed);
}
for (const file of declarations) {
  const match = CHUNK.exec(file);
  if (match) renameSync(new URL(file, dist), new URL(`${match[1]}-${match[2]}`, dist));
}
