import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions, mergeHostResolverRules } from '../../src/browser/launch';
import { cspAllows } from '../../src/csp/match';

/**
 * The one open disagreement of the long oracle run (docs/csp-chromium-divergences.md):
 * does a source on :80 match a URL on :443? For each source (https on :80, http on :80,
 * schemeless on :80 on an http page) and each URL on :443 (https, as written or by default,
 * and http), each kind of request:
 * a frame (checked in Chromium's browser process), a form post (a navigation the
 * renderer checks), and subresources (image, script, fetch). One page per case,
 * served from loopback under a.test; Chromium's verdict is whether it fired a
 * securitypolicyviolation, cspAllows' is set beside it.
 */

const SOURCES = ['https://a.test:80', 'http://a.test:80', 'a.test:80'];
const URLS = ['https://a.test/t', 'https://a.test:443/t', 'http://a.test:443/t'];
const KINDS = {
  'frame-src': (url: string) => `<iframe src="${url}"></iframe>`,
  'form-action': (url: string) => `<form id="f" method="post" action="${url}"></form><script>addEventListener('load', () => document.getElementById('f').submit())</script>`,
  'img-src': (url: string) => `<img src="${url}">`,
  'script-src-elem': (url: string) => `<script src="${url}"></script>`,
  'connect-src': (url: string) => `<script>fetch(${JSON.stringify(url)}).catch(() => {})</script>`,
} as const;
type Kind = keyof typeof KINDS;

interface Case { id: number; source: string; url: string; kind: Kind }
const CASES: Case[] = SOURCES.flatMap((source) => URLS.flatMap((url) => (Object.keys(KINDS) as Kind[]).map((kind) => ({ source, url, kind }))))
  .map((c, id) => ({ ...c, id }));

function policyOf(c: Case): string {
  // The script directive allows the page's own inline script; the case's directive names only the source under test.
  const directive = c.kind === 'script-src-elem' ? 'script-src' : c.kind;
  const inline = c.kind === 'script-src-elem' ? ` 'unsafe-inline'` : '';
  return `${directive} ${c.source}${inline}; script-src-attr 'none'${c.kind === 'script-src-elem' ? '' : `; script-src 'unsafe-inline'`}`;
}

let server: http.Server;
let port: number;
let browser: Browser;
test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const c = CASES[Number(/^\/case\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1)];
    if (!c) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': policyOf(c) });
    res.end(`<!doctype html><title>case ${c.id}</title>${KINDS[c.kind](c.url)}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const options = chromiumLaunchOptions(chromium.executablePath());
  browser = await chromium.launch({ ...options, args: mergeHostResolverRules([...options.args, '--host-resolver-rules=MAP *.test 127.0.0.1']) });
});
test.afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('a source on :80 and a URL on :443: cspAllows gives Chromium\'s answer for frames, form posts and subresources', async () => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const seen = new Map<number, string[]>();
  await context.exposeBinding('__violation', ({ page }, directive: string) => {
    const id = Number(/\/case\/(\d+)/.exec(page.url())?.[1] ?? -1);
    seen.set(id, [...(seen.get(id) ?? []), directive]);
  });
  await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __violation(d: string): void }).__violation(e.effectiveDirective)));
  const page = await context.newPage();
  const rows: Array<{ source: string; url: string; kind: Kind; chromium: 'allowed' | 'blocked'; cspAllows: 'allowed' | 'blocked' }> = [];
  for (const c of CASES) {
    const origin = `http://a.test:${port}`;
    await page.goto(`${origin}/case/${c.id}`, { waitUntil: 'load' }).catch(() => undefined);
    await page.waitForTimeout(c.kind === 'form-action' ? 400 : 150);
    const blocked = (seen.get(c.id) ?? []).some((d) => d === c.kind || (c.kind === 'script-src-elem' && d.startsWith('script-src')));
    const ours = cspAllows(policyOf(c), { directive: c.kind, url: c.url, origin }).allowed;
    rows.push({ source: c.source, url: c.url, kind: c.kind, chromium: blocked ? 'blocked' : 'allowed', cspAllows: ours ? 'allowed' : 'blocked' });
  }
  await context.close();
  test.info().annotations.push({ type: 'verdicts', description: JSON.stringify(rows) });
  if (process.env.PORT_UPGRADE_TABLE) console.log(rows.map((r) => `${r.source.padEnd(20)} ${r.url.padEnd(22)} ${r.kind.padEnd(16)} chromium ${r.chromium.padEnd(8)} cspAllows ${r.cspAllows}`).join('\n'));
  expect(rows.filter((r) => r.chromium !== r.cspAllows)).toEqual([]);
});
