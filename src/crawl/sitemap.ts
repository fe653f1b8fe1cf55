import { decodeEntities } from './links';

/**
 * sitemap.xml (sitemaps.org): `<urlset>` lists pages in `<url><loc>`;
 * a `<sitemapindex>` lists further sitemaps in `<sitemap><loc>`. Read by a
 * small scanner on `<loc>`: the format is flat and a real XML parser would
 * be a dependency for two element names.
 *
 * Linear in the document, whatever it holds: each search for an end (`-->`,
 * `>`, `</url>`) starts where the last one of its kind stopped, so an
 * unterminated `<url>` or `<!--` repeated many times is read once, not once
 * per repetition.
 */

export interface SitemapEntries {
  pages: string[];
  /** Nested sitemaps, from a sitemap index. */
  sitemaps: string[];
}

const OPEN = /<(url|sitemap)(?=[\s>])/gi;
const CLOSE: Record<'url' | 'sitemap', RegExp> = { url: /<\/url\s*>/gi, sitemap: /<\/sitemap\s*>/gi };
const LOC_OPEN = /<loc(?=[\s>])/gi;
const LOC_CLOSE = /<\/loc\s*>/gi;
const CDATA = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/;

export function parseSitemap(xml: string): SitemapEntries {
  const pages: string[] = [];
  const sitemaps: string[] = [];
  const text = withoutComments(xml);
  const closes = { url: new ForwardSearch(text, CLOSE.url), sitemap: new ForwardSearch(text, CLOSE.sitemap) };
  const tagEnd = new ForwardSearch(text, />/g);
  OPEN.lastIndex = 0;
  for (let open = OPEN.exec(text); open !== null; open = OPEN.exec(text)) {
    const kind = open[1]!.toLowerCase() as 'url' | 'sitemap';
    const gt = tagEnd.from(open.index + open[0].length);
    if (gt === undefined) break; // no '>' anywhere after: no further element can open
    const close = closes[kind].from(gt.end);
    if (close === undefined) {
      OPEN.lastIndex = gt.end;
      continue;
    }
    const url = locOf(text.slice(gt.end, close.start));
    if (url !== undefined) (kind === 'url' ? pages : sitemaps).push(url);
    OPEN.lastIndex = close.end;
  }
  return { pages, sitemaps };
}

/** The first `<loc>` of a block, entity-decoded, CDATA unwrapped; undefined when there is none or it is empty. */
function locOf(block: string): string | undefined {
  LOC_OPEN.lastIndex = 0;
  const open = LOC_OPEN.exec(block);
  if (open === null) return undefined;
  const gt = block.indexOf('>', open.index);
  if (gt === -1) return undefined;
  LOC_CLOSE.lastIndex = gt + 1;
  const close = LOC_CLOSE.exec(block);
  if (close === null) return undefined;
  const loc = block.slice(gt + 1, close.index);
  const url = decodeEntities(loc.replace(CDATA, '$1').trim());
  return url === '' ? undefined : url;
}

/** The document with `<!-- … -->` removed; an unterminated comment runs to the end, as in XML. */
function withoutComments(xml: string): string {
  let start = xml.indexOf('<!--');
  if (start === -1) return xml;
  let out = '';
  let at = 0;
  while (start !== -1) {
    out += xml.slice(at, start);
    const end = xml.indexOf('-->', start + 4);
    if (end === -1) return out;
    at = end + 3;
    start = xml.indexOf('<!--', at);
  }
  return out + xml.slice(at);
}

/**
 * The next match of a global regex at or after a position, for positions
 * that only grow: a match found is reused until the position passes it, and
 * a search that found nothing is never repeated.
 */
class ForwardSearch {
  private found: { start: number; end: number } | undefined;
  private exhausted = false;

  constructor(
    private readonly text: string,
    private readonly pattern: RegExp,
  ) {}

  from(position: number): { start: number; end: number } | undefined {
    if (this.exhausted) return undefined;
    if (this.found !== undefined && this.found.start >= position) return this.found;
    this.pattern.lastIndex = position;
    const match = this.pattern.exec(this.text);
    if (match === null) {
      this.exhausted = true;
      return undefined;
    }
    this.found = { start: match.index, end: match.index + match[0].length };
    return this.found;
  }
}
