import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../src/browser/launch';
import { cspAllows } from '../../src/csp/match';
import { formatLearned } from '../../src/cli/learn';
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
  // The package's own launch options, which switch off Local Network Access checks (see src/browser/launch.ts).
  browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
  cdn = await startCdn();
  servers.push(cdn);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
});

/**
 * The learned policy enforced by hand, outside learnCsp: added to the site's documents and scripts (a worker's policy
 * comes with its script) as a server would send it, the page loaded, and what its scripts wrote into
 * <html data-…> read once the mark `ready` is there, so a policy that blocked any of them shows as a missing mark.
 */
async function underPolicy(url: string, policy: string, ready: string): Promise<Record<string, string>> {
  const context = await browser.newContext();
  const origin = new URL(url).origin;
  await context.route('**/*', async (route) => {
    const request = route.request();
    if (new URL(request.url()).origin !== origin || !['document', 'script'].includes(request.resourceType())) return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
  try {
    const page = await context.newPage();
    await page.goto(url);
    // A function, not an expression string: Playwright would compile the string with eval, which the policy forbids.
    await page.waitForFunction((key) => document.documentElement.dataset[key] !== undefined, ready, { timeout: 20_000 }).catch(() => undefined);
    return await page.evaluate(() => ({ ...document.documentElement.dataset }) as Record<string, string>);
  } finally {
    await context.close();
  }
}

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
  expect(sources(learned, 'connect-src').sort()).toEqual(["'self'", `${cdn.origin}/api/data`].sort());
  expect(sources(learned, 'worker-src')).toEqual(["'self'"]);
  // The worker's own loads, under the policy of its script's response: importScripts and fetch.
  const neededBy = (directive: string, source: string) => learned.needs.find((n) => n.directive === directive && n.source === source)?.neededBy.map((n) => n.what) ?? [];
  expect(neededBy('script-src-elem', "'self'")).toEqual(expect.arrayContaining([site.url('/app.js'), site.url('/worker-lib.js')]));
  expect(neededBy('script-src-elem', `${cdn.origin}/lib/`)).toEqual(expect.arrayContaining([`${cdn.origin}/lib/worker-helper.js`]));
  expect(neededBy('connect-src', "'self'")).toEqual([site.url('/worker-data.json')]);
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
  // Enforced by hand, the app page's scripts, its fetch and its worker (importScripts, fetch) all still run.
  expect(await underPolicy(site.url('/app'), learned.policy, 'worker')).toMatchObject({ chart: 'ran', fetched: 'yes', worker: 'fetched' });
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
  // The CDN origin was not given: its stylesheet was blocked, so the font it loads was not learned, and that is said.
  expect(learned.notLoaded).toEqual(expect.arrayContaining([`${cdn.origin}/fonts/font.css`]));
  const text = formatLearned(learned, 'header', false);
  expect(text).toContain(`Not loaded while learning (their origins are not reachable; pass --origins ${cdn.origin} to learn what they load in turn):\n`);
  expect(text).toContain(`\n  ${cdn.origin}/fonts/font.css\n`);
  const fix = learned.fix('flask-talisman');
  expect(fix).toContain("'script-src': \"'strict-dynamic'\",");
  expect(fix).toContain("Talisman(app, content_security_policy=csp, content_security_policy_nonce_in=['script-src'], content_security_policy_report_only=True, content_security_policy_report_uri='/csp-report')");
  expect(learned.fix('django', { enforce: true })).toContain("CSP_INCLUDE_NONCE_IN = ('script-src',)");
  console.log(`talisman guide app: before ${summary(learnedBefore)}; after ${summary(learned)}; learn ${learned.durationMs} ms\n${fix}`);
}, 120_000);

test('Flask-Talisman without nonces, inline scripts the same on every response: the hash-based strict variant, verified; a per-response inline script gets nonce advice', async () => {
  const app = await startTalismanGuideApp('guide_hash', cdn.origin);
  servers.push(app);
  const learned = await learnCsp({ start: app.url('/'), origins: [app.origin, cdn.origin], include: (url: string) => url.startsWith(`${app.origin}/`), browser, maxPages: 10 });
  expect(learned.pages.sort()).toEqual([app.url('/'), app.url('/account')]);
  expect(learned.kind).toBe('hash');
  // Three inline scripts (the loader, the home page's, the account page's fetch), each by hash; the CDN script the loader adds comes in through 'strict-dynamic'.
  expect(learned.inline.scripts).toMatchObject({ distinct: 3, varying: 0 });
  expect(learned.policy).toMatch(/(^|; )script-src 'sha256-[^']+' 'sha256-[^']+' 'sha256-[^']+' 'strict-dynamic'(;|$)/);
  expect(learned.policy).not.toContain("'unsafe-inline'");
  expect(learned.policy).not.toContain(`script-src ${cdn.origin}`);
  expect(learned.strictBlockers.filter((b) => b.kind === 'script-without-nonce')).toEqual([]);
  expect(learned.allowlistPolicy).toContain(`${cdn.origin}/lib/widget.js`);
  expect(learned.verification).toMatchObject({ pages: 2, violations: 0 });
  // Enforced by hand: the loader, the CDN script it adds, the inline script and the font all still work.
  expect(await underPolicy(app.url('/'), learned.policy, 'widget')).toMatchObject({ widget: 'ran', inline: 'ran' });
  expect(learned.fix('flask-talisman')).toMatch(/'script-src': \["'sha256-[^\]]+"'strict-dynamic'"\],/);
  console.log(`talisman hash app: ${summary(learned)}; learn ${learned.durationMs} ms\n  ${learned.policy}`);

  // /token writes a fresh token into its inline script: no hash covers it, only a nonce.
  const token = await learnCsp({ start: app.url('/token'), browser, maxPages: 1 });
  expect(token.kind).toBe('allowlist');
  expect(token.inline.scripts.varying).toBe(1);
  expect(token.inline.scripts.advice).toMatch(/change with every response.*nonce.*csp_nonce\(\)/);
  expect(token.strictBlockers).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'varying-inline-script', page: app.url('/token') })]));
  expect(token.verification.violations).toBe(0);
}, 120_000);
