/**
 * The data that flows between layers: a response becomes a HeaderSet, rules
 * turn a HeaderSet into Findings, the audit gathers them into a HeaderReport.
 */

/** How bad a finding is. A preset (or `failOn`) decides which ones fail a test. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Higher is worse; used to compare a finding with a threshold. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

/**
 * One problem with one header. `id` is part of the public contract: ignore
 * lists and CLI baselines name it, so it never changes once released.
 */
export interface Finding {
  /** Stable id, `<rule>/<problem>`, e.g. `hsts/max-age-too-short`. */
  id: string;
  severity: Severity;
  /** Lower-case header name the finding is about. */
  header: string;
  /** CSP directive or cookie name, where the finding is about one part of the header. */
  directive?: string;
  /** What the response sent; `undefined` when the header was absent. */
  received?: string;
  /** What a sound response sends, in words or as a value. */
  expected: string;
  /** How to fix it, as a header line or a sentence. */
  fix: string;
  /** One line saying what is wrong. */
  message: string;
}

/**
 * A response's headers, read-only, case-insensitive. Several fields of one
 * name stay apart (`getAll`): two CSP headers are two policies, and
 * Set-Cookie values are never joined.
 */
export interface HeaderSet {
  /** Every field value of this header, in the order received. Empty when absent. */
  getAll(name: string): string[];
  /** The field values joined with ", " (as fetch does); undefined when absent. Never use for set-cookie. */
  get(name: string): string | undefined;
  has(name: string): boolean;
  /** Lower-case names, each once, in the order first seen. */
  names(): string[];
  /** The URL the response came from, when the response type knows it. */
  readonly url?: string;
  /** The HTTP status, when known. */
  readonly status?: number;
}

/**
 * What a response is, read from its Content-Type (or said outright with the
 * `kind` option). Rules judge by it: a JSON API response or a stylesheet is
 * not a page, so a script policy is not asked of it.
 * - `document`: HTML, XHTML, SVG, XML (can run scripts when opened), and any
 *   response without a usable Content-Type (browsers sniff it).
 * - `api`: JSON (and `+json`), NDJSON, event streams, protobuf, CBOR, msgpack.
 * - `script`: JavaScript and WebAssembly. `style`: CSS.
 * - `media`: images (SVG aside), audio, video, fonts.
 * - `other`: anything else (text, PDF, archives, octet streams).
 */
export type ResponseKind = 'document' | 'api' | 'script' | 'style' | 'media' | 'other';

export const RESPONSE_KINDS: readonly ResponseKind[] = ['document', 'api', 'script', 'style', 'media', 'other'];

/** A rule that ran and found nothing: shown in `.not` messages and reports. */
export interface PassedCheck {
  rule: RuleName;
  header: string;
  /** What was checked, in words. */
  summary: string;
}

/** A rule that did not apply (HSTS over plain http, say), and why. */
export interface SkippedCheck {
  rule: RuleName;
  header: string;
  reason: string;
}

export type RuleName =
  | 'hsts'
  | 'csp'
  | 'x-content-type-options'
  | 'x-frame-options'
  | 'referrer-policy'
  | 'permissions-policy'
  | 'cross-origin'
  | 'cookies'
  | 'cors'
  | 'disclosure'
  | 'deprecated'
  | 'reporting'
  | 'integrity-policy'
  | 'report-only'
  | 'document-policy'
  | 'cache-control'
  | 'clear-site-data'
  | 'x-dns-prefetch-control'
  | 'x-permitted-cross-domain-policies'
  | 'expected-headers';
