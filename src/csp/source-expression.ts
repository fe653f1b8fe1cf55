/**
 * Types one token of a source list, following the CSP3 source-expression
 * grammar (https://w3c.github.io/webappsec-csp/#grammardef-source-expression).
 * Literal strings of the ABNF (`'self'`, `'nonce-`, `sha256`) are matched
 * case-insensitively, as ABNF strings are; nonce and hash values keep their case.
 */
import { isSourceKeyword } from './keywords';
import type { HashAlgorithm, SourceExpression } from './types';

const BASE64_VALUE = '[A-Za-z0-9+/_-]+={0,2}';
const NONCE_RE = new RegExp(`^'nonce-(${BASE64_VALUE})'$`, 'i');
const HASH_RE = new RegExp(`^'(sha256|sha384|sha512)-(${BASE64_VALUE})'$`, 'i');
const QUOTED_WORD_RE = /^'([A-Za-z0-9-]+)'$/;

// RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
const SCHEME = '[A-Za-z][A-Za-z0-9+.-]*';
const SCHEME_SOURCE_RE = new RegExp(`^(${SCHEME}):$`);

// host-part = "*" / [ "*." ] 1*host-char *( "." 1*host-char ) [ "." ]
const HOST_PART = '\\*|(?:\\*\\.)?[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.?';
// RFC 3986 pchar without ";" and "," (CSP3 path-part): unreserved / pct-encoded / sub-delims / ":" / "@"
const PCHAR = "(?:[A-Za-z0-9._~!$&'()*+=:@-]|%[0-9A-Fa-f]{2})";
// path-absolute = "/" [ segment-nz *( "/" segment ) ]
const PATH_ABSOLUTE = `/(?:${PCHAR}+(?:/${PCHAR}*)*)?`;
// A query or fragment is outside the grammar, but Chromium keeps the source and
// ignores that part (with a console warning), so we do the same.
const IGNORED_QUERY = '(?:[?#][\\x21-\\x7e]*)?';
const HOST_SOURCE_RE = new RegExp(`^(?:(${SCHEME})://)?(${HOST_PART})(?::([0-9]+|\\*))?(${PATH_ABSOLUTE})?${IGNORED_QUERY}$`);

/**
 * Bare words that look like keywords or nonces/hashes without their quotes.
 * They match the host grammar, so a browser reads `self` as a host named
 * "self"; that is never what the author meant, so we type them `unknown`
 * and let the evaluator say "missing quotes".
 */
const BARE_KEYWORD_LIKE_RE = /^(?:nonce-|sha256-|sha384-|sha512-)/i;

export function parseSourceExpression(raw: string): SourceExpression {
  const quoted = QUOTED_WORD_RE.exec(raw);
  if (quoted) {
    const word = (quoted[1] ?? '').toLowerCase();
    if (isSourceKeyword(word)) return { kind: 'keyword', keyword: word, raw };
  }

  const nonce = NONCE_RE.exec(raw);
  if (nonce) return { kind: 'nonce', value: nonce[1] ?? '', raw };

  const hash = HASH_RE.exec(raw);
  if (hash) {
    const algorithm = (hash[1] ?? '').toLowerCase() as HashAlgorithm;
    return { kind: 'hash', algorithm, value: hash[2] ?? '', raw };
  }

  if (raw.startsWith("'")) return { kind: 'unknown', raw };

  const scheme = SCHEME_SOURCE_RE.exec(raw);
  if (scheme) return { kind: 'scheme', scheme: (scheme[1] ?? '').toLowerCase(), raw };

  if (isSourceKeyword(raw.toLowerCase()) || BARE_KEYWORD_LIKE_RE.test(raw)) return { kind: 'unknown', raw };

  const host = HOST_SOURCE_RE.exec(raw);
  if (host) {
    const [, hostScheme, hostPart = '', port, path] = host;
    const wildcardHost = hostPart.startsWith('*.');
    const expression: SourceExpression = {
      kind: 'host',
      host: (wildcardHost ? hostPart.slice(2) : hostPart).toLowerCase(),
      wildcardHost,
      raw,
    };
    if (hostScheme !== undefined) expression.scheme = hostScheme.toLowerCase();
    if (port !== undefined) expression.port = port;
    if (path !== undefined) expression.path = path;
    return expression;
  }

  return { kind: 'unknown', raw };
}
