import type { AuditOptions } from '../audit';
import type { AuditCache } from './audit-cache';
import type { PageReport } from './types';

/** One URL the crawler will visit, and how it got there. */
export interface QueueEntry {
  url: string;
  depth: number;
  foundOn?: string;
}

/** What a visit gives back to the crawl loop. */
export interface VisitResult {
  report: PageReport;
  /** Link targets found on the page, in normal form (`normalizeUrl`), not yet filtered. */
  links: string[];
  /** Other URLs this visit covered (where redirects led), so they are not visited again. */
  aliases: string[];
}

/** What every visit needs to know. */
export interface VisitContext {
  allowed: (url: string) => boolean;
  timeout: number;
  audit: AuditOptions;
  /** The audit, remembered for identical header sets. */
  auditCache: AuditCache;
}

/** A page's report before its visit fills it in. */
export function emptyPageReport(entry: QueueEntry): PageReport {
  return {
    url: entry.url,
    depth: entry.depth,
    ...(entry.foundOn ? { foundOn: entry.foundOn } : {}),
    violations: [],
    subresources: [],
    durationMs: 0,
  };
}
