/**
 * Parity with the MDN HTTP Observatory 1.4.8's own analyzer: the same score,
 * grade and per-test result on a seeded corpus of realistic header sets.
 */
import { auditHeaderSet, validateAuditOptions } from '../../src/audit';
import { createHeaderSet } from '../../src/response/header-set';
import type { ObservatoryResult } from '../../src/score/types';
import { generateCorpus } from './corpus';
import { runOracle, type OracleCase, type OracleResult } from './oracle';

// PARITY_SEED / PARITY_SIZE let a run try another corpus; the defaults are what CI runs. 800 cases reach every
// grade band and 58 result ids (2,000 reach 59) at 40% of the cost: the oracle builds a jsdom window for each case,
// about 25 ms of CPU. Bigger runs: `PARITY_SIZE=20000 npx jest test/score/parity.test.ts`.
const SEED = Number(process.env.PARITY_SEED ?? 20240808);
const SIZE = Number(process.env.PARITY_SIZE ?? 800);

/**
 * The audit as users call it: auditHeaders(response, options) is
 * auditHeaderSet(toHeaderSet(response), validateAuditOptions(options)); the
 * HeaderSet is built here so it carries the case's URL (the host decides
 * cookies and SRI). html and redirects go in as audit options.
 */
function ours(c: OracleCase): ObservatoryResult {
  const headers = createHeaderSet(c.fields, { url: `${c.https ? 'https' : 'http'}://${c.host}/` });
  const options = validateAuditOptions({
    https: c.https,
    ...(c.html !== undefined ? { html: c.html } : {}),
    // The oracle records a clean http → https chain when none is given; ours assumes it.
    ...(c.redirects !== undefined ? { redirects: c.redirects } : {}),
  });
  return auditHeaderSet(headers, options).observatory;
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

const html = (metas: string[], body = '') =>
  `<!doctype html><head>${metas.map((m) => `<meta http-equiv="content-security-policy" content="${m}">`).join('')}</head><body>${body}</body>`;
const T: Array<[string, string]> = [['content-type', 'text/html']];

/** Corners the generator rarely reaches, each checked against the oracle too. */
const EDGE_CASES: OracleCase[] = [
  // several policies (header + meta) are intersected source by source
  { fields: [...T, ['content-security-policy', "default-src 'self' https://a.example.com/js/"]], https: true, host: 'example.com', html: html(["default-src https://a.example.com/js/app.js 'self'"]) },
  { fields: [...T, ['content-security-policy', "script-src 'self'"]], https: true, host: 'example.com', html: html(["script-src 'none'", "img-src http:"]) },
  { fields: [...T, ['content-security-policy', "script-src https://a.example.com/%E0%A4%A"]], https: true, host: 'example.com', html: html(["script-src https://a.example.com/%E0%A4%A"]) },
  { fields: [...T, ['content-security-policy', "script-src https://a.example.com/%41/"]], https: true, host: 'example.com', html: html(["script-src https://a.example.com/A/b.js"]) },
  { fields: T, https: true, host: 'example.com', html: html(["frame-ancestors 'none'; report-uri /r"]) },
  { fields: T, https: true, host: 'example.com', html: html(["default-src 'none'; frame-ancestors 'none'"]) },
  { fields: T, https: false, host: 'example.com', html: html(['a']) },
  // white space and case
  { fields: [...T, ['content-security-policy', "default-src\u00a0'self';\tscript-src 'NONCE-X' 'Strict-Dynamic'"]], https: true, host: 'example.com' },
  { fields: [...T, ['content-security-policy', "  default-src 'none' ;  ; img-src 'self' ; "]], https: true, host: 'example.com' },
  { fields: [...T, ['content-security-policy', "default-src 'self'"], ['content-security-policy', "default-src 'none'"]], https: true, host: 'example.com' },
  // cookies on subdomains and with odd attributes
  { fields: [...T, ['set-cookie', 'sess=1; Domain=example.com; Secure; HttpOnly; SameSite=Lax'], ['set-cookie', 'sess=2; Domain=.EXAMPLE.com; HttpOnly']], https: true, host: 'app.example.com' },
  { fields: [...T, ['set-cookie', '__Host-a=1; Secure; Path=/; Domain=example.com'], ['set-cookie', '__Secure-b=1; SameSite=None']], https: true, host: 'example.com' },
  { fields: [...T, ['set-cookie', 'a=1; SameSite=Lax=x; Secure'], ['set-cookie', 'login=1; secure; path=/a; path=x; samesite=strict']], https: false, host: 'example.com' },
  { fields: [...T, ['set-cookie', 'heroku-session-affinity=1'], ['set-cookie', ' =x; Secure']], https: true, host: 'example.com' },
  // scripts
  { fields: T, https: true, host: 'www.example.co.uk', html: '<script src="https://cdn.example.co.uk/a.js"></script><script src="HTTPS://Other.org/b.js" integrity="x"></script>' },
  { fields: T, https: false, host: 'example.com', html: '<script src="/a.js" integrity="sha384-x"></script><SCRIPT SRC=//cdn.example.com/b.js></SCRIPT>' },
  { fields: T, https: true, host: 'example.com', html: '<script src="data:text/javascript,1"></script><script src=""></script><script type="module">import "http://x.org/a.js"</script>' },
  { fields: [['content-type', 'application/xhtml+xml']], https: true, host: 'example.com', html: '<script src="http://x.org/a.js" integrity="y"></script>' },
];

describe('parity with @mdn/mdn-http-observatory 1.4.8', () => {
  const corpus = generateCorpus(SEED, SIZE);
  let oracle: OracleResult[];
  let theirs: OracleResult[];

  beforeAll(() => {
    // One oracle run for everything: starting it (the Observatory and jsdom) is the slow part.
    const all = runOracle([...EDGE_CASES, ...corpus]);
    theirs = all.slice(0, EDGE_CASES.length);
    oracle = all.slice(EDGE_CASES.length);
  }, 300000);

  it(`agrees on ${EDGE_CASES.length} hand-picked corner cases`, () => {
    const mismatches = EDGE_CASES.map((c, i) => ({ i, diff: differences(ours(c), theirs[i]!) })).filter((m) => m.diff.length);
    expect(mismatches).toEqual([]);
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
