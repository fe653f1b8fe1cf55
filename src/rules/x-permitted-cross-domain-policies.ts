import type { Finding, HeaderSet } from '../types';
import { owaspValue } from './data/owasp-headers-add';
import { fixFor } from './fix';
import type { Rule, RuleContext } from './types';
import { finding } from './util';

/**
 * X-Permitted-Cross-Domain-Policies (Adobe's cross-domain policy file
 * specification): whether Flash, Acrobat and similar clients may read a
 * crossdomain.xml policy on this site that grants other sites access.
 * `none` forbids every policy file. On OWASP's add list
 * (data/owasp-headers-add.ts), so the strict level asks for `none`; `all`
 * (any policy file on the site counts) is advice at every level.
 */
export const X_PERMITTED_CROSS_DOMAIN_POLICIES_FINDING_IDS = [
  'x-permitted-cross-domain-policies/missing',
  'x-permitted-cross-domain-policies/not-none',
  'x-permitted-cross-domain-policies/invalid',
] as const;

const HEADER = 'x-permitted-cross-domain-policies';
export const CROSS_DOMAIN_POLICY_VALUES = ['none', 'master-only', 'by-content-type', 'by-ftp-filename', 'all', 'none-this-response'] as const;

export function checkXPermittedCrossDomainPolicies(headers: HeaderSet, context: RuleContext): Finding[] {
  const value = headers.get(HEADER);
  const expected = owaspValue('X-Permitted-Cross-Domain-Policies');
  const fix = fixFor({ kind: 'set', header: 'X-Permitted-Cross-Domain-Policies', value: expected, ...(value !== undefined ? { received: value } : {}) }, context);
  const base = { header: HEADER, received: value, expected, fix };
  const strict = context.level === 'strict';
  if (value === undefined) {
    return strict ? [finding({ ...base, id: 'x-permitted-cross-domain-policies/missing', severity: 'low', message: 'X-Permitted-Cross-Domain-Policies is missing: a crossdomain.xml anywhere on the site can open it to other sites in Flash and PDF clients' })] : [];
  }
  const token = value.trim().toLowerCase();
  if (!(CROSS_DOMAIN_POLICY_VALUES as readonly string[]).includes(token)) {
    return [finding({ ...base, id: 'x-permitted-cross-domain-policies/invalid', severity: 'low', message: `X-Permitted-Cross-Domain-Policies ${value} is not one of ${CROSS_DOMAIN_POLICY_VALUES.join(', ')}` })];
  }
  if (token === 'all' || (strict && token !== 'none' && token !== 'none-this-response')) {
    return [finding({ ...base, id: 'x-permitted-cross-domain-policies/not-none', severity: 'low', message: `X-Permitted-Cross-Domain-Policies ${token} lets ${token === 'all' ? 'any' : 'some'} cross-domain policy file on the site grant other sites access; OWASP asks for none` })];
  }
  return [];
}

export const xPermittedCrossDomainPoliciesRule: Rule = {
  name: 'x-permitted-cross-domain-policies',
  header: HEADER,
  summary: 'X-Permitted-Cross-Domain-Policies is not all (strict: none, OWASP)',
  check: checkXPermittedCrossDomainPolicies,
};
