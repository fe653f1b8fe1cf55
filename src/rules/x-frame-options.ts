import { getDirective } from '../csp/parse';
import { policiesOf } from './csp-policies';
import type { Finding, HeaderSet } from '../types';
import { fixFor } from './fix';
import { policyWith } from './csp-fix';
import { notForKind } from './kinds';
import type { Rule, RuleContext } from './types';
import { finding, splitCommas } from './util';

/**
 * X-Frame-Options, or CSP frame-ancestors, against clickjacking. Where an
 * enforced CSP has frame-ancestors, browsers ignore X-Frame-Options (CSP3
 * §6.4.2; HTML "check a navigation response's adherence to X-Frame-Options"),
 * so XFO problems then drop to info. The HTML algorithm lower-cases the
 * comma-separated values into a set: one distinct value of deny/sameorigin
 * works, several distinct values including one of them block all framing,
 * anything else (ALLOW-FROM included, which no current browser supports)
 * leaves the page frameable.
 */
export const X_FRAME_OPTIONS_FINDING_IDS = [
  'x-frame-options/missing',
  'x-frame-options/allow-from',
  'x-frame-options/invalid',
  'x-frame-options/conflicting-values',
  'x-frame-options/sameorigin',
  'x-frame-options/overridden-by-frame-ancestors',
] as const;

const HEADER = 'x-frame-options';

/**
 * The frame-ancestors source lists of the enforced CSP policies that have
 * one (lower-cased tokens), or [] when none does, read by the CSP parser
 * (so the first of a duplicated frame-ancestors counts, as in browsers).
 */
export function frameAncestorsLists(headers: HeaderSet): string[][] {
  // Only enforced header policies count: report-only and <meta> policies cannot stop framing.
  return policiesOf(headers, 'enforce')
    .map((policy) => getDirective(policy, 'frame-ancestors'))
    .filter((directive) => directive !== undefined)
    .map((directive) => directive.values.map((token) => token.toLowerCase()));
}

type FramingClass = 'deny' | 'sameorigin' | 'other';

function classifyFrameAncestors(lists: string[][]): FramingClass {
  // Several policies all apply: the strictest one decides.
  if (lists.some((l) => l.length === 0 || (l.length === 1 && l[0] === "'none'"))) return 'deny';
  if (lists.some((l) => l.length === 1 && l[0] === "'self'")) return 'sameorigin';
  return 'other';
}

/**
 * The fix names the header that governs: where an enforced frame-ancestors
 * is present, browsers follow it, so it is what must change (X-Frame-Options
 * kept in step for browsers without CSP).
 */
function xfoFix(context: RuleContext, headers: HeaderSet, received: string | undefined, value: 'DENY' | 'SAMEORIGIN' = context.level === 'strict' ? 'DENY' : 'SAMEORIGIN'): string {
  const governing = policiesOf(headers, 'enforce').find((policy) => getDirective(policy, 'frame-ancestors') !== undefined);
  const frameAncestors = governing ? getDirective(governing, 'frame-ancestors')!.values.join(' ').toLowerCase() : undefined;
  const policy = governing ? policyWith(governing, 'frame-ancestors', [value === 'DENY' ? "'none'" : "'self'"]) : undefined;
  return fixFor({ kind: 'framing', value, frameAncestors, xfo: received, policy }, context);
}

export function checkXFrameOptions(headers: HeaderSet, context: RuleContext): Finding[] {
  const received = headers.get(HEADER);
  const ancestors = frameAncestorsLists(headers);
  const hasFrameAncestors = ancestors.length > 0;
  const expected = context.level === 'strict' ? "DENY (or CSP frame-ancestors 'none')" : "DENY or SAMEORIGIN (or CSP frame-ancestors)";
  const base = { header: HEADER, expected, fix: xfoFix(context, headers, received) };
  // Strict asks for no framing at all, whichever header says it.
  if (context.level === 'strict' && hasFrameAncestors && classifyFrameAncestors(ancestors) !== 'deny') {
    return [finding({ ...base, id: 'x-frame-options/sameorigin', severity: 'low', directive: 'frame-ancestors', received: ancestors.map((l) => l.join(' ')).join(', '), message: "CSP frame-ancestors allows framing; the strict level (OWASP) asks for frame-ancestors 'none'" })];
  }
  if (received === undefined) {
    if (hasFrameAncestors) return [];
    return [finding({ ...base, id: 'x-frame-options/missing', severity: 'medium', message: context.kind === 'api' ? `neither X-Frame-Options nor CSP frame-ancestors is set on an API response (${context.kindReason}): it can be framed (drag-and-drop clickjacking; OWASP's REST guidance asks for frame-ancestors 'none')` : 'neither X-Frame-Options nor CSP frame-ancestors is set: the page can be framed (clickjacking)' })];
  }
  // When frame-ancestors is present it wins, so a broken XFO changes nothing.
  const broken = hasFrameAncestors ? 'info' : 'medium';
  const suffix = hasFrameAncestors ? ' (CSP frame-ancestors is present and takes precedence)' : '';
  const values = new Set(splitCommas(received).map((v) => v.toLowerCase()).filter(Boolean));
  const known = [...values].filter((v) => v === 'deny' || v === 'sameorigin' || v === 'allowall');
  if (values.size > 1) {
    if (known.length > 0) {
      return [finding({ ...base, id: 'x-frame-options/conflicting-values', severity: hasFrameAncestors ? 'info' : 'low', received, message: `X-Frame-Options has conflicting values; browsers then block all framing${suffix}` })];
    }
    return [finding({ ...base, id: 'x-frame-options/invalid', severity: broken, received, message: `X-Frame-Options has several values, none valid: browsers ignore it${suffix}` })];
  }
  const value = [...values][0] ?? '';
  if (value.startsWith('allow-from')) {
    return [finding({ ...base, id: 'x-frame-options/allow-from', severity: broken, received, message: `X-Frame-Options ALLOW-FROM is obsolete and ignored by current browsers; use CSP frame-ancestors${suffix}` })];
  }
  if (value !== 'deny' && value !== 'sameorigin') {
    return [finding({ ...base, id: 'x-frame-options/invalid', severity: broken, received, message: `X-Frame-Options ${JSON.stringify(received)} is not DENY or SAMEORIGIN: browsers ignore it${suffix}` })];
  }
  if (hasFrameAncestors) {
    const cls = classifyFrameAncestors(ancestors);
    if (cls !== value) {
      // X-Frame-Options is kept for browsers without CSP: make it say what frame-ancestors says (or drop it, when no XFO value can).
      const fix = cls === 'other' ? fixFor({ kind: 'remove', header: 'X-Frame-Options', received }, context) : xfoFix(context, headers, received, cls === 'deny' ? 'DENY' : 'SAMEORIGIN');
      return [finding({ ...base, fix, id: 'x-frame-options/overridden-by-frame-ancestors', severity: 'info', received, message: `X-Frame-Options ${value.toUpperCase()} disagrees with CSP frame-ancestors, which browsers follow instead` })];
    }
    return [];
  }
  if (value === 'sameorigin' && context.level === 'strict') {
    return [finding({ ...base, id: 'x-frame-options/sameorigin', severity: 'low', received, message: 'X-Frame-Options is SAMEORIGIN; the strict level (OWASP) asks for DENY' })];
  }
  return [];
}

export const xFrameOptionsRule: Rule = {
  name: 'x-frame-options',
  header: HEADER,
  summary: 'framing is restricted by X-Frame-Options DENY/SAMEORIGIN or CSP frame-ancestors',
  skip: (_headers, context) => notForKind('x-frame-options', context),
  check: checkXFrameOptions,
};
