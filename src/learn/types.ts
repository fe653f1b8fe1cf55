import type { CspFinding } from '../csp/findings';

/**
 * What learnCsp finds and gives back. The learned policies are strings a
 * server sends as they are, except `{nonce}`, which stands for the nonce the
 * app puts in each response.
 */

/** The frameworks `fix()` writes for. */
export type LearnFramework = 'flask-talisman' | 'helmet' | 'django' | 'nginx' | 'header';
export const LEARN_FRAMEWORKS: readonly LearnFramework[] = ['flask-talisman', 'helmet', 'django', 'nginx', 'header'];

export type LearnedKind = 'nonce' | 'hash' | 'allowlist';

/** What needed a source: a page, and the load or element on it. */
export interface NeedSite {
  page: string;
  /** The URL loaded, or the element (`<button onclick="…">`), or `eval`. */
  what: string;
}

/** One source a directive needs, and what needed it. */
export interface Need {
  /** The effective directive: script-src-elem, style-src-attr, img-src, worker-src… */
  directive: string;
  /** The source expression: 'self', https://cdn.example:8443, 'sha256-…', data:, 'unsafe-eval'… */
  source: string;
  /** Where it was needed (the first 20). */
  neededBy: NeedSite[];
  /** How many times it was needed, over every page. */
  count: number;
}

/** What keeps a strict policy (nonce- or hash-based) out of reach, with where it is. */
export interface StrictBlocker {
  kind: 'event-handler' | 'javascript-url' | 'varying-inline-script' | 'script-without-nonce';
  page: string;
  /** The element, shortened: `<button onclick="go()">`. */
  where: string;
}

/** Inline scripts or styles seen, by hash. */
export interface InlineSummary {
  /** Distinct contents seen (and so distinct hashes). */
  distinct: number;
  /** How many elements, over every page. */
  elements: number;
  /** Contents that were different in two responses of the same page: only a nonce covers them. */
  varying: number;
  advice?: string;
}

/** A page or load that the learned policy, enforced, still broke. */
export interface StillBroken {
  page: string;
  directive: string;
  /** The blocked URL, or inline / eval. */
  blocked: string;
  sample?: string;
}

export interface LearnVerification {
  /** Pages re-crawled with the learned policy enforced. */
  pages: number;
  /** Violations of the learned policy: 0 means the policy holds on every page crawled. */
  violations: number;
  stillBroken: StillBroken[];
  durationMs: number;
}

export interface LearnedCsp {
  /**
   * The policy to use: nonce-based strict where the site carries nonces;
   * hash-based strict (the inline scripts' hashes and 'strict-dynamic') where
   * it does not but every script in the HTML is inline and the same in every
   * response; else the exact allowlist (with hashes for inline code).
   */
  policy: string;
  /** Which kind `policy` is. */
  kind: LearnedKind;
  /** Exact origins (and paths where tighter) per directive. */
  allowlistPolicy: string;
  /** Per directive, each source and what needed it. */
  needs: Need[];
  inline: { scripts: InlineSummary; styles: InlineSummary; styleAttributes: InlineSummary; eventHandlers: InlineSummary };
  /** What keeps a strict policy out of reach, where it is: scripts in the HTML without the nonce (unless the hash variant covers them), inline scripts that change per response, event handlers, javascript: URLs. */
  strictBlockers: StrictBlocker[];
  /** The learned policy's own findings (evaluatePolicies), so a weakness it must keep says so and why. */
  findings: CspFinding[];
  /** Where the site's policy already stands: its enforced CSP header values, per page (the first page's). */
  sitePolicy: string[];
  pages: string[];
  /**
   * Loads the crawl did not let through because their origin is not one it
   * may reach (pass it in `origins`): each was learned as a need, but what it
   * would load in turn (a CDN stylesheet's fonts, a script's fetches) was not.
   */
  notLoaded: string[];
  /** Violations the deny-everything report-only policy saw while learning: every load and inline use. */
  violationsSeen: number;
  /** The re-crawl with the learned policy enforced. */
  verification: LearnVerification;
  durationMs: number;
  /** The policy written for a framework; report-only first (as the guides roll it out) unless `enforce`. */
  fix(framework: LearnFramework, options?: { enforce?: boolean }): string;
}
