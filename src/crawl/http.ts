import type { PageError } from './types';
import { normalizeUrl } from './url';

/**
 * A GET that follows redirects itself (`redirect: 'manual'`), so every hop is
 * checked against the allowed origins before it is requested, and loops are
 * caught. Uses Node's global fetch: no dependency.
 */

export const MAX_REDIRECTS = 10;

export interface HttpGetOptions {
  allowed: (url: string) => boolean;
  /** For the whole chain and the body, in ms. */
  timeout: number;
  accept?: string;
}

export interface HttpGetResult {
  /** Every URL requested, in order (the first is the one asked for). */
  chain: string[];
  /** The last response received (a redirect when the chain stopped at one); its body is unread unless `error` is set. */
  response?: Response;
  /** The URL `response` came from. */
  responseUrl?: string;
  error?: PageError;
  /** Reads the body within the same deadline. */
  signal: AbortSignal;
}

export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpGetResult> {
  const signal = AbortSignal.timeout(options.timeout);
  const chain: string[] = [];
  let current = url;
  let last: Response | undefined;
  let lastUrl: string | undefined;
  const result = (error?: PageError): HttpGetResult => ({ chain, signal, ...(last ? { response: last, responseUrl: lastUrl } : {}), ...(error ? { error } : {}) });

  for (;;) {
    chain.push(current);
    let response: Response;
    try {
      response = await fetch(current, { redirect: 'manual', signal, headers: { accept: options.accept ?? 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' } });
    } catch (error) {
      return result(requestError(error, current, options.timeout));
    }
    last = response;
    lastUrl = current;
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null) return result();
    await response.body?.cancel().catch(() => undefined);

    const next = normalizeUrl(location, current);
    if (!next) return result({ kind: 'navigation', message: `${current} redirects (${response.status}) to ${JSON.stringify(location)}, which is not an http(s) URL; not followed` });
    if (!options.allowed(next)) {
      return result({ kind: 'navigation', message: `${current} redirects (${response.status}) to ${next}, outside the allowed origins; not followed` });
    }
    if (chain.includes(next)) {
      return result({ kind: 'redirect-loop', message: `redirect loop: ${[...chain, next].join(' → ')}` });
    }
    if (chain.length > MAX_REDIRECTS) {
      return result({ kind: 'redirect-loop', message: `more than ${MAX_REDIRECTS} redirects: ${chain.join(' → ')} → …` });
    }
    current = next;
  }
}

export function requestError(error: unknown, url: string, timeout: number): PageError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout', message: `${url} did not answer within ${timeout} ms` };
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return { kind: 'network', message: `${url}: request failed (${String(detail)})` };
}
