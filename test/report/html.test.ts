import { createHash } from 'node:crypto';
import type { SiteReport } from '../../src/crawl/types';
import { formatHtml, reportPolicy } from '../../src/report/html';
import type { RunningServer } from '../helpers/servers';
import { HOSTILE, scanFixture, startFixtureSite, summaryOf } from './fixture';

// What the browser makes of the file is tested in Chromium (test/browser/report-html.pw.ts); this checks the text.

let server: RunningServer;
let site: SiteReport;
beforeAll(async () => {
  server = await startFixtureSite();
  site = await scanFixture(server, 'headers-only');
});
afterAll(() => server.close());

test('the file carries a strict policy whose hash matches its one <style>', () => {
  const html = formatHtml(summaryOf(site));
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  expect(styles).toHaveLength(1);
  const hash = createHash('sha256').update(styles[0]![1]!).digest('base64');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  expect(meta).not.toBeNull();
  const policy = meta![1]!.replace(/&#39;/g, "'");
  expect(policy).toBe(reportPolicy(styles[0]![1]!));
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain(`style-src 'sha256-${hash}'`);
  expect(policy).toContain("script-src 'none'");
  // The policy comes before the style it governs.
  expect(html.indexOf('http-equiv')).toBeLessThan(html.indexOf('<style>'));
});

test('no markup from the scanned site gets through: every tag in the file is ours', () => {
  const html = formatHtml(summaryOf(site));
  expect(html).not.toMatch(/<script|<img|<svg/i);
  // Event handler text may appear as escaped text, never inside a tag.
  const tagsText = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
  expect(tagsText.filter((t) => /\son\w+=/i.test(t))).toEqual([]);
  expect(html.match(/<\/style>/g)).toHaveLength(1);
  const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()));
  expect([...tags].sort()).toEqual(
    ['a', 'body', 'br', 'code', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'h1', 'h2', 'head', 'header', 'html', 'input', 'label', 'legend', 'li', 'main', 'meta', 'nav', 'p', 'section', 'span', 'strong', 'style', 'summary', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr', 'ul'].filter((t) => tags.has(t)),
  );
  expect(html).toContain('&lt;/style&gt;&lt;script&gt;alert(&quot;powered&quot;)&lt;/script&gt;');
  expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  expect(HOSTILE.poweredBy).toContain('</style>');
});

test('the grade, the verdict and the fixes are in it', () => {
  const summary = summaryOf(site);
  const html = formatHtml(summary);
  expect(html).toMatch(/<div class="grade g-[A-F]"[^>]*>[A-F][+-]?<\/div>/);
  expect(html).toContain('<div class="verdict fail">FAIL</div>');
  const fix = site.pages[1]!.headers!.findings[0]!.fix;
  expect(html).toContain(fix.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
});
