/**
 * Parity with the MDN HTTP Observatory 1.4.8's own analyzer: the same score,
 * grade and per-test result on a seeded corpus of realistic header sets.
 */
import { createHeaderSet } from '../../src/response/header-set';
import { scoreHeaders } from '../../src/score/score';
import type { ObservatoryResult } from '../../src/score/types';
import { generateCorpus } from './corpus';
import { runOracle, type OracleCase, type OracleResult } from './oracle';

// PARITY_SEED / PARITY_SIZE let a run try another corpus; the defaults are what CI runs.
const SEED = Number(process.env.PARITY_SEED ?? 20240808);
const SIZE = Number(process.env.PARITY_SIZE ?? 2000);

function ours(c: OracleCase): ObservatoryResult {
  return scoreHeaders(createHeaderSet(c.fields), {
    https: c.https,
    url: `${c.https ? 'https' : 'http'}://${c.host}/`,
    ...(c.html !== undefined ? { html: c.html } : {}),
    ...(c.corsOrigin !== undefined ? { corsOrigin: c.corsOrigin } : {}),
    // The oracle records a clean http → https chain when none is given; ours assumes it.
    ...(c.redirects !== undefined ? { redirects: c.redirects } : {}),
  });
}

function differences(mine: ObservatoryResult, theirs: OracleResult): string[] {
  const out: string[] = [];
  if (mine.score !== theirs.score) out.push(`score ${mine.score} vs ${theirs.score}`);
  if (mine.grade !== theirs.grade) out.push(`grade ${mine.grade} vs ${theirs.grade}`);
  for (const t of mine.tests) {
    const o = theirs.tests[t.name];
    if (!o) out.push(`${t.name}: missing in oracle`);
    else if (o.result !== t.result || o.pass !== t.pass || o.modifier !== t.modifier) {
      out.push(`${t.name}: ${t.result}/${t.pass}/${t.modifier} vs ${o.result}/${o.pass}/${o.modifier}`);
    }
  }
  if (Object.keys(theirs.tests).length !== mine.tests.length) out.push('different number of tests');
  return out;
}

describe('parity with @mdn/mdn-http-observatory 1.4.8', () => {
  const corpus = generateCorpus(SEED, SIZE);
  let oracle: OracleResult[];

  beforeAll(() => {
    oracle = runOracle(corpus);
  });

  it(`gives the same score, grade and test results on ${SIZE} generated header sets`, () => {
    const mismatches: string[] = [];
    corpus.forEach((c, i) => {
      const diff = differences(ours(c), oracle[i]!);
      if (diff.length) mismatches.push(`#${i} ${JSON.stringify(c)}\n    ${diff.join('\n    ')}`);
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(mismatches).toHaveLength(0);
  });

  it('covers the ground: every grade band and most result ids occur in the corpus', () => {
    const grades = new Set(oracle.map((r) => r.grade));
    for (const g of ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F']) expect(grades).toContain(g);
    const results = new Set(oracle.flatMap((r) => Object.values(r.tests).map((t) => t.result)));
    // 67 ids exist; some need a live scan (invalid certs, no http at all, unparseable HTML, preload list).
    expect(results.size).toBeGreaterThanOrEqual(50);
    const scores = oracle.map((r) => r.score);
    expect(Math.max(...scores)).toBeGreaterThan(100);
    expect(Math.min(...scores)).toBeLessThan(30);
  });
});
