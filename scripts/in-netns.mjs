#!/usr/bin/env node
// Runs a command in a network namespace of its own with only loopback up, so
// a request that would leave the machine cannot: `unshare -rn` (a user
// namespace maps the caller to root inside; no privilege needed where the
// kernel allows unprivileged user namespaces, and CI runs as root). Where the
// machine does not allow it, says why and runs the command as it is.
// Usage: node scripts/in-netns.mjs <command> [args…]
import { spawnSync } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/in-netns.mjs <command> [args…]');
  process.exit(2);
}

function run(argv, env = process.env) {
  const result = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', env });
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}

if (process.env.ESH_NETNS) run([command, ...args]);

const probe = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  const why = probe.error ? probe.error.message : (probe.stderr || `exit ${probe.status}`).trim();
  console.log(`in-netns: no network namespace here (${why}); running without one, so nothing stops a request from leaving the machine.`);
  run([command, ...args]);
}
// Inside: loopback up, then the command; ESH_NETNS tells tests (and a nested call) where they run.
run(['unshare', '-rn', 'sh', '-c', 'ip link set lo up && exec "$@"', 'in-netns', command, ...args], { ...process.env, ESH_NETNS: 'loopback-only' });
