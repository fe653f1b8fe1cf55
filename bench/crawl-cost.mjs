#!/usr/bin/env node
/**
 * Where a headers-only crawl's time goes, on the crawler's test site served
 * from this process (test/fixtures/site, ~100 pages, the hanging page left
 * out): the same URL list fetched 8 at a time by sides that each add one
 * layer of the crawl's work, in one run, rounds rotating the order.
 *
 *   undici           raw undici request() GETs, new Agent per round, bodies read (crawl.mjs's baseline)
 *   client           the crawler's HTTP client (src/crawl/http.ts): redirects checked hop by hop, deadline, body as text
 *   + links          … and the links of every HTML page (src/crawl/links.ts)
 *   + audit between  … and the audit of every page's headers as each response arrives
 *                    (src/crawl/audit-cache.ts, a new cache per round as in a crawl)
 *   + audit after    … the same audits, back to back once every page is fetched (what crawl() does)
 *   crawl (list)     crawl({ headersOnly, start: the URL list }): the whole crawl, no discovery to wait for
 *   crawl            crawl({ headersOnly, start: '/', sitemap }): the whole crawl, finding pages level by level
 *
 * Usage: node bench/crawl-cost.mjs [rounds=61]
 */
import { Agent, request } from 'undici';
import { importSource } from './import-source.mjs';

const rounds = Number(process.argv[2] ?? 61);
const { crawl, startSite, HttpClient, extractLinks, AuditCache } = await importSource([
  "export { crawl } from './src/crawl';",
  "export { HttpClient } from './src/crawl/http';",
  "export { extractLinks } from './src/crawl/links';",
  "export { AuditCache } from './src/crawl/audit-cache';",
  "export { startSite } from './test/fixtures/site/server';",
]);

const site = await startSite();
const options = { start: site.url('/'), maxPages: 500, sitemap: true, exclude: ['/slow'], timeout: 5000, headersOnly: true };
const urls = (await crawl(options)).pages.map((p) => p.url);
const CONCURRENCY = 8;

async function eachUrl(visit) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < urls.length) await visit(urls[next++]);
  }));
}

async function undici() {
  const agent = new Agent({ connections: CONCURRENCY });
  await eachUrl(async (url) => {
    const { body } = await request(url, { dispatcher: agent });
    await body.text();
  });
  await agent.close();
}

/** Our client, plus link extraction and the audit (as responses arrive, or after all) when asked. */
const layered = ({ links, audit }) => async () => {
  const client = new HttpClient(CONCURRENCY);
  const cache = new AuditCache({});
  const fetched = [];
  await eachUrl(async (url) => {
    const { response } = await client.get(url, { allowed: () => true, timeout: 5000 });
    if (!response) return;
    if (audit === 'between') cache.audit(response.fields, response.url, response.status);
    if (audit === 'after') fetched.push(response);
    if (response.status < 300) {
      const html = await response.text();
      if (links) extractLinks(html, response.url);
    } else {
      response.discard();
    }
  });
  for (const response of fetched) cache.audit(response.fields, response.url, response.status);
  client.close();
};

const sides = {
  undici,
  client: layered({}),
  '+ links': layered({ links: true }),
  '+ audit between': layered({ links: true, audit: 'between' }),
  '+ audit after': layered({ links: true, audit: 'after' }),
  'crawl (list)': () => crawl({ ...options, start: urls, sitemap: false }),
  crawl: () => crawl(options),
};
const names = Object.keys(sides);
const wall = Object.fromEntries(names.map((k) => [k, []]));
const cpu = Object.fromEntries(names.map((k) => [k, []]));
for (let i = 0; i < 5; i++) for (const k of names) await sides[k]();
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < names.length; i++) {
    const k = names[(i + round) % names.length];
    const c = process.cpuUsage();
    const t = performance.now();
    await sides[k]();
    wall[k].push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu[k].push((used.user + used.system) / 1000);
  }
}
await site.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(wall.undici);
console.log(`${urls.length} pages, ${rounds} rounds, medians (CPU includes the server, which runs in this process):`);
for (const k of names) {
  console.log(`  ${k.padEnd(16)} wall ${median(wall[k]).toFixed(2).padStart(6)} ms   cpu ${median(cpu[k]).toFixed(2).padStart(6)} ms   undici/this ${(base / median(wall[k])).toFixed(2)}x`);
}
