import { discoverPages, pageListOf, readPageList, type PageList } from '../crawl/page-list';
import { pagesOfShard, type Shard } from '../crawl/shard';
import { SITE_REPORT, type SiteReport } from '../crawl/types';
import { UsageError } from '../matchers/context';
import { resolve } from 'node:path';
import { CliError } from './errors';

/**
 * Which pages a `scan --pages` or `scan --shard` run checks: the page list
 * (read from the file, discovered by a headers-only crawl, or the URLs
 * given), and this shard's share of it. Without either flag, a scan is
 * planned as before (each URL a page, or a crawl).
 */

/** The words of `scan` that choose the pages. */
export interface PlanRequest {
  pages?: string;
  shard?: Shard;
  crawl: boolean;
  maxPages?: number;
  maxDepth?: number;
  timeout?: number;
  sitemap: boolean;
}

interface PlanIo {
  cwd: string;
  stderr: { write(text: string): unknown };
}

export interface PagePlan {
  list: PageList;
  shard: Shard;
  /** The pages this run checks, in the list's order. */
  share: string[];
}

export async function planPages(urls: string[], request: PlanRequest, io: PlanIo): Promise<PagePlan | undefined> {
  if (request.pages === undefined && request.shard === undefined) return undefined;
  const shard = request.shard ?? { index: 1, total: 1 };
  const list = await pageList(urls, request, io);
  const share = pagesOfShard(list.pages, shard);
  if (shard.total > 1) io.stderr.write(`shard ${shard.index}/${shard.total}: ${share.length} of ${list.pages.length} page(s) (page list ${list.hash})\n`);
  return { list, shard, share };
}

async function pageList(urls: string[], request: PlanRequest, io: PlanIo): Promise<PageList> {
  try {
    if (request.pages !== undefined) {
      if (urls.length > 0 || request.crawl) throw new CliError('--pages FILE names the pages to check: leave out the URLs and --crawl (or leave out --pages).');
      return readPageList(resolve(io.cwd, request.pages));
    }
    if (!request.crawl) return pageListOf(urls, urls);
    // Every shard discovers on its own here: the same list only while the site stays the same.
    return await discoverPages({
      start: urls,
      ...(request.maxPages !== undefined ? { maxPages: request.maxPages } : {}),
      ...(request.maxDepth !== undefined ? { maxDepth: request.maxDepth } : {}),
      ...(request.timeout !== undefined ? { timeout: request.timeout } : {}),
      ...(request.sitemap ? { sitemap: true } : {}),
    });
  } catch (error) {
    if (error instanceof UsageError) throw new CliError(error.message);
    throw error;
  }
}

/** The report of a run that had no page to check (a shard whose share is empty). */
export function emptySite(mode: SiteReport['mode']): SiteReport {
  return { kind: SITE_REPORT, start: [], origins: [], mode, pages: [], notVisited: [], startedAt: new Date().toISOString(), durationMs: 0 };
}
