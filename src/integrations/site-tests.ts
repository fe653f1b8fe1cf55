import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { test as baseTest, expect as baseExpect, type TestType } from '@playwright/test';
import { validateAuditOptions, type AuditOptions } from '../audit';
import { crawl } from '../crawl';
import { listHash, pageListOf, readPageList, type PageList } from '../crawl/page-list';
import { UsageError } from '../matchers/context';
import { matchers } from '../matchers';
import type { CspExpectation } from '../matchers/toHaveCsp';
import type { NoCspViolationsOptions } from '../matchers/toHaveNoCspViolations';
import { describeValue } from '../response/normalize';
import { didYouMean } from '../validate';
import { PAGE_ATTACHMENT, type PageAttachment } from './site-attachment';

/**
 * `siteTests(options)`: one Playwright test per page of a site, so that
 * Playwright Test spreads the pages over its workers and, with
 * `--shard=i/n`, over machines; its reporters, retries, `--grep` and HTML
 * report then work page by page. Each test loads its page as the crawler
 * does and asserts the headers, the CSP and that nothing was blocked; the
 * page's report goes along as an attachment, which
 * `expect-secure-headers/reporter` joins into the site report.
 *
 * Playwright collects tests synchronously, in the runner and again in every
 * worker, and every one of them must see the same pages. So the list is a
 * file: the one named in `pages`, or one discovered here with plain GETs
 * (in a child process, since collecting cannot wait for a promise) by the
 * runner and read by its workers.
 */

export interface SiteTestsOptions {
  /** Where discovery starts (plain GETs, links followed within the start origins). */
  start?: string | string[];
  /** The pages to test instead of discovering them: a page list file (from `expect-secure-headers discover`, a JSON array, or one URL a line) or the URLs. */
  pages?: string | string[];
  /** With `start`: also read /sitemap.xml (true) or this sitemap URL. */
  sitemap?: boolean | string;
  /** With `start`: list at most this many pages. Default 50. */
  maxPages?: number;
  /** With `start`: follow links at most this deep. */
  maxDepth?: number;
  /** The header audit every page must pass (`toHaveSecureHeaders` options). */
  audit?: AuditOptions;
  /** What every page's CSP must be (`toHaveCsp` options); false: no CSP assertion beyond the audit's. Default `{}`. */
  csp?: CspExpectation | false;
  /** `toHaveNoCspViolations` options; false: violations do not fail. Default `{}` (enforced violations fail). */
  violations?: NoCspViolationsOptions | false;
  /** Per page load, in ms. Default 15000. */
  timeout?: number;
  /** Where the runner keeps the discovered list for its workers. Default: a file in the system's temp folder named by these options. */
  cacheFile?: string;
  /** The `test` to register with (a project's own, extended one). Default Playwright's. */
  test?: TestType<any, any>;
}

const OPTION_NAMES = ['start', 'pages', 'sitemap', 'maxPages', 'maxDepth', 'audit', 'csp', 'violations', 'timeout', 'cacheFile', 'test'] as const satisfies ReadonlyArray<keyof SiteTestsOptions>;
const WHAT = 'siteTests(options)';

export function siteTests(options: SiteTestsOptions): void {
  const checked = checkOptions(options);
  const list = pagesOf(checked);
  const test = checked.test ?? baseTest;
  const expect = baseExpect.extend(matchers);
  const oneOrigin = list.origins.length === 1;
  const audit = checked.audit ?? {};
  const judged = { preset: audit.preset ?? 'recommended', ...(audit.failOn ? { failOn: audit.failOn } : {}), ignore: audit.ignore ?? [] };

  // Each page its own test group, so that --shard divides pages rather than files.
  test.describe.configure({ mode: 'parallel' });
  for (const url of list.pages) {
    const title = oneOrigin ? url.slice(list.origins[0]!.length) : url;
    test(title, async ({ page }, testInfo) => {
      const site = await crawl({
        start: url,
        page,
        maxPages: 1,
        maxDepth: 0,
        audit,
        ...(checked.timeout !== undefined ? { timeout: checked.timeout } : {}),
      });
      const attachment: PageAttachment = { page: site.pages[0]!, list: { hash: list.hash, pages: list.pages.length }, judged };
      await testInfo.attach(PAGE_ATTACHMENT, { body: JSON.stringify(attachment), contentType: 'application/json' });
      // Soft: a page with a weak CSP and a blocked image shows both.
      expect.soft(site).toHaveSecureHeaders();
      if (checked.csp !== false) expect.soft(site).toHaveCsp(checked.csp ?? {});
      if (checked.violations !== false) await expect.soft(site).toHaveNoCspViolations(checked.violations ?? {});
    });
  }
}

function checkOptions(options: unknown): SiteTestsOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UsageError(`${WHAT} needs an options object such as { start: 'http://127.0.0.1:3000/' } or { pages: 'pages.json' }; received ${describeValue(options)}.`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw new UsageError(`${WHAT}: unknown option "${key}".${didYouMean(key, OPTION_NAMES)} Valid options: ${OPTION_NAMES.join(', ')}.`);
    }
  }
  if ((o.start === undefined) === (o.pages === undefined)) {
    throw new UsageError(`${WHAT} needs either "start" (discover the pages) or "pages" (a page list file or URLs), not ${o.start === undefined ? 'neither' : 'both'}.`);
  }
  if (o.audit !== undefined) validateAuditOptions(o.audit, `${WHAT}: audit`);
  for (const name of ['csp', 'violations'] as const) {
    if (o[name] !== undefined && o[name] !== false && (typeof o[name] !== 'object' || o[name] === null)) {
      throw new UsageError(`${WHAT}: "${name}" must be an options object or false; received ${describeValue(o[name])}.`);
    }
  }
  return o as SiteTestsOptions;
}

function pagesOf(options: SiteTestsOptions): PageList {
  if (typeof options.pages === 'string') return readPageList(resolve(options.pages));
  if (Array.isArray(options.pages)) return pageListOf(options.pages);
  const start = Array.isArray(options.start) ? options.start : [options.start!];
  const args = ['discover', ...start];
  if (options.sitemap === true) args.push('--sitemap');
  if (options.maxPages !== undefined) args.push('--max-pages', String(options.maxPages));
  if (options.maxDepth !== undefined) args.push('--max-depth', String(options.maxDepth));
  if (options.timeout !== undefined) args.push('--timeout', String(options.timeout));
  // Playwright's workers are the runner's children: the runner discovers, they read its list.
  const inWorker = process.env.TEST_WORKER_INDEX !== undefined;
  const runner = inWorker ? process.ppid : process.pid;
  const cache = options.cacheFile ?? join(tmpdir(), 'expect-secure-headers', `pages-${listHash(args)}-${runner}.json`);
  if (inWorker && existsSync(cache)) {
    const kept = JSON.parse(readFileSync(cache, 'utf8')) as { runner?: number; list?: PageList };
    if (kept.runner === runner && kept.list) return kept.list;
  }
  let text: string;
  try {
    text = execFileSync(process.execPath, [cliPath(), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new UsageError(`${WHAT}: discovering the pages from ${start.join(', ')} failed: ${stderr || (error as Error).message}`);
  }
  const list = JSON.parse(text) as PageList;
  mkdirSync(dirname(cache), { recursive: true });
  writeFileSync(cache, JSON.stringify({ runner: process.pid, list }));
  return list;
}

/**
 * This package's executable. Found by resolving the package from the working
 * directory (the user's project, or this repository by self-reference), so
 * the code needs no `import.meta`, which the CommonJS build cannot hold.
 */
function cliPath(): string {
  try {
    const manifest = createRequire(join(process.cwd(), 'noop.js')).resolve('expect-secure-headers/package.json');
    return join(dirname(manifest), 'dist', 'bin.js');
  } catch {
    throw new UsageError(`${WHAT}: cannot find the expect-secure-headers package from ${process.cwd()} to discover the pages with; install it in this project, or pass "pages" instead.`);
  }
}
