import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { PlaywrightBrowser, PlaywrightContext, PlaywrightPage } from '../browser/handles';
import { validateAuditOptions, type AuditOptions } from '../audit';
import { bypassesCsp } from '../browser/bypass';
import { UsageError } from '../matchers/context';
import { describeValue } from '../response/normalize';
import { didYouMean } from '../validate';
import { notFoundProbeUrls } from './probe';
import { compilePattern, normalizeUrl, type UrlPattern, type UrlTest } from './url';

/** What `onProgress` receives after each page. */
export interface CrawlProgress {
  /** Pages visited so far (this one included). */
  visited: number;
  /** URLs waiting to be visited. */
  queued: number;
  /** The best estimate of how many pages the crawl will visit: known pages, capped by maxPages. */
  total?: number;
  /** The page just visited. */
  current: string;
}

export interface CrawlOptions {
  /** Where to start: one URL or several (http or https). */
  start: string | string[];
  /** Crawl in this page, one URL at a time (its context's other pages are left alone). */
  page?: PlaywrightPage;
  /** Crawl in new pages of this context (closed afterwards; the context is not). */
  context?: PlaywrightContext;
  /** Crawl in a new context of this browser (closed afterwards). With none of page/context/browser, Chromium is launched and closed. */
  browser?: PlaywrightBrowser;
  /** At most this many pages are visited. Default 50. */
  maxPages?: number;
  /** Follow links at most this deep (start pages are depth 0). Default: no limit. */
  maxDepth?: number;
  /** Pages loaded at once. Default 4 in a browser (pages of one context), 8 in headers-only mode. */
  concurrency?: number;
  /** Only URLs matching one of these are visited (start URLs always are). */
  include?: UrlPattern | UrlPattern[];
  /** URLs matching one of these are not visited. */
  exclude?: UrlPattern | UrlPattern[];
  /** Origins the crawler may navigate to. Default: the start URLs' origins. */
  origins?: string | string[];
  /** Read `/sitemap.xml` of each start origin (true) or this sitemap URL. Default false. */
  sitemap?: boolean | string;
  /** Per page: how long loading may take, in ms. Default 15000. */
  timeout?: number;
  /** Plain HTTP GETs, no browser: headers and links only (no CSP violations, no JS-made links). */
  headersOnly?: boolean;
  /** Options for the header audit of every page (preset, ignore, failOn…). */
  audit?: AuditOptions;
  /** Called after each page. */
  onProgress?: (progress: CrawlProgress) => void;
  /** After load, wait until no new CSP violation came for this long (ms), at most 1000 ms or `timeout`. Default 200. */
  quietMs?: number;
  /** Request headers sent with every request (an auth cookie or token for pages behind a login). */
  requestHeaders?: Record<string, string>;
  /** Accept invalid TLS certificates (a self-signed staging server). Applies to contexts the crawler makes and to headers-only GETs. */
  ignoreHttpsErrors?: boolean;
  /**
   * Also request one URL per start origin that no site serves
   * (`/expect-secure-headers-not-found-probe`) and judge the error response
   * like a page (marked `probe: 'not-found'`), so headers sent only on
   * successful responses are caught. Not counted in maxPages. Default false
   * (the CLI turns it on).
   */
  probeNotFound?: boolean;
}

export const CRAWL_OPTION_NAMES = [
  'start',
  'page',
  'context',
  'browser',
  'maxPages',
  'maxDepth',
  'concurrency',
  'include',
  'exclude',
  'origins',
  'sitemap',
  'timeout',
  'headersOnly',
  'audit',
  'onProgress',
  'quietMs',
  'requestHeaders',
  'ignoreHttpsErrors',
  'probeNotFound',
] as const satisfies ReadonlyArray<keyof CrawlOptions>;

export const DEFAULT_MAX_PAGES = 50;
export const DEFAULT_BROWSER_CONCURRENCY = 4;
export const DEFAULT_HTTP_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_QUIET_MS = 200;
export const MAX_QUIET_WAIT_MS = 1000;

/** Options checked and filled in: what the crawl runs on. */
export interface ResolvedCrawlOptions {
  start: string[];
  origins: string[];
  target: { kind: 'page'; page: Page } | { kind: 'context'; context: BrowserContext } | { kind: 'browser'; browser: Browser } | { kind: 'launch' } | { kind: 'none' };
  headersOnly: boolean;
  maxPages: number;
  maxDepth: number;
  concurrency: number;
  include: UrlTest[];
  exclude: UrlTest[];
  /** Sitemap URLs to read. */
  sitemaps: string[];
  timeout: number;
  quietMs: number;
  audit: AuditOptions;
  onProgress?: (progress: CrawlProgress) => void;
  requestHeaders: Record<string, string>;
  ignoreHttpsErrors: boolean;
  /** The not-found probe URLs to visit after the pages (empty unless probeNotFound). */
  probes: string[];
}

const WHAT = 'crawl(options)';

/** Checks every option before anything is requested; throws a UsageError saying what was wrong, what was received and what to pass. */
export function resolveCrawlOptions(options: unknown): ResolvedCrawlOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UsageError(`${WHAT} needs an options object such as { start: 'http://127.0.0.1:3000/' }; received ${describeValue(options)}.`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(CRAWL_OPTION_NAMES as readonly string[]).includes(key)) {
      throw new UsageError(`${WHAT}: unknown option "${key}".${didYouMean(key, CRAWL_OPTION_NAMES)} Valid options: ${CRAWL_OPTION_NAMES.join(', ')}.`);
    }
  }

  const start = startUrls(o.start);
  const origins = o.origins === undefined ? [...new Set(start.map((u) => new URL(u).origin))] : originList(o.origins);
  const outside = start.filter((u) => !origins.includes(new URL(u).origin));
  if (outside.length > 0) {
    throw new UsageError(`${WHAT}: start URL ${outside[0]} is not on the allowed origins (${origins.join(', ')}). Add its origin to "origins", or leave "origins" out.`);
  }

  const headersOnly = booleanOption('headersOnly', o.headersOnly) ?? false;
  const target = browserTarget(o, headersOnly);
  const maxPages = integerOption('maxPages', o.maxPages, 1) ?? DEFAULT_MAX_PAGES;
  const maxDepth = integerOption('maxDepth', o.maxDepth, 0) ?? Infinity;
  let concurrency = integerOption('concurrency', o.concurrency, 1);
  if (target.kind === 'page') {
    if (concurrency !== undefined && concurrency > 1) {
      throw new UsageError(
        `${WHAT}: concurrency ${concurrency} needs several pages, but "page" gives one. Pass { context } instead of { page } to crawl ${concurrency} pages at once, or drop "concurrency".`,
      );
    }
    concurrency = 1;
  }
  concurrency ??= headersOnly ? DEFAULT_HTTP_CONCURRENCY : DEFAULT_BROWSER_CONCURRENCY;
  const timeout = integerOption('timeout', o.timeout, 1) ?? DEFAULT_TIMEOUT_MS;
  const quietMs = integerOption('quietMs', o.quietMs, 0) ?? DEFAULT_QUIET_MS;

  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new UsageError(`${WHAT}: onProgress must be a function ({ visited, queued, total, current }) => void; received ${describeValue(o.onProgress)}.`);
  }
  const audit = validateAuditOptions(o.audit, `${WHAT}: audit`);

  return {
    start,
    origins,
    target,
    headersOnly,
    maxPages,
    maxDepth,
    concurrency,
    include: patterns('include', o.include),
    exclude: patterns('exclude', o.exclude),
    sitemaps: sitemapUrls(o.sitemap, start, origins),
    timeout,
    quietMs,
    audit,
    requestHeaders: requestHeaders(o.requestHeaders),
    ignoreHttpsErrors: booleanOption('ignoreHttpsErrors', o.ignoreHttpsErrors) ?? false,
    probes: booleanOption('probeNotFound', o.probeNotFound) ? notFoundProbeUrls(start) : [],
    ...(o.onProgress ? { onProgress: o.onProgress as (progress: CrawlProgress) => void } : {}),
  };
}

function startUrls(value: unknown): string[] {
  if (value === undefined) {
    throw new UsageError(`${WHAT}: "start" is required: the URL to begin at, e.g. { start: 'http://127.0.0.1:3000/' } (or an array of URLs).`);
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new UsageError(`${WHAT}: "start" is an empty array; pass at least one http(s) URL.`);
  return [
    ...new Set(
      list.map((item, i) => {
        const where = Array.isArray(value) ? `start[${i}]` : 'start';
        if (typeof item !== 'string') throw new UsageError(`${WHAT}: ${where} must be an http(s) URL string; received ${describeValue(item)}.`);
        const url = normalizeUrl(item);
        if (!url) {
          throw new UsageError(`${WHAT}: ${where} must be an absolute http:// or https:// URL; received ${JSON.stringify(item)}. Pass e.g. 'http://127.0.0.1:3000/'.`);
        }
        return url;
      }),
    ),
  ];
}

function originList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new UsageError(`${WHAT}: "origins" is an empty array; pass origins like 'https://example.com', or leave it out to use the start URLs' origins.`);
  return [
    ...new Set(
      list.map((item) => {
        const url = typeof item === 'string' ? normalizeUrl(item) : undefined;
        if (!url) {
          throw new UsageError(`${WHAT}: "origins" must hold http(s) origins like 'https://example.com'; received ${describeValue(item)}.`);
        }
        return new URL(url).origin;
      }),
    ),
  ];
}

function browserTarget(o: Record<string, unknown>, headersOnly: boolean): ResolvedCrawlOptions['target'] {
  const given = (['page', 'context', 'browser'] as const).filter((k) => o[k] !== undefined);
  if (headersOnly) {
    if (given.length > 0) {
      throw new UsageError(`${WHAT}: headersOnly makes plain HTTP requests and uses no browser, but "${given[0]}" was given too. Drop "${given[0]}", or drop headersOnly to crawl in the browser.`);
    }
    return { kind: 'none' };
  }
  if (given.length > 1) {
    throw new UsageError(`${WHAT}: pass only one of page, context or browser; received ${given.join(' and ')}.`);
  }
  const [key] = given;
  if (key === undefined) return { kind: 'launch' };
  const value = o[key] as Record<string, unknown> | null;
  const has = (...methods: string[]) => typeof value === 'object' && value !== null && methods.every((m) => typeof value[m] === 'function');
  if (key === 'page') {
    if (!has('goto', 'mainFrame', 'context')) throw new UsageError(`${WHAT}: "page" must be a Playwright Page; received ${describeValue(value)}.`);
    assertCspOn((value as unknown as Page).context());
    return { kind: 'page', page: value as unknown as Page };
  }
  if (key === 'context') {
    if (!has('newPage', 'pages')) throw new UsageError(`${WHAT}: "context" must be a Playwright BrowserContext; received ${describeValue(value)}.`);
    assertCspOn(value as unknown as BrowserContext);
    return { kind: 'context', context: value as unknown as BrowserContext };
  }
  if (!has('newContext', 'contexts')) throw new UsageError(`${WHAT}: "browser" must be a Playwright Browser; received ${describeValue(value)}.`);
  return { kind: 'browser', browser: value as unknown as Browser };
}

function assertCspOn(context: BrowserContext): void {
  if (bypassesCsp(context)) {
    throw new UsageError(
      `${WHAT}: the browser context was created with bypassCSP: true, which switches Content-Security-Policy off: no violation could be seen and every page would pass. ` +
        'Crawl in a context made without bypassCSP (in Playwright Test: test.use({ bypassCSP: false })), or pass { browser } and let the crawler make its own context.',
    );
  }
}

function requestHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${WHAT}: requestHeaders must be an object of header names to string values, e.g. { cookie: 'sid=abc' }; received ${describeValue(value)}.`);
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`${WHAT}: requestHeaders has ${JSON.stringify(name)}, which is not a header name.`);
    // eslint-disable-next-line no-control-regex
    if (typeof v !== 'string' || /[\r\n\u0000]/.test(v)) throw new UsageError(`${WHAT}: requestHeaders[${JSON.stringify(name)}] must be a string without line breaks; received ${describeValue(v)}.`);
    out[name.toLowerCase()] = v;
  }
  return out;
}

function booleanOption(name: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw new UsageError(`${WHAT}: ${name} must be true or false; received ${describeValue(value)}.`);
  return value as boolean | undefined;
}

function integerOption(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new UsageError(`${WHAT}: ${name} must be a whole number of at least ${min}; received ${describeValue(value)}.`);
  }
  return value;
}

function patterns(name: 'include' | 'exclude', value: unknown): UrlTest[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    if (typeof item === 'string' || item instanceof RegExp || typeof item === 'function') return compilePattern(item as UrlPattern);
    throw new UsageError(
      `${WHAT}: ${name}${Array.isArray(value) ? `[${i}]` : ''} must be a glob string ('/blog/**'), a RegExp, or a function (url: string) => boolean; received ${describeValue(item)}.`,
    );
  });
}

function sitemapUrls(value: unknown, start: string[], origins: string[]): string[] {
  if (value === undefined || value === false) return [];
  if (value === true) return [...new Set(start.map((u) => `${new URL(u).origin}/sitemap.xml`))];
  const url = typeof value === 'string' ? normalizeUrl(value) : undefined;
  if (!url) throw new UsageError(`${WHAT}: sitemap must be true, false, or an http(s) URL of a sitemap; received ${describeValue(value)}.`);
  if (!origins.includes(new URL(url).origin)) {
    throw new UsageError(`${WHAT}: sitemap ${url} is not on the allowed origins (${origins.join(', ')}); the crawler requests nothing outside them.`);
  }
  return [url];
}
