import type { Finding, HeaderSet } from '../types';
import { owaspValue } from './data/owasp-headers-add';
import { fixFor } from './fix';
import { notForKind } from './kinds';
import type { Rule, RuleContext } from './types';
import { finding } from './util';

/**
 * X-DNS-Prefetch-Control: `off` stops the browser resolving the hosts a page
 * links to before they are followed, which tells those hosts' DNS servers
 * what the user is reading. Non-standard (Chromium, Firefox), `on` or `off`.
 * On OWASP's add list (data/owasp-headers-add.ts), so the strict level asks
 * for `off` on pages; helmet sends it by default.
 */
export const X_DNS_PREFETCH_CONTROL_FINDING_IDS = ['x-dns-prefetch-control/missing', 'x-dns-prefetch-control/not-off'] as const;

const HEADER = 'x-dns-prefetch-control';

export function checkXDnsPrefetchControl(headers: HeaderSet, context: RuleContext): Finding[] {
  if (context.level !== 'strict') return [];
  const value = headers.get(HEADER);
  const expected = owaspValue('X-DNS-Prefetch-Control');
  const fix = fixFor({ kind: 'set', header: 'X-DNS-Prefetch-Control', value: expected, ...(value !== undefined ? { received: value } : {}) }, context);
  if (value === undefined) {
    return [finding({ id: 'x-dns-prefetch-control/missing', severity: 'low', header: HEADER, expected, fix, message: 'X-DNS-Prefetch-Control is missing: the browser resolves linked hosts ahead of clicks, telling their DNS what the page shows' })];
  }
  if (value.trim().toLowerCase() !== 'off') {
    return [finding({ id: 'x-dns-prefetch-control/not-off', severity: 'low', header: HEADER, received: value, expected, fix, message: `X-DNS-Prefetch-Control ${value} lets the browser prefetch DNS; OWASP asks for off` })];
  }
  return [];
}

export const xDnsPrefetchControlRule: Rule = {
  name: 'x-dns-prefetch-control',
  header: HEADER,
  summary: 'X-DNS-Prefetch-Control: off (strict, OWASP)',
  skip: (_headers, context) => notForKind('x-dns-prefetch-control', context),
  check: checkXDnsPrefetchControl,
};
