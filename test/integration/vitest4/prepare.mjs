// Vitest 4 cannot share the checkout's node_modules with Vitest 5 (npm's peer
// resolution refuses an alias of both), so this project has its own lock and
// installs from the registry when its node_modules is missing or stale
// (`npm ci`, install scripts off as everywhere here). The package itself goes
// in packed (../prepare.mjs), so its `declare module 'vitest'` resolves to
// this project's Vitest 4.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function prepareVitest4() {
  const stamp = join(here, 'node_modules/.esh-lock-hash');
  const lockHash = createHash('sha256').update(readFileSync(join(here, 'package-lock.json'))).digest('hex');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
    console.log('vitest4: installing its own dependencies (npm ci)');
    execFileSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' });
    writeFileSync(stamp, lockHash);
  }
}

