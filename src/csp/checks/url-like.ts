/**
 * Reading the host and path out of a source expression the way csp-evaluator
 * does: it strips the scheme, swaps the first `*` for a placeholder and hands
 * the rest to the WHATWG URL parser behind `https://`. That parser lowercases,
 * rewrites numeric hosts (`127.1` is `127.0.0.1`) and rejects some tokens.
 *
 * Constructing a URL per token is the slow part of csp-evaluator, so common
 * tokens take a fast path that gives the same answer; anything unusual (IPv4
 * numbers, IPv6, `@`, `%`, punycode, dot segments, non-ASCII) falls back to
 * the real URL parser, so the result is always the parser's.
 */

/** The placeholder csp-evaluator puts where the first `*` was, so that hosts like `*.a.com` parse. */
export const WILDCARD_PLACEHOLDER = 'wildcard_placeholder';

/** An ASCII letter, digit or `_` (what \w matches without the u flag). */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * Drop a leading `scheme://` (a word character, then word characters, `+`,
 * `.` or `-`) and then a leading `//`, as csp-evaluator does with a regex;
 * read character by character here, as most tokens have neither.
 */
export function stripScheme(value: string): string {
  let start = 0;
  if (isWordChar(value.charCodeAt(0))) {
    let i = 1;
    for (let c = value.charCodeAt(i); isWordChar(c) || c === 43 || c === 46 || c === 45; c = value.charCodeAt(++i));
    if (value.charCodeAt(i) === 58 && value.charCodeAt(i + 1) === 47 && value.charCodeAt(i + 2) === 47) start = i + 3;
  }
  if (value.charCodeAt(start) === 47 && value.charCodeAt(start + 1) === 47) start += 2;
  return start === 0 ? value : value.slice(start);
}

export interface HostAndPath {
  /** Lower case; IPv4 numbers in dotted-decimal form; IPv6 in brackets. */
  hostname: string;
  pathname: string;
}

/**
 * What each ASCII character is to the fast path: a plain host character
 * (printable ASCII except the code points the URL parser forbids in a
 * domain, and `%` / `@`, which go the slow path), a plain path character
 * (`%` stays as it is in a path, no decoding, except that %2e counts as a
 * dot: checked apart), or neither. Non-ASCII is neither.
 */
const HOST_CHAR = 1;
const PATH_CHAR = 2;
const CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 33; c < 127; c++) if (!'#%/:<>?@[\\]^|'.includes(String.fromCharCode(c))) table[c] = HOST_CHAR;
  for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%") table[ch.charCodeAt(0)] = (table[ch.charCodeAt(0)] ?? 0) | PATH_CHAR;
  return table;
})();
const DIGITS = /^[0-9]*$/;
const HEX_NUMBER = /^0[xX][0-9a-fA-F]*$/;
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const DOTTED_DECIMAL = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const ENCODED_DOT = /%2e/i;
const DOT_SEGMENT = /(^|\/)\.{1,2}(\/|$)/;

/** The URL standard's "ends in a number": such a host is read as IPv4 (or rejected). */
function endsInNumber(host: string): boolean {
  let end = host.length;
  // One trailing dot is ignored (unless the host is only that dot).
  if (host.charCodeAt(end - 1) === 46 && end > 1) end--;
  const start = host.lastIndexOf('.', end - 1) + 1;
  if (start === end) return false;
  const first = host.charCodeAt(start);
  // Quick exit: a number label starts with a digit.
  if (first < 48 || first > 57) return false;
  const last = host.slice(start, end);
  return DIGITS.test(last) || HEX_NUMBER.test(last);
}

function viaUrlParser(rest: string): HostAndPath | undefined {
  try {
    const url = new URL('https://' + rest);
    return { hostname: url.hostname, pathname: url.pathname };
  } catch {
    return undefined;
  }
}

const OCTAL_DIGITS = /^[0-7]*$/;
const HEX_DIGITS = /^[0-9a-f]*$/;

/** The URL standard's "IPv4 number parser" for one lower-case part; NaN where it fails. */
function ipv4Number(part: string): number {
  if (part === '') return NaN;
  if (part.length >= 2 && part.charCodeAt(0) === 48 /* 0 */) {
    if (part.charCodeAt(1) === 120 /* x */) {
      const digits = part.slice(2);
      if (!HEX_DIGITS.test(digits)) return NaN;
      return digits === '' ? 0 : parseInt(digits, 16);
    }
    const digits = part.slice(1);
    return OCTAL_DIGITS.test(digits) ? parseInt(digits, 8) : NaN;
  }
  return DIGITS.test(part) ? Number(part) : NaN;
}

/**
 * The URL standard's "IPv4 parser" for a lower-case ASCII host that ends in a
 * number, serialised as the parser does (dotted decimal); undefined where it
 * fails (the URL parser then throws). Numbers beyond 2^53 lose precision, but
 * those are failures whatever their exact value.
 */
function ipv4Host(host: string): string | undefined {
  const parts = host.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length > 4) return undefined;
  let address = 0;
  for (let i = 0; i < parts.length; i++) {
    const n = ipv4Number(parts[i] as string);
    if (Number.isNaN(n)) return undefined;
    if (i < parts.length - 1) {
      if (n > 255) return undefined;
      address += n * 256 ** (3 - i);
    } else {
      if (n >= 256 ** (5 - parts.length)) return undefined;
      address += n;
    }
  }
  return `${Math.floor(address / 16777216)}.${Math.floor(address / 65536) % 256}.${Math.floor(address / 256) % 256}.${address % 256}`;
}

/**
 * Host and path of `https://` + `rest` as the WHATWG URL parser reads them, or
 * undefined where the parser throws (csp-evaluator itself crashes there).
 */
export function parseHostAndPath(rest: string): HostAndPath | undefined {
  const length = rest.length;
  // https URLs skip any number of leading slashes (either kind) before the host.
  let start = 0;
  for (let c = rest.charCodeAt(0); c === 47 || c === 92; c = rest.charCodeAt(++start));
  // One pass over the authority: where the last ':' is, and whether the host part needs the slow path or lower-casing.
  let end = start;
  let colon = -1;
  let colons = 0;
  let plain = true;
  let upper = false;
  for (; end < length; end++) {
    const c = rest.charCodeAt(end);
    // '/', '\\', '?', '#' end the authority.
    if (c === 47 || c === 92 || c === 63 || c === 35) break;
    if (c === 58) {
      colon = end;
      colons++;
    } else if (c >= 128 || ((CHAR_CLASS[c] ?? 0) & HOST_CHAR) === 0) plain = false;
    else if (c >= 65 && c <= 90) upper = true;
  }
  if (colon !== -1) {
    const port = rest.slice(colon + 1, end);
    if (!DIGITS.test(port) || port.length > 5) return viaUrlParser(rest);
    if (port !== '' && Number(port) > 65535) return undefined;
  }
  // Characters after the last ':' are the port's (digits, checked above); a ':' before it is in the host.
  const host = rest.slice(start, colon === -1 ? end : colon);
  if (host === '' || !plain || colons > 1) return viaUrlParser(rest);
  let hostname = upper ? host.toLowerCase() : host;
  if (hostname.includes('xn--')) return viaUrlParser(rest);
  if (endsInNumber(hostname)) {
    // A plain ASCII host that ends in a number is read as IPv4 (127.1, 0x7f.0.0.1, 2130706433) or rejected.
    // The common form (four decimal parts 0-255, no leading zeros) reads as itself.
    if (!DOTTED_DECIMAL.test(hostname)) {
      const ipv4 = ipv4Host(hostname);
      if (ipv4 === undefined) return undefined;
      hostname = ipv4;
    }
  }
  let pathname = '/';
  const c = rest.charCodeAt(end);
  if (end < length && c !== 63 && c !== 35) {
    let pathEnd = end;
    let plainPath = true;
    let dot = false;
    let percent = false;
    for (; pathEnd < length; pathEnd++) {
      const d = rest.charCodeAt(pathEnd);
      if (d === 63 || d === 35) break;
      if (d >= 128 || ((CHAR_CLASS[d] ?? 0) & PATH_CHAR) === 0) plainPath = false;
      else if (d === 46) dot = true;
      else if (d === 37) percent = true;
    }
    const path = rest.slice(end, pathEnd);
    // Dot segments need a '.' and encoded dots a '%': most paths have neither, and skip those regexes.
    if (!plainPath || (dot && DOT_SEGMENT.test(path)) || (percent && ENCODED_DOT.test(path))) return viaUrlParser(rest);
    pathname = path;
  }
  return { hostname, pathname };
}

/**
 * A cheap test that may say yes wrongly but never says no wrongly: could the
 * host of `https://` + `rest` read as an IP address? Only a host in brackets,
 * with `%`, `@` or non-ASCII (left to the parser), or whose last character
 * could end a number (a digit, a hex digit, `x`, or a dot after one) can.
 */
export function mayBeIpHost(rest: string): boolean {
  let start = 0;
  while (start < rest.length && (rest[start] === '/' || rest[start] === '\\')) start++;
  let end = start;
  let colon = -1;
  while (end < rest.length) {
    const c = rest.charCodeAt(end);
    if (c === 47 || c === 92 || c === 63 || c === 35) break;
    // '@', '%', '[', control characters (the parser trims them) and non-ASCII: let the parser decide.
    if (c === 64 || c === 37 || c === 91 || c < 33 || c > 126) return true;
    if (c === 58) colon = end;
    end++;
  }
  let hostEnd = colon === -1 ? end : colon;
  if (hostEnd > start && rest.charCodeAt(hostEnd - 1) === 46) hostEnd--;
  if (hostEnd <= start) return false;
  const last = rest.charCodeAt(hostEnd - 1) | 0x20; // lower-case letters
  return (last >= 48 && last <= 57) || (last >= 97 && last <= 102) || last === 120 /* x */;
}

/** csp-evaluator's preparation of a source for the URL parser: no `:*` port, first `*` replaced. */
export function prepareForUrl(schemeFree: string): string {
  if (!schemeFree.includes('*')) return schemeFree;
  return schemeFree.replace(':*', '').replace('*', WILDCARD_PLACEHOLDER);
}

const IPV6_START = /^\[[\d:]+\]/;

/**
 * The host csp-evaluator sees in a directive value (any value, keywords too),
 * with the wildcard put back; undefined where its URL parsing throws.
 */
export function hostOfValue(value: string): string | undefined {
  return hostOfSchemeFree(stripScheme(value));
}

function hostOfSchemeFree(schemeFree: string): string | undefined {
  const parsed = parseHostAndPath(prepareForUrl(schemeFree));
  if (parsed === undefined) return undefined;
  const hostname = parsed.hostname.replace(WILDCARD_PLACEHOLDER, '*');
  // Some URL parsers drop the brackets of IPv6 hosts; keep them so IP detection sees them.
  if (IPV6_START.test(schemeFree) && !IPV6_START.test(hostname)) return '[' + hostname + ']';
  return hostname;
}

/**
 * hostOfValue, but only for tokens whose host might read as an IP address;
 * undefined for the rest (most tokens), without parsing them.
 */
export function ipCandidateHostOfValue(value: string): string | undefined {
  const schemeFree = stripScheme(value);
  if (!mayBeIpHost(prepareForUrl(schemeFree)) && !IPV6_START.test(schemeFree)) return undefined;
  return hostOfSchemeFree(schemeFree);
}
