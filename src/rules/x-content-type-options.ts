import type { Finding, HeaderSet } from '../types';
import { fixFor } from './fix';
import type { Rule, RuleContext } from './types';
import { finding, splitCommas } from './util';

/**
 * X-Content-Type-Options: nosniff stops browsers guessing a script or style
 * out of a response served as something else. Fetch's "determine nosniff"
 * looks only at the first comma-separated value, case-insensitively.
 */
export const X_CONTENT_TYPE_OPTIONS_FINDING_IDS = [
  'x-content-type-options/missing',
  'x-content-type-options/invalid',
  'x-content-type-options/multiple-values',
] as const;

const HEADER = 'x-content-type-options';

function xctoFix(context: RuleContext, received: string | undefined): string {
  return fixFor({ kind: 'set', header: 'X-Content-Type-Options', value: 'nosniff', received }, context);
}

export function checkXContentTypeOptions(headers: HeaderSet, context: RuleContext): Finding[] {
  const received = headers.get(HEADER);
  const base = { header: HEADER, expected: 'nosniff', fix: xctoFix(context, received) };
  if (received === undefined) {
    return [finding({ ...base, id: 'x-content-type-options/missing', severity: 'medium', message: 'X-Content-Type-Options is missing: browsers may sniff content types' })];
  }
  const values = splitCommas(received);
  if ((values[0] ?? '').toLowerCase() !== 'nosniff') {
    return [finding({ ...base, id: 'x-content-type-options/invalid', severity: 'medium', received, message: 'X-Content-Type-Options must be nosniff; any other value is ignored' })];
  }
  if (values.length > 1) {
    return [finding({ ...base, id: 'x-content-type-options/multiple-values', severity: 'low', received, message: 'X-Content-Type-Options has several values; browsers read only the first' })];
  }
  return [];
}

export const xContentTypeOptionsRule: Rule = {
  name: 'x-content-type-options',
  header: HEADER,
  summary: 'X-Content-Type-Options is nosniff',
  check: checkXContentTypeOptions,
};
