import type { Page, Response } from '@playwright/test';
import { cspAllows } from '../csp/match';
import { parseCsp } from '../csp/parse';
import type { Policy } from '../csp/types';
import type { Observation } from './observation';
import type { CspViolationSource } from './types';

/**
 * A frame-ancestors violation belongs to the framed document: its policy
 * refused the page that embeds it. Chromium says otherwise: the DevTools
 * issue names no document and carries no policy, and the report gives the
 * embedding page as `document-uri`; both give the framed document's origin
 * (not its URL) as the blocked URL (Chromium 156). So the violation would
 * show under the embedding page with no policy. The framed document's
 * response says it all: its URL and its frame-ancestors. So the document
 * responses of subframes are kept, per page, and each frame-ancestors
 * sighting is given to a framed document of the blocked origin with a
 * frame-ancestors policy of the same disposition (the one the report quotes,
 * when it quotes one), preferring one that refuses the top-level page, one
 * document per sighting per channel.
 */

interface FramedDocument {
  url: string;
  page: Page | undefined;
  policies: Policy[];
  /** Channels that already gave a sighting to this document (each channel sees each violation once). */
  claimedBy: Set<CspViolationSource>;
}

/** How long a sighting waits for the framed document's response, which may arrive after the DevTools issue. */
const WAIT_FOR_RESPONSE_MS = 1000;

export class FramedDocuments {
  private readonly documents: FramedDocument[] = [];
  private readonly reading = new Set<Promise<void>>();

  /** Keeps a subframe's document response that has a frame-ancestors directive. */
  onResponse(response: Response, mainFrameOf: (response: Response) => boolean): void {
    let request;
    try {
      request = response.request();
      if (!request.isNavigationRequest() || mainFrameOf(response)) return;
    } catch {
      return;
    }
    const read = response
      .headersArray()
      .then((fields) => {
        const of = (name: string) => fields.filter((f) => f.name.toLowerCase() === name).map((f) => f.value);
        const policies = [
          ...parseCsp(of('content-security-policy'), { disposition: 'enforce' }),
          ...parseCsp(of('content-security-policy-report-only'), { disposition: 'report' }),
        ].filter((policy) => policy.directives.some((d) => d.name === 'frame-ancestors'));
        if (policies.length > 0) this.documents.push({ url: response.url(), page: pageOf(response), policies, claimedBy: new Set() });
      })
      .catch(() => undefined)
      .finally(() => this.reading.delete(read));
    this.reading.add(read);
  }

  /** The sighting given to its framed document, when one is found within a short wait; else as it came. */
  async attribute(observation: Observation, page: Page | undefined, pageUrl: string): Promise<Observation> {
    const deadline = Date.now() + WAIT_FOR_RESPONSE_MS;
    for (;;) {
      await Promise.all(this.reading);
      const claimed = claimFramedDocument(observation, this.documents.filter((d) => page === undefined || d.page === undefined || d.page === page), pageUrl);
      if (claimed || Date.now() >= deadline) return claimed ?? observation;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Resolves once every response header read has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.reading);
  }
}

/**
 * Pure but for the claim it records: of the framed documents on the blocked
 * origin whose policy of this disposition has frame-ancestors (the report's
 * policy, when the sighting has one) and that this channel has not claimed
 * yet, the first that refuses `pageUrl`, else the first; the sighting then
 * carries its URL and policy.
 */
export function claimFramedDocument(
  observation: Observation,
  documents: ReadonlyArray<{ url: string; policies: Policy[]; claimedBy: Set<CspViolationSource> }>,
  pageUrl: string,
): Observation | undefined {
  if (observation.directive !== 'frame-ancestors') return undefined;
  const origin = originOf(observation.blockedURI);
  const candidates = documents.flatMap((document) => {
    if (document.claimedBy.has(observation.source) || (origin !== undefined && originOf(document.url) !== origin)) return [];
    const policy = document.policies.find(
      (p) => p.disposition === observation.disposition && (observation.policy === undefined || p.raw.trim() === observation.policy.trim()),
    );
    return policy ? [{ document, policy }] : [];
  });
  const chosen = candidates.find(({ document, policy }) => refuses(policy, pageUrl, document.url)) ?? candidates[0];
  if (!chosen) return undefined;
  chosen.document.claimedBy.add(observation.source);
  return { ...observation, documentURL: chosen.document.url, policy: observation.policy ?? chosen.policy.raw };
}

function refuses(policy: Policy, ancestor: string, framed: string): boolean {
  try {
    return cspAllows(policy, { directive: 'frame-ancestors', url: ancestor, origin: framed }).decidedBy[0]?.allowed === false;
  } catch {
    return false;
  }
}

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

function pageOf(response: Response): Page | undefined {
  try {
    return response.frame().page();
  } catch {
    return undefined;
  }
}
