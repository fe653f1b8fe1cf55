// After tsup (see tsup.config.ts): remove the outputs that are built but not
// shipped, so the tarball holds only what package.json points at.
import { rmSync } from 'node:fs';

for (const file of ['dist/bin.cjs', 'dist/integrations/vitest.cjs', 'dist/integrations/vitest.d.cts']) {
  rmSync(new URL(`../${file}`, import.meta.url), { force: true });
}
