// The fixture projects that get the package as npm installs it (the packed
// tarball, unpacked into their own node_modules): Vitest 4's, whose
// augmentation must meet its own Vitest, and both Playwright projects, whose
// require/import of the package must not go through a symlink into this
// "type": "module" checkout. Run by the type and integration steps; the
// second finds the copies current and packs nothing.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPacked } from '../../scripts/install-packed.mjs';
import { prepareVitest4 } from './vitest4/prepare.mjs';

const here = dirname(fileURLToPath(import.meta.url));

export function prepareProjects() {
  prepareVitest4();
  installPacked(join(here, 'vitest4'), join(here, 'playwright-cjs'), join(here, 'playwright'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) prepareProjects();
