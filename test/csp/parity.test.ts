/**
 * Parity with Google's csp-evaluator 1.1.8 (the oracle, a devDependency used
 * only here): for one policy string, evaluateCsp gives the same multiset of
 * (type, severity, directive, value) as
 *   new CspEvaluator(new CspParser(p).csp, version).evaluate()        (default)
 *   new CspEvaluator(new CspParser(p).csp, version).evaluate(STRICTCSP_CHECKS)  (strict)
 * for CSP versions 1, 2 and 3. Findings of the oracle's severity NONE (its
 * notes on ignored values) are left out, as allowed.
 */
import { CspEvaluator, STRICTCSP_CHECKS } from 'csp_evaluator/dist/evaluator';
import { CspParser } from 'csp_evaluator/dist/parser';
import { Severity, Type, type Finding } from 'csp_evaluator/dist/finding';
import { Version } from 'csp_evaluator/dist/csp';
import * as oracleSecurity from 'csp_evaluator/dist/checks/security_checks';
import * as oracleParser from 'csp_evaluator/dist/checks/parser_checks';
import * as oracleStrict from 'csp_evaluator/dist/checks/strictcsp_checks';
import { evaluateCsp, evaluatorView } from '../../src/csp/evaluate';
import { CSP_EVALUATOR_FINDING_TYPES, type CspFinding } from '../../src/csp/findings';
import { parseCsp } from '../../src/csp/parse';
import { effectiveView } from '../../src/csp/checks/view';
import * as ours from '../../src/csp/checks/all';
import { generateCorpus } from './parity-corpus';
import { UPSTREAM_CHECK_CASES, UPSTREAM_POLICIES } from './parity-upstream-cases';

const kebab = (name: string): string => name.toLowerCase().replace(/_/g, '-');

function oracleKeys(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.severity !== Severity.NONE)
    .map((f) => `${kebab(Type[f.type])} | ${kebab(Severity[f.severity])} | ${f.directive} | ${f.value ?? ''}`)
    .sort();
}

function ourKeys(findings: CspFinding[]): string[] {
  return findings.map((f) => `${f.type} | ${f.severity} | ${f.directive} | ${f.value ?? ''}`).sort();
}

type Outcome = { keys: string[] } | { crashed: string };

function runOracle(policy: string, version: 1 | 2 | 3, strict: boolean): Outcome {
  try {
    const evaluator = new CspEvaluator(new CspParser(policy).csp, version as Version);
    return { keys: oracleKeys(strict ? evaluator.evaluate(STRICTCSP_CHECKS) : evaluator.evaluate()) };
  } catch (error) {
    return { crashed: (error as Error).message };
  }
}

interface Difference {
  policy: string;
  version: number;
  strict: boolean;
  oracle: string[];
  ours: string[];
}

function compare(policies: readonly string[]): { differences: Difference[]; crashes: string[]; compared: number; typesSeen: Set<string> } {
  const differences: Difference[] = [];
  const crashes: string[] = [];
  const typesSeen = new Set<string>();
  let compared = 0;
  for (const policy of policies) {
    for (const version of [1, 2, 3] as const) {
      for (const strict of [false, true]) {
        const expected = runOracle(policy, version, strict);
        // Ours must never throw, even where the oracle does.
        const actual = ourKeys(evaluateCsp(policy, { version, strict }));
        if ('crashed' in expected) {
          if (!crashes.includes(policy)) crashes.push(policy);
          continue;
        }
        compared++;
        for (const k of expected.keys) typesSeen.add(k.split(' | ')[0] ?? '');
        if (expected.keys.join('\n') !== actual.join('\n')) differences.push({ policy, version, strict, oracle: expected.keys, ours: actual });
      }
    }
  }
  return { differences, crashes, compared, typesSeen };
}

function report(differences: Difference[]): string {
  return differences
    .slice(0, 5)
    .map((d) => {
      const onlyOracle = d.oracle.filter((k) => !d.ours.includes(k));
      const onlyOurs = d.ours.filter((k) => !d.oracle.includes(k));
      return [
        `policy (CSP${d.version}${d.strict ? ', strict' : ''}): ${JSON.stringify(d.policy)}`,
        `  csp-evaluator:\n${d.oracle.map((k) => '    ' + k).join('\n') || '    (none)'}`,
        `  ours:\n${d.ours.map((k) => '    ' + k).join('\n') || '    (none)'}`,
        `  only csp-evaluator: ${JSON.stringify(onlyOracle)}; only ours: ${JSON.stringify(onlyOurs)}`,
      ].join('\n');
    })
    .join('\n\n');
}

function expectParity(policies: readonly string[]): ReturnType<typeof compare> {
  const result = compare(policies);
  if (result.differences.length > 0) {
    throw new Error(`${result.differences.length} of ${result.compared} evaluations differ from csp-evaluator; first ones:\n\n${report(result.differences)}`);
  }
  return result;
}

const ORACLE_CHECKS: Record<string, (csp: never) => Finding[]> = { ...oracleSecurity, ...oracleParser, ...oracleStrict } as never;

describe('parity with csp-evaluator 1.1.8: its own test cases', () => {
  it.each(UPSTREAM_CHECK_CASES.map((c) => [`${c.file} ${c.name}`, c] as const))('%s', (_name, c) => {
    const ourCheck = (ours as Record<string, unknown>)[c.check] as ((view: never, ctx: never) => CspFinding[]) | undefined;
    const oracleCheck = ORACLE_CHECKS[c.check];
    expect(typeof ourCheck).toBe('function');
    expect(typeof oracleCheck).toBe('function');
    const [policy] = parseCsp(c.policy);
    const view = c.version ? effectiveView(evaluatorView(policy!), c.version) : evaluatorView(policy!);
    const findings = ourCheck!(view as never, { extended: false } as never);
    // What the upstream test asserts.
    if (c.count !== undefined) expect(findings).toHaveLength(c.count);
    if (c.everySeverity) for (const f of findings) expect(f.severity).toBe(c.everySeverity);
    for (const a of c.at ?? []) expect(findings[a.i]?.[a.field]).toBe(a.expected);
    // And the same findings as the oracle's check on the same input.
    const parsed = new CspParser(c.policy).csp;
    const oracleInput = c.version ? parsed.getEffectiveCsp(c.version as Version) : parsed;
    expect(ourKeys(findings)).toEqual(oracleKeys(oracleCheck!(oracleInput as never)));
  });

  it('gives the same whole evaluation for every upstream test policy (CSP1-3, default and strict)', () => {
    const policies = [...UPSTREAM_POLICIES, ...UPSTREAM_CHECK_CASES.map((c) => c.policy)];
    const { compared } = expectParity(policies);
    expect(compared).toBe(policies.length * 6);
  });
});

describe('parity with csp-evaluator 1.1.8: generated corpus', () => {
  // 2,000 policies reach every check of both sets (1,500 did too); CSP_PARITY_SIZE runs a bigger corpus.
  const CORPUS_SIZE = Number(process.env.CSP_PARITY_SIZE ?? 2000);
  const corpus = generateCorpus(20240611, CORPUS_SIZE);
  // Both tests read one comparison: it already runs ours on every policy the oracle throws on.
  let parity: ReturnType<typeof compare> | undefined;
  const corpusParity = () => (parity ??= expectParity(corpus));

  it(`gives the same findings for ${CORPUS_SIZE} generated policies (CSP1-3, default and strict)`, () => {
    const { compared, crashes, typesSeen } = corpusParity();
    // The corpus must exercise every check of the default and strict sets, or parity would prove little.
    const reportingOnly = new Set(['reporting-destination-missing', 'report-to-only']);
    const expectedTypes = [...CSP_EVALUATOR_FINDING_TYPES].filter((t) => !reportingOnly.has(t)).sort();
    expect([...typesSeen].sort()).toEqual(expectedTypes);
    // The oracle throws on a few token shapes its URL parsing rejects (see the divergences doc); most policies compare.
    expect(crashes.length).toBeLessThan(CORPUS_SIZE * 0.05);
    // (A policy can crash the oracle in one version only: CSP3 drops allowlists next to 'strict-dynamic'.)
    expect(compared).toBeGreaterThanOrEqual((CORPUS_SIZE - crashes.length) * 6);
  });

  it('never throws where csp-evaluator throws', () => {
    const crashing = corpusParity().crashes;
    expect(crashing.length).toBeGreaterThan(0);
    for (const p of crashing) expect(() => evaluateCsp(p, { strict: true })).not.toThrow();
  });
});
