/**
 * A small HTML tag reader: the start tags of <meta> and <script> elements and
 * their attributes, with comments and raw-text elements skipped. It is not a
 * full HTML parser; it reads what the Observatory reads from a page (meta
 * http-equiv CSP, meta referrer, script src/integrity) without pulling a DOM
 * library into the package.
 */

export interface StartTag {
  name: string;
  /** Lower-case attribute names; the first occurrence of a name wins, as in HTML. */
  attributes: Map<string, string>;
}

/** Elements whose content is text, not markup: a `<meta>` inside a script is not a tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references attribute values commonly carry. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

/** Reads the attributes of a start tag from `start` (just after the tag name); returns them and the index after `>`. */
function readAttributes(html: string, start: number): { attributes: Map<string, string>; end: number } {
  const attributes = new Map<string, string>();
  let i = start;
  const n = html.length;
  while (i < n) {
    while (i < n && (isSpace(html[i]) || html[i] === '/')) i++;
    if (i >= n) break;
    if (html[i] === '>') return { attributes, end: i + 1 };
    let name = '';
    while (i < n && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>' && !(html[i] === '=' && name !== '')) {
      name += html[i];
      i++;
    }
    while (i < n && isSpace(html[i])) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < n && isSpace(html[i])) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        value = close === -1 ? html.slice(i + 1) : html.slice(i + 1, close);
        i = close === -1 ? n : close + 1;
      } else {
        while (i < n && !isSpace(html[i]) && html[i] !== '>') {
          value += html[i];
          i++;
        }
      }
    }
    const key = name.toLowerCase();
    if (key && !attributes.has(key)) attributes.set(key, decodeEntities(value));
  }
  return { attributes, end: n };
}

/** Start tags of the given element names, in document order. */
export function findStartTags(html: string, names: ReadonlySet<string>): StartTag[] {
  const tags: StartTag[] = [];
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? n : close + 3;
      continue;
    }
    const match = /^<([a-zA-Z][^\s/>]*)/.exec(html.slice(lt, lt + 64));
    if (!match) {
      i = lt + 1;
      continue;
    }
    const name = match[1]!.toLowerCase();
    const { attributes, end } = readAttributes(html, lt + match[0].length);
    if (names.has(name)) tags.push({ name, attributes });
    i = end;
    if (RAW_TEXT.has(name)) {
      // A global regexp searches from i without copying or lower-casing the page.
      const endTag = new RegExp(`</${name}`, 'gi');
      endTag.lastIndex = i;
      const close = endTag.exec(html);
      i = close ? close.index : n;
    }
  }
  return tags;
}

export interface MetaPolicies {
  /** Contents of `<meta http-equiv="Content-Security-Policy">`, in order. */
  csp: string[];
  /** The last `<meta name="referrer">` content. */
  referrer?: string;
}

/**
 * The policies a page declares in meta tags, read as the Observatory reads
 * them (src/retriever/utils.js, parseHttpEquivHeaders): a meta tag with both
 * http-equiv and content counts only as http-equiv; otherwise name=referrer
 * with a content sets the referrer policy, the last one winning.
 */
export function readMetaPolicies(html: string): MetaPolicies {
  const out: MetaPolicies = { csp: [] };
  for (const tag of findStartTags(html, new Set(['meta']))) {
    const equiv = tag.attributes.get('http-equiv');
    const content = tag.attributes.get('content');
    if (equiv !== undefined && content !== undefined) {
      if (content && equiv.trim().toLowerCase() === 'content-security-policy') out.csp.push(content);
    } else if (tag.attributes.get('name')?.trim().toLowerCase() === 'referrer' && content) {
      out.referrer = content;
    }
  }
  return out;
}
