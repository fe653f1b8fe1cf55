/**
 * "Does url match source list in origin with redirect count?" from CSP3
 * (https://w3c.github.io/webappsec-csp/#match-url-to-source-list), with
 * Chromium's behaviour where the spec and the browsers part ways:
 * - IP-address hosts: the spec's host-part matching never matches a host that
 *   is not a domain; Chromium compares the strings, so `127.0.0.1:8080`
 *   matches `http://127.0.0.1:8080/`. We do as Chromium does.
 * - Port upgrade: a source on port 80 (`http://example.com:80`) also matches
 *   the same host on https:443 when the scheme is upgraded too (Chromium).
 * - `*` also matches ws: and wss: (the WebSocket standard fetches them as
 *   http(s) URLs, and Chromium allows them).
 * - `'self'` never matches blob:, data: or filesystem: URLs even though a
 *   blob: URL's origin is the creator's: browsers require `blob:` to be
 *   listed.
 */
import type { SourceExpression } from './types';

/** The protected document's origin, taken apart. `port` is '' for the scheme's default port. */
export interface SelfOrigin {
  scheme: string;
  host: string;
  port: string;
  /** data:, about:blank in a sandbox, file: … — `'self'` matches nothing from such an origin. */
  opaque: boolean;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21 };

export function schemeOf(url: URL): string {
  return url.protocol.slice(0, -1).toLowerCase();
}

export function selfOriginOf(url: URL): SelfOrigin {
  return { scheme: schemeOf(url), host: url.hostname.toLowerCase(), port: url.port, opaque: url.origin === 'null' };
}

/** The first source expression that matches `url`, or undefined. A list of only `'none'`, or an empty list, matches nothing. */
export function findMatchingSource(
  url: URL,
  sources: readonly SourceExpression[],
  self: SelfOrigin,
  redirected = false,
): SourceExpression | undefined {
  return sources.find((expression) => urlMatchesExpression(url, expression, self, redirected));
}

export function urlMatchesExpression(url: URL, expression: SourceExpression, self: SelfOrigin, redirected = false): boolean {
  const scheme = schemeOf(url);
  switch (expression.kind) {
    case 'keyword':
      return expression.keyword === 'self' && matchesSelf(url, self);
    case 'scheme':
      return schemePartMatches(expression.scheme, scheme);
    case 'host': {
      if (expression.raw === '*') {
        return scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss' || scheme === self.scheme;
      }
      const host = url.hostname.toLowerCase();
      if (host === '') return false;
      const expressionScheme = expression.scheme ?? self.scheme;
      if (!schemePartMatches(expressionScheme, scheme)) return false;
      if (!hostPartMatches(expression.host, expression.wildcardHost, host)) return false;
      if (!portPartMatches(expression.port, url, isUpgrade(expressionScheme, scheme))) return false;
      if (expression.path !== undefined && expression.path !== '' && !redirected) {
        return pathPartMatches(expression.path, url.pathname);
      }
      return true;
    }
    default:
      return false;
  }
}

/** CSP3 "scheme-part match": equal, or an upgrade from an insecure scheme to its secure twin. */
export function schemePartMatches(pattern: string, scheme: string): boolean {
  const a = pattern.toLowerCase();
  const b = scheme.toLowerCase();
  if (a === b) return true;
  if (a === 'http') return b === 'https';
  if (a === 'ws') return b === 'wss' || b === 'http' || b === 'https';
  if (a === 'wss') return b === 'https';
  return false;
}

function isUpgrade(pattern: string, scheme: string): boolean {
  return (pattern === 'http' && scheme === 'https') || (pattern === 'ws' && scheme === 'wss');
}

/** `pattern` is lower case; `*` alone is any host, `wildcard` means it was written `*.pattern`. */
export function hostPartMatches(pattern: string, wildcard: boolean, host: string): boolean {
  if (pattern === '*' && !wildcard) return true;
  if (wildcard) return host.endsWith(`.${pattern}`);
  return pattern === host;
}

/** CSP3 "port-part match", plus Chromium's :80 → :443 upgrade when the scheme is upgraded as well. */
export function portPartMatches(port: string | undefined, url: URL, schemeUpgraded = false): boolean {
  if (port === '*') return true;
  const wanted = port === undefined ? null : Number.parseInt(port, 10);
  const actual = url.port === '' ? null : Number.parseInt(url.port, 10);
  if (wanted === actual) return true;
  const defaultPort = DEFAULT_PORTS[schemeOf(url)];
  if (actual === null && wanted === defaultPort) return true;
  return schemeUpgraded && wanted === 80 && (actual ?? defaultPort) === 443;
}

/** CSP3 "path-part match": a pattern ending in `/` is a prefix of whole segments, otherwise the path must be equal. */
export function pathPartMatches(pattern: string, path: string): boolean {
  if (pattern === '') return true;
  if (pattern === '/' && path === '') return true;
  const exact = !pattern.endsWith('/');
  const patternPieces = pattern.split('/');
  const pathPieces = path.split('/');
  if (patternPieces.length > pathPieces.length) return false;
  if (exact && patternPieces.length !== pathPieces.length) return false;
  if (!exact) patternPieces.pop();
  return patternPieces.every((piece, index) => percentDecode(piece) === percentDecode(pathPieces[index] ?? ''));
}

/** Percent-decoding as the URL standard does it: `%XX` becomes that byte, anything else stays (never throws). */
function percentDecode(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * CSP3 `'self'`: the same origin, or the same host upgraded to https/wss (or
 * http → ws) on the same or default ports.
 */
export function matchesSelf(url: URL, self: SelfOrigin): boolean {
  if (self.opaque) return false;
  const scheme = schemeOf(url);
  const host = url.hostname.toLowerCase();
  if (host === '' || host !== self.host) return false;
  const urlPort = url.port === '' ? DEFAULT_PORTS[scheme] : Number.parseInt(url.port, 10);
  const selfPort = self.port === '' ? DEFAULT_PORTS[self.scheme] : Number.parseInt(self.port, 10);
  if (scheme === self.scheme && urlPort === selfPort) return true;
  const portsAgree = urlPort === selfPort || (url.port === '' && self.port === '');
  if (!portsAgree) return false;
  return scheme === 'https' || scheme === 'wss' || (self.scheme === 'http' && (scheme === 'http' || scheme === 'ws'));
}
