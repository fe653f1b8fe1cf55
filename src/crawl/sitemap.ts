import { decodeEntities } from './links';

/**
 * sitemap.xml (sitemaps.org): `<urlset>` lists pages in `<url><loc>`;
 * a `<sitemapindex>` lists further sitemaps in `<sitemap><loc>`. Read with a
 * regular expression on `<loc>`: the format is flat and a real XML parser
 * would be a dependency for two element names.
 */

export interface SitemapEntries {
  pages: string[];
  /** Nested sitemaps, from a sitemap index. */
  sitemaps: string[];
}

export function parseSitemap(xml: string): SitemapEntries {
  const pages: string[] = [];
  const sitemaps: string[] = [];
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
  for (const block of withoutComments.matchAll(/<(url|sitemap)(?:\s[^>]*)?>([\s\S]*?)<\/\1\s*>/gi)) {
    const loc = /<loc(?:\s[^>]*)?>([\s\S]*?)<\/loc\s*>/i.exec(block[2] ?? '')?.[1];
    if (loc === undefined) continue;
    const url = decodeEntities(loc.replace(/^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/, '$1').trim());
    if (url === '') continue;
    (block[1]!.toLowerCase() === 'url' ? pages : sitemaps).push(url);
  }
  return { pages, sitemaps };
}
