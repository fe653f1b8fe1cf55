/**
 * Observatory test "strict-transport-security". Facts from
 * @mdn/mdn-http-observatory 1.4.8, src/analyzer/tests/strict-transport-security.js:
 * only the https response counts; the first value is read; a comma (the
 * header sent twice) or a missing max-age makes it invalid; six months is
 * taken as 15552000 seconds; being on the preload list overrides the header.
 */
import type { ScoreContext, TestVerdict } from './types';

export const SIX_MONTHS_SECONDS = 15552000;

export function testHsts(ctx: ScoreContext): TestVerdict {
  if (!ctx.https) return { result: 'hsts-not-implemented-no-https', pass: false };
  let verdict: TestVerdict = { result: 'hsts-not-implemented', pass: false };
  const header = ctx.headers.get('strict-transport-security');
  if (header !== undefined) verdict = readHsts(header.slice(0, 1024));
  if (ctx.hstsPreloaded) verdict = { result: 'hsts-preloaded', pass: true };
  return verdict;
}

function readHsts(value: string): TestVerdict {
  const invalid: TestVerdict = { result: 'hsts-header-invalid', pass: false };
  if (value.includes(',')) return invalid;
  let maxAge: number | undefined;
  for (const part of value.split(';')) {
    const directive = part.trim().toLowerCase();
    // parseInt, as the Observatory does: a max-age it cannot read as a number
    // is NaN, which it then counts as long enough.
    if (directive.startsWith('max-age=')) maxAge = parseInt(directive.slice(8, 128), 10);
  }
  if (maxAge === undefined) return invalid;
  return maxAge < SIX_MONTHS_SECONDS
    ? { result: 'hsts-implemented-max-age-less-than-six-months', pass: false }
    : { result: 'hsts-implemented-max-age-at-least-six-months', pass: true };
}
