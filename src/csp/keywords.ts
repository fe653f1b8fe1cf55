/**
 * Names the CSP engine needs to know: keyword sources, directives that hold
 * source lists, and the fetch-directive fallback lists of CSP Level 3
 * (https://w3c.github.io/webappsec-csp/#directive-fallback-list).
 */
import type { SourceKeyword } from './types';

/** Every keyword source we type, lower case, without quotes. */
export const SOURCE_KEYWORDS: readonly SourceKeyword[] = [
  'self',
  'none',
  'unsafe-inline',
  'unsafe-eval',
  'unsafe-hashes',
  'strict-dynamic',
  'report-sample',
  'wasm-unsafe-eval',
  'unsafe-allow-redirects',
  'trusted-types-eval',
  'report-sha256',
  'report-sha384',
  'report-sha512',
  'inline-speculation-rules',
  // CSP3 (February 2026): lets connect-src allow WebTransport connections pinned by serverCertificateHashes.
  'unsafe-webtransport-hashes',
];

const KEYWORD_SET: ReadonlySet<string> = new Set(SOURCE_KEYWORDS);

export function isSourceKeyword(word: string): word is SourceKeyword {
  return KEYWORD_SET.has(word);
}

/**
 * Directives whose value is not a source list. Their tokens are typed
 * `unknown`: `sandbox allow-scripts` or `report-uri /csp` are not sources.
 */
export const NON_SOURCE_LIST_DIRECTIVES: ReadonlySet<string> = new Set([
  'sandbox',
  'report-uri',
  'report-to',
  'trusted-types',
  'require-trusted-types-for',
  'upgrade-insecure-requests',
  'block-all-mixed-content',
  'plugin-types',
  'webrtc',
  'require-sri-for',
  'referrer',
  'reflected-xss',
]);

/**
 * Directives that are complete without a value. Any other directive with an
 * empty value is reported as `empty-directive` (a source list with no value
 * allows nothing, which is rarely meant).
 */
export const VALUELESS_DIRECTIVES: ReadonlySet<string> = new Set([
  'upgrade-insecure-requests',
  'block-all-mixed-content',
  // `sandbox` alone applies every sandbox restriction.
  'sandbox',
  // `trusted-types` alone forbids creating any Trusted Types policy.
  'trusted-types',
]);

/** Directives a `<meta http-equiv>` policy may not carry (CSP3 §3.3, HTML's http-equiv processing). */
export const META_IGNORED_DIRECTIVES: ReadonlySet<string> = new Set(['report-uri', 'frame-ancestors', 'sandbox']);

/**
 * The effective directives a request can have, each with its fallback list
 * (most specific first, itself included), from CSP3 "Get fetch directive
 * fallback list". The last three have no fallback: default-src does not
 * cover them.
 */
export const FALLBACK_LISTS = {
  'script-src-elem': ['script-src-elem', 'script-src', 'default-src'],
  'script-src-attr': ['script-src-attr', 'script-src', 'default-src'],
  'style-src-elem': ['style-src-elem', 'style-src', 'default-src'],
  'style-src-attr': ['style-src-attr', 'style-src', 'default-src'],
  'worker-src': ['worker-src', 'child-src', 'script-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
  'manifest-src': ['manifest-src', 'default-src'],
  'object-src': ['object-src', 'default-src'],
  'frame-src': ['frame-src', 'child-src', 'default-src'],
  'media-src': ['media-src', 'default-src'],
  'font-src': ['font-src', 'default-src'],
  'img-src': ['img-src', 'default-src'],
  'frame-ancestors': ['frame-ancestors'],
  'form-action': ['form-action'],
  'base-uri': ['base-uri'],
} as const satisfies Record<string, readonly string[]>;

export type EffectiveDirective = keyof typeof FALLBACK_LISTS;

export function isEffectiveDirective(name: string): name is EffectiveDirective {
  return Object.prototype.hasOwnProperty.call(FALLBACK_LISTS, name);
}
