/**
 * Observatory test "x-frame-options". Facts from @mdn/mdn-http-observatory
 * 1.4.8, src/analyzer/tests/x-frame-options.js: DENY or SAMEORIGIN pass,
 * ALLOW-FROM passes without points, and a CSP frame-ancestors directive (in
 * any policy the CSP test read to the end) overrides the header and earns 5.
 */
import type { CspVerdict } from './csp';
import type { ScoreContext, TestVerdict } from './types';

export function testXFrameOptions(ctx: ScoreContext, csp: CspVerdict): TestVerdict {
  if (csp.directives?.has('frame-ancestors')) return { result: 'x-frame-options-implemented-via-csp', pass: true };
  const value = ctx.headers.get('x-frame-options');
  if (!value) return { result: 'x-frame-options-not-implemented', pass: false };
  const xfo = value.slice(0, 1024).trim().toLowerCase();
  if (xfo === 'deny' || xfo === 'sameorigin') return { result: 'x-frame-options-sameorigin-or-deny', pass: true };
  if (xfo.startsWith('allow-from')) return { result: 'x-frame-options-allow-from-origin', pass: true };
  return { result: 'x-frame-options-header-invalid', pass: false };
}
