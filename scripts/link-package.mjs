// The integration, type and example suites import the package by its name, as
// a user's project does. This links node_modules/expect-secure-headers to the
// checkout (once), so the name resolves through package.json "exports" to dist/.
import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

export function linkPackage() {
  const link = join(root, 'node_modules/expect-secure-headers');
  if (existsSync(link) || isLink(link)) return;
  try {
    symlinkSync('..', link, 'dir');
  } catch (error) {
    if (error.code !== 'EEXIST') throw error; // another step of npm test (they run side by side) made it first
  }
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
