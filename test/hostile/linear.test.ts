/**
 * Nothing a server sends makes the audit super-linear: for every header the
 * rules read, and for sitemaps and link extraction, a 10x larger hostile
 * input must take well under 30x as long (quadratic would be ~100x). The
 * inputs stay under MAX_HEADER_LENGTH, so the parsers themselves are timed,
 * not the cap. And a header past the cap is reported as too long to judge.
 */
import { auditHeaders, diffCsp, evaluateCsp, evaluatePolicies, parseCsp } from '../../src';
import { extractLinks } from '../../src/crawl/links';
import { parseSitemap } from '../../src/crawl/sitemap';
import { MAX_HEADER_LENGTH } from '../../src/response/limits';
import { growthRatio, HEADERS, hostileValue, LINK_UNITS, SITEMAP_UNITS, TEST_UNITS } from './growth';

const BOUND = 30;
/** diffCsp's small side has a fixed cost (the probes of the other side), so quadratic shows as 40-90x here, linear as 4-9x. */
const DIFF_BOUND = 20;
const SMALL = 600;
const LARGE = SMALL * 10;

function audit(name: string, value: string) {
  return () => {
    const report = auditHeaders({ [name]: value, 'content-type': name === 'content-type' ? value : 'text/html' });
    return report.score; // the Observatory score parses the headers too
  };
}

describe('every header: 10x hostile input, well under 30x time', () => {
  for (const [name, prefix] of Object.entries(HEADERS)) {
    it(name, () => {
      let worst = { ratio: 0, shape: '' };
      for (const start of [prefix]) {
        for (const unit of TEST_UNITS) {
          const ratio = growthRatio(audit(name, hostileValue(start, unit, SMALL)), audit(name, hostileValue(start, unit, LARGE)), BOUND);
          if (ratio > worst.ratio) worst = { ratio, shape: `${JSON.stringify(start)} + ${JSON.stringify(unit)} x n` };
        }
      }
      expect({ worst: worst.shape, ratio: worst.ratio < BOUND ? 'linear' : worst.ratio }).toEqual({ worst: worst.shape, ratio: 'linear' });
    });
  }
});

describe('the CSP engine on its own (no cap before it)', () => {
  const cases: Array<[string, (n: number) => () => unknown]> = [
    ['whitespace run inside a policy (parseCsp)', (n) => () => parseCsp(`default-src a${' '.repeat(n)}x`)],
    ['many comma-separated policies (evaluatePolicies)', (n) => { const p = parseCsp(Array.from({ length: n / 30 }, (_, i) => `script-src 'unsafe-inline' a${i}.com`).join(',') + ",script-src 'self'"); return () => evaluatePolicies(p); }],
    ['many sources in one directive (evaluatePolicies)', (n) => { const p = parseCsp(`script-src ${Array.from({ length: n / 20 }, (_, i) => `h${i}.example.com`).join(' ')}`); return () => evaluatePolicies(p); }],
    ['many sources in one directive (evaluateCsp)', (n) => { const v = `script-src ${Array.from({ length: n / 20 }, (_, i) => `h${i}.example.com`).join(' ')}`; return () => evaluateCsp(v); }],
    ['many directives (evaluateCsp, strict)', (n) => { const v = Array.from({ length: n / 20 }, (_, i) => `x-${i} 'self'`).join(';'); return () => evaluateCsp(v, { strict: true }); }],
  ];
  it.each(cases)('%s', (_label, make) => {
    expect(growthRatio(make(SMALL * 3), make(LARGE * 3))).toBeLessThan(BOUND);
  });

  it('100,000 policies in one value: no stack overflow in the audit', () => {
    const value = Array.from({ length: 100_000 }, () => "default-src 'self'").join(',');
    const report = auditHeaders({ 'content-security-policy': value });
    expect(report.findings.map((f) => f.id)).toContain('headers/too-long');
  });
});

describe('diffCsp: 10x larger policies, under 20x time', () => {
  // Each shape is one side; the other is a small policy. Measured 300 -> 3,000 characters: 3.9-9.3x now; before the
  // grouping of nonces and hashes and the cut-down policies (src/csp/diff-reduce.ts) 87x, 43x and 39x for the first three.
  const n = (size: number, per: number) => Math.max(1, Math.round(size / per));
  const cases: Array<[string, (size: number) => [string, string]]> = [
    ['many hosts and hashes in script-src', (size) => [`script-src ${Array.from({ length: n(size, 20) }, (_, i) => `h${i}.example.com`).join(' ')} ${Array.from({ length: n(size, 60) }, (_, i) => `'sha256-${String(i).padStart(43, 'A')}='`).join(' ')}`, "script-src 'self'"]],
    ['many comma-separated policies', (size) => [Array.from({ length: n(size, 25) }, (_, i) => `script-src a${i}.example.com`).join(', '), "script-src 'self'"]],
    ['many scheme sources', (size) => [`default-src ${Array.from({ length: n(size, 6) }, (_, i) => `s${i}x:`).join(' ')}`, "default-src 'self'"]],
    ['many nonces', (size) => [`script-src ${Array.from({ length: n(size, 20) }, (_, i) => `'nonce-n${i}abcdefgh'`).join(' ')}`, "script-src 'nonce-x'"]],
  ];
  it.each(cases)('%s', (_label, make) => {
    const [small, large] = [make(300), make(3000)];
    expect(growthRatio(() => diffCsp(...small), () => diffCsp(...large), DIFF_BOUND, 2, 1)).toBeLessThan(DIFF_BOUND);
  });
});

describe('sitemaps and link extraction', () => {
  it.each(SITEMAP_UNITS.map(([label, unit]): [string, string] => [label, unit]))('sitemap: %s', (_label, unit) => {
    const make = (n: number) => { const xml = `<urlset>${unit.repeat(n / unit.length)}`; return () => parseSitemap(xml); };
    expect(growthRatio(make(SMALL * 20), make(LARGE * 20))).toBeLessThan(BOUND);
  });

  it.each(LINK_UNITS.map(([label, unit]): [string, string] => [label, unit]))('links: %s', (_label, unit) => {
    const make = (n: number) => { const html = unit.repeat(n / unit.length); return () => extractLinks(html, 'http://127.0.0.1/'); };
    expect(growthRatio(make(SMALL * 10), make(LARGE * 10))).toBeLessThan(BOUND);
  });
});

describe('a header too long to judge', () => {
  it('is a finding that says so, not a cut verdict, and fails the audit', () => {
    const value = `default-src 'self'; script-src ${'a.example.com '.repeat(MAX_HEADER_LENGTH / 10)}`;
    const report = auditHeaders({ 'content-security-policy': value });
    const tooLong = report.findings.find((f) => f.id === 'headers/too-long');
    expect(tooLong).toMatchObject({ header: 'content-security-policy', severity: 'high' });
    expect(tooLong?.message).toMatch(/too long to judge/);
    // What the rules would say of a response without the header is not reported of this one.
    expect(report.findings.map((f) => f.id)).not.toContain('csp/missing');
    expect(report.pass).toBe(false);
  });

  it('is counted over every field of the name', () => {
    const half = 'a'.repeat(MAX_HEADER_LENGTH / 2 + 1);
    expect(auditHeaders({ server: [half, half] }).findings.map((f) => f.id)).toContain('headers/too-long');
    expect(auditHeaders({ server: [half] }).findings.map((f) => f.id)).not.toContain('headers/too-long');
  });
});
