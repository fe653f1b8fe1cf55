import type { PlaywrightContext, PlaywrightPage } from './handles';

/**
 * What a CSP violation caught in a real browser looks like. Playwright is
 * imported as types only: nothing in src/browser loads it at run time, the
 * caller hands us its own page or context.
 */

/** `enforce`: the browser blocked it. `report`: a report-only policy let it through and only reported it. */
export type CspDisposition = 'enforce' | 'report';

/**
 * What fails by default, in the matchers (`toHaveNoCspViolations`, on a page
 * or a site report), the Playwright fixture and the CLI alike: violations of
 * enforced policies. A report-only policy is a trial that blocks nothing, so
 * its violations are listed but do not fail unless asked for
 * (`disposition: 'any'` or `'report'`, the fixture's `cspDisposition`).
 */
export const DEFAULT_FAILING_DISPOSITION = 'enforce' as const;

/**
 * Which capture channel saw a violation: the DOM event, Chromium's DevTools
 * (Audits issues), the report the page sent, or the Reporting API report
 * Chromium's DevTools announced when the page queued it (before delivery).
 */
export type CspViolationSource = 'event' | 'cdp' | 'report' | 'reporting-api';

/**
 * What was blocked, as a tag to switch on: a resource (blockedURI is its URL),
 * inline code (a `<script>`, `<style>`, `style=""`, `onclick=""`, a `javascript:`
 * URL), string-to-code (`eval`, `new Function`), WebAssembly compilation,
 * a Trusted Types check, or something this version does not know.
 */
export type CspViolationKind = 'resource' | 'inline' | 'eval' | 'wasm-eval' | 'trusted-types' | 'other';

export interface CspSourceLocation {
  /** The script or document whose code caused it. */
  file: string;
  /** 1-based, as the DOM event and reports give it. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface CspViolation {
  kind: CspViolationKind;
  /** The top-level page's URL when it was seen. */
  url: string;
  /** The document (frame) or worker whose policy was violated. */
  frameUrl: string;
  /** Where it happened: a document in a frame (the main one or an iframe), or a worker. */
  scope: 'document' | 'worker';
  /** The effective directive: the one whose rule applied (`script-src-elem` when that fell back to `script-src`). */
  directive: string;
  /** The directive as the browser named it in the event or report. */
  violatedDirective: string;
  /** The blocked URL, or `inline`, `eval`, `wasm-eval`, `trusted-types-sink`… */
  blockedURI: string;
  disposition: CspDisposition;
  source?: CspSourceLocation;
  /** The first characters of the inline code, when the policy has `'report-sample'`. */
  sample?: string;
  /** The policy that was violated, as the browser saw it. */
  policy?: string;
  /** Every channel that saw it; several channels seeing the same violation count once. */
  seenBy: CspViolationSource[];
  /** How many times it happened (the highest count any one channel saw). */
  count: number;
  /** Which directive of which policy decided, from the CSP engine, when it could tell. */
  explanation?: string;
}

export interface CspWatchOptions {
  /** Keep violations for `/favicon.ico` (the browser's own request, noise for most tests). Default false. */
  includeFavicon?: boolean;
  /** Use Chromium's DevTools protocol where available (workers, out-of-process iframes, what happened before watching). Default true. */
  cdp?: boolean;
  /** Parse the reports the page sends to its `report-uri` / `report-to` endpoints. Default true. */
  reports?: boolean;
}

export interface CspViolationFilter {
  /** Only the violations seen in this page (for a log that watches a whole context). */
  page?: PlaywrightPage;
}

export const CSP_VIOLATION_LOG = Symbol.for('expect-secure-headers.CspViolationLog');

/** The live log `watchCspViolations` returns. */
export interface CspViolationLog {
  readonly [CSP_VIOLATION_LOG]: true;
  /** What is watched. */
  readonly target: PlaywrightPage | PlaywrightContext;
  readonly stopped: boolean;
  /** A snapshot of the violations seen so far (de-duplicated across channels). */
  violations(filter?: CspViolationFilter): CspViolation[];
  /** Lets in-flight events, DevTools messages and reports arrive. */
  settle(): Promise<void>;
  /** Settles, then waits until `quietMs` pass with no new violation (at most `maxMs`); returns the snapshot. */
  waitForIdle(quietMs?: number, maxMs?: number): Promise<CspViolation[]>;
  /** Settles, then resolves true as soon as a violation matching `accept` is seen, or false after `timeoutMs`. */
  waitForViolation(timeoutMs: number, accept?: (violation: CspViolation) => boolean, filter?: CspViolationFilter): Promise<boolean>;
  /** Stops watching (removes the page script, binding and DevTools sessions); what was seen stays readable. */
  stop(): Promise<void>;
}

export function isCspViolationLog(value: unknown): value is CspViolationLog {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CSP_VIOLATION_LOG] === true;
}
