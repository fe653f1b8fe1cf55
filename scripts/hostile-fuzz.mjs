#!/usr/bin/env node
/**
 * The long hostile-input run of issue 18: about a million seeded inputs,
 * generated (the fast-check generators of test/hostile/inputs.ts) and
 * mutated (real header values from ../shared/corpora when present, the
 * hostile shapes of test/hostile/growth.ts), into every entry point the
 * audit reads input through:
 *
 * - every header type the rules and the Observatory score read, through
 *   auditHeaders (report and score);
 * - CSP values through parseCsp, evaluateCsp (default and strict),
 *   evaluatePolicies, cspAllows, diffCsp and serializeCsp;
 * - sitemaps (parseSitemap) and HTML link extraction (extractLinks);
 * - duck-typed responses and anything at all into auditHeaders,
 *   toHeaderSet and the matchers, as the bounded suite does.
 *
 * Prints: inputs tried, exceptions (anything thrown that is not a
 * UsageError, or a UsageError in the engine's words, is a bug), the slowest
 * input per target and its growth ratio (that input repeated 10 times
 * against it once, CPU time, see growth.ts; not measured for an input that
 * took 2 s or more once), the worst growth over the
 * hostile shapes per header type (1,000 vs 10,000 characters), and the
 * process's peak RSS. test/hostile/fuzz.test.ts and linear.test.ts are the
 * bounded versions in `npm test`.
 *
 * Usage: nice -n 10 node scripts/hostile-fuzz.mjs [inputs=1000000] [seed=20261202]
 * (FUZZ_SECONDS=n stops taking inputs after n seconds and reports those tried)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../bench/import-source.mjs';
import { findCorpora } from '../bench/corpora.mjs';

const total = Number(process.argv[2] ?? 1_000_000);
const SEED = Number(process.argv[3] ?? 20261202);
const startedAt = Date.now();

const lib = await importSource([
  "export { auditHeaders, cspAllows, diffCsp, evaluateCsp, evaluatePolicies, matchers, parseCsp, serializeCsp, toHeaderSet, UsageError } from './src';",
  "export { extractLinks } from './src/crawl/links';",
  "export { parseSitemap } from './src/crawl/sitemap';",
  "export { MAX_HEADER_LENGTH } from './src/response/limits';",
  "export { anything, duckResponse, headerObject, headerValue, HEADER_NAMES } from './test/hostile/inputs';",
  "export { growthRatio, HEADERS, HOSTILE_UNITS, hostileValue, LINK_UNITS, SITEMAP_UNITS } from './test/hostile/growth';",
  "export { seeded } from './test/helpers/seeded';",
  "export { default as fc } from 'fast-check';",
], { external: [] });
const { fc, UsageError } = lib;
const rng = lib.seeded(SEED);
const pick = (xs) => xs[Math.floor(rng() * xs.length)];
const int = (n) => Math.floor(rng() * n);

// ---- seeds: realistic values to mutate ----------------------------------

const HEADER_TYPES = [...new Set([...lib.HEADER_NAMES, ...Object.keys(lib.HEADERS)])];
/** Per header name, values servers really send (and the hostile-shape prefixes). */
const seedsByHeader = new Map(HEADER_TYPES.map((name) => [name, [lib.HEADERS[name] ?? '']]));
let cspSeeds = [];
const corpora = findCorpora();
if (corpora) {
  cspSeeds = JSON.parse(readFileSync(join(corpora, 'real-world-csp.json'), 'utf8')).map((e) => e.policy);
  for (const file of readdirSync(join(corpora, 'observatory')).filter((f) => f.endsWith('.json'))) {
    const data = JSON.parse(readFileSync(join(corpora, 'observatory', file), 'utf8'));
    if (!Array.isArray(data)) continue;
    for (const served of data) {
      for (const [name, value] of served.headers ?? []) {
        const list = seedsByHeader.get(String(name).toLowerCase());
        if (list && typeof value === 'string' && !list.includes(value)) list.push(value);
      }
    }
  }
}
const cspList = seedsByHeader.get('content-security-policy');
for (const p of cspSeeds) if (!cspList.includes(p)) cspList.push(p);
cspSeeds = cspList.filter((v) => v !== '');
if (cspSeeds.length === 0) cspSeeds = ["default-src 'self'; script-src 'self' https://cdn.example.com 'nonce-abc123456789'; object-src 'none'"];

const SITEMAP_TEMPLATE =
  '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://127.0.0.1/a</loc><lastmod>2026-01-01</lastmod></url><!-- c --><url><loc>/b?x=1&amp;y=2</loc></url></urlset>';
const INDEX_TEMPLATE = '<sitemapindex><sitemap><loc>http://127.0.0.1/s.xml</loc></sitemap></sitemapindex>';
const HTML_TEMPLATE =
  '<!doctype html><html><head><base href="/b/"><link rel="stylesheet" href="s.css"><script>var a="<a href=\'/no\'>";</script></head>' +
  '<body><a href="/a?x=1&amp;y=2">a</a><a href=\'/q"\'>q</a><a href=/u x=">">u</a><form action="/f" method="post"></form>' +
  '<!-- <a href="/c"> --><iframe src="/i"></iframe><area href="/m"><a href="javascript:x">j</a><a href="http://other.invalid/">o</a></body></html>';

/** Characters and runs that parsers trip on. */
const HOSTILE_CHARS = [' ', '\t', '\n', '\r', '\0', ',', ';', '=', '"', "'", '\\', '/', ':', '*', '<', '>', '&', '#', '%', '(', ')', '-', '.', '1',
  '\u00a0', '\u202e', '\u2066', '\ufeff', 'é', '\ud800', '\u{1f600}', 'K', '\u212a'];

/** One to four edits: insert, delete, repeat a slice, splice another seed, flip case, insert a long hostile run. */
function mutate(text, others) {
  let s = text;
  const edits = 1 + int(4);
  for (let e = 0; e < edits; e++) {
    const at = int(s.length + 1);
    switch (int(7)) {
      case 0: s = s.slice(0, at) + pick(HOSTILE_CHARS) + s.slice(at); break;
      case 1: s = s.slice(0, at) + s.slice(at + 1 + int(20)); break;
      case 2: { const len = 1 + int(12); s = s.slice(0, at) + s.slice(at, at + len).repeat(2 + int(20)) + s.slice(at); break; }
      case 3: { const o = pick(others); const from = int(o.length); s = s.slice(0, at) + o.slice(from, from + 1 + int(60)) + s.slice(at); break; }
      case 4: s = s.slice(0, at) + s.slice(at, at + 10).toUpperCase() + s.slice(at + 10); break;
      case 5: s = s.slice(0, at) + pick(lib.HOSTILE_UNITS).repeat(1 + int(rng() < 0.05 ? 1500 : 100)) + s.slice(at); break;
      default: s = s.slice(0, at) + pick(HOSTILE_CHARS).repeat(1 + int(8)) + s.slice(at); break;
    }
  }
  return s;
}

/** fast-check samples in batches, each batch with its own seed (so the run is the same every time). */
function sampler(arbitrary, tag) {
  let batch = [];
  let n = 0;
  return () => {
    if (batch.length === 0) batch = fc.sample(arbitrary, { seed: SEED + tag * 100_003 + n++, numRuns: 500 });
    return batch.pop();
  };
}

// ---- targets ------------------------------------------------------------

const context = { isNot: false, utils: undefined };
const targets = [];
const target = (name, weight, make, run, { scalable = true } = {}) => targets.push({ name, weight, make, run, scalable, tried: 0, slowest: { ms: -1, input: undefined } });

const headerValues = sampler(lib.headerValue, 1);
for (const name of HEADER_TYPES) {
  const seeds = seedsByHeader.get(name);
  target(
    `header ${name}`,
    16,
    () => (rng() < 0.3 ? headerValues() : mutate(pick(seeds), seeds)),
    (value) => {
      const report = lib.auditHeaders({ [name]: value, 'content-type': name === 'content-type' ? value : 'text/html' });
      return report.score; // the Observatory score reads the headers too
    },
  );
}

const cspValue = () => (rng() < 0.2 ? headerValues() : mutate(pick(cspSeeds), cspSeeds));
const CSP_REQUESTS = [
  { directive: 'script-src', url: 'https://cdn.example.com/x.js', origin: 'https://self.example' },
  { directive: 'img-src', url: 'data:image/png;base64,AA', origin: 'https://self.example' },
  { directive: 'script-src-attr', inline: true, origin: 'https://self.example' },
];
target('csp parseCsp', 40, cspValue, (v) => lib.parseCsp(v));
target('csp evaluateCsp', 40, cspValue, (v) => lib.evaluateCsp(v).length + lib.evaluateCsp(v, { strict: true, version: pick([1, 2, 3]) }).length);
target('csp evaluatePolicies', 40, cspValue, (v) => lib.evaluatePolicies(lib.parseCsp(v), { strict: true }).length);
target('csp cspAllows', 40, cspValue, (v) => lib.cspAllows(v, CSP_REQUESTS[v.length % CSP_REQUESTS.length]));
target('csp diffCsp', 8, cspValue, (v) => lib.diffCsp(cspSeeds[v.length % cspSeeds.length], v));
target('csp serializeCsp', 40, cspValue, (v) => lib.parseCsp(v).map((p) => lib.serializeCsp(p)).join(','));

const sitemapSeeds = [SITEMAP_TEMPLATE, INDEX_TEMPLATE, ...lib.SITEMAP_UNITS.map(([, unit]) => `<urlset>${unit.repeat(20)}`)];
target('sitemap parseSitemap', 60, () => mutate(pick(sitemapSeeds), sitemapSeeds), (xml) => lib.parseSitemap(xml));
const htmlSeeds = [HTML_TEMPLATE, ...lib.LINK_UNITS.map(([, unit]) => unit.repeat(20))];
target('links extractLinks', 60, () => mutate(pick(htmlSeeds), htmlSeeds), (html) => lib.extractLinks(html, 'http://127.0.0.1/dir/page'));

const ducks = sampler(lib.duckResponse, 2);
target('duck auditHeaders', 50, ducks, (r) => lib.auditHeaders(r), { scalable: false });
target('duck toHeaderSet', 25, ducks, (r) => lib.toHeaderSet(r), { scalable: false });
target('duck toHaveSecureHeaders', 15, ducks, (r) => lib.matchers.toHaveSecureHeaders.call(context, r), { scalable: false });
target('duck toHaveCsp', 10, ducks, (r) => lib.matchers.toHaveCsp.call(context, r), { scalable: false });
const objects = sampler(lib.headerObject, 3);
target('header objects auditHeaders', 30, objects, (h) => lib.auditHeaders(h).score, { scalable: false });
const anythings = sampler(fc.tuple(lib.anything, fc.oneof(fc.constant(undefined), lib.anything)), 4);
const ANY_ENTRIES = [
  ['auditHeaders', (a, b) => lib.auditHeaders(a, b)],
  ['toHeaderSet', (a) => lib.toHeaderSet(a)],
  ['parseCsp', (a, b) => lib.parseCsp(a, b)],
  ['serializeCsp', (a) => lib.serializeCsp(a)],
  ['serializeCsp(directives)', (a) => lib.serializeCsp({ directives: [a] })],
  ['evaluateCsp', (a, b) => lib.evaluateCsp(a, b)],
  ['evaluatePolicies', (a, b) => lib.evaluatePolicies(a, b)],
  ['cspAllows', (a, b) => lib.cspAllows(a, b)],
  ['diffCsp', (a, b) => lib.diffCsp(a, b)],
  ['toHaveSecureHeaders', (a, b) => lib.matchers.toHaveSecureHeaders.call(context, a, b)],
  ['toHaveCsp', (a, b) => lib.matchers.toHaveCsp.call(context, a, b)],
];
for (const [name, call] of ANY_ENTRIES) target(`anything ${name}`, 9, anythings, ([a, b]) => call(a, b), { scalable: false });

// ---- the run ------------------------------------------------------------

const INTERNAL_WORDS = /Cannot read prop|is not a function|is not iterable|Maximum call stack|undefined \(reading|Invalid array length/;
const exceptions = new Map(); // kind of failure -> { count, target, example }
let usageErrors = 0;
function record(t, input, error) {
  const first = String(error?.message ?? error).split('\n')[0].slice(0, 160);
  const key = `${t.name}: ${error?.constructor?.name ?? typeof error}: ${first}`;
  const entry = exceptions.get(key) ?? { count: 0, example: preview(input), stack: String(error?.stack ?? '').split('\n').slice(1, 4).join(' | ') };
  entry.count++;
  exceptions.set(key, entry);
}
function preview(input) {
  try {
    const text = typeof input === 'string' ? JSON.stringify(input) : JSON.stringify(input, (_k, v) => (typeof v === 'function' ? `[function ${v.name}]` : v instanceof Promise ? '[Promise]' : v));
    return (text ?? String(input)).slice(0, 200);
  } catch {
    return String(input).slice(0, 200);
  }
}

function call(t, input) {
  const start = process.hrtime.bigint();
  try {
    const result = t.run(input);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch (error) {
    if (error instanceof UsageError && !INTERNAL_WORDS.test(error.message)) usageErrors++;
    else record(t, input, error);
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (ms > t.slowest.ms) t.slowest = { ms, input };
}

const weightSum = targets.reduce((n, t) => n + t.weight, 0);
for (const t of targets) t.quota = Math.max(1, Math.round((total * t.weight) / weightSum));
// FUZZ_SECONDS: stop taking inputs after this long (the report then counts the inputs tried, not the ones planned).
const budgetMs = Number(process.env.FUZZ_SECONDS ?? Infinity) * 1000;
let done = 0;
let nextReport = 100_000;
// Interleaved in slices, so a slow target does not run alone at the end.
for (let more = true; more; ) {
  more = false;
  for (const t of targets) {
    const n = Math.min(200, t.quota - t.tried);
    for (let i = 0; i < n; i++) call(t, t.make());
    t.tried += n;
    done += n;
    if (t.tried < t.quota) more = true;
  }
  if (Date.now() - startedAt > budgetMs) more = false;
  if (done >= nextReport) {
    process.stderr.write(`  ${done.toLocaleString('en-US')} inputs, ${((Date.now() - startedAt) / 1000).toFixed(0)} s\n`);
    nextReport += 100_000;
  }
}
const tried = targets.reduce((n, t) => n + t.tried, 0);
const fuzzSeconds = (Date.now() - startedAt) / 1000;
process.stderr.write(`  inputs done in ${fuzzSeconds.toFixed(0)} s; growth of the slowest inputs\n`);
if (process.env.FUZZ_DUMP) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.FUZZ_DUMP, JSON.stringify(targets.map((t) => ({ name: t.name, ms: t.slowest.ms, input: typeof t.slowest.input === 'string' ? t.slowest.input : preview(t.slowest.input) }))));
}
if (process.env.FUZZ_NO_GROWTH) process.exit(0);

// ---- growth -------------------------------------------------------------

// The slowest input of each target against itself repeated 10 times (strings: concatenated),
// then, per header type, the worst of the hostile shapes at 1,000 vs 10,000 characters.
const growthOf = (t, input) => {
  const large = input.repeat(10);
  const fn = (x) => () => { try { t.run(x); } catch { /* a UsageError: the time to say so is what is measured */ } };
  return lib.growthRatio(fn(input), fn(large), 30);
};
for (const t of targets) {
  if (process.env.FUZZ_VERBOSE) process.stderr.write(`    ${t.name}: slowest ${t.slowest.ms.toFixed(1)} ms\n`);
  t.growth = t.scalable && typeof t.slowest.input === 'string' && t.slowest.ms < 2000 && t.slowest.input.length * 10 <= lib.MAX_HEADER_LENGTH * 4 ? growthOf(t, t.slowest.input) : undefined;
}
process.stderr.write(`  hostile shapes per header type, ${((Date.now() - startedAt) / 1000).toFixed(0)} s\n`);
const shapes = [];
for (const name of HEADER_TYPES) {
  const t = targets.find((x) => x.name === `header ${name}`);
  let worst = { ratio: 0, unit: '' };
  for (const unit of lib.HOSTILE_UNITS) {
    const prefix = lib.HEADERS[name] ?? '';
    const f = (n) => { const v = lib.hostileValue(prefix, unit, n); return () => t.run(v); };
    const ratio = lib.growthRatio(f(1000), f(10000), 30);
    if (ratio > worst.ratio) worst = { ratio, unit };
  }
  shapes.push({ name, ...worst });
}

// ---- report -------------------------------------------------------------

const rssMb = process.resourceUsage().maxRSS / 1024;
const exceptionCount = [...exceptions.values()].reduce((n, e) => n + e.count, 0);
console.log(`hostile fuzz, seed ${SEED}: ${tried.toLocaleString('en-US')} inputs into ${targets.length} targets in ${fuzzSeconds.toFixed(0)} s (node ${process.version}${corpora ? '' : '; shared/corpora not found: generated seeds only'})`);
console.log(`  usage errors (expected for bad input): ${usageErrors.toLocaleString('en-US')}`);
console.log(`  exceptions that are bugs (not a UsageError, or one in the engine's words): ${exceptionCount}`);
for (const [key, e] of exceptions) console.log(`    ${e.count}x ${key}\n       input ${e.example}\n       at ${e.stack}`);
console.log('\n  target                                     inputs   slowest ms  slowest input (length)   growth 10x');
for (const t of targets) {
  const len = typeof t.slowest.input === 'string' ? String(t.slowest.input.length) : 'object';
  console.log(
    `  ${t.name.padEnd(42)} ${String(t.tried).padStart(7)}   ${t.slowest.ms.toFixed(2).padStart(9)}  ${len.padStart(22)}   ${t.growth === undefined ? '-' : `${t.growth.toFixed(1)}x`}`,
  );
}
console.log('\n  header type                               worst hostile shape (1,000 -> 10,000 chars)');
for (const s of shapes) console.log(`  ${s.name.padEnd(42)} ${s.ratio.toFixed(1).padStart(5)}x  (${JSON.stringify(s.unit)} x n)`);
const worstShape = shapes.reduce((a, b) => (b.ratio > a.ratio ? b : a));
console.log(`\n  worst growth over the hostile shapes: ${worstShape.ratio.toFixed(1)}x (${worstShape.name}); linear is ~10x, quadratic ~100x`);
console.log(`  peak RSS: ${rssMb.toFixed(0)} MB; total ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
process.exitCode = exceptionCount === 0 ? 0 : 1;
