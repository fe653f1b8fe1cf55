#!/usr/bin/env node
/**
 * What learning a CSP costs, and what it learns, on every site learnCsp is
 * tested on, in one run:
 *
 *  - the example site (examples/site/server.mjs);
 *  - the Flask-Talisman example app (examples/flask-talisman/app.py, the
 *    `cdn` config: 'unsafe-inline' and a CDN allowlist; requests carry the
 *    X-Forwarded-Proto: https of the TLS proxy it expects);
 *  - the Express + helmet example app (examples/express-helmet, `strict`);
 *  - the learn test sites (test/learn): the plain site with its loopback
 *    CDN, the helmet app with res.locals nonces, and the Flask-Talisman
 *    guide app in its three configs (guide, guide_nonce, guide_hash).
 *
 * For each: `learnCsp()` (the probe crawl, the second GET of each page, the
 * verification crawl with the learned policy enforced) against a plain
 * browser `crawl()` of the same site with the same options, in one browser,
 * rounds alternating the order of the two; medians. Printed per site: pages
 * crawled, sources learned (learned.needs), the site's own CSP violations in
 * the plain crawl, the probe's report-only violations (every load and inline
 * use learned from), violations of the learned policy enforced, the policy's
 * kind, the two times and their ratio (learn / crawl).
 *
 * Usage: node bench/learn.mjs [rounds=3]   (nice -n 10 on a shared machine)
 */
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { importSource, root } from './import-source.mjs';

const rounds = Number(process.argv[2] ?? 3);

const { learnCsp, crawl, chromiumLaunchOptions, startAppProcess, startPythonApp, startCdn, startPlainSite, startHelmetNonceSite, startApp } = await importSource([
  "export { learnCsp } from './src/learn';",
  "export { crawl } from './src/crawl';",
  "export { chromiumLaunchOptions } from './src/browser/launch';",
  "export { startAppProcess, startPythonApp } from './test/helpers/app-process';",
  "export { startCdn, startPlainSite, startHelmetNonceSite } from './test/learn/sites';",
  "export { startApp } from './examples/express-helmet/app';",
]);
const { startExampleSite } = await import('../examples/site/server.mjs');

/** The Flask-Talisman example app, run through its own create_app and printing only the port (what startAppProcess reads). */
function startTalismanExample(config) {
  const code = [
    'import sys',
    `sys.path.insert(0, ${JSON.stringify(join(root, 'examples', 'flask-talisman'))})`,
    'from app import create_app',
    'from werkzeug.serving import make_server',
    `s = make_server('127.0.0.1', 0, create_app(${JSON.stringify(config)}), threaded=True)`,
    'print(s.server_port, flush=True)',
    's.serve_forever()',
  ].join('\n');
  return startAppProcess('/usr/bin/python3', ['-c', code], `examples/flask-talisman ${config}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ownViolations = (report) => report.pages.reduce((n, p) => n + p.violations.length, 0);

const browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
const cdn = await startCdn();
const servers = [cdn];
const started = async (server) => (servers.push(server), server);

const example = await started(await startExampleSite());
const talismanExample = await started(await startTalismanExample('cdn'));
const helmetExample = await started(await startApp('strict'));
const plain = await started(await startPlainSite(cdn.origin));
const helmetNonce = await started(await startHelmetNonceSite(cdn.origin));
const guideApp = join(root, 'test', 'learn', 'fixtures', 'guide_app.py');
const guides = {};
for (const config of ['guide', 'guide_nonce', 'guide_hash']) guides[config] = await started(await startPythonApp(guideApp, [config, cdn.origin], config));

const withCdn = (site) => ({ origins: [site.origin, cdn.origin], include: (url) => url.startsWith(`${site.origin}/`) });
const SITES = [
  { name: 'examples/site', options: { start: example.url } },
  { name: 'examples/flask-talisman (cdn)', options: { start: talismanExample.url('/'), requestHeaders: { 'X-Forwarded-Proto': 'https' } } },
  { name: 'examples/express-helmet (strict)', options: { start: helmetExample.url('/') } },
  { name: 'test/learn plain site + CDN', options: { start: plain.url('/'), ...withCdn(plain) } },
  { name: 'test/learn helmet, res.locals nonces', options: { start: helmetNonce.url('/') } },
  ...Object.entries(guides).map(([config, app]) => ({ name: `test/learn Talisman ${config} + CDN`, options: { start: app.url('/'), ...withCdn(app) } })),
];

const rows = [];
try {
  for (const site of SITES) {
    const options = { ...site.options, browser, maxPages: 50, timeout: 10_000 };
    const learnMs = [];
    const crawlMs = [];
    let learned;
    let plainCrawl;
    for (let round = 0; round < rounds; round++) {
      const sides = [
        async () => {
          const t = performance.now();
          learned = await learnCsp(options);
          learnMs.push(performance.now() - t);
        },
        async () => {
          const t = performance.now();
          plainCrawl = await crawl(options);
          crawlMs.push(performance.now() - t);
        },
      ];
      if (round % 2 === 1) sides.reverse();
      for (const side of sides) await side();
    }
    const row = {
      site: site.name,
      pages: learned.pages.length,
      crawled: plainCrawl.pages.length,
      sources: learned.needs.length,
      own: ownViolations(plainCrawl),
      probe: learned.violationsSeen,
      after: learned.verification.violations,
      kind: learned.kind,
      learn: median(learnMs),
      crawl: median(crawlMs),
    };
    rows.push(row);
    console.log(`${row.site}: ${row.pages} pages learned (${row.crawled} in the plain crawl), ${row.sources} sources, kind ${row.kind}; violations: own policy ${row.own}, probe ${row.probe}, learned policy enforced ${row.after}${learned.verification.stillBroken.length ? ` ${JSON.stringify(learned.verification.stillBroken)}` : ''}; learn ${row.learn.toFixed(0)} ms vs crawl ${row.crawl.toFixed(0)} ms: ${(row.learn / row.crawl).toFixed(2)}x`);
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}

console.log('\n| site | pages | sources learned | own-policy violations (plain crawl) | probe violations learned from | learned policy enforced: violations | policy | learn | plain crawl | learn / crawl |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.site} | ${r.pages} | ${r.sources} | ${r.own} | ${r.probe} | ${r.after} | ${r.kind} | ${(r.learn / 1000).toFixed(2)} s | ${(r.crawl / 1000).toFixed(2)} s | ${(r.learn / r.crawl).toFixed(2)}x |`);
}
const total = rows.reduce((a, r) => ({ learn: a.learn + r.learn, crawl: a.crawl + r.crawl }), { learn: 0, crawl: 0 });
console.log(`\nAll sites: learn ${(total.learn / 1000).toFixed(1)} s, plain crawl ${(total.crawl / 1000).toFixed(1)} s: ${(total.learn / total.crawl).toFixed(2)}x (${rounds} round(s), medians)`);
