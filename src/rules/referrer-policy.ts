import type { Finding, HeaderSet } from '../types';
import { fixFor } from './fix';
import { notForKind } from './kinds';
import type { Rule, RuleContext } from './types';
import { finding, splitCommas } from './util';

/**
 * Referrer-Policy. The header is a comma list read as in browsers
 * (Referrer Policy §8.1): unknown tokens are skipped and the last known one
 * wins, which lets sites list a fallback before a newer value. Missing is
 * advice only: browsers default to strict-origin-when-cross-origin, and the
 * MDN HTTP Observatory does not mark it down. Safe and unsafe lists as the
 * Observatory has them; the strict level asks for a value that sends nothing
 * cross-origin (OWASP headers_add.json: no-referrer; same-origin is equal for
 * cross-origin requests).
 */
export const REFERRER_POLICY_FINDING_IDS = [
  'referrer-policy/missing',
  'referrer-policy/unsafe',
  'referrer-policy/invalid',
  'referrer-policy/unknown-token',
  'referrer-policy/not-strict',
] as const;

const HEADER = 'referrer-policy';

export const SAFE_REFERRER_POLICIES = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'] as const;
export const UNSAFE_REFERRER_POLICIES = ['unsafe-url', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin'] as const;
const STRICT_REFERRER_POLICIES: readonly string[] = ['no-referrer', 'same-origin'];
const KNOWN: readonly string[] = [...SAFE_REFERRER_POLICIES, ...UNSAFE_REFERRER_POLICIES];

/** The policy a browser applies, or undefined when no token is a known policy. */
export function effectiveReferrerPolicy(value: string): string | undefined {
  const known = splitCommas(value)
    .map((t) => t.toLowerCase())
    .filter((t) => KNOWN.includes(t));
  return known[known.length - 1];
}

function rpFix(context: RuleContext, received: string | undefined): string {
  const value = context.level === 'strict' ? 'no-referrer' : 'strict-origin-when-cross-origin';
  return fixFor({ kind: 'set', header: 'Referrer-Policy', value, received }, context);
}

export function checkReferrerPolicy(headers: HeaderSet, context: RuleContext): Finding[] {
  const strict = context.level === 'strict';
  const expected = strict ? 'no-referrer or same-origin' : SAFE_REFERRER_POLICIES.join(', ');
  const received = headers.get(HEADER);
  const base = { header: HEADER, expected, fix: rpFix(context, received) };
  if (received === undefined) {
    return [
      finding({
        ...base,
        id: 'referrer-policy/missing',
        severity: 'low',
        message: 'Referrer-Policy is missing; browsers default to strict-origin-when-cross-origin, but say it explicitly',
      }),
    ];
  }
  const findings: Finding[] = [];
  const unknown = splitCommas(received).filter((t) => t !== '' && !KNOWN.includes(t.toLowerCase()));
  for (const token of unknown) {
    findings.push(finding({ ...base, id: 'referrer-policy/unknown-token', severity: 'info', received, directive: token, message: `unknown Referrer-Policy token ${JSON.stringify(token)} is ignored by browsers` }));
  }
  const policy = effectiveReferrerPolicy(received);
  if (policy === undefined) {
    findings.push(
      finding({ ...base, id: 'referrer-policy/invalid', severity: 'low', received, message: 'Referrer-Policy has no valid value, so browsers ignore it and use their default' }),
    );
  } else if ((UNSAFE_REFERRER_POLICIES as readonly string[]).includes(policy)) {
    findings.push(
      finding({ ...base, id: 'referrer-policy/unsafe', severity: 'medium', received, directive: policy, message: `Referrer-Policy ${policy} leaks the page URL or origin to other sites or over plain http` }),
    );
  } else if (strict && !STRICT_REFERRER_POLICIES.includes(policy)) {
    findings.push(
      finding({ ...base, id: 'referrer-policy/not-strict', severity: 'low', received, directive: policy, message: `Referrer-Policy ${policy} still sends the origin cross-origin; the strict level asks for no-referrer or same-origin` }),
    );
  }
  return findings;
}

export const referrerPolicyRule: Rule = {
  name: 'referrer-policy',
  header: HEADER,
  summary: 'Referrer-Policy does not leak URLs to other origins',
  skip: (_headers, context) => notForKind('referrer-policy', context),
  check: checkReferrerPolicy,
};
