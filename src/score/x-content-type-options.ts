/**
 * Observatory test "x-content-type-options". Facts from
 * @mdn/mdn-http-observatory 1.4.8, src/analyzer/tests/x-content-type-options.js:
 * the value, trimmed and in any case, must be exactly `nosniff`.
 */
import type { ScoreContext, TestVerdict } from './types';

export function testXContentTypeOptions(ctx: ScoreContext): TestVerdict {
  const value = ctx.headers.get('x-content-type-options');
  if (!value) return { result: 'x-content-type-options-not-implemented', pass: false };
  return value.slice(0, 256).trim().toLowerCase() === 'nosniff'
    ? { result: 'x-content-type-options-nosniff', pass: true }
    : { result: 'x-content-type-options-header-invalid', pass: false };
}
