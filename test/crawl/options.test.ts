import { crawl } from '../../src/crawl';
import { resolveCrawlOptions } from '../../src/crawl/options';
import { UsageError } from '../../src/matchers/context';

/** Bad options are thrown before any request, as UsageErrors that say what was received and what to pass. */
describe('crawl options', () => {
  const start = 'http://127.0.0.1:9/';

  it.each<[string, unknown, RegExp]>([
    ['no options', undefined, /needs an options object.*received undefined/],
    ['no start', {}, /"start" is required/],
    ['an unknown option, with a suggestion', { start, maxPage: 3 }, /unknown option "maxPage"\. Did you mean "maxPages"\?/],
    ['a start URL that is not http(s)', { start: 'ftp://example.com/' }, /start must be an absolute http:\/\/ or https:\/\/ URL; received "ftp:\/\/example.com\/"/],
    ['a relative start URL', { start: '/just/a/path' }, /absolute http/],
    ['a start that is not a string', { start: [start, 42] }, /start\[1\] must be an http\(s\) URL string; received number 42/],
    ['an empty start list', { start: [] }, /empty array/],
    ['maxPages 0', { start, maxPages: 0 }, /maxPages must be a whole number of at least 1; received number 0/],
    ['maxPages negative', { start, maxPages: -5 }, /maxPages must be a whole number of at least 1/],
    ['maxPages fractional', { start, maxPages: 2.5 }, /maxPages must be a whole number/],
    ['maxDepth negative', { start, maxDepth: -1 }, /maxDepth must be a whole number of at least 0/],
    ['concurrency 0', { start, concurrency: 0 }, /concurrency must be a whole number of at least 1/],
    ['timeout as a string', { start, timeout: '5s' }, /timeout must be a whole number.*received a string \("5s"\)/],
    ['a bad include', { start, include: [42] }, /include\[0\] must be a glob string/],
    ['a bad origin', { start, origins: ['not a url'] }, /"origins" must hold http\(s\) origins/],
    ['a start outside the origins', { start, origins: ['http://127.0.0.1:10'] }, /start URL http:\/\/127.0.0.1:9\/ is not on the allowed origins/],
    ['an off-origin sitemap', { start, sitemap: 'http://elsewhere.invalid/sitemap.xml' }, /sitemap .* is not on the allowed origins/],
    ['a bad sitemap', { start, sitemap: 3 }, /sitemap must be true, false, or an http\(s\) URL/],
    ['onProgress not a function', { start, onProgress: true }, /onProgress must be a function/],
    ['bad audit options', { start, audit: { preset: 'strictest' } }, /audit: preset must be one of/],
    ['headersOnly with a context', { start, headersOnly: true, context: { newPage() {}, pages() {} } }, /headersOnly .* but "context" was given/],
    ['two browser targets', { start, page: {}, context: {} }, /pass only one of page, context or browser/],
    ['a page that is not a page', { start, page: { url: 'x' } }, /"page" must be a Playwright Page/],
    ['concurrency with a single page', { start, concurrency: 3, page: { goto() {}, mainFrame() {}, context: () => ({}) } }, /concurrency 3 needs several pages/],
  ])('%s', (_name, options, message) => {
    expect(() => resolveCrawlOptions(options)).toThrow(UsageError);
    expect(() => resolveCrawlOptions(options)).toThrow(message);
  });

  it('crawl() rejects bad options before touching the network', async () => {
    await expect(crawl({ start: 'file:///etc/passwd' })).rejects.toThrow(UsageError);
    await expect(crawl({ start, maxPages: 0 })).rejects.toThrow(/maxPages/);
  });

  it('fills in the defaults', () => {
    const r = resolveCrawlOptions({ start: 'HTTP://127.0.0.1:9/a#x' });
    expect(r).toMatchObject({ start: ['http://127.0.0.1:9/a'], origins: ['http://127.0.0.1:9'], maxPages: 50, maxDepth: Infinity, concurrency: 4, timeout: 15000, target: { kind: 'launch' }, sitemaps: [] });
    expect(resolveCrawlOptions({ start, headersOnly: true })).toMatchObject({ concurrency: 8, target: { kind: 'none' } });
    expect(resolveCrawlOptions({ start, sitemap: true }).sitemaps).toEqual(['http://127.0.0.1:9/sitemap.xml']);
    expect(resolveCrawlOptions({ start: [start, 'http://127.0.0.1:10/'] }).origins).toEqual(['http://127.0.0.1:9', 'http://127.0.0.1:10']);
  });

  it('loads no Playwright at import time: only a dynamic import, when it launches Chromium itself', () => {
    // Bundled as a user's bundler would see it: a static import of Playwright would load it for every user of the core.
    const { buildSync } = require('esbuild') as typeof import('esbuild');
    const out = buildSync({ entryPoints: [require.resolve('../../src/crawl/index.ts')], bundle: true, write: false, format: 'esm', platform: 'node', external: ['playwright-core', '@playwright/test', 'playwright'] });
    const code = out.outputFiles[0]!.text;
    expect(code).not.toMatch(/^\s*import\b[^(]*from\s*["'](playwright-core|@playwright\/test|playwright)["']/m);
    expect(code).toMatch(/import\(\s*["']playwright-core["']\s*\)/);
  });
});
