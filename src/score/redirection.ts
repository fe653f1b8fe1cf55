/**
 * Observatory test "redirection". Facts from @mdn/mdn-http-observatory 1.4.8,
 * src/analyzer/tests/redirection.js: the chain seen when requesting http://
 * must go to https on the same host first and end on https.
 *
 * Offline: when `redirects` is given it is judged as the Observatory judges
 * its own record of the chain. When it is not, a page served over plain http
 * has no redirect (its own response is the end of the chain), and a page
 * declared https is assumed to redirect properly, and the result says so.
 */
import type { RedirectHop, ScoreContext, TestVerdict } from './types';

export function testRedirection(ctx: ScoreContext): TestVerdict {
  if (ctx.redirects) return judgeChain(ctx.redirects, ctx);
  if (ctx.https) return { result: 'redirection-to-https', pass: true, assumed: true };
  return { result: 'redirection-missing', pass: false };
}

function judgeChain(chain: readonly RedirectHop[], ctx: ScoreContext): TestVerdict {
  const urls = chain.map((hop) => new URL(hop.url));
  // Preload status is known only for the page's own host (the `hstsPreloaded` option).
  const preloaded = (u: URL) => ctx.hstsPreloaded && u.hostname.toLowerCase() === ctx.host;
  if (urls.every(preloaded)) return { result: 'redirection-all-redirects-preloaded', pass: true };
  if (urls.length === 1) return { result: 'redirection-missing', pass: false };
  const first = urls[0]!;
  const second = urls[1]!;
  const last = urls[urls.length - 1]!;
  if (last.protocol !== 'https:') return { result: 'redirection-not-to-https', pass: false };
  if (second.protocol === 'http:') return { result: 'redirection-not-to-https-on-initial-redirection', pass: false };
  if (first.protocol === 'http:' && second.protocol === 'https:' && first.hostname !== second.hostname) {
    return { result: 'redirection-off-host-from-http', pass: false };
  }
  return { result: 'redirection-to-https', pass: true };
}
