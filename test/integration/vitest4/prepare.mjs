// Vitest 4 cannot share the checkout's node_modules with Vitest 5 (npm's peer
// resolution refuses an alias of both), so this project has its own lock and
// installs from the registry when its node_modules is missing or stale
// (`npm ci`, install scripts off as everywhere here). The package itself goes
// in as npm would install it: the tarball `npm pack` makes, unpacked, so its
// `declare module 'vitest'` resolves to this project's Vitest 4 and only the
// shipped files are there.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function prepareVitest4() {
  const stamp = join(here, 'node_modules/.esh-lock-hash');
  const lockHash = createHash('sha256').update(readFileSync(join(here, 'package-lock.json'))).digest('hex');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
    console.log('vitest4: installing its own dependencies (npm ci)');
    execFileSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' });
    writeFileSync(stamp, lockHash);
  }
  const target = join(here, 'node_modules/expect-secure-headers');
  const work = mkdtempSync(join(tmpdir(), 'esh-pack-'));
  try {
    const name = execFileSync(npm, ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, name), '-C', target, '--strip-components=1']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) prepareVitest4();
