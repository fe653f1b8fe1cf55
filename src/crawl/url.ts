/**
 * URL handling for the crawler: one normal form per page, the allowed-origin
 * check every request goes through, and include/exclude patterns.
 *
 * Normal form: what WHATWG URL parsing already does (lower-case scheme and
 * host, default port dropped, dot segments resolved, percent-encoding fixed
 * up) minus the fragment. Nothing else changes: `/a` and `/a/` stay distinct
 * (a server may serve different things there; a redirect between them is
 * followed like any other), and query parameters keep their order.
 */

/** The normal form of `input` (resolved against `base`), or undefined when it is not an http(s) URL. */
export function normalizeUrl(input: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = base === undefined ? new URL(input) : new URL(input, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  // `new URL('http://h/p#')` keeps nothing after clearing; an empty query `?` is kept on purpose (the server sees it).
  return url.href;
}

/**
 * The text before the path of an http(s) URL without credentials: its
 * origin when the URL is in normal form. Read without parsing, because it
 * runs for every link of every page; two URLs with the same prefix always
 * have the same origin, but a URL not in normal form (`HTTP://H:80/`) gives
 * a prefix that is not its origin.
 */
export function originPrefix(url: string): string | undefined {
  const authority = url.startsWith('http://') ? 7 : url.startsWith('https://') ? 8 : -1;
  const slash = authority === -1 ? -1 : url.indexOf('/', authority);
  if (slash === -1 || url.slice(authority, slash).includes('@')) return undefined;
  return url.slice(0, slash);
}

/** True when `url` is on one of `origins` (each already in `URL.origin` form). */
export function isAllowed(url: string, origins: ReadonlySet<string>): boolean {
  const prefix = originPrefix(url);
  if (prefix !== undefined && origins.has(prefix)) return true;
  // Not in normal form, or not allowed: the parser decides.
  try {
    return origins.has(new URL(url).origin);
  } catch {
    return false;
  }
}

/** A glob (`/blog/**`, `*.pdf`, `https://h/x/*`), a RegExp, or a predicate given the normalized URL string. */
export type UrlPattern = string | RegExp | ((url: string) => boolean);

export type UrlTest = (url: string) => boolean;

/**
 * Compiles a pattern. A glob that starts with `/` is matched against the
 * path (and against path plus query); any other glob against the whole
 * URL. `**` matches anything, `*` anything but `/`, `?` one character but `/`.
 */
export function compilePattern(pattern: UrlPattern): UrlTest {
  if (typeof pattern === 'function') return (url) => pattern(url) === true;
  if (pattern instanceof RegExp) {
    return (url) => {
      pattern.lastIndex = 0; // a /g or /y RegExp keeps state between tests
      return pattern.test(url);
    };
  }
  const regex = globToRegExp(pattern);
  if (pattern.startsWith('/')) {
    return (url) => {
      const { pathname, search } = pathAndQuery(url);
      return regex.test(pathname) || regex.test(pathname + search);
    };
  }
  return (url) => regex.test(url);
}

/** The path and query of a URL (a normal-form http(s) URL is read without parsing; the fragment is already gone). */
export function pathAndQuery(url: string): { pathname: string; search: string } {
  const prefix = originPrefix(url);
  if (prefix === undefined || url.includes('#')) {
    const parsed = new URL(url);
    return { pathname: parsed.pathname, search: parsed.search };
  }
  const rest = url.slice(prefix.length);
  const query = rest.indexOf('?');
  // `new URL` drops a lone `?` from search; so does this.
  return query === -1 ? { pathname: rest, search: '' } : { pathname: rest.slice(0, query), search: query === rest.length - 1 ? '' : rest.slice(query) };
}

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** Passes when some include matches (or there are none) and no exclude does. */
export function urlFilter(include: readonly UrlTest[], exclude: readonly UrlTest[]): UrlTest {
  return (url) => (include.length === 0 || include.some((t) => t(url))) && !exclude.some((t) => t(url));
}
