import type { PageReport } from '../crawl/types';
import type { JudgedWith } from '../report/summary';

/**
 * What each `siteTests` test attaches for `expect-secure-headers/reporter`:
 * the page's report, the list it was one page of, and what it was judged with.
 */
export const PAGE_ATTACHMENT = 'expect-secure-headers.page';

export interface PageAttachment {
  page: PageReport;
  list: { hash: string; pages: number };
  judged: JudgedWith;
}
