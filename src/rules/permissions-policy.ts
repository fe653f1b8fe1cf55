import { parseDictionary, Token } from 'structured-headers';
import type { BareItem, InnerList, Item } from 'structured-headers';
import type { Finding, HeaderSet } from '../types';
import { KNOWN_PERMISSIONS_FEATURES, POWERFUL_PERMISSIONS_FEATURES, SUGGESTED_PERMISSIONS_POLICY } from './data/permissions-features';
import { fixFor } from './fix';
import { notForKind } from './kinds';
import type { Rule, RuleContext } from './types';
import { finding } from './util';

/**
 * Permissions-Policy, a Structured Fields dictionary (RFC 8941): feature name
 * → allowlist, where an allowlist is `*`, `self`, `src`, an origin string or
 * an inner list of those; `()` is "nobody". A header that does not parse is
 * dropped whole by browsers, so the parse error is shown. OWASP lists the
 * header among those to send, so the strict level requires it.
 */
export const PERMISSIONS_POLICY_FINDING_IDS = [
  'permissions-policy/missing',
  'permissions-policy/parse-error',
  'permissions-policy/wildcard',
  'permissions-policy/invalid-allowlist',
  'permissions-policy/unknown-feature',
] as const;

const HEADER = 'permissions-policy';

type AllowlistEntry = { kind: 'wildcard' } | { kind: 'self' } | { kind: 'src' } | { kind: 'origin'; origin: string } | { kind: 'invalid'; text: string };

function entryOf(bare: BareItem): AllowlistEntry {
  if (bare instanceof Token) {
    const t = bare.toString();
    if (t === '*') return { kind: 'wildcard' };
    if (t === 'self') return { kind: 'self' };
    if (t === 'src') return { kind: 'src' };
    return { kind: 'invalid', text: t };
  }
  if (typeof bare === 'string') {
    try {
      const url = new URL(bare);
      if (url.origin !== 'null') return { kind: 'origin', origin: url.origin };
    } catch {
      // fall through: not an origin
    }
    return { kind: 'invalid', text: JSON.stringify(bare) };
  }
  return { kind: 'invalid', text: String(bare) };
}

function allowlistOf(member: Item | InnerList): AllowlistEntry[] {
  const [value] = member;
  if (Array.isArray(value)) return (value as Item[]).map(([bare]) => entryOf(bare));
  return [entryOf(value as BareItem)];
}

function ppFix(context: RuleContext, received: string | undefined): string {
  return fixFor({ kind: 'set', header: 'Permissions-Policy', value: SUGGESTED_PERMISSIONS_POLICY, received }, context);
}

export function checkPermissionsPolicy(headers: HeaderSet, context: RuleContext): Finding[] {
  const received = headers.get(HEADER);
  const fix = ppFix(context, received);
  const expected = `a valid Permissions-Policy that turns off unused powerful features, e.g. ${SUGGESTED_PERMISSIONS_POLICY}`;
  if (received === undefined) {
    return [
      finding({
        id: 'permissions-policy/missing',
        severity: context.level === 'strict' ? 'low' : 'info',
        header: HEADER,
        expected,
        fix,
        message: 'Permissions-Policy is missing: embedded frames may ask for camera, microphone, geolocation…',
      }),
    ];
  }
  let dictionary: Map<string, Item | InnerList>;
  try {
    dictionary = parseDictionary(received);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = /'/.test(received) || /^\s*[a-z-]+\s+[^=,]/i.test(received) ? " (this looks like Feature-Policy syntax; Permissions-Policy is `camera=(), geolocation=(self)`)" : '';
    return [
      finding({ id: 'permissions-policy/parse-error', severity: 'medium', header: HEADER, received, expected, fix, message: `Permissions-Policy does not parse as a Structured Fields dictionary: ${reason}${hint}; browsers ignore the whole header` }),
    ];
  }
  const findings: Finding[] = [];
  for (const [feature, member] of dictionary) {
    const base = { header: HEADER, received, directive: feature, fix };
    if (!KNOWN_PERMISSIONS_FEATURES.includes(feature)) {
      findings.push(finding({ ...base, id: 'permissions-policy/unknown-feature', severity: 'info', expected: 'a feature name browsers know', message: `unknown feature ${feature} is ignored by browsers (typo?)` }));
    }
    const entries = allowlistOf(member);
    for (const entry of entries) {
      if (entry.kind === 'invalid') {
        findings.push(
          finding({ ...base, id: 'permissions-policy/invalid-allowlist', severity: 'low', expected: '*, self, src, an origin string such as "https://example.com", or a list of them in ()', message: `${feature} allowlist entry ${entry.text} is not valid and is ignored` }),
        );
      }
    }
    if (entries.some((e) => e.kind === 'wildcard')) {
      const powerful = POWERFUL_PERMISSIONS_FEATURES.includes(feature);
      findings.push(
        finding({
          ...base,
          id: 'permissions-policy/wildcard',
          severity: powerful ? 'medium' : 'low',
          expected: `${feature}=() or ${feature}=(self)`,
          message: powerful ? `${feature}=* lets every embedded origin use a powerful feature` : `${feature}=* allows the feature for every embedded origin`,
        }),
      );
    }
  }
  return findings;
}

export const permissionsPolicyRule: Rule = {
  name: 'permissions-policy',
  header: HEADER,
  summary: 'Permissions-Policy parses and does not hand powerful features to every origin',
  skip: (_headers, context) => notForKind('permissions-policy', context),
  check: checkPermissionsPolicy,
};
