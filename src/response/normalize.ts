import type { HeaderSet } from '../types';
import { createHeaderSet, type HeaderField, type ResponseMeta } from './header-set';

/**
 * Turns any response-like value into a HeaderSet. Each response type is
 * recognised by shape, never by `instanceof`, so the core imports no HTTP
 * client and works with any copy of undici, Playwright or axios.
 *
 * Where a type keeps repeated headers apart (rawHeaders, headersArray(),
 * getSetCookie()), that source is preferred: joining two CSP headers with a
 * comma happens to keep their meaning, joining Set-Cookie values does not.
 */

export const ACCEPTED_RESPONSES = [
  'a fetch/undici Response',
  'a fetch/undici Headers',
  'a Playwright APIResponse (request.get / page.request)',
  "a Playwright Response from page.goto (await the matcher: its headers are read asynchronously)",
  'a node http.IncomingMessage',
  'a supertest/superagent response',
  'an axios response',
  'a plain object of header name to string or string[]',
] as const;

type AnyRecord = Record<string, unknown>;

const isObject = (value: unknown): value is AnyRecord => typeof value === 'object' && value !== null;
const isFunction = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === 'function';

/** A Playwright page Response: its complete headers are only available through a Promise. */
export function isPlaywrightPageResponse(value: unknown): value is {
  headersArray(): Promise<Array<{ name: string; value: string }>>;
  url(): string;
  status(): number;
} {
  return isObject(value) && isFunction(value.headersArray) && isFunction(value.frame) && isFunction(value.request);
}

/** Is this something `toHeaderSet` (or its async form) can read? */
export function isResponseLike(value: unknown): boolean {
  try {
    if (isPlaywrightPageResponse(value)) return true;
    toHeaderSet(value);
    return true;
  } catch {
    return false;
  }
}

/** Reads the headers of any accepted response type, or throws an error that lists what is accepted. */
export function toHeaderSet(received: unknown): HeaderSet {
  if (isObject(received)) {
    if (isHeaderSet(received)) return received;
    if (isPlaywrightPageResponse(received)) {
      throw new TypeError(
        'expect-secure-headers: a Playwright Response from page.goto() has its headers read asynchronously. ' +
          'Await the matcher (`await expect(response).toHaveSecureHeaders()`), or use `await auditHeadersAsync(response)`.',
      );
    }
    const read = readers.find((reader) => reader.matches(received));
    if (read) return read.read(received);
  }
  throw new TypeError(describeUnaccepted(received));
}

/** Like toHeaderSet, and also reads a Playwright page Response, whose full headers need a round trip. */
export async function toHeaderSetAsync(received: unknown): Promise<HeaderSet> {
  if (isPlaywrightPageResponse(received)) {
    const fields = await received.headersArray();
    return createHeaderSet(
      fields.map(({ name, value }) => [name, value] as const),
      { url: received.url(), status: received.status() },
    );
  }
  return toHeaderSet(received);
}

export function describeUnaccepted(received: unknown): string {
  return (
    `expect-secure-headers: cannot read response headers from ${describeValue(received)}.\n` +
    `Pass one of:\n${ACCEPTED_RESPONSES.map((kind) => `  - ${kind}`).join('\n')}`
  );
}

/** A short, safe description of any value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)})`;
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const name = (value as object).constructor?.name;
  const keys = Object.keys(value).slice(0, 6);
  return `${name && name !== 'Object' ? `a ${name}` : 'an object'}${keys.length ? ` with keys ${keys.join(', ')}` : ''}`;
}

function isHeaderSet(value: AnyRecord): value is AnyRecord & HeaderSet {
  return isFunction(value.getAll) && isFunction(value.names) && isFunction(value.has) && isFunction(value.get);
}

interface Reader {
  matches(value: AnyRecord): boolean;
  read(value: AnyRecord): HeaderSet;
}

/** Order matters: more specific shapes first (a fetch Response also has `headers`, like axios). */
const readers: Reader[] = [
  {
    // Playwright APIResponse: headersArray() is synchronous there.
    matches: (v) => isFunction(v.headersArray) && isFunction(v.url) && isFunction(v.status),
    read: (v) => {
      const fields = (v.headersArray as () => unknown)();
      if (!Array.isArray(fields)) throw new TypeError(describeUnaccepted(v));
      return createHeaderSet(
        fields.map((f: { name: string; value: string }) => [f.name, f.value] as const),
        { url: (v.url as () => string)(), status: (v.status as () => number)() },
      );
    },
  },
  {
    // fetch / undici Response
    matches: (v) => isFetchHeaders(v.headers) && typeof v.status === 'number' && 'ok' in v,
    read: (v) => fromFetchHeaders(v.headers as FetchHeaders, { url: (v.url as string) || undefined, status: v.status as number }),
  },
  {
    // fetch / undici Headers
    matches: (v) => isFetchHeaders(v),
    read: (v) => fromFetchHeaders(v as unknown as FetchHeaders, {}),
  },
  {
    // node http.IncomingMessage (client or server side)
    matches: (v) => Array.isArray(v.rawHeaders) && ('statusCode' in v || 'httpVersion' in v),
    read: (v) => fromIncomingMessage(v),
  },
  {
    // supertest / superagent: `res` is the IncomingMessage, `request.url` the URL.
    matches: (v) => isObject(v.res) && Array.isArray((v.res as AnyRecord).rawHeaders) && 'header' in v,
    read: (v) => {
      const url = isObject(v.request) && typeof v.request.url === 'string' ? v.request.url : undefined;
      const status = typeof v.status === 'number' ? v.status : undefined;
      return fromRawHeaders((v.res as AnyRecord).rawHeaders as string[], { url, status });
    },
  },
  {
    // axios: `request.res` is the IncomingMessage in node; `config.url` the URL asked for.
    matches: (v) => isObject(v.config) && isObject(v.headers) && typeof v.status === 'number',
    read: (v) => fromAxios(v),
  },
  {
    // A plain object of header name to string or string[].
    matches: (v) => isPlainHeaderObject(v),
    read: (v) =>
      createHeaderSet(
        Object.entries(v).flatMap(([name, value]) =>
          (Array.isArray(value) ? value : [value]).map((one) => [name, String(one)] as const),
        ),
      ),
  },
];

interface FetchHeaders {
  get(name: string): string | null;
  forEach(fn: (value: string, name: string) => void): void;
  getSetCookie?(): string[];
}

function isFetchHeaders(value: unknown): value is FetchHeaders {
  return isObject(value) && isFunction(value.get) && isFunction(value.forEach) && isFunction(value.has) && isFunction(value.append);
}

function fromFetchHeaders(headers: FetchHeaders, meta: ResponseMeta): HeaderSet {
  // fetch joins repeated fields with ", "; for CSP a comma separates policies, so the meaning survives.
  const fields: HeaderField[] = [];
  headers.forEach((value, name) => {
    if (name.toLowerCase() !== 'set-cookie') fields.push([name, value]);
  });
  for (const cookie of headers.getSetCookie?.() ?? []) fields.push(['set-cookie', cookie]);
  return createHeaderSet(fields, meta);
}

function fromRawHeaders(raw: readonly string[], meta: ResponseMeta): HeaderSet {
  const fields: HeaderField[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) fields.push([raw[i]!, raw[i + 1]!]);
  return createHeaderSet(fields, meta);
}

function fromIncomingMessage(message: AnyRecord): HeaderSet {
  return fromRawHeaders(message.rawHeaders as string[], {
    url: urlOfClientRequest(message.req) ?? urlOfServerRequest(message),
    status: typeof message.statusCode === 'number' ? message.statusCode : undefined,
  });
}

/** A node ClientRequest knows protocol, host and path; an IncomingMessage on the client side points back to it. */
function urlOfClientRequest(request: unknown): string | undefined {
  if (!isObject(request) || typeof request.path !== 'string' || typeof request.host !== 'string') return undefined;
  const protocol = typeof request.protocol === 'string' ? request.protocol : 'http:';
  const port = isObject(request.socket) && typeof request.socket.remotePort === 'number' ? `:${request.socket.remotePort}` : '';
  const hostHeader = isFunction(request.getHeader) ? request.getHeader('host') : undefined;
  const host = typeof hostHeader === 'string' ? hostHeader : `${request.host}${port}`;
  return `${protocol}//${host}${request.path}`;
}

function urlOfServerRequest(message: AnyRecord): string | undefined {
  return typeof message.url === 'string' && /^https?:\/\//.test(message.url) ? message.url : undefined;
}

function fromAxios(response: AnyRecord): HeaderSet {
  const config = response.config as AnyRecord;
  const url = typeof config.url === 'string' ? absoluteUrl(config.url, config.baseURL) : undefined;
  const status = response.status as number;
  const request = response.request;
  if (isObject(request) && isObject(request.res) && Array.isArray(request.res.rawHeaders)) {
    const responseUrl = typeof request.res.responseUrl === 'string' ? request.res.responseUrl : url;
    return fromRawHeaders(request.res.rawHeaders as string[], { url: responseUrl, status });
  }
  // In a browser, or with a custom adapter: AxiosHeaders is a plain-looking object (set-cookie an array).
  const headers = response.headers as AnyRecord;
  const plain = isFunction(headers.toJSON) ? (headers.toJSON as () => AnyRecord)() : headers;
  const fields: HeaderField[] = Object.entries(plain).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).filter((one) => one !== undefined && one !== null).map((one) => [name, String(one)] as const),
  );
  return createHeaderSet(fields, { url, status });
}

function absoluteUrl(url: string, base: unknown): string | undefined {
  try {
    return new URL(url, typeof base === 'string' ? base : undefined).href;
  } catch {
    return undefined;
  }
}

function isPlainHeaderObject(value: AnyRecord): boolean {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const entries = Object.entries(value);
  return entries.every(
    ([, v]) => typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) && v.every((one) => typeof one === 'string')),
  );
}
