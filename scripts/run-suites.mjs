// Runs test suites one after another as separate node processes from the
// checkout's root (the example and runner-integration suites), prints which
// failed, and exits 1 if any did.
import { spawnSync } from 'node:child_process';
import { root } from './link-package.mjs';

/** `suites`: [name, node arguments, node binary (default: this one)]; `label` names the set in the summary line. */
export function runSuites(label, suites) {
  let failed = 0;
  for (const [name, args, node = process.execPath] of suites) {
    console.log(`\n=== ${name} ===`);
    const run = spawnSync(node, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    if (run.status !== 0) {
      failed++;
      console.log(`=== ${name}: FAILED (${run.status === null ? `signal ${run.signal}` : `exit ${run.status}`}) ===`);
    }
  }
  console.log(`\n${label}: ${suites.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
