// Puts the package into a fixture project's node_modules as npm would install
// it: the tarball `npm pack` makes, unpacked, so only the shipped files are
// there, and they sit under node_modules (a symlink to the checkout is not:
// Playwright's require hook then takes dist/*.cjs for ES modules of this
// "type": "module" repository, and TypeScript resolves a Vitest augmentation
// against the checkout's own Vitest).
//
// `npm pack` is slow on a busy machine (seconds) and the type, integration
// and example steps all want the package: each copy is stamped with a hash of
// what npm packs (package.json, README.md, LICENSE, dist/, docs/), and is
// repacked only when that changed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { root } from './link-package.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const STAMP = '.esh-pack-hash';

/** Installs the packed package into each project directory's node_modules/expect-secure-headers (packing at most once). */
export function installPacked(...projects) {
  const hash = packedHash();
  const stale = projects.filter((dir) => readStamp(join(dir, 'node_modules/expect-secure-headers')) !== hash);
  if (stale.length === 0) return;
  const work = mkdtempSync(join(tmpdir(), 'esh-pack-'));
  try {
    const name = execFileSync(npm, ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
    for (const dir of stale) {
      const target = join(dir, 'node_modules/expect-secure-headers');
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target, { recursive: true });
      execFileSync('tar', ['-xzf', join(work, name), '-C', target, '--strip-components=1']);
      writeFileSync(join(target, STAMP), hash);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A hash over the paths and bytes of what `npm pack` takes from this checkout (package.json "files", plus package.json). */
function packedHash() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const hash = createHash('sha256');
  const add = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) add(join(path, entry));
      return;
    }
    hash.update(`${relative(root, path)}\0`).update(readFileSync(path)).update('\0');
  };
  // A glob entry (docs/*.md) is hashed as its whole folder: more repacks than needed, never fewer.
  for (const entry of ['package.json', ...pkg.files]) add(join(root, entry.includes('*') ? dirname(entry.slice(0, entry.indexOf('*')) + 'x') : entry));
  return hash.digest('hex');
}

function readStamp(target) {
  try {
    return readFileSync(join(target, STAMP), 'utf8');
  } catch {
    return undefined;
  }
}
