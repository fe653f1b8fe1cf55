import { parseDictionary, Token } from 'structured-headers';
import type { InnerList, Item } from 'structured-headers';
import type { Finding, HeaderSet, Severity } from '../types';
import { fixFor } from './fix';
import { notForKind } from './kinds';
import type { Rule, RuleContext } from './types';
import { finding } from './util';

/**
 * Integrity-Policy and Integrity-Policy-Report-Only (Subresource Integrity
 * §3.7; Chromium 138, Firefox 145): a Structured Fields dictionary whose
 * `blocked-destinations` (an inner list of `script`, `style`) are the request
 * destinations that must carry an `integrity` attribute, `sources` (default
 * `(inline)`, the only value defined) says where integrity metadata may come
 * from, and `endpoints` names Reporting-Endpoints members (checked by the
 * reporting rule). Browsers ignore a header that does not parse and tokens
 * they do not know. Without blocked destinations the policy does nothing.
 * The strict level asks for an enforced policy where the page already uses
 * SRI: the integrity attributes are there, the policy makes a missing one an
 * error instead of a silent gap.
 */
export const INTEGRITY_POLICY_FINDING_IDS = [
  'integrity-policy/invalid',
  'integrity-policy/no-destinations',
  'integrity-policy/unknown-destination',
  'integrity-policy/unknown-source',
  'integrity-policy/missing',
  'integrity-policy/report-only',
] as const;

type Id = (typeof INTEGRITY_POLICY_FINDING_IDS)[number];

export const INTEGRITY_DESTINATIONS = ['script', 'style'] as const;
export const INTEGRITY_SOURCES = ['inline'] as const;

const ENFORCED = 'integrity-policy';
const REPORT_ONLY = 'integrity-policy-report-only';

/** A parsed Integrity-Policy: the token lists, or why it is ignored. */
export interface IntegrityPolicy {
  blockedDestinations: string[];
  sources: string[];
  endpoints: string[];
}

function tokens(member: Item | InnerList | undefined, what: string): string[] {
  if (member === undefined) return [];
  const [value] = member;
  if (!Array.isArray(value)) throw new Error(`${what} must be an inner list such as (script style)`);
  return (value as Item[]).map(([bare]) => {
    if (!(bare instanceof Token)) throw new Error(`${what} holds ${JSON.stringify(String(bare))}, not a token`);
    return bare.toString();
  });
}

/** Parses an Integrity-Policy value; throws an Error saying why browsers would ignore it. */
export function parseIntegrityPolicy(value: string): IntegrityPolicy {
  const dictionary = parseDictionary(value);
  return {
    blockedDestinations: tokens(dictionary.get('blocked-destinations'), 'blocked-destinations'),
    sources: dictionary.has('sources') ? tokens(dictionary.get('sources'), 'sources') : ['inline'],
    endpoints: tokens(dictionary.get('endpoints'), 'endpoints'),
  };
}

/** Whether the page loads a script or stylesheet with an `integrity` attribute. */
export function usesSubresourceIntegrity(html: string): boolean {
  return /<(?:script|link)\b[^>]*\sintegrity\s*=/i.test(html);
}

const POLICY_VALUE = 'blocked-destinations=(script style)';

/** `received`: the header's value as sent, so a writer replaces it rather than adding a second one. */
function policyFix(context: RuleContext, header: 'Integrity-Policy' | 'Integrity-Policy-Report-Only', received: string | undefined): string {
  return fixFor({ kind: 'set', header, value: POLICY_VALUE, ...(received !== undefined ? { received } : {}) }, context);
}

export function checkIntegrityPolicy(headers: HeaderSet, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  // A report-only policy is fixed by enforcing it (Integrity-Policy beside it), not by resending the report-only header.
  const fixOf = (id: Id, header: string) =>
    id === 'integrity-policy/report-only' ? policyFix(context, 'Integrity-Policy', headers.get(ENFORCED)) : policyFix(context, header === REPORT_ONLY ? 'Integrity-Policy-Report-Only' : 'Integrity-Policy', headers.get(header));
  const add = (id: Id, severity: Severity, header: string, expected: string, message: string, directive?: string) =>
    findings.push(finding({ id, severity, header, directive, received: headers.get(header), expected, fix: fixOf(id, header), message }));
  const valid: Record<string, IntegrityPolicy | undefined> = {};
  for (const header of [ENFORCED, REPORT_ONLY]) {
    const value = headers.get(header);
    if (value === undefined) continue;
    const label = header === ENFORCED ? 'Integrity-Policy' : 'Integrity-Policy-Report-Only';
    let policy: IntegrityPolicy;
    try {
      policy = parseIntegrityPolicy(value);
    } catch (error) {
      add('integrity-policy/invalid', 'low', header, POLICY_VALUE, `${label} does not parse (${error instanceof Error ? error.message : String(error)}); browsers ignore it`);
      continue;
    }
    valid[header] = policy;
    const unknown = policy.blockedDestinations.filter((d) => !(INTEGRITY_DESTINATIONS as readonly string[]).includes(d));
    for (const d of unknown) add('integrity-policy/unknown-destination', 'low', header, 'script or style', `${label} blocked-destinations names ${d}, which browsers do not know (only script and style); it is ignored`, 'blocked-destinations');
    for (const s of policy.sources.filter((s) => !(INTEGRITY_SOURCES as readonly string[]).includes(s))) {
      add('integrity-policy/unknown-source', 'low', header, 'inline', `${label} sources names ${s}; only inline is defined, so browsers ignore it`, 'sources');
    }
    if (policy.blockedDestinations.length === unknown.length) {
      add('integrity-policy/no-destinations', 'low', header, POLICY_VALUE, `${label} blocks no destination browsers know, so it ${header === ENFORCED ? 'blocks' : 'reports'} nothing`, 'blocked-destinations');
    }
  }
  const usesSri = context.html !== undefined && usesSubresourceIntegrity(context.html);
  const strictAsks = context.level === 'strict' && usesSri;
  if (!headers.has(ENFORCED) && strictAsks) {
    if (valid[REPORT_ONLY]) {
      add('integrity-policy/report-only', 'low', REPORT_ONLY, `Integrity-Policy: ${POLICY_VALUE}`, 'the page uses Subresource Integrity but only reports scripts and styles without it (Integrity-Policy-Report-Only); enforce it once the reports are clean');
    } else {
      add('integrity-policy/missing', 'low', ENFORCED, POLICY_VALUE, 'the page uses Subresource Integrity, but nothing makes the browser refuse a script or stylesheet without an integrity attribute (Integrity-Policy)');
    }
  } else if (!headers.has(ENFORCED) && valid[REPORT_ONLY]) {
    add('integrity-policy/report-only', 'info', REPORT_ONLY, `Integrity-Policy: ${POLICY_VALUE}`, 'Integrity-Policy-Report-Only reports scripts and styles without integrity but blocks none; enforce it once the reports are clean');
  }
  return findings;
}

export const integrityPolicyRule: Rule = {
  name: 'integrity-policy',
  header: `${ENFORCED}, ${REPORT_ONLY}`,
  summary: 'Integrity-Policy parses and blocks scripts and styles without integrity (strict: where the page uses SRI)',
  skip: (_headers, context) => notForKind('integrity-policy', context),
  check: checkIntegrityPolicy,
};
