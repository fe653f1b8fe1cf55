/** Each deliberate difference from csp-evaluator 1.1.8, as written in docs/csp-evaluator-divergences.md. */
import { CspEvaluator, STRICTCSP_CHECKS } from 'csp_evaluator/dist/evaluator';
import { CspParser } from 'csp_evaluator/dist/parser';
import { Severity, Type } from 'csp_evaluator/dist/finding';
import { evaluateCsp, evaluatePolicies } from '../../src/csp/evaluate';
import type { CspFinding } from '../../src/csp/findings';
import { parseCsp } from '../../src/csp/parse';

const kebab = (name: string): string => name.toLowerCase().replace(/_/g, '-');
const theirs = (policy: string, strict = true): string[] =>
  new CspEvaluator(new CspParser(policy).csp)
    .evaluate(strict ? STRICTCSP_CHECKS : undefined)
    .filter((f) => f.severity !== Severity.NONE)
    .map((f) => `${kebab(Type[f.type])} ${f.directive}${f.value ? ' ' + f.value : ''}`)
    .sort();
const ours = (findings: CspFinding[]): string[] => findings.map((f) => `${f.type} ${f.directive}${f.value ? ' ' + f.value : ''}`).sort();

describe('divergence 1: tokens csp-evaluator crashes on', () => {
  it.each(['https://', 'example.com:99999', '999.1.1.1', '1.2.3.4.5', 'example.123', 'ex%zz.com', 'a|b.com'])('%s', (token) => {
    const policy = `script-src 'self' ${token}; object-src 'none'`;
    expect(() => theirs(policy)).toThrow(/Invalid URL/);
    expect(() => evaluateCsp(policy, { strict: true })).not.toThrow();
    // Ours gives what csp-evaluator gives for the policy without that token, plus at most findings about the token itself.
    const without = ours(evaluateCsp("script-src 'self'; object-src 'none'"));
    const withToken = ours(evaluateCsp(policy));
    expect(withToken.filter((k) => !k.endsWith(' ' + token))).toEqual(without);
    expect(without).toEqual(theirs("script-src 'self'; object-src 'none'", false));
  });
});

describe('divergence 2: directives named constructor or __proto__', () => {
  it.each(['constructor', '__proto__'])('%s is reported as unknown, where csp-evaluator drops it', (name) => {
    const policy = `${name} x; script-src 'none'; object-src 'none'`;
    expect(theirs(policy)).toEqual(theirs("script-src 'none'; object-src 'none'"));
    expect(ours(evaluateCsp(policy, { strict: true }))).toEqual([...theirs(policy), `unknown-directive ${name}`].sort());
  });
});

describe('divergence 3: commas separate policies', () => {
  it('judges each comma-separated policy on its own', () => {
    const policy = "script-src 'self', object-src 'none'";
    expect(theirs(policy)).toContain('missing-semicolon script-src object-src');
    const findings = evaluateCsp(policy);
    expect(ours(findings.filter((f) => f.policyIndex === 0))).toEqual(ours(evaluateCsp("script-src 'self'")));
    expect(ours(findings.filter((f) => f.policyIndex === 1))).toEqual(ours(evaluateCsp("object-src 'none'")));
  });
});

describe('extended mode reads policies as browsers do', () => {
  it('leaves out a directive with curly quotes, which csp-evaluator judges', () => {
    const policy = "script-src \u2018unsafe-inline\u2019 https:; object-src 'none'";
    expect(theirs(policy)).toContain('plain-url-schemes script-src https:');
    // evaluateCsp keeps csp-evaluator's reading...
    expect(ours(evaluateCsp(policy, { strict: true }))).toEqual(theirs(policy));
    // ...evaluatePolicies follows the browser: no script-src at all.
    const extended = ours(evaluatePolicies(parseCsp(policy)));
    expect(extended).toContain('missing-directives script-src');
    expect(extended).toContain("directive-ignored script-src script-src \u2018unsafe-inline\u2019 https:");
    expect(extended.some((k) => k.startsWith('plain-url-schemes'))).toBe(false);
  });
});

describe('extended mode: Google Tag Manager is a bypass without eval', () => {
  it("reports www.googletagmanager.com as high without 'unsafe-eval'; csp-evaluator does not", () => {
    const policy = "script-src https://www.googletagmanager.com; object-src 'none'; base-uri 'none'";
    // csp-evaluator: GTM only counts with 'unsafe-eval', so it is the generic medium-maybe allowlist note.
    const upstream = new CspEvaluator(new CspParser(policy).csp).evaluate().filter((f) => Type[f.type] === 'SCRIPT_ALLOWLIST_BYPASS');
    expect(upstream.map((f) => f.severity)).toEqual([Severity.MEDIUM_MAYBE]);
    expect(ours(evaluateCsp(policy))).toEqual(theirs(policy, false));
    const extended = evaluatePolicies(parseCsp(policy)).filter((f) => f.type === 'script-allowlist-bypass');
    expect(extended.map((f) => [f.severity, f.value])).toEqual([['high', 'https://www.googletagmanager.com']]);
    // With 'unsafe-eval' both agree it is high.
    const withEval = "script-src https://www.googletagmanager.com 'unsafe-eval'; object-src 'none'";
    expect(new CspEvaluator(new CspParser(withEval).csp).evaluate().filter((f) => Type[f.type] === 'SCRIPT_ALLOWLIST_BYPASS').map((f) => f.severity)).toEqual([Severity.HIGH]);
  });

  it("accepts 'unsafe-webtransport-hashes', which csp-evaluator calls invalid", () => {
    const policy = "connect-src 'self' 'unsafe-webtransport-hashes'; script-src 'none'; object-src 'none'";
    expect(theirs(policy, false)).toContain("invalid-keyword connect-src 'unsafe-webtransport-hashes'");
    expect(ours(evaluatePolicies(parseCsp(policy))).filter((k) => k.startsWith('invalid-keyword'))).toEqual([]);
  });
});
