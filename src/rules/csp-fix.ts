import type { CspFinding, CspFindingType } from '../csp/findings';
import type { Policy } from '../csp/types';
import { NONCE, type CspDirectives } from '../fixes';
import { fixFor } from './fix';
import type { RuleContext } from './types';

/**
 * Fixes for CSP findings. The evaluator's description says what is wrong in
 * CSP terms; here the common fixes become a goal (a directive and its new
 * value, with the nonces the response already uses) that src/fixes/ words
 * as the framework's option, or the header line.
 */

interface DirectiveFix {
  directive: string;
  /** The value to set, in CSP syntax; NONCE stands for the per-response nonce. */
  values: readonly string[];
}

/** The script-src a strict policy uses: a nonce, and scripts those load are trusted too. */
const STRICT_SCRIPT: DirectiveFix = { directive: 'script-src', values: [NONCE, "'strict-dynamic'"] };

const FIXES: Partial<Record<CspFindingType, DirectiveFix>> = {
  'script-unsafe-inline': STRICT_SCRIPT,
  'script-unsafe-eval': STRICT_SCRIPT,
  'script-allowlist-bypass': STRICT_SCRIPT,
  'plain-url-schemes': STRICT_SCRIPT,
  'plain-wildcard': STRICT_SCRIPT,
  'strict-dynamic': STRICT_SCRIPT,
  'object-allowlist-bypass': { directive: 'object-src', values: ["'none'"] },
  'base-uri-missing': { directive: 'base-uri', values: ["'none'"] },
  'form-action-missing': { directive: 'form-action', values: ["'self'"] },
  'frame-ancestors-wildcard': { directive: 'frame-ancestors', values: ["'self'"] },
  'style-unsafe-inline': { directive: 'style-src', values: ["'self'", NONCE] },
};

/** `missing-directives` names what is missing in its directive. */
function fixOf(finding: CspFinding): DirectiveFix | undefined {
  if (finding.type === 'missing-directives') {
    if (finding.directive === 'object-src' || finding.directive === 'base-uri') return { directive: finding.directive, values: ["'none'"] };
    if (finding.directive === 'script-src') return STRICT_SCRIPT;
    return undefined;
  }
  return FIXES[finding.type];
}

const NONCE_VALUE = /^'nonce-/i;

/** The policy as directives, one set to `values`, nonces shown as the per-response marker (added last when new). */
export function policyWith(policy: Policy, directive: string, values: readonly string[]): CspDirectives {
  const out: Array<readonly [string, readonly string[]]> = policy.directives.map((d) =>
    d.name === directive ? [d.name, values] : [d.name, d.values.map((v) => (NONCE_VALUE.test(v) ? NONCE : v))],
  );
  if (!policy.directives.some((d) => d.name === directive)) out.push([directive, values]);
  return out;
}

/** The directives that already carry a nonce in any enforced policy. */
/** Worked out once per list of policies: a header of many policies has a fix line per finding, and each read them all. */
const nonceDirectivesOf = new WeakMap<readonly Policy[], string[]>();

function nonceDirectives(policies: readonly Policy[]): string[] {
  let names = nonceDirectivesOf.get(policies);
  if (names === undefined) {
    names = [...new Set(policies.flatMap((p) => p.directives.filter((d) => d.values.some((v) => NONCE_VALUE.test(v))).map((d) => d.name)))];
    nonceDirectivesOf.set(policies, names);
  }
  return names;
}

/** The fix line for a CSP finding; undefined when the finding has no one-line fix (its description then says what to do). */
export function cspFindingFix(finding: CspFinding, enforced: readonly Policy[], context: RuleContext): string | undefined {
  const fix = fixOf(finding);
  if (!fix) return undefined;
  const judged = enforced[finding.policyIndex ?? 0] ?? enforced[0];
  // A nonce-based policy is open to <base> injection unless base-uri is set: csp-evaluator asks for it, so the fix brings it.
  const also: CspDirectives = fix.values.includes(NONCE) && fix.directive !== 'base-uri' && !judged?.directives.some((d) => d.name === 'base-uri') ? [['base-uri', ["'none'"]]] : [];
  let policy: CspDirectives = judged ? policyWith(judged, fix.directive, fix.values) : [[fix.directive, fix.values]];
  for (const [name, values] of also) policy = [...policy, [name, values]];
  return fixFor({ kind: 'csp-directive', directive: fix.directive, values: fix.values, also, nonceIn: nonceDirectives(enforced), policy }, context);
}

/** What a sound policy has instead, for the finding's `expected`. */
export function cspFindingExpected(finding: CspFinding): string {
  const fix = fixOf(finding);
  if (fix) return `${fix.directive} ${fix.values.map((v) => (v === NONCE ? "'nonce-{random per response}'" : v)).join(' ')}`;
  return finding.value ? `no ${finding.value} in ${finding.directive}` : `a sound ${finding.directive}`;
}
