import { parseDictionary, parseItem, Token } from 'structured-headers';
import type { BareItem } from 'structured-headers';
import type { Finding, HeaderSet } from '../types';
import type { Rule } from './types';
import { finding } from './util';

/**
 * Document-Policy (WICG Document Policy §4; Chromium) and
 * Document-Isolation-Policy (WICG; Chromium 137). Both are Structured
 * Fields: Document-Policy (and -Report-Only, Require-Document-Policy) a
 * dictionary of feature → boolean, number or token, each with an optional
 * `report-to` parameter; Document-Isolation-Policy (and -Report-Only) one
 * token, `none`, `isolate-and-require-corp` or `isolate-and-credentialless`,
 * which makes this one document cross-origin isolated without COOP/COEP and
 * without asking anything of its subframes. A value that does not parse is
 * ignored whole. They are recognised here, parsed, and described
 * (describeDocumentPolicies); only a value browsers would ignore is a finding.
 */
export const DOCUMENT_POLICY_FINDING_IDS = ['document-policy/invalid', 'document-policy/isolation-invalid'] as const;

const POLICY_HEADERS = ['document-policy', 'document-policy-report-only', 'require-document-policy'] as const;
const ISOLATION_HEADERS = ['document-isolation-policy', 'document-isolation-policy-report-only'] as const;
export const DOCUMENT_ISOLATION_VALUES = ['none', 'isolate-and-require-corp', 'isolate-and-credentialless'] as const;

const LABELS: Record<string, string> = {
  'document-policy': 'Document-Policy',
  'document-policy-report-only': 'Document-Policy-Report-Only',
  'require-document-policy': 'Require-Document-Policy',
  'document-isolation-policy': 'Document-Isolation-Policy',
  'document-isolation-policy-report-only': 'Document-Isolation-Policy-Report-Only',
};

function bareText(bare: BareItem): string {
  if (bare instanceof Token) return bare.toString();
  if (typeof bare === 'boolean') return bare ? 'on' : 'off';
  return String(bare);
}

/** The isolation token of a Document-Isolation-Policy value, or undefined when browsers would ignore it. */
export function documentIsolationOf(value: string): (typeof DOCUMENT_ISOLATION_VALUES)[number] | undefined {
  try {
    const [bare] = parseItem(value);
    const token = bare instanceof Token ? bare.toString() : undefined;
    return (DOCUMENT_ISOLATION_VALUES as readonly string[]).includes(token ?? '') ? (token as (typeof DOCUMENT_ISOLATION_VALUES)[number]) : undefined;
  } catch {
    return undefined;
  }
}

const ISOLATION_MEANING: Record<(typeof DOCUMENT_ISOLATION_VALUES)[number], string> = {
  none: 'the document is not isolated (the default)',
  'isolate-and-require-corp': 'the document is cross-origin isolated; cross-origin no-cors subresources need CORP or CORS',
  'isolate-and-credentialless': 'the document is cross-origin isolated; cross-origin no-cors subresources are fetched without credentials',
};

/** One line per Document-Policy / Document-Isolation-Policy header sent, saying what it does. */
export function describeDocumentPolicies(headers: HeaderSet): string[] {
  const lines: string[] = [];
  for (const header of POLICY_HEADERS) {
    const value = headers.get(header);
    if (value === undefined) continue;
    try {
      const members = [...parseDictionary(value)].map(([feature, [bare, params]]) => {
        const reportTo = params.get('report-to');
        const endpoint = typeof reportTo === 'string' || reportTo instanceof Token ? ` (reports to ${String(reportTo)})` : '';
        return `${feature} ${Array.isArray(bare) ? '(list)' : bareText(bare as BareItem)}${endpoint}`;
      });
      const verb = header === 'require-document-policy' ? 'asks embedded documents for' : header.endsWith('-report-only') ? 'reports on' : 'sets';
      lines.push(`${LABELS[header]} ${verb}: ${members.join(', ') || 'nothing'}`);
    } catch {
      lines.push(`${LABELS[header]} does not parse; browsers ignore it`);
    }
  }
  for (const header of ISOLATION_HEADERS) {
    const value = headers.get(header);
    if (value === undefined) continue;
    const token = documentIsolationOf(value);
    lines.push(token ? `${LABELS[header]} ${token}: ${header.endsWith('-report-only') ? 'would mean that ' : ''}${ISOLATION_MEANING[token]}` : `${LABELS[header]} is not valid; browsers ignore it`);
  }
  return lines;
}

export function checkDocumentPolicy(headers: HeaderSet): Finding[] {
  const findings: Finding[] = [];
  for (const header of POLICY_HEADERS) {
    const value = headers.get(header);
    if (value === undefined) continue;
    try {
      parseDictionary(value);
    } catch (error) {
      findings.push(
        finding({
          id: 'document-policy/invalid',
          severity: 'low',
          header,
          received: value,
          expected: 'a Structured Fields dictionary such as oversized-images=2.0, sync-xhr=?0',
          fix: `Write ${LABELS[header]} as feature=value pairs separated by commas`,
          message: `${LABELS[header]} does not parse (${error instanceof Error ? error.message : String(error)}); browsers ignore the whole header`,
        }),
      );
    }
  }
  for (const header of ISOLATION_HEADERS) {
    const value = headers.get(header);
    if (value === undefined || documentIsolationOf(value) !== undefined) continue;
    findings.push(
      finding({
        id: 'document-policy/isolation-invalid',
        severity: 'low',
        header,
        received: value,
        expected: DOCUMENT_ISOLATION_VALUES.join(', '),
        fix: `${LABELS[header]}: isolate-and-credentialless`,
        message: `${LABELS[header]} is not one of ${DOCUMENT_ISOLATION_VALUES.join(', ')}; browsers ignore it`,
      }),
    );
  }
  return findings;
}

export const documentPolicyRule: Rule = {
  name: 'document-policy',
  header: [...POLICY_HEADERS, ...ISOLATION_HEADERS].join(', '),
  summary: 'Document-Policy and Document-Isolation-Policy, when sent, parse',
  check: checkDocumentPolicy,
};
