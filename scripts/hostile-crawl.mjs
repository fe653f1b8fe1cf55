#!/usr/bin/env node
/**
 * The closing figures of issue 18's browser half, in one run: a browser crawl
 * (Chromium launched with the package's own options) of hostile local
 * pages — a 1 GiB body, a 1 GiB gzip bomb, a script that never yields before
 * and after the load, one that allocates until the renderer dies, one that
 * reaches for another origin every way a page can — then a plain page, and
 * prints:
 *   - the peak RSS of the whole process tree (this node process and every
 *     Chromium process), sampled every 50 ms from /proc;
 *   - each page's outcome and time against the timeout;
 *   - requests that reached the other origin (a second server counts them);
 *   - DNS queries made while the crawl ran, by name.
 * It runs itself in a network and mount namespace with only loopback
 * (unshare -rnm), with /etc/resolv.conf pointing at a DNS server on
 * 127.0.0.1 that counts every query and answers none, so nothing can leave
 * and every lookup is seen. A control run first launches Chromium without
 * the package's host-resolver rule, to show the counter sees its lookups.
 * Usage: nice -n 10 node scripts/hostile-crawl.mjs [timeoutMs=8000]
 */
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSource } from '../bench/import-source.mjs';

const timeout = Number(process.argv[2] ?? 8000);

if (!process.env.ESH_HOSTILE_INSIDE) {
  const dir = mkdtempSync(join(tmpdir(), 'esh-netns-'));
  const resolv = join(dir, 'resolv.conf');
  writeFileSync(resolv, 'nameserver 127.0.0.1\n');
  const script = fileURLToPath(import.meta.url);
  const inside = `ip link set lo up && mount --bind ${resolv} /etc/resolv.conf && exec "$0" "$@"`;
  const run = spawnSync('unshare', ['-rnm', 'sh', '-c', inside, process.execPath, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ESH_HOSTILE_INSIDE: '1' },
  });
  if (run.error || run.status === null) console.error(`hostile-crawl: could not run in a network namespace (${run.error?.message ?? run.signal})`);
  process.exit(run.status ?? 1);
}

const { crawl, startHostileSite, CHROMIUM_ARGS, chromiumLaunchOptions, launchWithoutPrediction, SETTLE_GRACE_MS } = await importSource([
  "export { crawl } from './src/crawl';",
  "export { CHROMIUM_ARGS, chromiumLaunchOptions, launchWithoutPrediction } from './src/browser/launch';",
  "export { SETTLE_GRACE_MS } from './src/crawl/browser-visit';",
  "export { startHostileSite } from './test/helpers/hostile-site';",
]);
const { chromium } = await import('playwright-core');

// A DNS server on loopback that counts queries by name and answers none.
const queries = new Map();
const dns = dgram.createSocket('udp4');
dns.on('message', (message) => {
  const name = questionName(message);
  queries.set(name, (queries.get(name) ?? 0) + 1);
});
await new Promise((resolve) => dns.bind(53, '127.0.0.1', resolve));

function questionName(message) {
  const labels = [];
  for (let i = 12; i < message.length && message[i] !== 0; i += message[i] + 1) labels.push(message.subarray(i + 1, i + 1 + message[i]).toString('latin1'));
  return labels.join('.');
}
const takeQueries = () => {
  const out = Object.fromEntries(queries);
  queries.clear();
  return out;
};

// The tree's resident memory: this process and every descendant.
function treeRss() {
  const parents = new Map();
  const rss = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      parents.set(pid, /PPid:\s+(\d+)/.exec(status)?.[1]);
      rss.set(pid, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
    } catch {
      // gone
    }
  }
  const mine = new Set([String(process.pid)]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parents) if (!mine.has(pid) && mine.has(parent)) (mine.add(pid), (grew = true));
  }
  let total = 0;
  for (const pid of mine) total += rss.get(pid) ?? 0;
  return total;
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

// Control: Chromium without the package's host-resolver rule looks up Google's hosts at start.
const plainArgs = CHROMIUM_ARGS.filter((a) => !a.startsWith('--host-resolver-rules='));
const control = await chromium.launch({ ...chromiumLaunchOptions(chromium.executablePath()), args: plainArgs });
await (await control.newPage()).goto('data:text/html,<p>control');
await new Promise((r) => setTimeout(r, 5000));
await control.close();
const controlQueries = takeQueries();

const site = await startHostileSite({ hugeBytes: 1024 ** 3, bombBytes: 1024 ** 3 });
let peak = treeRss();
const baseline = peak;
const sampler = setInterval(() => (peak = Math.max(peak, treeRss())), 50);
const started = Date.now();
const paths = ['/huge', '/gzip-bomb', '/busy', '/late-busy', '/alloc', '/leaky', '/after'];
// Chromium launched as crawl() launches it when given no browser (its options, network prediction off).
const browser = await launchWithoutPrediction(chromium, chromiumLaunchOptions(chromium.executablePath()));
const report = await crawl({ start: paths.map((p) => site.url(p)), browser, concurrency: 1, maxDepth: 0, timeout });
await browser.close();
const elapsed = Date.now() - started;
clearInterval(sampler);
peak = Math.max(peak, treeRss());
await site.close();
dns.close();

console.log(`hostile browser crawl, timeout ${timeout} ms (grace after the load ${SETTLE_GRACE_MS} ms), ${report.pages.length} pages in ${elapsed} ms`);
console.log(`peak RSS of the process tree: ${mib(peak)} (before the crawl: ${mib(baseline)}); 1 GiB body sent up to ${mib(site.hugeWritten())}, gzip bomb ${mib(site.bombWireBytes())} on the wire for 1 GiB decoded`);
for (const page of report.pages) {
  const path = new URL(page.url).pathname;
  const outcome = page.error ? `${page.error.kind}: ${page.error.message.slice(0, 110)}` : `judged, ${page.headers?.findings.length ?? 0} findings`;
  console.log(`  ${path.padEnd(11)} ${String(page.durationMs).padStart(6)} ms  ${outcome}${page.blocked ? ` [${page.blocked.length} blocked]` : ''}`);
}
console.log(`requests that reached the other origin: ${site.otherHits.length}${site.otherHits.length ? ` (${site.otherHits.join(', ')})` : ''}; bare TCP connections it accepted (no request sent): ${site.otherConnections()}`);
console.log(`DNS queries during the crawl: ${JSON.stringify(takeQueries())}`);
console.log(`DNS queries of the control launch (no host-resolver rule): ${JSON.stringify(controlQueries)}`);
