import fc from 'fast-check';
import { compilePattern, globToRegExp, isAllowed, normalizeUrl, pathAndQuery, urlFilter } from '../../src/crawl/url';
import { extractLinks, decodeEntities } from '../../src/crawl/links';
import { parseSitemap } from '../../src/crawl/sitemap';
import { Frontier } from '../../src/crawl/frontier';

describe('normalizeUrl', () => {
  it.each([
    ['HTTP://Example.COM:80/a#frag', 'http://example.com/a'],
    ['https://example.com:443/a?b=2&a=1', 'https://example.com/a?b=2&a=1'],
    ['http://example.com:8080/a/', 'http://example.com:8080/a/'],
    ['http://example.com/a/../b/./c', 'http://example.com/b/c'],
    ['http://example.com', 'http://example.com/'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it('keeps /a and /a/ apart, and query order as it is', () => {
    expect(normalizeUrl('http://h/a')).not.toBe(normalizeUrl('http://h/a/'));
    expect(normalizeUrl('http://h/?b=1&a=2')).toBe('http://h/?b=1&a=2');
  });

  it('resolves against a base and refuses what is not http(s)', () => {
    expect(normalizeUrl('../x#y', 'http://h/a/b/c')).toBe('http://h/a/x');
    expect(normalizeUrl('mailto:a@b')).toBeUndefined();
    expect(normalizeUrl('javascript:void(0)', 'http://h/')).toBeUndefined();
    expect(normalizeUrl('ftp://h/x')).toBeUndefined();
    expect(normalizeUrl('not a url')).toBeUndefined();
  });
});

describe('isAllowed', () => {
  const origins = new Set(['http://127.0.0.1:3000']);
  it('accepts only the listed origins (scheme, host and port)', () => {
    expect(isAllowed('http://127.0.0.1:3000/x', origins)).toBe(true);
    expect(isAllowed('http://127.0.0.1:3001/x', origins)).toBe(false);
    expect(isAllowed('http://localhost:3000/x', origins)).toBe(false);
    expect(isAllowed('https://127.0.0.1:3000/x', origins)).toBe(false);
    expect(isAllowed('garbage', origins)).toBe(false);
  });
});

describe('patterns', () => {
  it('globs: * stays within a segment, ** crosses them, path globs see the path (and query)', () => {
    expect(globToRegExp('/p/*').test('/p/1')).toBe(true);
    expect(globToRegExp('/p/*').test('/p/1/2')).toBe(false);
    expect(globToRegExp('/p/**').test('/p/1/2')).toBe(true);
    const search = compilePattern('/search*');
    expect(search('http://h/search?q=1')).toBe(true);
    expect(search('http://h/searching/x')).toBe(false);
    expect(compilePattern('http://h/*.pdf')('http://h/a.pdf')).toBe(true);
    expect(compilePattern('/a.b')('http://h/aXb')).toBe(false);
  });

  it('RegExps with /g do not carry state between URLs; predicates get the URL string', () => {
    const test = compilePattern(/\/p\//g);
    expect([test('http://h/p/1'), test('http://h/p/2'), test('http://h/p/3')]).toEqual([true, true, true]);
    const seen: string[] = [];
    compilePattern((url) => (seen.push(url), true))('http://h/x');
    expect(seen).toEqual(['http://h/x']);
  });

  it('reads the path and query of a normal-form URL as the URL parser does', () => {
    const part = fc.constantFrom('a', '/', '.', '..', '%2e', '?', '??', '#', '=', '&', ' ', '\\', 'é', '@', ':');
    fc.assert(
      fc.property(fc.constantFrom('http://h', 'https://user:pw@h:8443', 'http://[::1]:3000', 'HTTP://H:80'), fc.array(part, { maxLength: 8 }), (origin, parts) => {
        const url = normalizeUrl(`${origin}/${parts.join('')}`);
        if (url === undefined) return;
        const parsed = new URL(url);
        expect(pathAndQuery(url)).toEqual({ pathname: parsed.pathname, search: parsed.search });
      }),
      { numRuns: 2000 },
    );
  });

  it('include narrows, exclude wins', () => {
    const pass = urlFilter([compilePattern('/p/**')], [compilePattern('/p/9*')]);
    expect(pass('http://h/p/1')).toBe(true);
    expect(pass('http://h/p/90')).toBe(false);
    expect(pass('http://h/about')).toBe(false);
    expect(urlFilter([], [])('http://h/anything')).toBe(true);
  });
});

describe('extractLinks', () => {
  const doc = 'http://h/dir/page';
  it('finds a/area hrefs, GET forms and iframes, resolved and without fragments; skips POST forms, scripts, comments and non-http schemes', () => {
    const html = `
      <a href="one">1</a><A HREF='/two?x=1&amp;y=2'>2</A><a href=three#f>3</a>
      <area href="/map"><a name="no-href">x</a>
      <form action="/get-form"><input></form><form method="POST" action="/post-form"></form><form method=get></form>
      <iframe src="/frame"></iframe>
      <!-- <a href="/commented"> -->
      <script>var s = '<a href="/in-script">';</script><style>a[href="/in-style"]{}</style>
      <a href="mailto:a@b">m</a><a href="javascript:go()">j</a><a href=" /spaced ">s</a><a href="">empty</a>`;
    const links = extractLinks(html, doc);
    expect(links).toEqual([
      { url: 'http://h/dir/one', via: 'a' },
      { url: 'http://h/two?x=1&y=2', via: 'a' },
      { url: 'http://h/dir/three', via: 'a' },
      { url: 'http://h/map', via: 'a' },
      { url: 'http://h/get-form', via: 'form' },
      { url: 'http://h/dir/page', via: 'form' },
      { url: 'http://h/frame', via: 'iframe' },
      { url: 'http://h/spaced', via: 'a' },
      // An empty href is the document itself, as in a browser.
      { url: 'http://h/dir/page', via: 'a' },
    ]);
  });

  it('honours the first <base href>', () => {
    const links = extractLinks('<base href="http://h/base/"><base href="/ignored/"><a href="x">x</a>', doc);
    expect(links).toEqual([{ url: 'http://h/base/x', via: 'a' }]);
  });

  it('survives broken markup', () => {
    expect(() => extractLinks('<a href="/x" <a href=<<<>><iframe src=', doc)).not.toThrow();
    expect(extractLinks('<script>unterminated <a href="/no">', doc)).toEqual([]);
  });

  it('resolves every href as the URL parser does, fast path or not', () => {
    // Characters that URL parsing keeps, encodes, or treats specially (dot segments, %2e, backslashes, fragments, queries).
    const part = fc.constantFrom('a', 'B', '/', '.', '..', '%2e', '%', '?', '#', '&', '=', "'", '"', ' ', '\\', '~', '@', ':', '|', 'é', '<', '[', ';');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), fc.boolean(), (parts, absolute) => {
        const href = (absolute ? '/' : '') + parts.join('');
        const attribute = href.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
        const expected = [normalizeUrl(href.trim(), doc)];
        expect(extractLinks(`<a href="${attribute}">x</a>`, doc).map((l) => l.url)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes entities', () => {
    expect(decodeEntities('a&amp;b&#47;c&#x2F;d&unknown;')).toBe('a&b/c/d&unknown;');
  });
});

describe('parseSitemap', () => {
  it('reads <url><loc> and <sitemap><loc>, with CDATA and entities', () => {
    const xml = `<?xml version="1.0"?><urlset><url><loc> http://h/a?x=1&amp;y=2 </loc><lastmod>2024</lastmod></url>
      <!-- <url><loc>http://h/commented</loc></url> --><url><loc><![CDATA[http://h/b]]></loc></url><url></url></urlset>`;
    expect(parseSitemap(xml)).toEqual({ pages: ['http://h/a?x=1&y=2', 'http://h/b'], sitemaps: [] });
    expect(parseSitemap('<sitemapindex><sitemap><loc>http://h/s1.xml</loc></sitemap></sitemapindex>')).toEqual({ pages: [], sitemaps: ['http://h/s1.xml'] });
    expect(parseSitemap('not xml at all')).toEqual({ pages: [], sitemaps: [] });
  });
});

describe('Frontier', () => {
  it('queues each URL once, breadth first, and stops at maxPages', () => {
    const f = new Frontier(3, Infinity);
    f.offer('http://h/a', 0);
    f.offer('http://h/a', 0);
    f.offer('http://h/b', 1, 'http://h/a');
    expect(f.next()).toEqual({ url: 'http://h/a', depth: 0 });
    f.offer('http://h/c', 1, 'http://h/a');
    f.offer('http://h/d', 1, 'http://h/a');
    expect(f.next()).toEqual({ url: 'http://h/b', depth: 1, foundOn: 'http://h/a' });
    expect(f.next()?.url).toBe('http://h/c');
    expect(f.next()).toBeUndefined();
    expect([...f.notVisited]).toEqual(['http://h/d']);
    expect(f.stoppedBy).toBe('maxPages');
  });

  it('leaves out links deeper than maxDepth, and URLs a redirect covered', () => {
    const f = new Frontier(10, 1);
    f.offer('http://h/', 0);
    f.offer('http://h/deep', 2);
    f.offer('http://h/x', 1);
    f.cover('http://h/x');
    f.cover('http://h/y');
    f.offer('http://h/y', 1);
    expect(f.next()?.url).toBe('http://h/');
    expect(f.next()).toBeUndefined();
    expect([...f.notVisited]).toEqual(['http://h/deep']);
    expect(f.stoppedBy).toBe('maxDepth');
  });
});
