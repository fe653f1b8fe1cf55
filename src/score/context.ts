/**
 * Checks the arguments of scoreHeaders and works out, once, what the tests read.
 */
import { UsageError } from '../errors';
import { isOwnHeaderSet } from '../response/header-set';
import { toHeaderSet } from '../response/normalize';
import type { HeaderSet } from '../types';
import { readMetaPolicies } from './html';
import { isHtmlResponse } from './subresource-integrity';
import type { RedirectCookies, RedirectHop, ScoreContext, ScoreOptions } from './types';

const OPTION_NAMES = new Set(['https', 'html', 'redirects', 'url', 'hstsPreloaded', 'algorithm', 'corsResponse', 'redirectCookies']);

function fail(message: string): never {
  throw new UsageError(`scoreHeaders: ${message}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function isHeaderSet(value: unknown): value is HeaderSet {
  const v = value as Partial<HeaderSet> | null;
  return typeof v === 'object' && v !== null && typeof v.get === 'function' && typeof v.getAll === 'function' && typeof v.has === 'function';
}

function parseUrl(value: string, what: string): URL {
  try {
    return new URL(value);
  } catch {
    return fail(`${what} must be an absolute URL such as "https://example.com/"; received ${describe(value)}.`);
  }
}

function checkRedirects(value: unknown): RedirectHop[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(`options.redirects must be a non-empty array of { url, status }, the http:// request first; received ${describe(value)}.`);
  }
  return value.map((hop: unknown, i) => {
    const h = hop as Partial<RedirectHop> | null;
    if (typeof h !== 'object' || h === null || typeof h.url !== 'string' || typeof h.status !== 'number') {
      fail(`options.redirects[${i}] must be { url: string, status: number }; received ${describe(hop)}.`);
    }
    parseUrl(h.url, `options.redirects[${i}].url`);
    return { url: h.url, status: h.status };
  });
}

function checkRedirectCookies(value: unknown): RedirectCookies[] {
  if (!Array.isArray(value)) fail(`options.redirectCookies must be an array of { url, setCookie: string[] }, first hop first; received ${describe(value)}.`);
  return value.map((hop: unknown, i) => {
    const h = hop as Partial<RedirectCookies> | null;
    if (typeof h !== 'object' || h === null || typeof h.url !== 'string' || !Array.isArray(h.setCookie) || !h.setCookie.every((c) => typeof c === 'string')) {
      fail(`options.redirectCookies[${i}] must be { url: string, setCookie: string[] }; received ${describe(hop)}.`);
    }
    parseUrl(h.url, `options.redirectCookies[${i}].url`);
    return { url: h.url, setCookie: [...h.setCookie] };
  });
}

/**
 * The hops whose cookies the scanner's jar holds. It keeps two sessions, one
 * from the http:// URL and one from the https:// URL, and judges the jar of
 * the https one when the site answers over https: the hops from the first
 * https URL on. A chain that is all http is the http session's, every hop.
 */
export function jarHops(hops: readonly RedirectCookies[]): RedirectCookies[] {
  const firstHttps = hops.findIndex((hop) => hop.url.startsWith('https:'));
  return firstHttps === -1 ? [...hops] : hops.slice(firstHttps);
}

export function buildContext(received: unknown, options: unknown): ScoreContext {
  if (!isHeaderSet(received)) {
    fail(`the first argument must be a HeaderSet (build one with createHeaderSet from src/response/header-set); received ${describe(received)}.`);
  }
  // One built elsewhere is read once and checked, so no test meets a number where a header value belongs.
  const headers = isOwnHeaderSet(received) ? received : toHeaderSet(received);
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    fail(`options must be an object such as { https: true }; received ${describe(options)}.`);
  }
  const o = (options ?? {}) as ScoreOptions;
  for (const key of Object.keys(o)) {
    if (!OPTION_NAMES.has(key)) fail(`unknown option "${key}"; the options are ${[...OPTION_NAMES].join(', ')}.`);
  }
  if (o.https !== undefined && typeof o.https !== 'boolean') fail(`options.https must be true or false; received ${describe(o.https)}.`);
  if (o.hstsPreloaded !== undefined && typeof o.hstsPreloaded !== 'boolean') {
    fail(`options.hstsPreloaded must be true or false; received ${describe(o.hstsPreloaded)}.`);
  }
  if (o.html !== undefined && typeof o.html !== 'string') fail(`options.html must be the response body as a string; received ${describe(o.html)}.`);
  if (o.url !== undefined && typeof o.url !== 'string') fail(`options.url must be a URL string; received ${describe(o.url)}.`);
  if (o.algorithm !== undefined && o.algorithm !== 4 && o.algorithm !== 5) {
    fail(`options.algorithm must be 4 (Observatory 1.4.x) or 5 (1.5.0 to 1.6.x); received ${describe(o.algorithm)}.`);
  }
  if (o.corsResponse !== undefined && !isHeaderSet(o.corsResponse)) {
    fail(`options.corsResponse must be a HeaderSet (the answer to observatoryCorsProbe); received ${describe(o.corsResponse)}.`);
  }
  const redirects = o.redirects === undefined ? undefined : checkRedirects(o.redirects);
  const redirectCookies = o.redirectCookies === undefined ? [] : checkRedirectCookies(o.redirectCookies);

  const urlText = o.url ?? headers.url;
  const url = urlText ? parseUrl(urlText, o.url !== undefined ? 'options.url' : "the HeaderSet's url") : undefined;
  const https = o.https ?? url?.protocol === 'https:';
  const ctx: ScoreContext = {
    headers,
    https,
    host: (url?.hostname ?? 'localhost').toLowerCase(),
    path: url?.pathname ?? '/',
    metaCsp: [],
    redirects,
    hstsPreloaded: o.hstsPreloaded ?? false,
    algorithm: o.algorithm ?? 4,
    corsHeaders: o.corsResponse ?? headers,
    hopCookies: jarHops(redirectCookies).flatMap((hop) => {
      const at = new URL(hop.url);
      return hop.setCookie.map((header) => ({ header, host: at.hostname.toLowerCase(), path: at.pathname }));
    }),
  };
  // As the Observatory: meta tags count only when the response says it is HTML.
  if (o.html !== undefined && isHtmlResponse(ctx)) {
    ctx.html = o.html;
    const meta = readMetaPolicies(o.html);
    ctx.metaCsp = meta.csp;
    ctx.metaReferrer = meta.referrer;
  }
  return ctx;
}
