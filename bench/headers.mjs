// toHaveSecureHeaders against the same checks written by hand with `expect`,
// in one run, on the same responses; and the import time of the core.
// Run: npm run build && node bench/headers.mjs
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { expect } from 'expect';
import { matchers } from '../dist/index.js';

expect.extend(matchers);

const HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
  'set-cookie': 'session=abc; Secure; HttpOnly; SameSite=Lax; Path=/',
};

/** What a careful team writes by hand for the same headers (the checks of the recommended preset they would think of). */
function handWritten(res) {
  const h = res.headers;
  const hsts = h.get('strict-transport-security');
  expect(hsts).toBeTruthy();
  expect(Number(/max-age=(\d+)/i.exec(hsts)?.[1])).toBeGreaterThanOrEqual(15768000);
  const csp = h.get('content-security-policy');
  expect(csp).toBeTruthy();
  const script = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? /(?:^|;)\s*default-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(script).not.toMatch(/'unsafe-inline'|'unsafe-eval'|(^|\s)(\*|https?:|data:)(\s|$)/);
  expect(csp).toMatch(/object-src 'none'|default-src 'none'/);
  expect(h.get('x-content-type-options')).toBe('nosniff');
  expect(h.get('x-frame-options') ?? '').toMatch(/^(DENY|SAMEORIGIN)$/i);
  expect(h.get('referrer-policy')).not.toMatch(/unsafe-url|no-referrer-when-downgrade/);
  for (const cookie of h.getSetCookie()) {
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=/i);
  }
  expect(h.get('x-powered-by')).toBeNull();
}

const ours = (res) => expect(res).toHaveSecureHeaders({ https: true });

async function time(label, iterations, fn) {
  for (let i = 0; i < Math.min(200, iterations / 10); i++) await fn(); // warm up
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  const ms = performance.now() - start;
  return { label, perOpUs: (ms * 1000) / iterations };
}

const server = http.createServer((_req, res) => {
  for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
  res.end('ok');
});
server.keepAliveTimeout = 60_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
const response = await fetch(url);
await response.text();
// Both sides must agree that this response is sound, or the comparison means nothing.
handWritten(response);
ours(response);

const results = [];
const rounds = 3;
for (let round = 0; round < rounds; round++) {
  results.push(await time('hand-written expect, assertions only', 20000, () => handWritten(response)));
  results.push(await time('toHaveSecureHeaders, assertions only', 20000, () => ours(response)));
  results.push(await time('hand-written expect, fetch + assertions', 1500, async () => { const r = await fetch(url); await r.arrayBuffer(); handWritten(r); }));
  results.push(await time('toHaveSecureHeaders, fetch + assertions', 1500, async () => { const r = await fetch(url); await r.arrayBuffer(); ours(r); }));
}
server.close();

const best = (label) => Math.min(...results.filter((r) => r.label === label).map((r) => r.perOpUs));
const rows = [
  ['assertions only', best('hand-written expect, assertions only'), best('toHaveSecureHeaders, assertions only')],
  ['fetch + assertions (a test)', best('hand-written expect, fetch + assertions'), best('toHaveSecureHeaders, fetch + assertions')],
];
console.log('toHaveSecureHeaders vs hand-written expect (best of 3 rounds, µs per check)');
for (const [name, hand, oursUs] of rows) {
  console.log(`  ${name.padEnd(28)} hand ${hand.toFixed(1).padStart(8)} µs   ours ${oursUs.toFixed(1).padStart(8)} µs   ratio ${(oursUs / hand).toFixed(2)}x`);
}

// Import time of the core: a fresh node process each time, timed inside it.
const samples = [];
for (let i = 0; i < 15; i++) {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e',
    "const t=performance.now(); await import('./dist/index.js'); console.log(performance.now()-t)"], { encoding: 'utf8' });
  samples.push(Number(run.stdout.trim()));
}
samples.sort((a, b) => a - b);
console.log(`import of the core (dist/index.js): median ${samples[7].toFixed(1)} ms, min ${samples[0].toFixed(1)} ms over 15 fresh processes`);
