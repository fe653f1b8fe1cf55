/**
 * The Observatory's CORS probe, for callers that can make requests (the CLI,
 * a test): the scanner judges CORS on the answer to an OPTIONS request with
 * its own Origin and `Access-Control-Request-Method: GET`, sent to the page's
 * final URL (src/retriever/retriever.js in @mdn/mdn-http-observatory 1.4.8),
 * not on the page's own response. Pass the result as `corsResponse`.
 */
import { createHeaderSet, type HeaderField } from '../response/header-set';
import type { HeaderSet } from '../types';
import { OBSERVATORY_PROBE_ORIGIN } from './cors';

/** Sends the probe; undefined when nothing answers (the scanner then has no CORS answer either). */
export async function observatoryCorsProbe(url: string, timeoutMs = 10_000): Promise<HeaderSet | undefined> {
  try {
    const response = await fetch(url, {
      method: 'OPTIONS',
      redirect: 'manual',
      headers: { origin: OBSERVATORY_PROBE_ORIGIN, 'access-control-request-method': 'GET' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    const fields: HeaderField[] = [];
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') fields.push([name, value]);
    });
    return createHeaderSet(fields, { url, status: response.status });
  } catch {
    return undefined;
  }
}
