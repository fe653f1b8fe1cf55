/**
 * Observatory test "cross-origin-resource-sharing". Facts from
 * @mdn/mdn-http-observatory 1.4.8, src/analyzer/tests/cors.js: `*` is public
 * access; an Access-Control-Allow-Origin equal to the request's Origin, with
 * Access-Control-Allow-Credentials: true, is universal access (the server
 * reflects any origin with credentials); anything else is restricted.
 * The Observatory asks with an OPTIONS preflight; offline the response given
 * is judged, against the Origin in `corsOrigin`.
 */
import type { ScoreContext, TestVerdict } from './types';

/** The Origin the Observatory's CORS probe sends (its config default `retriever.corsOrigin`). */
export const OBSERVATORY_PROBE_ORIGIN = 'https://http-observatory.security.mozilla.org';

export function testCors(ctx: ScoreContext): TestVerdict {
  const allowOrigin = ctx.headers.get('access-control-allow-origin');
  if (!allowOrigin) return { result: 'cross-origin-resource-sharing-not-implemented', pass: true };
  if (allowOrigin.slice(0, 256).trim().toLowerCase() === '*') {
    return { result: 'cross-origin-resource-sharing-implemented-with-public-access', pass: true };
  }
  const credentials = ctx.headers.get('access-control-allow-credentials');
  if (allowOrigin === ctx.corsOrigin && credentials?.trim().toLowerCase() === 'true') {
    return { result: 'cross-origin-resource-sharing-implemented-with-universal-access', pass: false };
  }
  return { result: 'cross-origin-resource-sharing-implemented-with-restricted-access', pass: true };
}
