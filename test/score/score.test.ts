import fc from 'fast-check';
import { createHeaderSet, type HeaderField } from '../../src/response/header-set';
import { GRADES, compareGrades, gradeForScore, totalScore } from '../../src/score/grade';
import { readObservatoryCsp } from '../../src/score/csp';
import { scoreHeaders } from '../../src/score/score';
import type { ObservatoryResult, ObservatoryTestName, ScoreOptions } from '../../src/score/types';

const GOOD: HeaderField[] = [
  ['content-type', 'text/html; charset=utf-8'],
  ['content-security-policy', "default-src 'self'; object-src 'none'"],
  ['strict-transport-security', 'max-age=31536000'],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
];

function score(fields: HeaderField[], options: ScoreOptions = { https: true }): ObservatoryResult {
  return scoreHeaders(createHeaderSet(fields), options);
}

function result(r: ObservatoryResult, name: ObservatoryTestName) {
  const t = r.tests.find((x) => x.name === name);
  if (!t) throw new Error(`no test ${name}`);
  return t;
}

function withHeader(name: string, value: string): HeaderField[] {
  return [...GOOD.filter(([n]) => n !== name), [name, value]];
}

describe('grades', () => {
  it('maps scores to the Observatory grade table, rounding down to a multiple of 5', () => {
    const cases: Array<[number, string]> = [
      [135, 'A+'], [100, 'A+'], [99, 'A'], [95, 'A'], [90, 'A'], [89, 'A-'], [85, 'A-'], [80, 'B+'],
      [79, 'B'], [70, 'B'], [65, 'B-'], [64, 'C+'], [60, 'C+'], [55, 'C'], [50, 'C'], [45, 'C-'],
      [40, 'D+'], [35, 'D'], [30, 'D'], [25, 'D-'], [24, 'F'], [0, 'F'], [-40, 'F'],
    ];
    for (const [s, g] of cases) expect([s, gradeForScore(s)]).toEqual([s, g]);
  });

  it('orders grades best first and compares them', () => {
    expect(GRADES[0]).toBe('A+');
    expect(GRADES[GRADES.length - 1]).toBe('F');
    expect(GRADES).toHaveLength(13);
    expect(compareGrades('A', 'B+')).toBeGreaterThan(0);
    expect(compareGrades('C+', 'A-')).toBeLessThan(0);
    expect(compareGrades('B', 'B')).toBe(0);
  });

  it('rejects what is not a grade, naming the allowed ones', () => {
    expect(() => compareGrades('A++' as never, 'A')).toThrow(/must be one of A\+, A, A-.*received "A\+\+"/);
    expect(() => gradeForScore(Number.NaN)).toThrow(/finite number/);
  });

  it('counts bonuses only when penalties leave 90 or more', () => {
    expect(totalScore([-10, 10, 5])).toBe(105);
    expect(totalScore([-15, 10, 5])).toBe(85);
    expect(totalScore([-100, -50])).toBe(0);
  });
});

describe('scoreHeaders', () => {
  it('runs the ten Observatory tests in its order', () => {
    expect(score(GOOD).tests.map((t) => t.name)).toEqual([
      'content-security-policy', 'cookies', 'cross-origin-resource-sharing', 'redirection', 'referrer-policy',
      'strict-transport-security', 'subresource-integrity', 'x-content-type-options', 'x-frame-options',
      'cross-origin-resource-policy',
    ]);
  });

  it('gives a sound https app 105 and an A+, and says what it assumed or did not test', () => {
    const r = score(GOOD);
    expect(r).toMatchObject({ score: 105, grade: 'A+' });
    expect(result(r, 'redirection')).toMatchObject({ result: 'redirection-to-https', assumed: true, modifier: 0 });
    expect(result(r, 'subresource-integrity')).toMatchObject({ notTested: true, pass: true });
    expect(result(r, 'subresource-integrity').description).toMatch(/options\.html/);
    expect(result(r, 'content-security-policy')).toMatchObject({ result: 'csp-implemented-with-no-unsafe', modifier: 5, pass: true });
  });

  it('caps the same headers over plain http at C+', () => {
    const r = score(GOOD, { https: false });
    expect(r).toMatchObject({ score: 60, grade: 'C+' });
    expect(result(r, 'strict-transport-security').result).toBe('hsts-not-implemented-no-https');
    expect(result(r, 'redirection')).toMatchObject({ result: 'redirection-missing', modifier: -20 });
    expect(result(r, 'redirection').assumed).toBeUndefined();
  });

  it('takes the scheme from the response URL when https is not declared', () => {
    expect(scoreHeaders(createHeaderSet(GOOD, { url: 'https://example.com/' })).grade).toBe('A+');
    expect(scoreHeaders(createHeaderSet(GOOD, { url: 'http://127.0.0.1:3000/' })).grade).toBe('C+');
  });

  it('judges a given redirect chain instead of assuming one', () => {
    const off = score(GOOD, {
      https: true,
      redirects: [{ url: 'http://example.com/', status: 301 }, { url: 'https://www.example.com/', status: 200 }],
    });
    expect(result(off, 'redirection')).toMatchObject({ result: 'redirection-off-host-from-http', modifier: -5 });
    expect(result(off, 'redirection').assumed).toBeUndefined();
    // 100 - 5 leaves 95, above 90, so the CSP bonus still counts.
    expect(off.score).toBe(100);
  });

  it('does not score COOP or COEP (the 1.4.8 analyzer has no test for them)', () => {
    const plain = score(GOOD);
    const more = score([...GOOD, ['cross-origin-opener-policy', 'same-origin'], ['cross-origin-embedder-policy', 'require-corp']]);
    expect(more.score).toBe(plain.score);
  });

  it('counts the HSTS preload list only when told the host is on it', () => {
    expect(result(score(GOOD, { https: true, hstsPreloaded: true }), 'strict-transport-security')).toMatchObject({ result: 'hsts-preloaded', modifier: 5 });
  });

  it('gives a reflected origin with credentials what the scanner gives: restricted access (it never finds its probe Origin in Node)', () => {
    const probe = 'https://http-observatory.security.mozilla.org';
    const fields: HeaderField[] = [...GOOD, ['access-control-allow-origin', probe], ['access-control-allow-credentials', 'true']];
    expect(result(score(fields), 'cross-origin-resource-sharing')).toMatchObject({ result: 'cross-origin-resource-sharing-implemented-with-restricted-access', modifier: 0, pass: true });
  });

  it('reads meta CSP and meta referrer from the HTML, and judges its scripts', () => {
    const html = `<!doctype html><meta name="referrer" content="no-referrer">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self'">
      <script src="https://cdn.other.org/a.js" integrity="sha384-x" crossorigin="anonymous"></script>`;
    const r = score([['content-type', 'text/html'], ['strict-transport-security', 'max-age=31536000']], { https: true, html });
    expect(result(r, 'content-security-policy').result).toBe('csp-implemented-with-no-unsafe-default-src-none');
    expect(result(r, 'referrer-policy').result).toBe('referrer-policy-private');
    expect(result(r, 'subresource-integrity')).toMatchObject({ result: 'sri-implemented-and-external-scripts-loaded-securely', modifier: 5 });
    expect(result(r, 'subresource-integrity').notTested).toBeUndefined();
  });

  it('ignores the body of a response that is not HTML', () => {
    const r = score([['content-type', 'application/json']], { https: true, html: '<script src="http://x.org/a.js"></script>' });
    expect(result(r, 'subresource-integrity').result).toBe('sri-not-implemented-response-not-html');
  });

  it('judges only the cookies a browser-like jar would keep', () => {
    const noSecure = score([...GOOD, ['set-cookie', '__Host-sid=1; Path=/; HttpOnly']]);
    expect(result(noSecure, 'cookies').result).toBe('cookies-not-found');
    const session = score([...GOOD, ['set-cookie', 'sessionid=1; Secure; SameSite=Lax']]);
    expect(result(session, 'cookies')).toMatchObject({ result: 'cookies-session-without-httponly-flag', modifier: -30 });
    const badSameSite = score([...GOOD, ['set-cookie', 'theme=dark; Secure; SameSite=Sometimes']]);
    expect(result(badSameSite, 'cookies').result).toBe('cookies-samesite-flag-invalid');
  });
});

describe("the Observatory's reading of CSP", () => {
  it('drops a source that starts with an earlier one in sorted order', () => {
    expect([...readObservatoryCsp(['script-src https: https://cdn.example.com'])!.directives.get('script-src')!]).toEqual(['https:']);
  });

  it('calls a repeated directive, or a very short policy, invalid', () => {
    expect(readObservatoryCsp(["default-src 'self'; default-src 'none'"])).toBeUndefined();
    expect(readObservatoryCsp(['a'])).toBeUndefined();
    expect(result(score(withHeader('content-security-policy', 'a')), 'content-security-policy').modifier).toBe(-25);
  });

  it('takes a repeated report-uri as a warning that costs the bonus only', () => {
    const r = score(withHeader('content-security-policy', "default-src 'self'; report-uri /a; report-uri /b"));
    expect(result(r, 'content-security-policy')).toMatchObject({ result: 'csp-implemented-but-duplicate-directives', pass: true, modifier: 0 });
  });

  it("reads 'strict-dynamic' without a nonce as invalid, yet still sees frame-ancestors", () => {
    const r = score(withHeader('content-security-policy', "script-src 'strict-dynamic' 'self'; frame-ancestors 'none'"));
    expect(result(r, 'content-security-policy').result).toBe('csp-header-invalid');
    expect(result(r, 'x-frame-options').result).toBe('x-frame-options-implemented-via-csp');
  });

  it('lets a nonce with strict-dynamic neutralise broad and inline script sources', () => {
    const r = score(withHeader('content-security-policy', "default-src 'self'; script-src 'nonce-abc' 'strict-dynamic' https: 'unsafe-inline'; object-src 'none'"));
    expect(result(r, 'content-security-policy').result).toBe('csp-implemented-with-no-unsafe');
  });

  it('flags http: sources only on an https page, report-uri included', () => {
    const fields = withHeader('content-security-policy', "default-src 'self'; report-uri http://r.example.com/csp");
    expect(result(score(fields), 'content-security-policy').result).toBe('csp-implemented-with-insecure-scheme');
    expect(result(score(fields, { https: false }), 'content-security-policy').result).toBe('csp-implemented-with-no-unsafe');
  });

  it('counts report-only as no CSP', () => {
    const r = score([...GOOD.filter(([n]) => n !== 'content-security-policy'), ['content-security-policy-report-only', "default-src 'none'"]]);
    expect(result(r, 'content-security-policy')).toMatchObject({ result: 'csp-not-implemented-but-reporting-enabled', modifier: -25 });
  });
});

describe('bad input', () => {
  it('says what to pass instead of a HeaderSet', () => {
    expect(() => scoreHeaders({ 'content-type': 'text/html' } as never)).toThrow(/first argument must be a HeaderSet.*createHeaderSet.*received an object/);
    expect(() => scoreHeaders(undefined as never)).toThrow(/received undefined/);
  });

  it('names a wrong option and its expected form', () => {
    const h = createHeaderSet(GOOD);
    expect(() => scoreHeaders(h, { https: 'yes' } as never)).toThrow(/options\.https must be true or false; received "yes"/);
    expect(() => scoreHeaders(h, { http: true } as never)).toThrow(/unknown option "http"/);
    expect(() => scoreHeaders(h, { redirects: [] })).toThrow(/non-empty array/);
    expect(() => scoreHeaders(h, { redirects: [{ url: 'nope', status: 200 }] })).toThrow(/redirects\[0\]\.url must be an absolute URL.*"nope"/);
    expect(() => scoreHeaders(h, { html: 42 } as never)).toThrow(/options\.html must be the response body/);
    expect(() => scoreHeaders(h, 'https' as never)).toThrow(/options must be an object/);
  });
});

describe('whatever a server sends', () => {
  const names = ['content-security-policy', 'content-security-policy-report-only', 'strict-transport-security', 'set-cookie',
    'x-frame-options', 'x-content-type-options', 'referrer-policy', 'access-control-allow-origin',
    'access-control-allow-credentials', 'cross-origin-resource-policy', 'content-type'];
  const value = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom("default-src 'none'", 'max-age=1', 'a=b; SameSite', '%', ';;'));

  it('gets a score between 0 and 145 and the grade for it, never an exception', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 12 }),
        fc.boolean(),
        fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
        (fields, https, html) => {
          const r = scoreHeaders(createHeaderSet(fields), { https, ...(html !== undefined ? { html } : {}) });
          expect(r.score).toBeGreaterThanOrEqual(0);
          // Every bonus at once: CSP 10, cookies 5, referrer 5, HSTS preload 5, SRI 5, frame-ancestors 5, CORP 10.
          expect(r.score).toBeLessThanOrEqual(145);
          expect(r.grade).toBe(gradeForScore(r.score));
          expect(r.tests).toHaveLength(10);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('algorithm 5 (Observatory 1.5.0 to 1.6.x), from its published changes', () => {
  const html: HeaderField = ['content-type', 'text/html'];
  it('gives x-frame-options-sameorigin-or-deny +5 (1.5.0, #332); 4 gives 0', () => {
    const fields: HeaderField[] = [html, ['x-frame-options', 'DENY']];
    expect(result(score(fields, { https: true }), 'x-frame-options').modifier).toBe(0);
    expect(result(score(fields, { https: true, algorithm: 5 }), 'x-frame-options')).toMatchObject({ result: 'x-frame-options-sameorigin-or-deny', modifier: 5 });
  });

  it('splits comma-joined CSP headers into policies (1.6.2, #496): the repeated directive that made 4 call it invalid is two policies', () => {
    // Upstream's own case: two identical policies, joined by a client.
    const fields: HeaderField[] = [html, ['content-security-policy', "default-src 'none'; script-src 'self'"], ['content-security-policy', "default-src 'none'; script-src 'self'"]];
    expect(result(score(fields, { https: true }), 'content-security-policy').result).toBe('csp-header-invalid');
    expect(result(score(fields, { https: true, algorithm: 5 }), 'content-security-policy')).toMatchObject({ result: 'csp-implemented-with-no-unsafe-default-src-none', pass: true });
  });

  it('intersects the split policies: a strict middle policy wins over permissive outer ones', () => {
    const csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline', default-src 'none'; style-src 'self', default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'";
    const r = score([html, ['content-security-policy', csp]], { https: true, algorithm: 5 });
    expect(result(r, 'content-security-policy')).toMatchObject({ result: 'csp-implemented-with-no-unsafe-default-src-none', pass: true });
  });

  it('says which algorithm scored it', () => {
    expect(score([html]).algorithm).toEqual({ version: 4, observatory: expect.stringMatching(/1\.4/) });
    expect(score([html], { algorithm: 5 }).algorithm).toEqual({ version: 5, observatory: expect.stringMatching(/1\.6/) });
    expect(() => score([html], { algorithm: 6 as 5 })).toThrow(/algorithm must be 4/);
  });
});
