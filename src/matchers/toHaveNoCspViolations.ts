import type { BrowserContext, Page } from '@playwright/test';
import { asTarget } from '../browser/handles';
import { describe } from '../browser/errors';
import { formatViolations } from '../browser/format';
import { logsFor } from '../browser/registry';
import { DEFAULT_FAILING_DISPOSITION, isCspViolationLog, type CspViolation, type CspViolationFilter, type CspViolationLog } from '../browser/types';
import { isSiteReport } from '../crawl/types';
import { UsageError, type MatcherContext, type MatcherResult } from './context';
import { siteMatcherResult, siteViolationsResult } from './site';

/**
 * `await expect(page).toHaveNoCspViolations()`: nothing the page did broke its
 * Content-Security-Policy. Works on a watched Page or BrowserContext (see
 * watchCspViolations, or the `test` from expect-secure-headers/playwright),
 * on a CspViolationLog, on a plain CspViolation[], or on a crawl's SiteReport.
 *
 * Violations can arrive late (a timer, a lazy image), so on a live page it
 * waits: it fails as soon as one is seen and passes only once `timeout` has
 * passed with none. Under `.not` the same wait means it passes at the first
 * violation and fails when none came in time.
 */

export type CspDispositionOption = 'enforce' | 'report' | 'any';

export interface NoCspViolationsOptions {
  /** Which violations count: blocked ones (`enforce`, the default, as in the fixture and the CLI), reported-only ones (`report`), or both (`any`). */
  disposition?: CspDispositionOption;
  /** Violations to leave out: a string equal to the directive or contained in the blocked URI, or a RegExp tested against both. */
  ignore?: string | RegExp | ReadonlyArray<string | RegExp>;
  /** How long to wait for late violations on a live page, in ms. Default: Playwright's expect timeout capped at 1000, else 1000. */
  timeout?: number;
}

const OPTION_NAMES = ['disposition', 'ignore', 'timeout'] as const;
export const DEFAULT_CSP_WAIT_MS = 1000;
const MATCHER = 'toHaveNoCspViolations';

export async function toHaveNoCspViolations(this: MatcherContext, received: unknown, options?: NoCspViolationsOptions): Promise<MatcherResult> {
  const opts = checkOptions(options);
  // A crawl already waited on every page; its verdict (grouped by problem, unloaded pages failing) is shared with the other matchers.
  if (isSiteReport(received)) return siteMatcherResult(this, MATCHER, siteViolationsResult(received, options));
  const accept = (v: CspViolation): boolean => dispositionMatches(v, opts.disposition) && !isIgnored(v, opts.ignore);
  const source = resolveSource(received);
  const timeout = opts.timeout ?? Math.min(this.timeout ?? DEFAULT_CSP_WAIT_MS, DEFAULT_CSP_WAIT_MS);

  let all: CspViolation[];
  if (source.kind === 'list') {
    all = source.violations;
  } else {
    await source.log.waitForViolation(timeout, accept, source.filter);
    all = source.log.violations(source.filter);
  }
  const counted = all.filter(accept);
  const left = all.length - counted.length;
  const pass = counted.length === 0;

  const utils = this.utils ?? {};
  const colours = { received: utils.RECEIVED_COLOR ?? ((t: string) => t), dim: utils.DIM_COLOR ?? ((t: string) => t) };
  const hint = utils.matcherHint
    ? utils.matcherHint(MATCHER, 'received', '', { isNot: this.isNot, promise: this.promise })
    : `expect(received)${this.isNot ? '.not' : ''}.${MATCHER}()`;
  // The default (enforced violations only) goes unsaid, as before; a chosen disposition is named.
  const scope = options?.disposition === undefined || opts.disposition === 'any' ? '' : ` (disposition: ${opts.disposition})`;
  const leftOut = left > 0 ? `\n\n${leftOutNote(left, options?.disposition === undefined)}` : '';
  const waited = source.kind === 'list' ? '' : ` within ${timeout}ms`;

  return {
    pass,
    name: MATCHER,
    expected: this.isNot ? 'at least one CSP violation' : 'no CSP violations',
    actual: counted,
    message: () =>
      pass
        ? `${hint}\n\nExpected at least one Content-Security-Policy violation${scope} in ${source.what}, but none was seen${waited}.${leftOut}`
        : `${hint}\n\nExpected no Content-Security-Policy violations${scope} in ${source.what}.\n\n${formatViolations(counted, colours)}${leftOut}\n\n` +
          'Fix the page (or its policy), or leave known ones out with { ignore: [...] } or { disposition: "enforce" }.',
  };
}

type Source =
  | { kind: 'list'; violations: CspViolation[]; what: string }
  | { kind: 'log'; log: CspViolationLog; filter: CspViolationFilter | undefined; what: string };

function resolveSource(received: unknown): Source {
  if (Array.isArray(received)) {
    const bad = received.findIndex((v) => !isViolation(v));
    if (bad !== -1) {
      throw new UsageError(
        `${MATCHER}: received an array whose item ${bad} is not a CspViolation (${describe(received[bad])}). ` +
          'Pass a watched page, a CspViolationLog, or log.violations().',
      );
    }
    return { kind: 'list', violations: received as CspViolation[], what: 'the given list' };
  }
  if (isCspViolationLog(received)) return { kind: 'log', log: received, filter: undefined, what: describeTarget(asTarget(received.target)) };
  if (isPage(received)) {
    const log = pick([...logsFor(received), ...logsFor(received.context())]);
    if (!log) throw notWatched('page');
    return { kind: 'log', log, filter: log.target === received ? undefined : { page: received }, what: `the page ${safeUrl(received)}` };
  }
  if (isContext(received)) {
    const log = pick(logsFor(received));
    if (!log) throw notWatched('context');
    return { kind: 'log', log, filter: undefined, what: 'the browser context' };
  }
  throw new UsageError(
    `${MATCHER}: expected a Playwright Page or BrowserContext that is being watched, a CspViolationLog, or a CspViolation[]; ` +
      `received ${describe(received)}.`,
  );
}

/** A live log before a stopped one; the newest first. */
function pick(logs: CspViolationLog[]): CspViolationLog | undefined {
  return logs.find((log) => !log.stopped) ?? logs[0];
}

function notWatched(what: 'page' | 'context'): UsageError {
  const name = what === 'page' ? 'page' : 'context';
  return new UsageError(
    `${MATCHER}: this ${what} is not being watched for CSP violations, so there is nothing to check (and passing would prove nothing). ` +
      `Either call \`const log = await watchCspViolations(${name})\` (from 'expect-secure-headers') before \`page.goto(...)\`, ` +
      "or use the `test` from 'expect-secure-headers/playwright', whose fixtures watch every page.",
  );
}

function checkOptions(options: unknown): Required<Pick<NoCspViolationsOptions, 'disposition'>> & { ignore: Array<string | RegExp>; timeout?: number } {
  if (options === undefined) return { disposition: DEFAULT_FAILING_DISPOSITION, ignore: [] };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UsageError(`${MATCHER}(options): options must be an object such as { disposition: 'enforce' }; received ${describe(options)}.`);
  }
  const o = options as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !(OPTION_NAMES as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new UsageError(
      `${MATCHER}(options): unknown option${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `"${k}"`).join(', ')}. Known options: ${OPTION_NAMES.join(', ')}.`,
    );
  }
  const disposition = o.disposition ?? DEFAULT_FAILING_DISPOSITION;
  if (disposition !== 'enforce' && disposition !== 'report' && disposition !== 'any') {
    throw new UsageError(`${MATCHER}(options): disposition must be 'enforce', 'report' or 'any'; received ${describe(disposition)}.`);
  }
  const ignoreList = o.ignore === undefined ? [] : Array.isArray(o.ignore) ? o.ignore : [o.ignore];
  for (const pattern of ignoreList) {
    if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) {
      throw new UsageError(`${MATCHER}(options): ignore takes strings and RegExps (or an array of them); received ${describe(pattern)}.`);
    }
  }
  if (o.timeout !== undefined && (typeof o.timeout !== 'number' || !Number.isFinite(o.timeout) || o.timeout < 0)) {
    throw new UsageError(`${MATCHER}(options): timeout must be a number of milliseconds (0 or more); received ${describe(o.timeout)}.`);
  }
  return { disposition, ignore: ignoreList as Array<string | RegExp>, ...(o.timeout !== undefined ? { timeout: o.timeout as number } : {}) };
}

/** What a message says of the violations the options left out; by default those are the report-only ones. */
export function leftOutNote(left: number, defaultDisposition: boolean): string {
  const what = `${left} other violation${left === 1 ? ' was' : 's were'} left out by the disposition/ignore options`;
  return defaultDisposition ? `${what} (report-only violations do not fail by default; pass { disposition: 'any' } to count them).` : `${what}.`;
}

/** Whether a violation counts under the `disposition` option. */
export function dispositionMatches(v: CspViolation, disposition: CspDispositionOption): boolean {
  return disposition === 'any' || v.disposition === disposition;
}

/** Whether an `ignore` pattern (directive name, part of the blocked URI, or a RegExp of either) drops a violation. */
export function isIgnored(v: CspViolation, patterns: ReadonlyArray<string | RegExp>): boolean {
  return patterns.some((pattern) => {
    if (typeof pattern === 'string') return pattern === v.directive || pattern === v.violatedDirective || (pattern !== '' && v.blockedURI.includes(pattern));
    pattern.lastIndex = 0;
    const hitsUri = pattern.test(v.blockedURI);
    pattern.lastIndex = 0;
    return hitsUri || pattern.test(v.directive);
  });
}

function isViolation(value: unknown): value is CspViolation {
  const v = value as Record<string, unknown> | null;
  return typeof v === 'object' && v !== null && typeof v.directive === 'string' && typeof v.blockedURI === 'string' && (v.disposition === 'enforce' || v.disposition === 'report');
}

function isPage(value: unknown): value is Page {
  const v = value as Record<string, unknown> | null;
  return typeof v === 'object' && v !== null && typeof v.mainFrame === 'function' && typeof v.context === 'function';
}

function isContext(value: unknown): value is BrowserContext {
  const v = value as Record<string, unknown> | null;
  return typeof v === 'object' && v !== null && typeof v.newPage === 'function' && typeof v.pages === 'function';
}

function describeTarget(target: Page | BrowserContext): string {
  return isPage(target) ? `the page ${safeUrl(target)}` : 'the browser context';
}

function safeUrl(page: Page): string {
  try {
    return page.url();
  } catch {
    return '(closed page)';
  }
}
