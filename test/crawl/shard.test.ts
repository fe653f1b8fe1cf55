import fc from 'fast-check';
import { listHash, pageListOf, parsePageList } from '../../src/crawl/page-list';
import { pagesOfShard, parseShard, shardOf } from '../../src/crawl/shard';
import { UsageError } from '../../src/matchers/context';

const urlArb = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true }).map((u) => pageListOf([u]).pages[0]!);

describe('shards', () => {
  test('the shards of a list partition it: every page in exactly one, order kept', () => {
    fc.assert(
      fc.property(fc.uniqueArray(urlArb, { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), (urls, total) => {
        const shares = Array.from({ length: total }, (_, i) => pagesOfShard(urls, { index: i + 1, total }));
        expect(shares.flat().sort()).toEqual([...urls].sort());
        for (const share of shares) expect(share).toEqual(urls.filter((u) => share.includes(u)));
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  test("a page's shard depends on its URL only, not on the other pages", () => {
    fc.assert(
      fc.property(urlArb, fc.array(urlArb, { maxLength: 20 }), fc.integer({ min: 1, max: 16 }), (url, others, total) => {
        const index = shardOf(url, total);
        expect(pagesOfShard([...others.filter((o) => o !== url), url], { index, total })).toContain(url);
      }),
      { seed: 18, numRuns: 200 },
    );
  });

  test('pages spread evenly enough over shards', () => {
    const urls = Array.from({ length: 4000 }, (_, i) => `http://127.0.0.1:8080/p/${i}`);
    for (const total of [2, 4, 8]) {
      for (let index = 1; index <= total; index++) {
        const share = pagesOfShard(urls, { index, total }).length;
        expect(share).toBeGreaterThan((urls.length / total) * 0.85);
        expect(share).toBeLessThan((urls.length / total) * 1.15);
      }
    }
  });

  test('parseShard reads INDEX/TOTAL and names what it received otherwise', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, total: 8 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, total: 1 });
    for (const bad of ['0/3', '4/3', '3', '-1/2', '1/0', 'x/y', '', 3]) {
      expect(() => parseShard(bad)).toThrow(UsageError);
    }
    expect(() => parseShard('4/3')).toThrow('received "4/3"');
  });
});

describe('page lists', () => {
  test('the same pages in any order and with repeats make the same list and hash', () => {
    fc.assert(
      fc.property(fc.uniqueArray(urlArb, { minLength: 1, maxLength: 30 }), fc.integer(), (urls, seed) => {
        const shuffled = [...urls, ...urls.slice(0, 3)].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
        expect(pageListOf(shuffled)).toEqual(pageListOf(urls));
      }),
      { seed: 19, numRuns: 100 },
    );
  });

  test('different lists get different hashes', () => {
    const base = Array.from({ length: 50 }, (_, i) => `http://127.0.0.1/p/${i}`);
    const hashes = new Set([listHash(base), listHash(base.slice(1)), listHash([...base, 'http://127.0.0.1/p/50']), listHash(base.map((u) => u.replace('p/1', 'p/x')))]);
    expect(hashes.size).toBe(4);
  });

  test('reads the discover JSON, a JSON array and one URL a line', () => {
    const urls = ['http://127.0.0.1:3000/b', 'http://127.0.0.1:3000/a#top'];
    const fromText = parsePageList(`# pages\n${urls.join('\n')}\n\n`);
    expect(fromText.pages).toEqual(['http://127.0.0.1:3000/a', 'http://127.0.0.1:3000/b']);
    expect(parsePageList(JSON.stringify(urls))).toEqual(fromText);
    expect(parsePageList(JSON.stringify(fromText)).pages).toEqual(fromText.pages);
  });

  test('a bad list says which entry is wrong and what to pass', () => {
    expect(() => parsePageList('http://127.0.0.1/\n/relative\n', 'pages.txt')).toThrow('the page list pages.txt holds "/relative", which is not an absolute http(s) URL');
    expect(() => parsePageList('[1]', 'p.json')).toThrow('holds 1');
    expect(() => parsePageList('{"pages": []}', 'p.json')).toThrow('neither a list written by');
    expect(() => parsePageList('{', 'p.json')).toThrow('not valid JSON');
    expect(() => parsePageList('\n# nothing\n', 'p.txt')).toThrow('holds no URL');
  });
});
