import { readFileSync } from 'node:fs';
import { crawl } from './crawl';
import type { CrawlOptions } from './options';
import { normalizeUrl } from './url';
import { UsageError } from '../matchers/context';

/**
 * The pages a sharded check covers. Every shard must hold the same list when
 * it starts, so the list is made once (from a sitemap or a headers-only
 * discovery crawl), written to a file, and read by each shard: sorted,
 * normalized and without repeats, so the same site gives the same bytes.
 */

export const PAGE_LIST = 'expect-secure-headers.PageList' as const;

export interface PageList {
  kind: typeof PAGE_LIST;
  /** Where discovery started. */
  start: string[];
  /** The origins the pages are on. */
  origins: string[];
  /** Normalized page URLs, sorted. */
  pages: string[];
  /** When discovery ran (ISO 8601); absent for a list read from a plain file. */
  discoveredAt?: string;
  /** A short stable hash of `pages`: shards that checked different lists are refused by `merge`. */
  hash: string;
}

/** A list from URLs: normalized, unique, sorted, hashed. */
export function pageListOf(urls: readonly string[], start: readonly string[] = [], discoveredAt?: string): PageList {
  const pages = [...new Set(urls.map((url) => normalizeUrl(url) ?? url))].sort();
  const origins = [...new Set(pages.map((url) => new URL(url).origin))].sort();
  return {
    kind: PAGE_LIST,
    start: [...start],
    origins,
    pages,
    ...(discoveredAt ? { discoveredAt } : {}),
    hash: listHash(pages),
  };
}

/** 64 bits of two FNV-1a passes over the joined list, as hex: enough to tell lists apart, short enough to print. */
export function listHash(pages: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (const url of pages) {
    for (let i = 0; i <= url.length; i++) {
      const c = i < url.length ? url.charCodeAt(i) : 10;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * The site's pages, found once with a headers-only crawl (plain GETs, the
 * sitemap when asked): every page that was visited, whatever it answered,
 * so a page that fails is still checked by its shard.
 */
export async function discoverPages(options: Omit<CrawlOptions, 'page' | 'context' | 'browser' | 'headersOnly' | 'onProgress'> & { onProgress?: CrawlOptions['onProgress'] }): Promise<PageList> {
  const site = await crawl({ ...options, headersOnly: true });
  const start = Array.isArray(options.start) ? options.start : [options.start];
  return pageListOf(
    site.pages.map((page) => page.url),
    start,
    site.startedAt,
  );
}

export function serializePageList(list: PageList): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}

/**
 * Reads a page list: the JSON `discover` writes, a JSON array of URLs, or a
 * text file with one URL a line (blank lines and `#` comments skipped).
 */
export function readPageList(file: string): PageList {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the page list ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Write one with \`expect-secure-headers discover URL --crawl --output ${file}\`.`);
  }
  return parsePageList(text, file);
}

export function parsePageList(text: string, file = 'page list'): PageList {
  const trimmed = text.trimStart();
  let urls: unknown[];
  let start: string[] = [];
  let discoveredAt: string | undefined;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`the page list ${file} is not valid JSON (${(error as Error).message}).`);
    }
    if (Array.isArray(parsed)) urls = parsed;
    else {
      const record = parsed as Record<string, unknown>;
      if (record.kind !== PAGE_LIST || !Array.isArray(record.pages)) {
        throw new UsageError(`the page list ${file} is neither a list written by \`expect-secure-headers discover\` (kind "${PAGE_LIST}") nor a JSON array of URLs.`);
      }
      urls = record.pages;
      if (Array.isArray(record.start)) start = record.start.filter((s): s is string => typeof s === 'string');
      if (typeof record.discoveredAt === 'string') discoveredAt = record.discoveredAt;
    }
  } else {
    urls = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  }
  const bad = urls.find((url) => typeof url !== 'string' || !/^https?:\/\//i.test(url) || normalizeUrl(url) === undefined);
  if (bad !== undefined) {
    throw new UsageError(`the page list ${file} holds ${JSON.stringify(bad)}, which is not an absolute http(s) URL. Each entry must be one, such as "http://127.0.0.1:3000/about".`);
  }
  if (urls.length === 0) throw new UsageError(`the page list ${file} holds no URL.`);
  return pageListOf(urls as string[], start, discoveredAt);
}
