/**
 * Generators of what callers and servers hand the public entry points:
 * anything at all, duck-typed responses whose members have the wrong
 * types, and header values built from the characters parsers trip on.
 * Shared by the seeded property suite (fuzz.test.ts) and the long run
 * (scripts/hostile-fuzz.mjs).
 */
import fc from 'fast-check';

/** Characters header parsers treat specially, plus controls, bidi overrides and non-ASCII. */
const HEADER_CHARS = fc.constantFrom(
  ' ', '\t', ',', ';', '=', '"', "'", '\\', '/', ':', '*', '.', '-', '(', ')', '<', '>', '&', '#', '?', '%', '@',
  '0', '1', '9', 'a', 'Z', 'x', 'self', 'none', 'max-age', 'script-src', 'default-src', 'nonce-', 'sha256-', 'http:', 'https://', 'data:',
  '\u0000', '\u000b', '\u00a0', '\u202e', '\u2066', 'é', '\ud800', '\u{1f600}',
);

export const headerValue = fc.array(HEADER_CHARS, { maxLength: 40 }).map((parts) => parts.join(''));

export const HEADER_NAMES = [
  'content-security-policy', 'content-security-policy-report-only', 'strict-transport-security', 'x-content-type-options', 'x-frame-options',
  'referrer-policy', 'permissions-policy', 'feature-policy', 'cross-origin-opener-policy', 'cross-origin-embedder-policy',
  'cross-origin-resource-policy', 'set-cookie', 'access-control-allow-origin', 'access-control-allow-credentials', 'server', 'x-powered-by',
  'x-xss-protection', 'content-type', 'vary', 'location', 'expect-ct', 'public-key-pins',
];

/** A plain header object: known names (and odd ones) to strings or arrays of strings. */
export const headerObject = fc.dictionary(
  fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string({ maxLength: 8 })),
  fc.oneof(headerValue, fc.array(headerValue, { maxLength: 3 })),
  { maxKeys: 8 },
);

/** Values of the wrong type where a string belongs. */
const wrong = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.boolean(), fc.object({ maxDepth: 1 }), fc.constant(Promise.resolve('x')), fc.string({ maxLength: 5 }));

/** Response-like objects whose members have the wrong types. */
export const duckResponse = fc.oneof(
  fc.record({ rawHeaders: fc.array(wrong, { maxLength: 6 }), statusCode: fc.oneof(fc.integer(), wrong) }),
  fc.record({ res: fc.record({ rawHeaders: fc.array(wrong, { maxLength: 6 }) }), header: fc.constant({}), status: wrong }),
  fc.tuple(fc.array(wrong, { maxLength: 4 }), wrong, wrong).map(([entries, url, status]) => ({
    headersArray: () => entries,
    url: () => url,
    status: () => status,
  })),
  fc.tuple(fc.array(fc.record({ name: wrong, value: wrong }), { maxLength: 4 }), wrong).map(([entries, url]) => ({
    headersArray: () => entries,
    url: () => url,
    status: () => 200,
  })),
  fc.tuple(fc.array(fc.tuple(wrong, wrong), { maxLength: 4 }), wrong).map(([pairs, cookies]) => ({
    get: () => null,
    has: () => false,
    append: () => undefined,
    forEach: (fn: (value: unknown, name: unknown) => void) => pairs.forEach(([v, n]) => fn(v, n)),
    getSetCookie: () => cookies,
  })),
  fc.tuple(fc.array(wrong, { maxLength: 3 }), wrong, wrong, wrong).map(([names, got, all, url]) => ({
    names: () => names,
    get: () => got,
    getAll: () => all,
    has: () => true,
    url,
  })),
  fc.record({ config: fc.record({ url: wrong }), headers: fc.dictionary(fc.string({ maxLength: 5 }), wrong, { maxKeys: 3 }), status: fc.integer() }),
);

/** Anything a caller might pass by mistake. */
export const anything = fc.oneof(fc.anything({ maxDepth: 2 }), duckResponse, fc.constant(Promise.resolve({ headers: {} })), headerObject);
