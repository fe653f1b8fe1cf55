import { UsageError } from '../matchers/context';
import { describeValue } from '../response/normalize';

/**
 * Which shard checks a page. Every shard must reach the same answer on its
 * own machine, with no coordination: the share is a stable hash of the
 * normalized URL (FNV-1a, 32 bits), not its position in a list, so a page
 * keeps its shard when pages are added to or removed from the site.
 */

/** Shard `index` of `total`, counted from 1 as Playwright's `--shard=i/n` is. */
export interface Shard {
  index: number;
  total: number;
}

/** Parses `"3/8"` (the words of `--shard`). */
export function parseShard(value: unknown, what = '--shard'): Shard {
  const match = typeof value === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value) : null;
  const index = match ? Number(match[1]) : NaN;
  const total = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(total) || total < 1 || index < 1 || index > total) {
    throw new UsageError(`${what} must be INDEX/TOTAL with 1 <= INDEX <= TOTAL, such as 3/8; received ${typeof value === 'string' ? JSON.stringify(value) : describeValue(value)}.`);
  }
  return { index, total };
}

/** FNV-1a over the URL's UTF-16 code units: fast, and the same in every Node version. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The shard (1…total) a normalized URL belongs to. */
export function shardOf(url: string, total: number): number {
  return (fnv1a(url) % total) + 1;
}

/** The pages of `urls` that `shard` checks, in their given order. */
export function pagesOfShard(urls: readonly string[], shard: Shard): string[] {
  if (shard.total === 1) return [...urls];
  return urls.filter((url) => shardOf(url, shard.total) === shard.index);
}

/** Pages in a list's order (it is sorted by URL): how the parts of a sharded run are put back together. */
export function inListOrder<T extends { url: string }>(pages: readonly T[]): T[] {
  return [...pages].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
