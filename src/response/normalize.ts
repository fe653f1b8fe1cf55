import { UsageError } from '../errors';
import type { HeaderSet } from '../types';
import { createHeaderSet, isOwnHeaderSet, type HeaderField, type ResponseMeta } from './header-set';

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
    if (isThenable(received)) throw new UsageError(missingAwait(received));
    if (isHeaderSet(received)) return isOwnHeaderSet(received) ? received : checkedHeaderSet(received);
    if (isPlaywrightPageResponse(received)) {
      throw new UsageError(
        'expect-secure-headers: a Playwright Response from page.goto() has its headers read asynchronously. ' +
          'Await the matcher (`await expect(response).toHaveSecureHeaders()`), or use `await auditHeadersAsync(response)`.',
      );
    }
    const read = readers.find((reader) => reader.matches(received));
    if (read) return read.read(received);
  }
  throw new UsageError(describeUnaccepted(received));
}

/** Like toHeaderSet, and also reads a Playwright page Response, whose full headers need a round trip. */
export async function toHeaderSetAsync(received: unknown): Promise<HeaderSet> {
  if (isPlaywrightPageResponse(received)) {
    const fields = await received.headersArray();
    return createHeaderSet(nameValueFields('headersArray()', fields), checkedMeta(received.url(), received.status()));
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
  if (isThenable(value)) return 'a Promise (an `await` is missing: await the call that returned it and pass its value)';
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)})`;
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const name = (value as object).constructor?.name;
  const keys = Object.keys(value).slice(0, 6);
  return `${name && name !== 'Object' ? `a ${name}` : 'an object'}${keys.length ? ` with keys ${keys.join(', ')}` : ''}`;
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The message for a Promise where a value was expected. */
export function missingAwait(received: unknown): string {
  return (
    `expect-secure-headers: received ${describeValue(received)}. ` +
    'Write `const response = await fetch(url)` (or `await request.get(url)`), then pass the response.'
  );
}

const WHAT_HEADERS = 'header names and values must be strings';

/** What a reader took for a header field: a [string, string] pair, or a UsageError naming what it was. */
function field(where: string, name: unknown, value: unknown): HeaderField {
  if (typeof name !== 'string' || typeof value !== 'string') {
    throw new UsageError(
      `expect-secure-headers: ${where} gave ${typeof name !== 'string' ? `a header name that is ${describeValue(name)}` : `the value ${describeValue(value)} for "${name}"`}; ${WHAT_HEADERS}.`,
    );
  }
  return [name, value];
}

function checkedMeta(url: unknown, status: unknown): ResponseMeta {
  if (url !== undefined && url !== null && typeof url !== 'string') {
    throw new UsageError(`expect-secure-headers: the response's url is ${describeValue(url)}; it must be a string (or absent).`);
  }
  if (status !== undefined && status !== null && (typeof status !== 'number' || !Number.isFinite(status))) {
    throw new UsageError(`expect-secure-headers: the response's status is ${describeValue(status)}; it must be a number (or absent).`);
  }
  return { url: typeof url === 'string' && url !== '' ? url : undefined, status: typeof status === 'number' ? status : undefined };
}

/** headersArray()'s [{ name, value }] entries, each checked. */
function nameValueFields(where: string, entries: unknown): HeaderField[] {
  if (!Array.isArray(entries)) throw new UsageError(`expect-secure-headers: ${where} returned ${describeValue(entries)}; an array of { name, value } was expected.`);
  return entries.map((entry: unknown, index) => {
    if (!isObject(entry)) throw new UsageError(`expect-secure-headers: ${where}[${index}] is ${describeValue(entry)}; each entry must be { name, value } with strings.`);
    return field(`${where}[${index}]`, entry.name, entry.value);
  });
}

/**
 * A HeaderSet-like object someone built: read once through its own methods,
 * every member checked, into one of ours, so nothing later meets a number
 * where a string belongs.
 */
function checkedHeaderSet(headers: AnyRecord & HeaderSet): HeaderSet {
  const names: unknown = headers.names();
  if (!Array.isArray(names)) throw new UsageError(`expect-secure-headers: the header set's names() returned ${describeValue(names)}; an array of strings was expected.`);
  const fields: HeaderField[] = [];
  for (const name of names as unknown[]) {
    if (typeof name !== 'string') throw new UsageError(`expect-secure-headers: the header set's names() holds ${describeValue(name)}; ${WHAT_HEADERS}.`);
    const values: unknown = headers.getAll(name);
    if (!Array.isArray(values)) throw new UsageError(`expect-secure-headers: the header set's getAll("${name}") returned ${describeValue(values)}; an array of strings was expected.`);
    for (const value of values as unknown[]) fields.push(field(`the header set's getAll("${name}")`, name, value));
    const joined: unknown = headers.get(name);
    if (joined !== undefined && typeof joined !== 'string') {
      throw new UsageError(`expect-secure-headers: the header set's get("${name}") returned ${describeValue(joined)}; ${WHAT_HEADERS}.`);
    }
  }
  return createHeaderSet(fields, checkedMeta(headers.url, headers.status));
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
    read: (v) => createHeaderSet(nameValueFields('headersArray()', (v.headersArray as () => unknown)()), checkedMeta((v.url as () => unknown)(), (v.status as () => unknown)())),
  },
  {
    // fetch / undici Response
    matches: (v) => isFetchHeaders(v.headers) && typeof v.status === 'number' && 'ok' in v,
    read: (v) => fromFetchHeaders(v.headers as FetchHeaders, checkedMeta(v.url, v.status)),
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
      return fromRawHeaders((v.res as AnyRecord).rawHeaders as unknown[], { url, status });
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
  (headers.forEach as (fn: (value: unknown, name: unknown) => void) => void).call(headers, (value, name) => {
    const [checkedName, checkedValue] = field('headers.forEach', name, value);
    if (checkedName.toLowerCase() !== 'set-cookie') fields.push([checkedName, checkedValue]);
  });
  const cookies: unknown = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
  if (!Array.isArray(cookies)) throw new UsageError(`expect-secure-headers: headers.getSetCookie() returned ${describeValue(cookies)}; an array of strings was expected.`);
  for (const cookie of cookies as unknown[]) fields.push(field('headers.getSetCookie()', 'set-cookie', cookie));
  return createHeaderSet(fields, meta);
}

/** node's rawHeaders: name, value, name, value, … all strings. */
function fromRawHeaders(raw: readonly unknown[], meta: ResponseMeta): HeaderSet {
  const fields: HeaderField[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) fields.push(field(`rawHeaders[${i}]`, raw[i], raw[i + 1]));
  return createHeaderSet(fields, meta);
}

function fromIncomingMessage(message: AnyRecord): HeaderSet {
  return fromRawHeaders(message.rawHeaders as unknown[], {
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
    return fromRawHeaders(request.res.rawHeaders as unknown[], { url: responseUrl, status });
  }
  // In a browser, or with a custom adapter: AxiosHeaders is a plain-looking object (set-cookie an array).
  const headers = response.headers as AnyRecord;
  const plain = isFunction(headers.toJSON) ? (headers.toJSON as () => AnyRecord)() : headers;
  if (!isObject(plain)) throw new UsageError(`expect-secure-headers: the axios response's headers are ${describeValue(plain)}; an object of header name to string (or string[]) was expected.`);
  const fields: HeaderField[] = Object.entries(plain).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).filter((one) => one !== undefined && one !== null).map((one) => [name, axiosValue(name, one)] as const),
  );
  return createHeaderSet(fields, { url, status });
}

/** A header value as axios gives it: a string, or a number or boolean it would send as text; anything else is a usage error (String() of it may throw). */
function axiosValue(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UsageError(`expect-secure-headers: the axios response's header ${JSON.stringify(name)} is ${describeValue(value)}; a string (or an array of strings) was expected.`);
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
