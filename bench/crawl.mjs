#!/usr/bin/env node
/**
 * What the crawler's speed is worth, in one run on the local ~100-page site
 * (test/fixtures/site; the page that never answers is excluded from all):
 *
 *  1. browser: `crawl()` with its defaults (4 pages in one context) against a
 *     hand-written sequential loop in one page that does the same work per
 *     URL: goto, wait for late CSP violations with the same quiet window,
 *     read and audit the document headers, collect links. Goal: ≥ 1.3x.
 *  2. headers-only: `crawl({ headersOnly: true })` (GETs, redirects checked
 *     hop by hop, audit of every page, link extraction) against raw undici
 *     `request()` GETs of the same URLs at the same concurrency, reading the
 *     bodies and nothing else. Goal: ≥ 0.8x (the crawl at 80% of raw speed).
 *
 * Rounds alternate so both sides see the same machine state; medians are
 * printed. Our code is bundled from src/ with esbuild into a temp file.
 * Usage: node bench/crawl.mjs [browserRounds=3] [httpRounds=9]
 */
import { chromium } from 'playwright-core';
import { request, Agent } from 'undici';
import { importSource } from './import-source.mjs';

const browserRounds = Number(process.argv[2] ?? 3);
const httpRounds = Number(process.argv[3] ?? 15);

const { crawl, watchCspViolations, chromiumLaunchOptions, auditHeaderSet, createHeaderSet, startSite } = await importSource([
  "export { crawl } from './src/crawl';",
  "export { watchCspViolations } from './src/browser/watch';",
  "export { chromiumLaunchOptions } from './src/browser/launch';",
  "export { auditHeaderSet } from './src/audit';",
  "export { createHeaderSet } from './src/response/header-set';",
  "export { startSite } from './test/fixtures/site/server';",
]);

const site = await startSite();
const browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
const QUIET_MS = 200; // the crawler's default quiet window
const common = { start: site.url('/'), maxPages: 500, sitemap: true, exclude: ['/slow'], timeout: 5000 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (fn) => {
  const t = performance.now();
  const out = await fn();
  return { ms: performance.now() - t, out };
};

// The URL list both sides visit: what the crawler finds.
const first = await crawl({ ...common, browser });
const urls = first.pages.map((p) => p.url);

async function crawlInBrowser() {
  const context = await browser.newContext();
  try {
    return (await crawl({ ...common, context })).pages.length;
  } finally {
    await context.close();
  }
}

async function sequentialLoop() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const log = await watchCspViolations(page);
  let n = 0;
  try {
    for (const url of urls) {
      const response = await page.goto(url, { waitUntil: 'load', timeout: 5000 }).catch(() => null);
      await log.waitForIdle(QUIET_MS, 1000);
      if (response) auditHeaderSet(createHeaderSet((await response.headersArray()).map((h) => [h.name, h.value]), { url, status: response.status() }), {});
      await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.href)).catch(() => []);
      n++;
    }
  } finally {
    await log.stop();
    await context.close();
  }
  return n;
}

const agent = new Agent({ connections: 8 });
async function rawUndici() {
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++];
      const { body } = await request(url, { dispatcher: agent });
      await body.text();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return urls.length;
}
const crawlHeadersOnly = async () => (await crawl({ ...common, headersOnly: true })).pages.length;

const results = { crawl: [], loop: [], headersOnly: [], undici: [] };
for (let round = 0; round < browserRounds; round++) {
  const a = await time(crawlInBrowser);
  const b = await time(sequentialLoop);
  results.crawl.push(a.ms);
  results.loop.push(b.ms);
  console.log(`browser round ${round + 1}: crawl ${a.ms.toFixed(0)} ms (${a.out} pages), sequential loop ${b.ms.toFixed(0)} ms (${b.out} pages)`);
}
await rawUndici(); // warm both clients' connection pools once
await crawlHeadersOnly();
for (let round = 0; round < httpRounds; round++) {
  const a = await time(crawlHeadersOnly);
  const b = await time(rawUndici);
  results.headersOnly.push(a.ms);
  results.undici.push(b.ms);
}
const fmt = (ms) => `${ms.toFixed(0)} ms`;
const crawlRatio = median(results.loop) / median(results.crawl);
const httpRatio = median(results.undici) / median(results.headersOnly);
const best = (xs) => Math.min(...xs);
const httpBestRatio = best(results.undici) / best(results.headersOnly);
console.log(`\n${urls.length} pages (the hanging one excluded)`);
console.log(`browser: crawl median ${fmt(median(results.crawl))}, sequential one-page loop median ${fmt(median(results.loop))}: ${crawlRatio.toFixed(2)}x (goal ≥ 1.3x) ${crawlRatio >= 1.3 ? 'MET' : 'NOT MET'}`);
console.log(`headers-only: crawl median ${fmt(median(results.headersOnly))}, raw undici GETs median ${fmt(median(results.undici))}: ${httpRatio.toFixed(2)}x (goal ≥ 0.8x) ${httpRatio >= 0.8 ? 'MET' : 'NOT MET'}`);
// Rounds this short are at the mercy of whatever else the machine runs; the best round is the cost without interference.
console.log(`headers-only, best rounds: crawl ${fmt(best(results.headersOnly))}, raw undici ${fmt(best(results.undici))}: ${httpBestRatio.toFixed(2)}x`);

await agent.close();
await browser.close();
await site.close();
