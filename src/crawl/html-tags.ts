/**
 * The start tags of an HTML document, read with the HTML tokenizer's own
 * states (https://html.spec.whatwg.org/#tokenization), so a tag and its
 * attributes come out as a browser sees them: a `>` inside a quoted value is
 * part of the value, a tag cut off by the end of the document is no tag,
 * comments and the content of raw-text elements (script, style, textarea,
 * title, iframe, noscript, …) hold no tags.
 *
 * One pass, forward only: linear in the document whatever it holds.
 * Character references are left for the caller to decode, and only for the
 * attributes it asks for.
 */

export interface StartTag {
  /** Lower case. */
  name: string;
  /** The first occurrence of each wanted attribute (lower-case name), its value as written (entities not decoded). */
  attributes: Map<string, string>;
}

/** Elements whose content the tokenizer reads as text up to their end tag (scripting enabled, as in a browser). */
const RAW_TEXT: ReadonlySet<string> = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
const isAsciiAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Calls `onTag` for every start tag whose name is in `names`. Attributes
 * are kept only when their name is in `attributes`.
 */
export function scanStartTags(
  html: string,
  names: ReadonlySet<string>,
  attributes: ReadonlySet<string>,
  onTag: (tag: StartTag) => void,
): void {
  const length = html.length;
  let i = 0;
  for (;;) {
    const lt = html.indexOf('<', i);
    if (lt === -1 || lt + 1 >= length) return;
    const c = html.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      i = skipMarkupDeclaration(html, lt + 2);
      continue;
    }
    if (c === 63 /* ? */) {
      i = skipBogusComment(html, lt + 2);
      continue;
    }
    if (c === 47 /* / */) {
      const d = html.charCodeAt(lt + 2);
      if (isAsciiAlpha(d)) {
        // An end tag: its attributes (if any) count for nothing, but a quoted '>' still does not end it.
        const end = readTag(html, lt + 2, undefined, undefined);
        if (end === -1) return;
        i = end;
      } else if (d === 62 /* > */) i = lt + 3;
      else i = skipBogusComment(html, lt + 2);
      continue;
    }
    if (!isAsciiAlpha(c)) {
      i = lt + 1; // '<' as text
      continue;
    }
    const tag: StartTag = { name: '', attributes: new Map() };
    const end = readTag(html, lt + 1, tag, attributes);
    if (end === -1) return; // cut off by the end of the document: no tag
    if (names.has(tag.name)) onTag(tag);
    i = RAW_TEXT.has(tag.name) ? skipRawText(html, end, tag.name) : tag.name === 'plaintext' ? length : end;
  }
}

/**
 * Reads a tag from its name (at `from`) to its closing '>'; returns the
 * index after it, or -1 when the document ends first. With `tag`, the name
 * and wanted attributes are stored in it.
 */
function readTag(html: string, from: number, tag: StartTag | undefined, wanted: ReadonlySet<string> | undefined): number {
  const length = html.length;
  let i = from;
  while (i < length) {
    const c = html.charCodeAt(i);
    if (isSpace(c) || c === 47 || c === 62) break;
    i++;
  }
  if (tag !== undefined) tag.name = html.slice(from, i).toLowerCase();
  for (;;) {
    // Before an attribute name: spaces and '/' are skipped, '>' ends the tag.
    while (i < length) {
      const c = html.charCodeAt(i);
      if (!isSpace(c) && c !== 47) break;
      i++;
    }
    if (i >= length) return -1;
    if (html.charCodeAt(i) === 62) return i + 1;
    // The attribute name: a leading '=' belongs to it.
    const nameStart = i;
    i++;
    while (i < length) {
      const c = html.charCodeAt(i);
      if (isSpace(c) || c === 47 || c === 62 || c === 61 /* = */) break;
      i++;
    }
    const nameEnd = i;
    while (i < length && isSpace(html.charCodeAt(i))) i++;
    let value = '';
    if (i < length && html.charCodeAt(i) === 61) {
      i++;
      while (i < length && isSpace(html.charCodeAt(i))) i++;
      if (i >= length) return -1;
      const q = html.charCodeAt(i);
      if (q === 34 || q === 39) {
        const close = html.indexOf(q === 34 ? '"' : "'", i + 1);
        if (close === -1) return -1;
        value = html.slice(i + 1, close);
        i = close + 1;
      } else if (q !== 62) {
        const start = i;
        while (i < length) {
          const c = html.charCodeAt(i);
          if (isSpace(c) || c === 62) break;
          i++;
        }
        value = html.slice(start, i);
      }
    }
    if (tag !== undefined && wanted !== undefined && nameEnd - nameStart <= 16) {
      const name = html.slice(nameStart, nameEnd).toLowerCase();
      if (wanted.has(name) && !tag.attributes.has(name)) tag.attributes.set(name, value);
    }
  }
}

/** After `<!`: a comment (`<!--`), or a doctype / CDATA / bogus comment, which ends at the next '>'. */
function skipMarkupDeclaration(html: string, from: number): number {
  if (html.startsWith('--', from)) {
    // `<!-->` and `<!--->` are whole (empty) comments.
    if (html.charCodeAt(from + 2) === 62) return from + 3;
    if (html.startsWith('->', from + 2)) return from + 4;
    let at = from + 2;
    for (;;) {
      const dash = html.indexOf('--', at);
      if (dash === -1) return html.length;
      if (html.charCodeAt(dash + 2) === 62) return dash + 3;
      if (html.startsWith('!>', dash + 2)) return dash + 4;
      at = dash + 1;
    }
  }
  return skipBogusComment(html, from);
}

function skipBogusComment(html: string, from: number): number {
  const gt = html.indexOf('>', from);
  return gt === -1 ? html.length : gt + 1;
}

/** To the end tag of a raw-text element (`</name` then space, '/' or '>'; read as a tag from there), or to the end of the document. */
function skipRawText(html: string, from: number, name: string): number {
  const length = html.length;
  let at = from;
  for (;;) {
    const lt = html.indexOf('</', at);
    if (lt === -1) return length;
    const after = lt + 2 + name.length;
    if (after <= length && html.slice(lt + 2, after).toLowerCase() === name) {
      const c = html.charCodeAt(after);
      if (after === length) return length;
      if (isSpace(c) || c === 47 || c === 62) return lt;
    }
    at = lt + 2;
  }
}
