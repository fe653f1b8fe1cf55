/**
 * Observatory test "cross-origin-resource-policy". Facts from
 * @mdn/mdn-http-observatory 1.4.8, src/analyzer/tests/cross-origin-resource-policy.js:
 * same-site and same-origin earn 10, cross-origin and absence are neutral,
 * anything else costs 5. (1.4.8 has no COOP or COEP test; those headers do
 * not change the score.)
 */
import type { ScoreContext, TestVerdict } from './types';

export function testCrossOriginResourcePolicy(ctx: ScoreContext): TestVerdict {
  const value = ctx.headers.get('cross-origin-resource-policy');
  if (!value) return { result: 'corp-not-implemented', pass: true };
  switch (value.slice(0, 256).trim().toLowerCase()) {
    case 'same-site':
      return { result: 'corp-implemented-with-same-site', pass: true };
    case 'same-origin':
      return { result: 'corp-implemented-with-same-origin', pass: true };
    case 'cross-origin':
      return { result: 'corp-implemented-with-cross-origin', pass: true };
    case '':
      // Only white space: the Observatory reads it as absent.
      return { result: 'corp-not-implemented', pass: true };
    default:
      return { result: 'corp-header-invalid', pass: false };
  }
}
