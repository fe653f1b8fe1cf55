import { cspAllows, type CspRequest } from '../csp/match';
import { parsePolicy } from '../csp/parse';
import type { CspViolation } from './types';

/**
 * Asks our CSP engine (src/csp) the question the browser asked, against the
 * policy the browser reported, and says which directive decided and why.
 * Returns undefined when the engine cannot ask it (no policy, a kind it does
 * not model such as Trusted Types) or when it would have allowed the request:
 * the browser knew something the violation does not carry (a nonce, a hash,
 * a redirect), and a guess would mislead.
 */
export function explainViolation(v: CspViolation): string | undefined {
  if (!v.policy) return undefined;
  const request = requestOf(v);
  if (!request) return undefined;
  try {
    const policy = parsePolicy(v.policy, v.disposition);
    const verdict = cspAllows([policy], request).decidedBy[0];
    if (!verdict || verdict.allowed) return undefined;
    // The reason names the deciding directive (and the fallback it came through).
    return v.disposition === 'report' ? `${verdict.reason} (report-only policy)` : verdict.reason;
  } catch {
    return undefined;
  }
}

function requestOf(v: CspViolation): CspRequest | undefined {
  const origin = v.frameUrl || v.url;
  if (!/^https?:/i.test(origin)) return undefined;
  switch (v.kind) {
    case 'eval':
      return { directive: 'script-src', origin, eval: true };
    case 'wasm-eval':
      return { directive: 'script-src', origin, wasmEval: true };
    case 'inline':
      return { directive: v.directive, origin, inline: true };
    case 'resource':
      // For frame-ancestors the browser gives the framed document's origin as blocked; what was refused is the page embedding it.
      return { directive: v.directive, origin, url: v.directive === 'frame-ancestors' ? v.url : v.blockedURI };
    default:
      return undefined;
  }
}
