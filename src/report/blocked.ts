import type { PageReport } from '../crawl/types';
import { capValue } from './escape';

/**
 * What the browser crawl blocked of a page: requests to other origins
 * (subresources, frames, popups) it never sent, so the page rendered without
 * them. Every format says so, because a page that needs them looks different
 * in the crawl than in a browser. A report lists at most BLOCKED_SHOWN of
 * them (each URL capped as every report value is) and counts the rest.
 */

export const BLOCKED_SHOWN = 20;

export interface BlockedRequests {
  count: number;
  shown: string[];
  /** How many are left out of `shown`. */
  more: number;
}

export function blockedRequests(page: Pick<PageReport, 'blocked'>): BlockedRequests | undefined {
  const all = page.blocked ?? [];
  if (all.length === 0) return undefined;
  const shown = all.slice(0, BLOCKED_SHOWN).map((url) => capValue(url));
  return { count: all.length, shown, more: all.length - shown.length };
}

/** `3 requests to other origins blocked by the crawl (never sent)`. */
export function blockedSentence(blocked: BlockedRequests): string {
  return `${blocked.count} request${blocked.count === 1 ? '' : 's'} to other origins blocked by the crawl (never sent; the page rendered without ${blocked.count === 1 ? 'it' : 'them'})`;
}

/** The sentence, then one URL a line, then how many more. */
export function blockedText(blocked: BlockedRequests): string {
  return [blockedSentence(blocked) + ':', ...blocked.shown, ...(blocked.more > 0 ? [`… and ${blocked.more} more`] : [])].join('\n');
}
