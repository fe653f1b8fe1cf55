/**
 * Observatory test "cross-origin-resource-sharing". Facts from
 * @mdn/mdn-http-observatory 1.4.8 (src/analyzer/tests/cors.js and
 * src/retriever/retriever.js): the scanner sends an OPTIONS request with
 * `Origin: https://http-observatory.security.mozilla.org` and
 * `Access-Control-Request-Method: GET` to the final URL, and judges that
 * answer: `*` is public access; an Access-Control-Allow-Origin equal to the
 * request's Origin, with Access-Control-Allow-Credentials: true, would be
 * universal access (-50); anything else is restricted access.
 *
 * But the scanner reads the request's Origin from `response.request.headers`,
 * and in Node (where it runs) axios's `response.request` is the ClientRequest,
 * which has no `headers` property: the Origin is never found, so a server that
 * reflects any origin with credentials gets "restricted access" (0), not -50.
 * test/score/servers.test.ts shows it with the scanner's own HTTP session
 * against a local server. This module gives what the scanner outputs; the
 * header rules' `cors/reflected-origin` is where that server is caught.
 *
 * The answer judged is `corsResponse` (observatoryCorsProbe sends the probe)
 * when given; otherwise the response's own headers stand in for it.
 */
import type { ScoreContext, TestVerdict } from './types';

/** The Origin the Observatory's CORS probe sends (its config default `retriever.corsOrigin`). */
export const OBSERVATORY_PROBE_ORIGIN = 'https://http-observatory.security.mozilla.org';

export function testCors(ctx: ScoreContext): TestVerdict {
  const allowOrigin = ctx.corsHeaders.get('access-control-allow-origin');
  if (!allowOrigin) return { result: 'cross-origin-resource-sharing-not-implemented', pass: true };
  if (allowOrigin.slice(0, 256).trim().toLowerCase() === '*') {
    return { result: 'cross-origin-resource-sharing-implemented-with-public-access', pass: true };
  }
  return { result: 'cross-origin-resource-sharing-implemented-with-restricted-access', pass: true };
}
