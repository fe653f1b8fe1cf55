import { scanStartTags } from './html-tags';
import { normalizeUrl, originPrefix } from './url';

/**
 * Links in an HTML document without a browser (headers-only mode): `a[href]`,
 * `area[href]`, GET forms' `action`, `iframe[src]`, resolved against
 * `<base href>` when there is one. Tags are read by ./html-tags, with the
 * HTML tokenizer's states, so a tag reads as a browser reads it (a quoted
 * `>` inside a value, comments, scripts, styles and textareas); attribute
 * values are entity-decoded. Links that only scripts create are, by design,
 * not found here.
 */

export interface LinkSource {
  /** The URL resolved against the document, in the crawler's normal form (no fragment), not yet filtered. */
  url: string;
  via: 'a' | 'form' | 'iframe';
}

/**
 * Every http(s) link target in `html`, resolved against `documentUrl` (and
 * `<base href>`) and normalized; others are left out. `documentUrl` is in
 * normal form (`normalizeUrl`), as the crawler keeps every URL.
 */
export function extractLinks(html: string, documentUrl: string): LinkSource[] {
  const found: Array<{ tag: string; attrs: LinkAttributes }> = [];
  const page = baseOf(documentUrl);
  let base = page;
  let baseSeen = false;
  scanStartTags(html, LINK_TAGS, LINK_ATTRIBUTES, ({ name: tag, attributes }) => {
    const attrs: LinkAttributes = {};
    for (const [name, value] of attributes) attrs[name as keyof LinkAttributes] = value.includes('&') ? decodeEntities(value, true) : value;
    if (tag === 'base') {
      // Only the first <base href> counts, as in browsers.
      const href = attrs.href;
      if (!baseSeen && href !== undefined) {
        baseSeen = true;
        const resolved = resolve(href, page);
        if (resolved) base = baseOf(resolved);
      }
      return;
    }
    found.push({ tag, attrs });
  });
  const links: LinkSource[] = [];
  for (const { tag, attrs } of found) {
    if (tag === 'a' || tag === 'area') {
      const href = attrs.href;
      const url = href === undefined ? undefined : resolve(href, base);
      if (url) links.push({ url, via: 'a' });
    } else if (tag === 'form') {
      const method = (attrs.method ?? 'get').trim().toLowerCase();
      if (method !== 'get') continue; // POST (and dialog) forms change things; a crawler must not submit them
      // An empty or missing action submits to the document itself.
      const action = attrs.action;
      const url = action === undefined || action.trim() === '' ? page.normal : resolve(action, base);
      if (url) links.push({ url, via: 'form' });
    } else {
      const src = attrs.src;
      const url = src === undefined ? undefined : resolve(src, base);
      if (url) links.push({ url, via: 'iframe' });
    }
  }
  return links;
}

/** The attributes that carry links, or say whether a form is submitted with GET. */
interface LinkAttributes {
  href?: string;
  src?: string;
  action?: string;
  method?: string;
}
const LINK_ATTRIBUTES: ReadonlySet<string> = new Set<keyof LinkAttributes>(['href', 'src', 'action', 'method']);
const LINK_TAGS: ReadonlySet<string> = new Set(['a', 'area', 'form', 'iframe', 'frame', 'base']);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * Decodes character references. In an attribute value (`inAttribute`) a
 * named reference without its ';' followed by '=' or a letter or digit is
 * left as written, as the HTML tokenizer does (`?a=1&lt=2` keeps `&lt`).
 */
export function decodeEntities(value: string, inAttribute = false): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+)(;?)/gi, (whole, body: string, semicolon: string, offset: number) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const decoded = NAMED[body.toLowerCase()];
    if (decoded === undefined) return whole;
    if (inAttribute && semicolon === '' && /[=A-Za-z0-9]/.test(value.charAt(offset + whole.length))) return whole;
    return decoded;
  });
}

/**
 * An absolute path (with query) of characters URL parsing keeps as they
 * are: its normal form is the base's origin followed by it, fragment
 * dropped. Most links on a site look like this, and the URL parser would
 * cost more than the rest of the scan. `%` is left to the parser (`%2e` can
 * be a dot segment), and so is anything with a dot segment.
 */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&()*+,;=:@/?]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?]|$)/;

/** The URL parser strips leading/trailing C0 controls and spaces (not other Unicode spaces) and drops tabs and newlines inside. */
function resolve(raw: string, base: Base): string | undefined {
  const cleaned = stripC0AndSpace(raw).replace(/[\t\n\r]/g, '');
  // An empty URL is the base itself, as `new URL('', base)` and a browser's link say.
  if (cleaned === '') return base.normal;
  if (/^(javascript|mailto|tel|data|blob|about):/i.test(cleaned)) return undefined;
  const hash = cleaned.indexOf('#');
  const target = hash === -1 ? cleaned : cleaned.slice(0, hash);
  if (base.normal !== undefined) {
    // A fragment alone (`#top`) is the base itself.
    if (target === '') return base.normal;
    if (PLAIN_PATH.test(target) && !DOT_SEGMENT.test(target)) return base.origin + target;
  }
  return normalizeUrl(cleaned, base.url);
}

interface Base {
  url: string;
  /** When it is an http(s) URL: its normal form and its origin. */
  normal?: string;
  origin?: string;
}

function baseOf(url: string): Base {
  // A normal-form http(s) URL is its own normal form, and begins with its origin.
  const origin = originPrefix(url);
  if (origin !== undefined) return { url, normal: url, origin };
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { url };
    parsed.hash = '';
    return { url, normal: parsed.href, origin: parsed.origin };
  } catch {
    return { url };
  }
}

function stripC0AndSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
