import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { MAX_BODY_BYTES } from '../response/limits';
import type { PageError } from './types';
import { normalizeUrl } from './url';

/**
 * GETs that follow redirects themselves, so every hop is checked against the
 * allowed origins before it is requested, and loops are caught. Node's own
 * http/https with keep-alive agents: no dependency, and several times faster
 * than the global fetch for many small pages (bench/crawl.mjs).
 */

export const MAX_REDIRECTS = 10;

export interface HttpGetOptions {
  allowed: (url: string) => boolean;
  /** For the whole chain and the body, in ms. */
  timeout: number;
  accept?: string;
  /** More request headers for this request (a browser's own, its cookies); they win over the client's. */
  headers?: Record<string, string>;
}

/** A body as read: at most MAX_BODY_BYTES once decoded; `complete` is false when there was more (the rest was never read). */
export interface BodyRead {
  body: Buffer;
  complete: boolean;
}

export interface HttpResponse {
  url: string;
  status: number;
  statusText: string;
  /** Header fields as received, repeated ones apart. */
  fields: Array<[string, string]>;
  /** A field's value, repeated fields joined; `name` in lower case. */
  header(name: string): string | undefined;
  /** The body as text (UTF-8), within the chain's deadline, cut at MAX_BODY_BYTES (`read` says whether it was). */
  text(): Promise<string>;
  /**
   * The body decoded (gzip, deflate, br), within the chain's deadline. Reading
   * stops at MAX_BODY_BYTES decoded: the connection is closed, so a huge body
   * or a compression bomb costs at most that much memory and no more time.
   */
  read(): Promise<BodyRead>;
  /** Throws the body away, freeing the connection. */
  discard(): void;
}

export interface HttpGetResult {
  /** Every URL requested, in order (the first is the one asked for). */
  chain: string[];
  /** The status each URL of `chain` answered with (shorter when a request failed). */
  statuses: number[];
  /** The Set-Cookie field values each URL of `chain` answered with, as `statuses`. */
  setCookies: string[][];
  /** The last response received (a redirect when the chain stopped at one); its body is unread unless `error` is set. */
  response?: HttpResponse;
  error?: PageError;
}

class DeadlineError extends Error {
  override name = 'TimeoutError';
}

export class HttpClient {
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly extraHeaders: Record<string, string>;

  /** `headers` go with every request; `ignoreHttpsErrors` accepts any certificate (self-signed staging). */
  constructor(concurrency: number, options: { headers?: Record<string, string>; ignoreHttpsErrors?: boolean } = {}) {
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: concurrency }),
      https: new https.Agent({ keepAlive: true, maxSockets: concurrency, ...(options.ignoreHttpsErrors ? { rejectUnauthorized: false } : {}) }),
    };
    this.extraHeaders = options.headers ?? {};
  }

  async get(url: string, options: HttpGetOptions): Promise<HttpGetResult> {
    const deadline = Date.now() + options.timeout;
    const chain: string[] = [];
    const statuses: number[] = [];
    const setCookies: string[][] = [];
    let current = url;
    let last: HttpResponse | undefined;
    const result = (error?: PageError): HttpGetResult => ({ chain, statuses, setCookies, ...(last ? { response: last } : {}), ...(error ? { error } : {}) });

    for (;;) {
      chain.push(current);
      try {
        last = await this.request(current, deadline, options.accept ?? 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', options.headers);
        statuses.push(last.status);
        setCookies.push(last.fields.filter(([name]) => name.length === 10 && name.toLowerCase() === 'set-cookie').map(([, value]) => value));
      } catch (error) {
        return result(requestError(error, current, options.timeout));
      }
      const location = last.header('location');
      if (last.status < 300 || last.status > 399 || location === undefined) return result();
      last.discard();

      const next = normalizeUrl(location, current);
      if (!next) return result({ kind: 'navigation', message: `${current} redirects (${last.status}) to ${JSON.stringify(location)}, which is not an http(s) URL; not followed` });
      if (!options.allowed(next)) {
        return result({ kind: 'navigation', message: `${current} redirects (${last.status}) to ${next}, outside the allowed origins; not followed` });
      }
      if (chain.includes(next)) return result({ kind: 'redirect-loop', message: `redirect loop: ${[...chain, next].join(' → ')}` });
      if (chain.length > MAX_REDIRECTS) return result({ kind: 'redirect-loop', message: `more than ${MAX_REDIRECTS} redirects: ${chain.join(' → ')} → …` });
      current = next;
    }
  }

  /** One GET, redirects not followed (a browser visit checks each hop itself). */
  async getOnce(url: string, options: Omit<HttpGetOptions, 'allowed'>): Promise<HttpResponse> {
    return this.request(url, Date.now() + options.timeout, options.accept ?? '*/*', options.headers);
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private request(url: string, deadline: number, accept: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const isHttps = url.startsWith('https:');
    const client = isHttps ? https : http;
    return new Promise<HttpResponse>((resolve, reject) => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return reject(new DeadlineError('deadline passed'));
      const req = client.get(url, { agent: isHttps ? this.agents.https : this.agents.http, headers: { accept, 'user-agent': 'expect-secure-headers crawl', ...this.extraHeaders, ...headers } });
      // One timer for the response and its body: a page that trickles forever still ends.
      const timer = setTimeout(() => req.destroy(new DeadlineError('deadline passed')), remaining);
      req.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.once('response', (res) => {
        const fields: Array<[string, string]> = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) fields.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        res.once('end', () => clearTimeout(timer));
        res.once('close', () => clearTimeout(timer));
        let reading: Promise<BodyRead> | undefined;
        const read = (): Promise<BodyRead> => (reading ??= readBody(res, () => req.destroy()));
        resolve({
          url,
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          fields,
          header: (name) => fieldValue(fields, name),
          read,
          text: async () => (await read()).body.toString('utf8'),
          discard: () => {
            res.resume();
          },
        });
      });
    });
  }
}

/**
 * Reads `res` decoded by its Content-Encoding, up to MAX_BODY_BYTES; at the
 * limit `stop` closes the connection (the rest is never read). An encoding
 * we cannot decode is read as it came. A stream error (bad gzip) rejects.
 */
function readBody(res: http.IncomingMessage, stop: () => void): Promise<BodyRead> {
  const decoder = decoderFor(res.headers['content-encoding']);
  const source: NodeJS.ReadableStream = decoder ? res.pipe(decoder) : res;
  return new Promise<BodyRead>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (complete: boolean): void => {
      if (settled) return;
      settled = true;
      resolve({ body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), complete });
    };
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = MAX_BODY_BYTES - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size = MAX_BODY_BYTES;
        finish(false);
        if (decoder) res.unpipe(decoder);
        decoder?.destroy();
        stop();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    source.once('end', () => finish(true));
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    source.once('error', fail);
    if (decoder) res.once('error', fail);
    res.once('aborted', () => fail(new Error('the connection closed before the body ended')));
  });
}

function decoderFor(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/** The value of a header field (repeated fields joined), read from the raw fields: `res.headers` would build an object for every response. */
function fieldValue(fields: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  let value: string | undefined;
  for (const [field, fieldValue] of fields) {
    if (field.length === name.length && field.toLowerCase() === name) value = value === undefined ? fieldValue : `${value}, ${fieldValue}`;
  }
  return value;
}

export function requestError(error: unknown, url: string, timeout: number): PageError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout', message: `${url} did not answer within ${timeout} ms` };
  const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  const detail = e?.code ?? e?.cause?.code ?? e?.message ?? String(error);
  return { kind: 'network', message: `${url}: request failed (${String(detail)})` };
}
