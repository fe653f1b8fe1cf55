/** The crawler: walk a site, judge every page. */
export { crawl } from './crawl';
export { CRAWL_OPTION_NAMES, type CrawlOptions, type CrawlProgress } from './options';
export type { UrlPattern } from './url';
export { isSiteReport, SITE_REPORT, type PageError, type PageErrorKind, type PageReport, type SiteReport, type SubresourceIssue } from './types';
