import { randomBytes } from 'node:crypto';
import { startServer } from '../helpers/servers';
import { crawl, type SiteReport } from '../../src/crawl';
import { siteCspResult, siteSecureHeadersResult, siteViolationsResult } from '../../src/matchers/site';
import { UsageError } from '../../src/matchers/context';
import { toHaveCsp } from '../../src/matchers/toHaveCsp';
import { toHaveSecureHeaders } from '../../src/matchers/toHaveSecureHeaders';
import { startSite, type Site } from '../fixtures/site/server';

/** The site-level verdicts the matchers show, judged on a real headers-only crawl of the local site. */

let site: Site;
let report: SiteReport;
let clean: SiteReport;

beforeAll(async () => {
  site = await startSite();
  // /slow never answers: it waits out the timeout, which must still be long enough for every other page on a loaded machine.
  report = await crawl({ start: site.url('/'), headersOnly: true, maxPages: 500, timeout: 4000 });
  // Pages that all send the same sound headers: /p/1 … with the nosniff-less tens left out.
  clean = await crawl({ start: site.url('/p/1'), headersOnly: true, include: ['/p/*'], exclude: [/0$/], maxPages: 500 });
});
afterAll(() => site.close());

describe('siteSecureHeadersResult', () => {
  it('groups pages by finding, names a few and counts the rest', () => {
    const result = siteSecureHeadersResult(report);
    expect(result.pass).toBe(false);
    const xcto = result.lines.findIndex((l) => l.startsWith('9 pages — x-content-type-options: X-Content-Type-Options is missing'));
    expect(xcto).toBeGreaterThanOrEqual(0);
    expect(result.lines.slice(xcto + 1, xcto + 5)).toEqual(['      received: (absent)', '      expected: nosniff', '      fix:      X-Content-Type-Options: nosniff', '    on: /p/10, /p/20, /p/30, /p/40, /p/50 and 4 more']);
    expect(result.lines.join('\n')).toContain('could not be loaded');
    expect(result.lines.join('\n')).toMatch(/\/slow: timeout/);
    expect(result.lines.join('\n')).toMatch(/\/loop\/a: redirect-loop/);
    expect(result.lines.join('\n')).toMatch(/Note: 1 page answered with an HTTP error status and was judged as it is: \/boom/);
    expect(result.counts.notLoaded).toBe(2);
    expect(result.headline).toMatch(/^\d+ of \d+ pages judged fail the security headers checks, and 2 could not be loaded\.$/);
  });

  it('passes a site whose every page passes', () => {
    const result = siteSecureHeadersResult(clean);
    expect(clean.pages.length).toBeGreaterThan(50);
    expect(result).toMatchObject({ pass: true, lines: [], counts: { judged: clean.pages.length, failing: 0, notLoaded: 0 } });
    expect(result.headline).toBe(`All ${clean.pages.length} pages crawled pass the security headers checks.`);
  });

  it('re-judges the stored headers with the options given to the matcher', () => {
    expect(siteSecureHeadersResult(clean, { headers: { 'x-powered-by': false, 'referrer-policy': 'same-origin' } }).pass).toBe(false);
    const lacking = siteSecureHeadersResult(report, { ignore: ['x-content-type-options/*'] });
    expect(lacking.lines.join('\n')).not.toContain('X-Content-Type-Options');
  });

  it('rejects what is not a site report, and bad audit options', () => {
    expect(() => siteSecureHeadersResult({ pages: [] })).toThrow(UsageError);
    expect(() => siteSecureHeadersResult(clean, { preset: 'nope' as never })).toThrow(/preset must be one of/);
  });
});

describe('siteCspResult', () => {
  it('judges each page as toHaveCsp judges one response, and groups by problem', () => {
    expect(siteCspResult(clean).pass).toBe(true);
    const strict = siteCspResult(clean, { strict: true });
    expect(strict.pass).toBe(false);
    expect(strict.lines[0]).toMatch(new RegExp(`^${clean.pages.length} pages: `));
    const inline = siteCspResult(report, { directives: { 'script-src': ["'self'"] } });
    expect(inline.pass).toBe(false);
    expect(inline.lines.join('\n')).toContain('script-src is missing');
  });
});

describe('siteViolationsResult', () => {
  it('refuses a headers-only report: no browser saw anything', () => {
    expect(() => siteViolationsResult(report)).toThrow(/headers-only crawl.*no CSP violation could be seen/);
  });
});

describe('the matchers on a site report', () => {
  expect.extend({ toHaveSecureHeaders, toHaveCsp });
  const expectWith = expect as unknown as (v: unknown) => {
    toHaveSecureHeaders(o?: object): void;
    toHaveCsp(o?: object): void;
    not: { toHaveSecureHeaders(o?: object): void };
  };

  test('toHaveSecureHeaders groups pages by problem', () => {
    let message = '';
    try {
      expectWith(report).toHaveSecureHeaders();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/toHaveSecureHeaders/);
    expect(message).toMatch(/x-content-type-options/);
    expect(message).toMatch(/ and \d+ more/);
    expectWith(report).not.toHaveSecureHeaders();
  });

  test('toHaveCsp through the matcher says what siteCspResult says', () => {
    expect(siteCspResult(clean).pass).toBe(true);
    expectWith(clean).toHaveCsp();
    const whole = siteCspResult(report);
    expect(whole.pass).toBe(false);
    expect(() => expectWith(report).toHaveCsp()).toThrow(whole.headline);
  });
});

describe('a nonce repeated across pages', () => {
  const page = (links: string[]) => `<!doctype html>${links.map((l) => `<a href="${l}">${l}</a>`).join('')}`;
  const policy = (nonce: string) => `script-src 'nonce-${nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`;
  const serve = (nonceFor: () => string) =>
    startServer((req, res) => {
      res.setHeader('content-security-policy', policy(nonceFor()));
      res.setHeader('content-type', 'text/html');
      res.end(page(req.url === '/' ? ['/a', '/b'] : ['/']));
    });

  test('the same nonce on every page fails, naming the nonce and the pages', async () => {
    const server = await serve(() => 'c3RhdGljLW5vbmNlLTEyMw');
    try {
      const site = await crawl({ start: server.url('/'), headersOnly: true });
      expect(site.pages).toHaveLength(3);
      const result = siteCspResult(site);
      expect(result.pass).toBe(false);
      expect(result.lines.join('\n')).toMatch(/3 pages: +✕ script-src 'nonce-c3RhdGljLW5vbmNlLTEyMw' +\[static-nonce, high\][\s\S]*on: \/, \/a, \/b/);
    } finally {
      await server.close();
    }
  });

  test('a fresh nonce per response passes', async () => {
    const server = await serve(() => randomBytes(16).toString('base64'));
    try {
      expect(siteCspResult(await crawl({ start: server.url('/'), headersOnly: true })).pass).toBe(true);
    } finally {
      await server.close();
    }
  });
});
