import type { Observation } from './observation';
import { kindOf, withoutFragment } from './observation';
import type { CspViolation, CspViolationSource } from './types';

/**
 * Violations de-duplicated across channels: sightings with the same
 * document, directive, blocked URI, disposition and location are one
 * violation, whichever channels saw it and in whatever order. A field a
 * channel did not know (the page-level DevTools issue has no document URL,
 * some reports have no location) matches any value.
 */

interface Entry {
  violation: CspViolation;
  /** The page it was seen in (opaque: a Playwright Page), when known. */
  page: object | undefined;
  documentKnown: boolean;
  counts: Partial<Record<CspViolationSource, number>>;
}

export interface Placement {
  page: object | undefined;
  /** The top-level page URL now. */
  pageUrl: string;
}

export class ViolationStore {
  private readonly entries: Entry[] = [];

  /** Adds a sighting; returns the violation it became part of and whether that violation is new. */
  add(observation: Observation, placement: Placement): { violation: CspViolation; isNew: boolean } {
    const existing = this.entries.find((entry) => sameViolation(entry, observation, placement.page));
    if (existing) {
      merge(existing, observation, placement.page);
      return { violation: existing.violation, isNew: false };
    }
    const documentURL = observation.documentURL ? withoutFragment(observation.documentURL) : undefined;
    const violation: CspViolation = {
      kind: kindOf(observation.blockedURI),
      url: placement.pageUrl,
      frameUrl: documentURL ?? placement.pageUrl,
      scope: observation.scope,
      directive: observation.directive,
      violatedDirective: observation.violatedDirective ?? observation.directive,
      blockedURI: observation.blockedURI,
      disposition: observation.disposition,
      seenBy: [observation.source],
      count: 1,
    };
    if (observation.location) violation.source = { ...observation.location };
    if (observation.sample) violation.sample = observation.sample;
    if (observation.policy) violation.policy = observation.policy;
    this.entries.push({ violation, page: placement.page, documentKnown: documentURL !== undefined, counts: { [observation.source]: 1 } });
    return { violation, isNew: true };
  }

  /** Copies, so a snapshot does not change under the caller. */
  list(page?: object): CspViolation[] {
    return this.entries
      .filter((entry) => page === undefined || entry.page === undefined || entry.page === page)
      .map((entry) => ({ ...entry.violation, seenBy: [...entry.violation.seenBy], ...(entry.violation.source ? { source: { ...entry.violation.source } } : {}) }));
  }

  get size(): number {
    return this.entries.length;
  }
}

function sameViolation(entry: Entry, observation: Observation, page: object | undefined): boolean {
  const v = entry.violation;
  if (v.directive !== observation.directive || v.disposition !== observation.disposition) return false;
  if (withoutFragment(v.blockedURI) !== withoutFragment(observation.blockedURI)) return false;
  if (entry.page !== undefined && page !== undefined && entry.page !== page) return false;
  if (entry.documentKnown && observation.documentURL !== undefined && v.frameUrl !== withoutFragment(observation.documentURL)) return false;
  const a = v.source;
  const b = observation.location;
  if (a && b && (a.file !== b.file || a.line !== b.line || a.column !== b.column)) return false;
  return true;
}

function merge(entry: Entry, observation: Observation, page: object | undefined): void {
  const v = entry.violation;
  const seen = (entry.counts[observation.source] ?? 0) + 1;
  entry.counts[observation.source] = seen;
  v.count = Math.max(v.count, seen);
  if (!v.seenBy.includes(observation.source)) v.seenBy.push(observation.source);
  // Fill in what the first channel did not know.
  if (!entry.documentKnown && observation.documentURL) {
    v.frameUrl = withoutFragment(observation.documentURL);
    entry.documentKnown = true;
  }
  if (entry.page === undefined && page !== undefined) entry.page = page;
  // Only DevTools knows a report came from a worker (the report names the worker script as its document).
  if (observation.scope === 'worker') v.scope = 'worker';
  if (!v.source && observation.location) v.source = { ...observation.location };
  if (!v.sample && observation.sample) v.sample = observation.sample;
  if (!v.policy && observation.policy) v.policy = observation.policy;
  if (observation.violatedDirective && v.violatedDirective === v.directive) v.violatedDirective = observation.violatedDirective;
}
