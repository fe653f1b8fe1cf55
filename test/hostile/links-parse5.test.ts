/**
 * The headers-only link extractor finds the links a browser's parser finds.
 * The oracle is parse5, a spec-complete HTML parser we did not write (a
 * devDependency; the extractor itself uses the tokenizer in
 * src/crawl/html-tags.ts): for generated documents full of the shapes that
 * fool regex scanners (quoted `>`, comments, raw-text elements, tags cut off
 * at the end, duplicate attributes, entities), the set of a/area links must
 * be the same.
 */
import fc from 'fast-check';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { extractLinks } from '../../src/crawl/links';

type Node = DefaultTreeAdapterMap['node'];
const DOC = 'http://127.0.0.1:8000/dir/page';

function browserLinks(html: string): string[] {
  const found = new Set<string>();
  const walk = (node: Node) => {
    if ('tagName' in node && (node.tagName === 'a' || node.tagName === 'area') && node.namespaceURI === 'http://www.w3.org/1999/xhtml') {
      const href = node.attrs.find((a) => a.name === 'href');
      if (href !== undefined) {
        try {
          const url = new URL(href.value, DOC);
          url.hash = '';
          if (url.protocol === 'http:' || url.protocol === 'https:') found.add(url.href);
        } catch {
          // not a URL: no link
        }
      }
    }
    if ('childNodes' in node) for (const child of node.childNodes) walk(child);
    if ('content' in node && node.content) walk(node.content as unknown as Node);
  };
  walk(parse(html) as unknown as Node);
  return [...found].sort();
}

function ourLinks(html: string): string[] {
  return [...new Set(extractLinks(html, DOC).filter((l) => l.via === 'a').map((l) => l.url))].sort();
}

const FRAGMENTS = [
  '<a href="/a>b">x</a>',
  "<a href='/q>\"r'>",
  '<a href=/unquoted>',
  '<A HREF="/UPPER">',
  '<a\nhref="/newline">',
  '<a/href="/slash">',
  '<a href = "/spaces" >',
  '<a =x href="/eq">',
  '<a href="/first" href="/second">',
  '<a href="?a=1&amp;b=2&lt=3&gt;">',
  '<a href="&#x2f;hex">',
  '<area href="/area">',
  '<!-- <a href="/in-comment"> -->',
  '<!---->',
  '<!-->',
  '<!--->',
  '<!-- a -- b --!> <a href="/after-bang">',
  '<?pi <a href="/in-pi">?>',
  '<!DOCTYPE html>',
  '<script><a href="/in-script"></script>',
  '<script type="x">if (a < b) {}</script>',
  '<style>a > b { }</style>',
  '<textarea><a href="/in-textarea"></textarea>',
  '<title><a href="/in-title"></title>',
  '<noscript><a href="/in-noscript"></noscript>',
  '<xmp><a href="/in-xmp"></xmp>',
  '<iframe src="/frame"><a href="/in-iframe"></iframe>',
  '</a x=">" href="/end-tag">',
  '</ bogus>',
  '</>',
  '< a href="/not-a-tag">',
  'a < b > c',
  '<p>text</p>',
  '<div class="x">',
  '<a href="  /padded  ">',
  '<a href="/tab\tin">',
  '<a href="#frag">',
  '<a href="">',
  '<a href="//other.example/x">',
  '<a href="../up">',
];
const JUNK = fc.constantFrom('<', '>', '"', "'", '=', '/', ' ', 'a', '-', '!', '&', 'href', '<a ', '<!--', '-->');

describe('extractLinks finds what parse5 finds', () => {
  it('on generated documents (seeded)', () => {
    const doc = fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: JUNK }), { maxLength: 24 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(doc, (html) => {
        expect(ourLinks(html)).toEqual(browserLinks(html));
      }),
      { seed: 20261201, numRuns: 3000 },
    );
  });

  it('on each fragment alone, and each cut short', () => {
    for (const fragment of FRAGMENTS) {
      for (const html of [fragment, fragment.slice(0, -1), `${fragment}<a href="/next">`]) expect([html, ourLinks(html)]).toEqual([html, browserLinks(html)]);
    }
  });

  it('a quoted ">" inside href is part of the URL, as in a browser', () => {
    expect(ourLinks('<a href="/a>b">x</a>')).toEqual(['http://127.0.0.1:8000/a%3Eb']);
  });
});
