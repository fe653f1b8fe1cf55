import { crawl, type CrawlProgress, type SiteReport } from '../../src/crawl';
import { expectedPaths, P_PAGES, pLinks, startSite, type Site } from '../fixtures/site/server';

/** Headers-only mode against the real local site: plain GETs, links from the HTML, every limit honoured. */

/** /slow never answers and waits it out; every other page must answer within it on a loaded machine (1.5 s did not). */
const SLOW_TIMEOUT_MS = 4000;
let site: Site;
let report: SiteReport;
const progress: CrawlProgress[] = [];

const path = (url: string) => new URL(url).pathname + new URL(url).search;
const byPath = (r: SiteReport, p: string) => r.pages.find((page) => path(page.url) === p);

beforeAll(async () => {
  site = await startSite();
  report = await crawl({ start: site.url('/'), headersOnly: true, maxPages: 500, sitemap: true, timeout: SLOW_TIMEOUT_MS, onProgress: (p) => progress.push(p) });
});
afterAll(() => site.close());

describe('a full headers-only crawl', () => {
  it('visits every page reachable without scripts, plus the sitemap-only page, once each', () => {
    const visited = report.pages.map((p) => path(p.url));
    expect(new Set(visited).size).toBe(visited.length);
    expect(visited.sort()).toEqual(expectedPaths({ browser: false, sitemap: true }).sort());
    expect(report).toMatchObject({ mode: 'headers-only', origins: [site.origin], notVisited: [] });
    expect(report.stoppedBy).toBeUndefined();
  });

  it('never requests another origin, a POST form action, a commented-out link, or a page twice', () => {
    expect(site.other.hits).toEqual([]);
    expect(site.hitCount('/post-only')).toBe(0);
    expect(site.hitCount('/commented-out')).toBe(0);
    expect(site.hitCount('/js-target')).toBe(0);
    for (let n = 1; n <= P_PAGES; n++) expect(site.hitCount(`/p/${n}`)).toBe(1);
    expect(site.hitCount('/new')).toBe(1); // reached through /old's redirect only
    expect(report.pages.some((p) => !p.url.startsWith(site.origin))).toBe(false);
  });

  it('records a timeout, a 500, and a redirect loop without stopping', () => {
    expect(byPath(report, '/slow')?.error).toEqual({ kind: 'timeout', message: `${site.url('/slow')} did not answer within ${SLOW_TIMEOUT_MS} ms` });
    expect(byPath(report, '/boom')).toMatchObject({ status: 500, error: { kind: 'http-error' } });
    expect(byPath(report, '/boom')?.headers?.status).toBe(500);
    const loop = byPath(report, '/loop/a');
    expect(loop).toMatchObject({ status: 302, error: { kind: 'redirect-loop' }, redirects: [site.url('/loop/a'), site.url('/loop/b')] });
    expect(loop?.finalUrl).toBeUndefined();
    expect(loop?.error?.message).toContain('/loop/a → ');
  });

  it('follows a redirect within the origin and judges where it ended', () => {
    const old = byPath(report, '/old');
    expect(old).toMatchObject({ status: 200, finalUrl: site.url('/new'), redirects: [site.url('/old')] });
    expect(old?.headers?.url).toBe(site.url('/new'));
    expect(old?.error).toBeUndefined();
  });

  it('gives each page its depth and where it was found', () => {
    expect(byPath(report, '/')).toMatchObject({ depth: 0 });
    expect(byPath(report, '/orphan')).toMatchObject({ depth: 0 });
    expect(byPath(report, '/orphan')?.foundOn).toBeUndefined();
    expect(byPath(report, '/p/1')).toMatchObject({ depth: 1, foundOn: site.url('/') });
    expect(byPath(report, '/search')).toMatchObject({ depth: 1, foundOn: site.url('/') }); // the GET form
    expect(byPath(report, '/frame')).toMatchObject({ depth: 1 }); // the iframe
  });

  it('audits every page: the pages without X-Content-Type-Options are the ones served without it', () => {
    const lacking = report.pages.filter((p) => !p.error && p.headers?.findings.some((f) => f.id === 'x-content-type-options/missing')).map((p) => path(p.url));
    expect(lacking.sort()).toEqual(['/p/10', '/p/20', '/p/30', '/p/40', '/p/50', '/p/60', '/p/70', '/p/80', '/p/90'].sort());
    expect(byPath(report, '/p/1')?.responseHeaders).toEqual(expect.arrayContaining([['x-content-type-options', 'nosniff']]));
    expect(report.pages.every((p) => p.violations.length === 0)).toBe(true);
  });

  it('reports progress after every page', () => {
    expect(progress).toHaveLength(report.pages.length);
    expect(progress.map((p) => p.visited)).toEqual(report.pages.map((_, i) => i + 1));
    expect(progress.at(-1)).toMatchObject({ visited: report.pages.length, queued: 0, total: report.pages.length });
    expect(progress.every((p) => typeof p.current === 'string' && p.current.startsWith(site.origin) && (p.total ?? 0) >= p.visited)).toBe(true);
  });
});

describe('limits', () => {
  it('maxPages: visits exactly that many and names what it left', async () => {
    const before = site.hits.length;
    const r = await crawl({ start: site.url('/p/1'), headersOnly: true, maxPages: 7 });
    expect(r.pages).toHaveLength(7);
    expect(r.stoppedBy).toBe('maxPages');
    expect(r.notVisited.length).toBeGreaterThan(0);
    expect(r.notVisited.some((u) => r.pages.some((p) => p.url === u))).toBe(false);
    expect(site.hits.length - before).toBe(7);
  });

  it('maxDepth: only links that deep are followed', async () => {
    const r = await crawl({ start: site.url('/p/1'), headersOnly: true, maxDepth: 1, maxPages: 100 });
    const [a, b] = pLinks(1);
    expect(r.pages.map((p) => path(p.url)).sort()).toEqual(['/', '/p/1', `/p/${a}`, `/p/${b}`].sort());
    expect(r.pages.every((p) => p.depth <= 1)).toBe(true);
    expect(r.stoppedBy).toBe('maxDepth');
    expect(r.notVisited.map(path)).toEqual(expect.arrayContaining([`/p/${pLinks(a!)[0]}`, '/about']));
  });

  it('maxDepth 0 visits the start pages only', async () => {
    const r = await crawl({ start: [site.url('/p/5'), site.url('/p/6')], headersOnly: true, maxDepth: 0 });
    expect(r.pages.map((p) => path(p.url))).toEqual(['/p/5', '/p/6']);
  });

  it('include and exclude decide what is followed (start pages always are)', async () => {
    const r = await crawl({ start: site.url('/'), headersOnly: true, include: ['/p/*'], exclude: [/\/p\/\d*[02468]$/, (url) => url.endsWith('/p/1')], maxPages: 200 });
    const visited = r.pages.map((p) => path(p.url));
    expect(visited[0]).toBe('/');
    expect(visited.slice(1).every((p) => /^\/p\/\d*[13579]$/.test(p) && p !== '/p/1')).toBe(true);
    expect(visited).not.toContain('/about');
  });

  it('concurrency 1 and the default reach the same pages', async () => {
    const one = await crawl({ start: site.url('/p/3'), headersOnly: true, concurrency: 1, maxPages: 30, exclude: ['/slow'] });
    const many = await crawl({ start: site.url('/p/3'), headersOnly: true, maxPages: 500, exclude: ['/slow'] });
    expect(one.pages).toHaveLength(30);
    expect(many.pages.length).toBeGreaterThan(90);
    expect(one.pages.map((p) => p.url).every((u) => many.pages.some((p) => p.url === u))).toBe(true);
  });

  it('allows other origins only when asked, and still never leaves the list', async () => {
    const before = site.other.hits.length;
    const r = await crawl({ start: site.url('/'), headersOnly: true, origins: [site.origin, site.other.origin], maxDepth: 1, maxPages: 100, exclude: ['/slow'] });
    const elsewhere = r.pages.filter((p) => p.url.startsWith(site.other.origin)).map((p) => p.url);
    expect(elsewhere).toEqual([site.other.url('/b')]); // http://localhost:PORT is a different origin from 127.0.0.1:PORT
    expect(site.other.hits.slice(before)).toEqual([{ method: 'GET', path: '/b' }]);
  });
});

describe('errors that end a crawl', () => {
  it('an exception from onProgress stops the crawl and is thrown', async () => {
    let calls = 0;
    await expect(
      crawl({
        start: site.url('/p/1'),
        headersOnly: true,
        maxPages: 50,
        onProgress: () => {
          calls++;
          if (calls === 3) throw new Error('progress bar broke');
        },
      }),
    ).rejects.toThrow('progress bar broke');
    expect(calls).toBe(3);
  });

  it('an unreachable start is a recorded network error, not a throw', async () => {
    const r = await crawl({ start: 'http://127.0.0.1:9/', headersOnly: true, timeout: 2000 });
    expect(r.pages).toHaveLength(1);
    expect(r.pages[0]?.error?.kind).toBe('network');
  });
});
