#!/usr/bin/env node
/**
 * CSP engine throughput against Google's csp-evaluator (the csp_evaluator
 * devDependency), as a ratio in one run: for each corpus and for both modes
 * (default checks, and strict: csp-evaluator's STRICTCSP_CHECKS / our
 * `strict: true`), ours `evaluateCsp(headerValue)` against
 * `new CspEvaluator(new CspParser(value).csp).evaluate()` (strict: `.evaluate(STRICTCSP_CHECKS)`).
 *
 * Corpora, read at bench time (nothing is copied into the project):
 * - project: the seeded corpus of the parity test (test/csp/parity-corpus.ts);
 * - real-world: shared/corpora/real-world-csp.json (captured headers, deployed
 *   configs, other tools' fixtures; each entry names its source);
 * - observatory: every Content-Security-Policy(-Report-Only) value of the
 *   header sets in shared/corpora/observatory/*.json, and the CSP values of
 *   the Observatory's own tests;
 * - long: the policies of the two shared corpora that are 500+ characters.
 * shared/corpora is found next to the repository (../shared/corpora) or in a
 * parent directory of it; CORPORA_DIR overrides. Without it only the project
 * corpus is measured, and the bench says so.
 *
 * Each corpus keeps the policies csp-evaluator evaluates without throwing in
 * both modes, so both sides do the same work. Ours is bundled from src/ with
 * esbuild into a temp file.
 *
 * Usage: node bench/csp-engine.mjs [rounds=41] [--parsed]
 *   --parsed  also time evaluateCsp(parseCsp(value)) (the full typed parse first)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { importSource, root } from './import-source.mjs';
import { findCorpora } from './corpora.mjs';

const require = createRequire(join(root, 'package.json'));
const args = process.argv.slice(2);
const withParsed = args.includes('--parsed');
const rounds = Number(args.find((a) => !a.startsWith('--')) ?? 41);
/**
 * Each measured round repeats its corpus until csp-evaluator's side takes
 * about this much CPU. Short rounds, many of them: on the shared 2-core
 * machine the fastest of many short rounds is the one least disturbed by
 * the other jobs (their cache and core contention), for both sides alike.
 */
const ROUND_TARGET_MS = 12;
const LONG = 500;

const ours = await importSource([
  "export { parseCsp } from './src/csp/parse';",
  "export { evaluateCsp } from './src/csp/evaluate';",
  "export { generateCorpus } from './test/csp/parity-corpus';",
], { external: [] });

const { CspEvaluator, STRICTCSP_CHECKS } = require('csp_evaluator/dist/evaluator.js');
const { CspParser } = require('csp_evaluator/dist/parser.js');
const evaluatorVersion = require('csp_evaluator/package.json').version;

function sharedCorpora(dir) {
  const readJson = (file) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const realWorld = [...new Set(readJson('real-world-csp.json').map((entry) => entry.policy))];
  const observatory = new Set();
  for (const file of readdirSync(join(dir, 'observatory')).filter((f) => f.endsWith('.json'))) {
    const data = readJson(join('observatory', file));
    if (Array.isArray(data)) {
      for (const served of data) {
        for (const [name, value] of served.headers ?? []) {
          if (/^content-security-policy(-report-only)?$/i.test(name) && typeof value === 'string') observatory.add(value);
        }
      }
    } else {
      // observatory-tests.json: the values the Observatory's tests feed it, per test file.
      for (const [file, values] of Object.entries(data.values ?? {})) {
        if (file.startsWith('csp')) for (const v of values) if (typeof v === 'string') observatory.add(v);
      }
    }
  }
  const long = [...new Set([...realWorld, ...observatory])].filter((p) => p.length >= LONG);
  return [
    ['real-world (real-world-csp.json)', realWorld],
    ['observatory header sets (observatory/*.json)', [...observatory]],
    [`long real-world (>= ${LONG} chars, both)`, long],
  ];
}

const corporaDir = findCorpora();
const corpora = [['project (parity corpus, seed 20240611)', ours.generateCorpus(20240611, 2000)]];
if (corporaDir) corpora.push(...sharedCorpora(corporaDir));
else console.log('shared/corpora not found (set CORPORA_DIR): only the project corpus is measured');

// csp-evaluator's evaluate(parsedChecks) runs parsedChecks on the policy as written and
// its default checks on the effective policy: no argument is its default mode.
const MODES = [
  ['default', false, undefined],
  ['strict', true, STRICTCSP_CHECKS],
];

const evaluatesWithoutThrowing = (p) => {
  try {
    for (const [, , checks] of MODES) new CspEvaluator(new CspParser(p).csp).evaluate(checks);
    return true;
  } catch {
    return false;
  }
};

// CPU time of this process (user + system), not wall time: on a shared machine
// the time spent descheduled would otherwise land on whichever side was running.
const cpuMs = (fn) => {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
// The fastest round: on a shared machine other work only ever adds time.
const fastest = (xs) => Math.min(...xs);

let sink = 0;
const rows = [];
for (const [name, all] of corpora) {
  const policies = all.filter(evaluatesWithoutThrowing);
  const chars = policies.reduce((n, p) => n + p.length, 0);
  for (const [mode, strict, checks] of MODES) {
    const sides = {
      ours: () => { for (const p of policies) sink += ours.evaluateCsp(p, { strict }).length; },
      theirs: () => { for (const p of policies) sink += new CspEvaluator(new CspParser(p).csp).evaluate(checks).length; },
    };
    if (withParsed) sides.parsed = () => { for (const p of policies) sink += ours.evaluateCsp(ours.parseCsp(p), { strict }).length; };
    // Warm up (JIT), then size a round so the slower side runs ROUND_TARGET_MS.
    for (let i = 0; i < 3; i++) for (const run of Object.values(sides)) run();
    const repeat = Math.max(1, Math.ceil(ROUND_TARGET_MS / Math.max(0.05, cpuMs(sides.theirs))));
    const times = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
    for (let r = 0; r < rounds; r++) {
      for (const [k, run] of Object.entries(sides)) times[k].push(cpuMs(() => { for (let i = 0; i < repeat; i++) run(); }) / repeat);
    }
    const t = fastest(times.theirs);
    const o = fastest(times.ours);
    const row = { corpus: name, mode, policies: policies.length, of: all.length, meanChars: Math.round(chars / policies.length), oursMs: o, theirsMs: t, ratio: t / o };
    if (withParsed) row.parsedRatio = t / fastest(times.parsed);
    rows.push(row);
  }
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`csp_evaluator ${evaluatorVersion} vs ours, evaluateCsp(headerValue); CPU ms per pass of the corpus, fastest of ${rounds} interleaved rounds; node ${process.version}`);
console.log(`${pad('corpus', 46)}${pad('mode', 9)}${pad('policies', 11)}${pad('mean len', 10)}${pad('ours ms', 10)}${pad('theirs ms', 11)}ratio${withParsed ? '   parsed' : ''}`);
for (const r of rows) {
  console.log(
    `${pad(r.corpus, 46)}${pad(r.mode, 9)}${pad(`${r.policies}/${r.of}`, 11)}${pad(r.meanChars, 10)}${pad(r.oursMs.toFixed(3), 10)}${pad(r.theirsMs.toFixed(3), 11)}${r.ratio.toFixed(1)}x` +
      (withParsed ? `   ${r.parsedRatio.toFixed(1)}x` : ''),
  );
}
const worst = rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
console.log(`lowest ratio: ${worst.ratio.toFixed(1)}x (${worst.corpus}, ${worst.mode}); goal >= 10x on every corpus, both modes: ${worst.ratio >= 10 ? 'met' : 'NOT met'}`);
if (sink < 0) console.log(sink);
