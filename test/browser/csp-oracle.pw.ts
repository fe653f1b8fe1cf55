import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions, mergeHostResolverRules } from '../../src/browser/launch';
import { observePage } from '../helpers/csp-oracle/chromium';
import { comparePage, type Disagreement, type PageComparison } from '../helpers/csp-oracle/compare';
import { documentedDivergence } from '../helpers/csp-oracle/divergences';
import { generatePages, type OraclePage } from '../helpers/csp-oracle/generate';
import { startOracleServers, type OracleServers } from '../helpers/csp-oracle/servers';

/**
 * The differential oracle: seeded (policies, requests) pages served from
 * three loopback servers under *.test names, run in real Chromium, each
 * verdict (allowed or blocked, per policy, and the directive that decided)
 * set against cspAllows. Zero disagreements but the documented ones.
 *
 * CSP_ORACLE_PAGES / CSP_ORACLE_SEED make it the long run
 * (scripts/csp-oracle.mjs); CSP_ORACLE_OUT names a JSON file for its figures.
 */
const PAGES = Number(process.env.CSP_ORACLE_PAGES ?? 44);
const SEED = Number(process.env.CSP_ORACLE_SEED ?? 156);
const PER_PAGE = 50;
const TABS = 4;

let servers: OracleServers;
let browser: Browser;
test.beforeAll(async () => {
  servers = await startOracleServers();
  const options = chromiumLaunchOptions(chromium.executablePath());
  browser = await chromium.launch({ ...options, args: mergeHostResolverRules([...options.args, '--host-resolver-rules=MAP *.test 127.0.0.1']) });
});
test.afterAll(async () => {
  await browser?.close();
  await servers?.close();
});

test(`cspAllows agrees with Chromium on ${PAGES * PER_PAGE} generated cases (seed ${SEED})`, async () => {
  test.setTimeout(Math.max(90_000, PAGES * 4_000));
  const pages = generatePages(SEED, { ports: servers.ports }, PAGES, PER_PAGE);
  for (const page of pages) servers.pages.set(page.id, page);
  const context = await browser.newContext();
  const results: PageComparison[] = [];
  const queue = [...pages];
  const worker = async () => {
    for (let page = queue.shift(); page !== undefined; page = queue.shift()) {
      results.push(comparePage(page, await observePage(context, page)));
    }
  };
  await Promise.all(Array.from({ length: TABS }, worker));
  await context.close();

  const all = results.flatMap((r) => r.disagreements);
  const documented = all.filter((d) => documentedDivergence(d) !== undefined);
  const undocumented = all.filter((d) => documentedDivergence(d) === undefined);
  const figures = {
    seed: SEED,
    pages: pages.length,
    cases: results.reduce((n, r) => n + r.cases, 0),
    verdicts: results.reduce((n, r) => n + r.verdicts, 0),
    blockedVerdictsWithDirective: results.reduce((n, r) => n + r.directivesCompared, 0),
    disagreements: undocumented.length,
    documented: countBy(documented.map((d) => documentedDivergence(d) as string)),
    unattributed: results.flatMap((r) => r.unattributed).length,
    byHow: countBy(pages.flatMap((p: OraclePage) => p.cases.map((c) => c.how))),
  };
  if (process.env.CSP_ORACLE_OUT) writeFileSync(process.env.CSP_ORACLE_OUT, JSON.stringify({ figures, undocumented: undocumented.slice(0, 200) }, null, 2));
  expect(figures.cases).toBeGreaterThanOrEqual(Math.min(2000, PAGES * PER_PAGE));
  expect(results.flatMap((r) => r.unattributed)).toEqual([]);
  expect(undocumented.slice(0, 10).map(show)).toEqual([]);
});

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function show(d: Disagreement): string {
  const policies = d.policies.map((p, i) => `  [${i}] ${p.disposition}: ${p.text}`).join('\n');
  return `page ${d.page} (${d.origin}) policy ${d.policyIndex}, ${d.case.how} ${JSON.stringify(d.request)}\n${policies}\n  ${d.reason}`;
}
