/**
 * "Does url match source list in origin with redirect count?" from CSP3
 * (https://w3c.github.io/webappsec-csp/#match-url-to-source-list), as
 * Chromium 156 runs it. Where the spec and Chromium part ways we follow
 * Chromium (each case is in docs/csp-chromium-divergences.md and checked
 * against the browser by test/browser/csp-oracle.pw.ts):
 * - Schemes: `http` also matches `https`, and `ws` also matches `wss`
 *   (an upgrade); nothing else. CSP3 also lets `ws:` match http(s) URLs
 *   and `wss:` match https; Chromium compares a WebSocket URL as ws/wss and
 *   an http(s) URL as http(s), so `ws:` sources allow only WebSockets.
 * - An upgrade keeps no explicit port: `http://b.example:8082` does not
 *   match `https://b.example:8082` (CSP3 says it does). Only a source without
 *   a port, with `*`, or on :80 (which then also matches :443) survives the
 *   scheme upgrade; without an upgrade :80 is only :80 (`https://b.example:80`
 *   does not match `https://b.example/`).
 * - `'self'` for navigations (frame-src) is the page's origin read as a host
 *   source, so on a non-default port it does not match the https twin of
 *   the page's origin; for subresources it does, as CSP3 says.
 * - IP-address hosts: the spec's host-part matching never matches a host that
 *   is not a domain; Chromium compares the strings, so `127.0.0.1:8080`
 *   matches `http://127.0.0.1:8080/`.
 * - `*` also matches ws: and wss: URLs, and ftp:.
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

/** How a request is checked: `navigation` for frames (Chromium checks those in the browser process, where 'self' is a plain host source). */
export interface MatchOptions {
  redirected?: boolean;
  navigation?: boolean;
}

/** The first source expression that matches `url`, or undefined. A list of only `'none'`, or an empty list, matches nothing. */
export function findMatchingSource(
  url: URL,
  sources: readonly SourceExpression[],
  self: SelfOrigin,
  options: MatchOptions = {},
): SourceExpression | undefined {
  return sources.find((expression) => urlMatchesExpression(url, expression, self, options));
}

export function urlMatchesExpression(url: URL, expression: SourceExpression, self: SelfOrigin, options: MatchOptions = {}): boolean {
  const scheme = schemeOf(url);
  switch (expression.kind) {
    case 'keyword':
      if (expression.keyword !== 'self') return false;
      return options.navigation === true ? matchesSelfAsSource(url, self) : matchesSelf(url, self);
    case 'scheme':
      return schemeMatch(expression.scheme, scheme) !== undefined;
    case 'host': {
      if (expression.raw === '*') {
        return scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss' || scheme === 'ftp' || scheme === self.scheme;
      }
      if (expression.scheme === undefined && self.opaque) return false;
      return hostSourceMatches(url, expression.scheme ?? self.scheme, expression.host, expression.wildcardHost, expression.port, options.redirected === true ? undefined : expression.path);
    }
    default:
      return false;
  }
}

/** A host source, taken apart: scheme (the page's when the source has none), host, port and path. */
function hostSourceMatches(url: URL, sourceScheme: string, host: string, wildcardHost: boolean, port: string | undefined, path: string | undefined): boolean {
  const urlHost = url.hostname.toLowerCase();
  if (urlHost === '') return false;
  const schemes = schemeMatch(sourceScheme, schemeOf(url));
  if (schemes === undefined) return false;
  if (!hostPartMatches(host, wildcardHost, urlHost)) return false;
  const ports = portMatch(port, url);
  if (ports === undefined) return false;
  // Chromium: a scheme upgrade (http → https, ws → wss) needs a port that may change with it, and the port may
  // change (:80 to :443) only with the scheme: https://host:80 does not match https://host/ (test/browser/csp-port-upgrade.pw.ts).
  if (schemes === 'upgrade' && ports === 'exact') return false;
  if (ports === 'upgrade' && schemes !== 'upgrade') return false;
  if (path !== undefined && path !== '') return pathPartMatches(path, url.pathname);
  return true;
}

type SchemeMatch = 'exact' | 'upgrade';

/** Chromium's scheme match: equal, or the secure twin of an insecure scheme (http → https, ws → wss). */
function schemeMatch(pattern: string, scheme: string): SchemeMatch | undefined {
  const a = pattern.toLowerCase();
  const b = scheme.toLowerCase();
  if (a === b) return 'exact';
  if ((a === 'http' && b === 'https') || (a === 'ws' && b === 'wss')) return 'upgrade';
  return undefined;
}

/** Scheme-part match as Chromium runs it: equal, or an upgrade from an insecure scheme to its secure twin. */
export function schemePartMatches(pattern: string, scheme: string): boolean {
  return schemeMatch(pattern, scheme) !== undefined;
}

/** `pattern` is lower case; `*` alone is any host, `wildcard` means it was written `*.pattern`. */
export function hostPartMatches(pattern: string, wildcard: boolean, host: string): boolean {
  if (pattern === '*' && !wildcard) return true;
  if (wildcard) return host.endsWith(`.${pattern}`);
  return pattern === host;
}

/**
 * Port match as Chromium runs it: `exact` for an explicit port equal to the
 * URL's (its scheme's default when it has none), `any` for no port (the
 * URL on its scheme's default port) or `*`, `upgrade` for a source on :80
 * and a URL on :443. An `exact` match does not survive a scheme upgrade, and
 * an `upgrade` needs one.
 */
function portMatch(port: string | undefined, url: URL): 'exact' | 'any' | 'upgrade' | undefined {
  if (port === '*') return 'any';
  const actual = url.port === '' ? DEFAULT_PORTS[schemeOf(url)] : Number.parseInt(url.port, 10);
  if (port === undefined) return actual !== undefined && actual === DEFAULT_PORTS[schemeOf(url)] ? 'any' : undefined;
  const wanted = Number.parseInt(port, 10);
  if (wanted === actual) return 'exact';
  return wanted === 80 && actual === 443 ? 'upgrade' : undefined;
}

/** Does the port of a source (undefined: none) allow the URL's port? */
export function portPartMatches(port: string | undefined, url: URL): boolean {
  return portMatch(port, url) !== undefined;
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

/**
 * `'self'` as Chromium checks navigations: the page's origin read as a host
 * source (its port explicit when not the default), so the scheme upgrade
 * keeps only default ports.
 */
export function matchesSelfAsSource(url: URL, self: SelfOrigin): boolean {
  if (self.opaque) return false;
  return hostSourceMatches(url, self.scheme, self.host, false, self.port === '' ? undefined : self.port, undefined);
}
