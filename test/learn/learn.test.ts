import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../src/browser/launch';
import { cspAllows } from '../../src/csp/match';
import { learnCsp } from '../../src/learn';
import type { LearnedCsp } from '../../src/learn';
import type { RunningServer } from '../helpers/servers';
import { startCdn, startHelmetNonceSite, startPlainSite, startTalismanGuideApp } from './sites';

/**
 * learnCsp against real sites in real Chromium: what it learns, and that the
 * learned policy, enforced (the verification crawl), breaks nothing.
 */

let browser: Browser;
let cdn: RunningServer;
const servers: RunningServer[] = [];
beforeAll(async () => {
  // Chromium's Local Network Access checks refuse a loopback CDN's CORS loads (the font's stylesheet) from a
  // document the crawler fulfilled through its route; both origins here are loopback, so they are switched off.
  const launch = chromiumLaunchOptions(chromium.executablePath());
  browser = await chromium.launch({ ...launch, args: [...launch.args, '--disable-features=LocalNetworkAccessChecks'] });
  cdn = await startCdn();
  servers.push(cdn);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
});

const sources = (learned: LearnedCsp, directive: string) => learned.needs.filter((n) => n.directive === directive).map((n) => n.source);
const summary = (learned: LearnedCsp) =>
  `pages ${learned.pages.length}, sources ${learned.needs.length}, violations before ${learned.violationsSeen}, after ${learned.verification.violations}: ${JSON.stringify(learned.verification.stillBroken)}`;

test('a plain site: every load and inline use learned, the allowlist enforced breaks nothing', async () => {
  const site = await startPlainSite(cdn.origin);
  servers.push(site);
  // The crawler blocks requests to origins it was not given; the CDN is listed (its pages not crawled) so that what its stylesheet loads (the font) is seen.
  const learned = await learnCsp({ start: site.url('/'), origins: [site.origin, cdn.origin], include: (url: string) => url.startsWith(`${site.origin}/`), browser, maxPages: 20 });
  expect(learned.pages.sort()).toEqual(['/', '/about', '/app', '/embedded', '/frames'].map((p) => site.url(p)).sort());
  expect(learned.kind).toBe('allowlist');
  expect(sources(learned, 'script-src-elem')).toEqual(expect.arrayContaining(["'self'", `${cdn.origin}/lib/`]));
  expect(sources(learned, 'style-src-elem')).toEqual(expect.arrayContaining([`${cdn.origin}/fonts/font.css`]));
  expect(sources(learned, 'font-src')).toEqual([`${cdn.origin}/fonts/learn.woff2`]);
  expect(sources(learned, 'img-src').sort()).toEqual(["'self'", 'data:', `${cdn.origin}/img/banner.png`].sort());
  expect(sources(learned, 'connect-src')).toEqual([`${cdn.origin}/api/data`]);
  expect(sources(learned, 'worker-src')).toEqual(["'self'"]);
  expect(sources(learned, 'frame-src').sort()).toEqual(["'self'", `${cdn.origin}/widget.html`].sort());
  // Inline code: by hash; attributes with 'unsafe-hashes'.
  expect(learned.inline.scripts).toMatchObject({ distinct: 1, varying: 0 });
  expect(sources(learned, 'script-src-attr')).toEqual([expect.stringMatching(/^'sha256-/), "'unsafe-hashes'"]);
  expect(sources(learned, 'style-src-attr')).toEqual([expect.stringMatching(/^'sha256-/), "'unsafe-hashes'"]);
  expect(learned.allowlistPolicy).not.toContain("'unsafe-inline'");
  // Who needed the CDN font: the about page, the font's URL.
  expect(learned.needs.find((n) => n.directive === 'font-src')!.neededBy).toEqual([{ page: site.url('/about'), what: `${cdn.origin}/fonts/learn.woff2` }]);
  expect(learned.strictBlockers).toEqual(expect.arrayContaining([{ kind: 'event-handler', page: site.url('/app'), where: `<button onclick="document.title = 'clicked'">` }]));
  // The learned policy allows what was needed and no more, by the source matcher too.
  expect(cspAllows(learned.policy, { directive: 'script-src-elem', url: `${cdn.origin}/lib/widget.js`, origin: site.origin }).allowed).toBe(true);
  expect(cspAllows(learned.policy, { directive: 'script-src-elem', url: `${cdn.origin}/evil.js`, origin: site.origin }).allowed).toBe(false);
  expect(learned.verification.pages).toBe(5);
  expect(learned.verification.stillBroken).toEqual([]);
  expect(learned.verification.violations).toBe(0);
  expect(learned.violationsSeen).toBeGreaterThan(10);
  expect(learned.fix('header')).toBe(`Content-Security-Policy-Report-Only: ${learned.policy}`);
  expect(learned.fix('nginx', { enforce: true })).toBe(`add_header Content-Security-Policy "${learned.policy}" always;`);
  console.log(`plain site: ${summary(learned)}; learn ${learned.durationMs} ms (verification ${learned.verification.durationMs} ms)`);
}, 120_000);

test('the verification names the page and load that still break', async () => {
  const site = servers[1]!;
  const learned = await learnCsp({ start: site.url('/random'), browser, maxPages: 1 });
  expect(learned.verification.violations).toBe(1);
  expect(learned.verification.stillBroken[0]).toMatchObject({ page: site.url('/random'), directive: 'img-src' });
  expect(learned.verification.stillBroken[0]!.blocked).toMatch(new RegExp(`^${cdn.origin}/img/[0-9a-f]{8}/banner.png$`));
}, 60_000);

test('helmet with res.locals nonces: the strict, nonce-based variant, verified', async () => {
  const site = await startHelmetNonceSite(cdn.origin);
  servers.push(site);
  const learned = await learnCsp({ start: site.url('/'), browser, maxPages: 10 });
  expect(learned.kind).toBe('nonce');
  expect(learned.policy).toMatch(/script-src 'nonce-\{nonce\}' 'strict-dynamic'(;|$)/);
  expect(learned.policy).not.toContain("'unsafe-inline'");
  // The inline script differs per response: no hash would do, the nonce does.
  expect(learned.inline.scripts.varying).toBe(1);
  expect(learned.verification.violations).toBe(0);
  expect(learned.fix('helmet')).toContain("scriptSrc: [(req, res) => `'nonce-${res.locals.cspNonce}'`, \"'strict-dynamic'\"]");
  console.log(`helmet nonce site: ${summary(learned)}; learn ${learned.durationMs} ms`);
}, 120_000);

test("the Flask-Talisman guides' app: from 'unsafe-inline' to a learned nonce-based policy", async () => {
  const before = await startTalismanGuideApp('guide', cdn.origin);
  servers.push(before);
  const learnedBefore = await learnCsp({ start: before.url('/'), browser, maxPages: 10 });
  // Without nonces in the templates: an exact, hash-based allowlist, and what blocks the strict policy.
  expect(learnedBefore.kind).toBe('allowlist');
  expect(learnedBefore.sitePolicy.join()).toContain("'unsafe-inline'");
  expect(learnedBefore.policy).not.toContain("'unsafe-inline'");
  expect(learnedBefore.strictBlockers.map((b) => b.kind)).toContain('script-without-nonce');
  expect(learnedBefore.verification.violations).toBe(0);

  const after = await startTalismanGuideApp('guide_nonce', cdn.origin);
  servers.push(after);
  const learned = await learnCsp({ start: after.url('/'), browser, maxPages: 10 });
  expect(learned.kind).toBe('nonce');
  expect(learned.pages).toHaveLength(2);
  expect(learned.verification.violations).toBe(0);
  const fix = learned.fix('flask-talisman');
  expect(fix).toContain("'script-src': \"'strict-dynamic'\",");
  expect(fix).toContain("Talisman(app, content_security_policy=csp, content_security_policy_nonce_in=['script-src'], content_security_policy_report_only=True, content_security_policy_report_uri='/csp-report')");
  expect(learned.fix('django', { enforce: true })).toContain("CSP_INCLUDE_NONCE_IN = ('script-src',)");
  console.log(`talisman guide app: before ${summary(learnedBefore)}; after ${summary(learned)}; learn ${learned.durationMs} ms\n${fix}`);
}, 120_000);
