#!/usr/bin/env node
/**
 * What the crawler's speed is worth, in one run:
 *
 *  1. browser, on the local ~100-page site of the crawler tests
 *     (test/fixtures/site; the page that never answers is excluded from all):
 *     `crawl()` with its defaults (4 pages in one context) against a
 *     hand-written sequential loop in one page that does the same work per
 *     URL: goto, wait for late CSP violations with the same quiet window,
 *     read and audit the document headers, collect links. Goal: ≥ 1.3x.
 *  2. headers-only: `crawl({ headersOnly: true })` from the start page (GETs,
 *     redirects checked hop by hop, audit of every page, link extraction,
 *     discovery level by level) against raw undici `request()` GETs of the
 *     URL list the crawl finds, at the same concurrency (8), bodies read and
 *     nothing else. Goal: ≥ 0.8x (the crawl at 80% of raw speed). On two sites:
 *     - the test site, served from this process: a response costs the server
 *       almost nothing, so every microsecond the crawl spends is exposed (the
 *       worst case for the ratio);
 *     - the same site in a Node process of its own (bench/sites/test-site.mjs):
 *       the server gets the other core, and every round trip crosses processes;
 *     - a ~100-page Flask app with Flask-Talisman (bench/sites/talisman_site.py)
 *       in its own Python process: what an app costs to answer.
 *     The raw GETs run twice: with a new undici Agent per round (like the
 *     crawl, which opens and closes its own connections) and with one Agent
 *     kept warm across rounds.
 *
 * Rounds rotate the order of the sides so all see the same machine state;
 * medians and best rounds are printed. Our code is bundled from src/ with
 * esbuild into a temp file.
 * Usage: node bench/crawl.mjs [browserRounds=3] [httpRounds=31]
 */
import { chromium } from 'playwright-core';
import { request, Agent } from 'undici';
import { importSource } from './import-source.mjs';

const browserRounds = Number(process.argv[2] ?? 3);
const httpRounds = Number(process.argv[3] ?? 31);

const { crawl, watchCspViolations, chromiumLaunchOptions, auditHeaderSet, createHeaderSet, startSite, startAppProcess, startPythonApp } = await importSource([
  "export { crawl } from './src/crawl';",
  "export { watchCspViolations } from './src/browser/watch';",
  "export { chromiumLaunchOptions } from './src/browser/launch';",
  "export { auditHeaderSet } from './src/audit';",
  "export { createHeaderSet } from './src/response/header-set';",
  "export { startSite } from './test/fixtures/site/server';",
  "export { startAppProcess, startPythonApp } from './test/helpers/app-process';",
]);

const site = await startSite();
const QUIET_MS = 200; // the crawler's default quiet window
const common = { start: site.url('/'), maxPages: 500, sitemap: true, exclude: ['/slow'], timeout: 5000 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);
const fmt = (ms) => `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
const time = async (fn) => {
  const t = performance.now();
  const out = await fn();
  return { ms: performance.now() - t, out };
};


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

/** Raw undici GETs of `list`, 8 at a time, bodies read; `agent` kept across rounds, or a new one per round when undefined. */
async function rawUndici(list, agent) {
  const dispatcher = agent ?? new Agent({ connections: 8 });
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const { body } = await request(list[next++], { dispatcher });
      await body.text();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (!agent) await dispatcher.close();
  return list.length;
}

/** Headers-only crawl against raw GETs of the pages it finds, rounds rotating the order of the three sides. */
async function headersOnly(name, options) {
  const list = (await crawl({ ...options, headersOnly: true })).pages.map((p) => p.url);
  const warm = new Agent({ connections: 8 });
  const sides = {
    crawl: async () => (await crawl({ ...options, headersOnly: true })).pages.length,
    freshAgent: () => rawUndici(list),
    warmAgent: () => rawUndici(list, warm),
  };
  const names = Object.keys(sides);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = 0; i < 5; i++) for (const k of names) await sides[k](); // warm-up: JIT, and the warm agent's connections
  for (let round = 0; round < httpRounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const k = names[(i + round) % names.length];
      times[k].push((await time(sides[k])).ms);
    }
  }
  await warm.close();
  const m = Object.fromEntries(names.map((k) => [k, median(times[k])]));
  const b = Object.fromEntries(names.map((k) => [k, best(times[k])]));
  const ratio = m.freshAgent / m.crawl;
  console.log(`headers-only, ${name}, ${list.length} pages, ${httpRounds} rounds:`);
  console.log(`  crawl median ${fmt(m.crawl)} (best ${fmt(b.crawl)}); raw undici, new agent per round, median ${fmt(m.freshAgent)} (best ${fmt(b.freshAgent)}); kept warm ${fmt(m.warmAgent)} (best ${fmt(b.warmAgent)})`);
  console.log(`  ratio vs new agent: ${ratio.toFixed(2)}x median, ${(b.freshAgent / b.crawl).toFixed(2)}x best (goal ≥ 0.8x) ${ratio >= 0.8 ? 'MET' : 'NOT MET'}; vs warm agent: ${(m.warmAgent / m.crawl).toFixed(2)}x median`);
}

// Headers-only first, while the process holds nothing of the browser runs.
await headersOnly('test site served from this process', common);
const apart = await startAppProcess(process.execPath, [new URL('./sites/test-site.mjs', import.meta.url).pathname], 'bench test site');
try {
  await headersOnly('test site in its own Node process', { ...common, start: apart.url('/') });
} finally {
  await apart.close();
}
const flask = await startPythonApp(new URL('./sites/talisman_site.py', import.meta.url).pathname, [], 'Flask-Talisman bench site');
try {
  await headersOnly('Flask-Talisman app in its own process', { start: flask.url('/'), maxPages: 500, timeout: 5000 });
} finally {
  await flask.close();
}

const browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
// The URL list both sides of the browser comparison visit: what the crawler finds.
const first = await crawl({ ...common, browser });
const urls = first.pages.map((p) => p.url);
const results = { crawl: [], loop: [] };
for (let round = 0; round < browserRounds; round++) {
  const a = await time(crawlInBrowser);
  const b = await time(sequentialLoop);
  results.crawl.push(a.ms);
  results.loop.push(b.ms);
  console.log(`browser round ${round + 1}: crawl ${a.ms.toFixed(0)} ms (${a.out} pages), sequential loop ${b.ms.toFixed(0)} ms (${b.out} pages)`);
}
await browser.close();
await site.close();
if (browserRounds > 0) {
  const crawlRatio = median(results.loop) / median(results.crawl);
  console.log(`browser, ${urls.length} pages (the hanging one excluded): crawl median ${fmt(median(results.crawl))}, sequential one-page loop median ${fmt(median(results.loop))}: ${crawlRatio.toFixed(2)}x (goal ≥ 1.3x) ${crawlRatio >= 1.3 ? 'MET' : 'NOT MET'}`);
}

