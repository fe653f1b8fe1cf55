import { evaluateCsp, evaluatePolicies, findStaticNonces } from '../../src/csp/evaluate';
import type { CspFinding } from '../../src/csp/findings';
import { parseCsp } from '../../src/csp/parse';

const brief = (findings: CspFinding[]) => findings.map((f) => `${f.type} ${f.severity} ${f.directive}${f.value ? ' ' + f.value : ''}`).sort();
const types = (findings: CspFinding[]) => [...new Set(findings.map((f) => f.type))].sort();

describe('evaluateCsp', () => {
  it('reports the classic weaknesses of an allowlist policy', () => {
    const findings = evaluateCsp("script-src 'self' 'unsafe-inline' 'unsafe-eval' https://www.google.com http: *; report-uri http://r.example.com/");
    expect(brief(findings)).toEqual(
      [
        'missing-directives high object-src',
        'plain-url-schemes high script-src http:',
        'plain-wildcard high script-src *',
        'script-allowlist-bypass high script-src https://www.google.com',
        "script-allowlist-bypass medium-maybe script-src 'self'",
        "script-unsafe-eval medium-maybe script-src 'unsafe-eval'",
        "script-unsafe-inline high script-src 'unsafe-inline'",
        'src-http medium report-uri http://r.example.com/',
      ].sort(),
    );
  });

  it('gives nothing worse than info for a strict nonce policy, and strict advice only when asked', () => {
    const policy = "script-src 'nonce-rAnd0mRAnd0m123' 'strict-dynamic'; object-src 'none'; base-uri 'none'";
    expect(evaluateCsp(policy)).toEqual([]);
    expect(types(evaluateCsp(policy, { strict: true }))).toEqual(['allowlist-fallback', 'require-trusted-types-for-scripts', 'unsafe-inline-fallback']);
  });

  it('models older browsers: CSP1 ignores nonces, so unsafe-inline counts again', () => {
    const policy = "script-src 'nonce-rAnd0mRAnd0m123' 'unsafe-inline'; object-src 'none'; base-uri 'none'";
    expect(types(evaluateCsp(policy, { version: 3 }))).toEqual([]);
    expect(types(evaluateCsp(policy, { version: 1 }))).toEqual(['script-unsafe-inline']);
  });

  it('takes parsed policies and several policies, marking each finding with its policy', () => {
    const findings = evaluateCsp(parseCsp("script-src 'unsafe-inline', object-src 'none'"));
    expect(findings.every((f) => f.policyIndex !== undefined && f.disposition === 'enforce')).toBe(true);
    expect(findings.filter((f) => f.policyIndex === 0).map((f) => f.type)).toContain('script-unsafe-inline');
    expect(findings.filter((f) => f.policyIndex === 1).map((f) => f.type)).toEqual(['missing-directives']);
    const reportOnly = evaluateCsp(parseCsp("script-src 'unsafe-inline'", { disposition: 'report' })[0]!);
    expect(reportOnly.length).toBeGreaterThan(0);
    expect(reportOnly.every((f) => f.policyIndex === 0 && f.disposition === 'report')).toBe(true);
    // A plain one-policy string gives csp-evaluator's bare findings.
    expect(evaluateCsp("script-src 'unsafe-inline'").every((f) => f.policyIndex === undefined && f.disposition === undefined)).toBe(true);
  });

  it('says how to fix every finding', () => {
    const all = evaluateCsp("script-src 'self' 'nonce-abc' http://x.com 127.0.0.1 nonce-x scirpt-src 'bogus'; foo-src x; referrer origin", { strict: true });
    expect(all.length).toBeGreaterThan(8);
    for (const f of all) expect(f.description).toMatch(/\b(Add|Remove|Use|Replace|Check|Put|Write|Set|Move|Prefer|Recompute|Generate|List|Send|Fix|Merge|Encode|Allow)\b/);
  });

  it('rejects bad input with a message that names what was received and what to pass', () => {
    expect(() => evaluateCsp(42 as never)).toThrow(/evaluateCsp: expected a CSP header value \(string\).*received number 42/);
    expect(() => evaluateCsp([{}] as never)).toThrow(/item 0 is not a parsed policy.*received an object/);
    expect(() => evaluateCsp('default-src x', { version: 4 as never })).toThrow(/options.version must be 1, 2 or 3.*received number 4/);
    expect(() => evaluateCsp('default-src x', { strict: 'yes' as never })).toThrow(/options.strict must be true or false.*received the string 'yes'/);
    expect(() => evaluateCsp('default-src x', null as never)).toThrow(/options must be an object/);
  });
});

describe('evaluatePolicies (extended mode)', () => {
  const one = (policy: string, options = {}) => evaluatePolicies(parseCsp(policy), options);

  it('adds the style, navigation and hash checks', () => {
    const findings = one(
      "default-src 'self'; object-src 'none'; style-src 'unsafe-inline' https: data:; frame-ancestors * 'unsafe-inline'; script-src 'sha256-abc' 'sha384-" +
        'A'.repeat(64) +
        "'",
    );
    expect(types(findings)).toEqual(
      ['base-uri-missing', 'form-action-missing', 'frame-ancestors-invalid', 'frame-ancestors-wildcard', 'hash-length', 'style-data-uri', 'style-unsafe-inline', 'style-wildcard'].sort(),
    );
    expect(findings.find((f) => f.type === 'hash-length')?.value).toBe("'sha256-abc'");
  });

  it('accepts a correct sha256 and sha512 hash', () => {
    const sha256 = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";
    const sha512 = "'sha512-" + 'z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==' + "'";
    expect(one(`script-src ${sha256} ${sha512}`).filter((f) => f.type === 'hash-length')).toEqual([]);
  });

  it("knows CSP3 names csp-evaluator 1.1.8 does not, while evaluateCsp keeps its answer", () => {
    const policy = "script-src 'nonce-rAnd0mRAnd0m123' 'strict-dynamic' 'trusted-types-eval' 'report-sha256'; fenced-frame-src https://ads.example; object-src 'none'; base-uri 'none'";
    const extended = one(policy);
    expect(extended.filter((f) => f.type === 'invalid-keyword' || f.type === 'unknown-directive')).toEqual([]);
    expect(brief(evaluateCsp(policy).filter((f) => f.type === 'invalid-keyword' || f.type === 'unknown-directive'))).toEqual([
      "invalid-keyword syntax script-src 'report-sha256'",
      "invalid-keyword syntax script-src 'trusted-types-eval'",
      'unknown-directive syntax fenced-frame-src',
    ]);
  });

  it('reads policies as browsers do and reports what the parser had to skip', () => {
    const findings = one("script-src \u2018self\u2019; script-src: 'self'; object-src 'none'; object-src 'self'; img-src");
    expect(brief(findings.filter((f) => ['directive-ignored', 'duplicate-directive', 'empty-directive'].includes(f.type)))).toEqual([
      "directive-ignored syntax script-src script-src \u2018self\u2019",
      "directive-ignored syntax script-src: script-src: 'self'",
      "duplicate-directive syntax object-src object-src 'self'",
      'empty-directive info img-src',
    ]);
    // The browser ignores the curly-quoted script-src, so scripts are unrestricted.
    expect(findings.some((f) => f.type === 'missing-directives' && f.directive === 'script-src')).toBe(true);
  });

  it('counts a weakness only where every enforced policy has it', () => {
    const policies = parseCsp("script-src 'unsafe-inline' 'unsafe-eval'; object-src 'none', script-src 'unsafe-inline' 'nonce-rAnd0mRAnd0m123'; object-src 'none'; base-uri 'none'");
    const findings = evaluatePolicies(policies);
    // unsafe-eval: only policy 0 allows it, policy 1 blocks eval, so it does not stand.
    expect(findings.some((f) => f.type === 'script-unsafe-eval')).toBe(false);
    // unsafe-inline: policy 1 neutralises it with a nonce, so it does not stand either.
    expect(findings.some((f) => f.type === 'script-unsafe-inline')).toBe(false);
    // Alone, policy 0 has both.
    expect(types(evaluatePolicies([policies[0]!]))).toEqual(expect.arrayContaining(['script-unsafe-eval', 'script-unsafe-inline']));
  });

  it('reports a shared weakness once, with the index of the first policy', () => {
    const findings = evaluatePolicies(parseCsp("script-src * ; object-src 'none', default-src *"));
    const wildcard = findings.filter((f) => f.type === 'plain-wildcard');
    expect(wildcard).toHaveLength(1);
    expect(wildcard[0]).toMatchObject({ policyIndex: 0, disposition: 'enforce', value: '*' });
  });

  it('judges report-only policies on their own and marks them', () => {
    const enforced = parseCsp("default-src 'self'; object-src 'none'");
    const reported = parseCsp("script-src 'unsafe-inline'", { disposition: 'report' });
    const findings = evaluatePolicies([...enforced, ...reported]);
    const fromReport = findings.filter((f) => f.policyIndex === 1);
    expect(fromReport.every((f) => f.disposition === 'report')).toBe(true);
    expect(fromReport.map((f) => f.type)).toContain('script-unsafe-inline');
    expect(findings.filter((f) => f.policyIndex === 0).every((f) => f.disposition === 'enforce')).toBe(true);
  });

  it('notes frame-ancestors in a <meta> policy', () => {
    const policy = parseCsp("default-src 'self'; frame-ancestors 'none'", { source: 'meta' });
    const findings = evaluatePolicies(policy);
    expect(findings.some((f) => f.type === 'directive-ignored' && f.directive === 'frame-ancestors')).toBe(true);
  });

  it('asks for a reporting destination under strict', () => {
    expect(types(one("default-src 'none'", { strict: true }))).toContain('reporting-destination-missing');
    expect(types(one("default-src 'none'; report-to main", { strict: true }))).toContain('report-to-only');
    expect(types(one("default-src 'none'; report-uri /r", { strict: true }))).not.toContain('reporting-destination-missing');
  });

  it('rejects a string in place of parsed policies', () => {
    expect(() => evaluatePolicies("default-src 'none'" as never)).toThrow(/expected an array of parsed policies.*pass parseCsp\(value\)/);
  });
});

describe('findStaticNonces', () => {
  it('finds a nonce repeated across responses, not one repeated within a response', () => {
    const findings = findStaticNonces([
      "script-src 'nonce-SAMEsame1234'; style-src 'nonce-SAMEsame1234'",
      parseCsp("script-src 'nonce-SAMEsame1234'"),
      "script-src 'nonce-fresh0000001'",
      "script-src 'nonce-fresh0000002'",
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ type: 'static-nonce', severity: 'high', directive: 'script-src', value: "'nonce-SAMEsame1234'", policyIndex: 0 });
    expect(findings[0]!.description).toMatch(/2 responses/);
  });

  it('finds nothing when every response has its own nonce', () => {
    expect(findStaticNonces(["script-src 'nonce-a1b2c3d4e5'", "script-src 'nonce-f6g7h8i9j0'"])).toEqual([]);
  });

  it('rejects a single policy in place of a list of responses', () => {
    expect(() => findStaticNonces("script-src 'nonce-x'" as never)).toThrow(/expected an array with the policies of each response/);
  });
});
