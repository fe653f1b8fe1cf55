/**
 * Observatory test "referrer-policy". Facts from @mdn/mdn-http-observatory
 * 1.4.8, src/analyzer/tests/referrer-policy.js: header values and a
 * `<meta name="referrer">` are read as one comma-separated list, the meta tag
 * last; the last value a browser knows is the policy.
 */
import type { ScoreContext, TestVerdict } from './types';

const PRIVATE = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];
const LEAKY = ['origin', 'origin-when-cross-origin', 'unsafe-url', 'no-referrer-when-downgrade'];

export function testReferrerPolicy(ctx: ScoreContext): TestVerdict {
  const values = [...ctx.headers.getAll('referrer-policy'), ...(ctx.metaReferrer ? [ctx.metaReferrer] : [])];
  if (values.length === 0) return { result: 'referrer-policy-not-implemented', pass: true };
  const known = values
    .join(', ')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => PRIVATE.includes(v) || LEAKY.includes(v));
  const policy = known[known.length - 1] ?? '';
  if (PRIVATE.includes(policy)) return { result: 'referrer-policy-private', pass: true };
  if (LEAKY.includes(policy)) return { result: 'referrer-policy-unsafe', pass: false };
  return { result: 'referrer-policy-header-invalid', pass: false };
}
