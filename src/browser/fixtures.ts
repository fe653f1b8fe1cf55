import {
  test as base,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type BrowserContext,
  type TestInfo,
  type TestType,
} from '@playwright/test';
import { bypassCspError } from './bypass';
import { formatViolation, formatViolations } from './format';
import { DEFAULT_FAILING_DISPOSITION, type CspDisposition, type CspViolation, type CspViolationLog } from './types';
import { watchCspViolations } from './watch';

/**
 * Playwright Test fixtures that watch every page of each test's context for
 * CSP violations. This file imports @playwright/test at run time; only the
 * `expect-secure-headers/playwright` entry loads it.
 *
 *   test.use({ cspViolations: 'warn' })   // annotate instead of failing
 *   test.use({ cspDisposition: 'any' })   // report-only violations fail too
 */

/** What a violation seen during a test does: fail the test (default), add an annotation, or nothing (and no watching). */
export type CspViolationsMode = 'fail' | 'warn' | 'off';

/** Which violations fail (or warn): enforced ones (default, as in the matchers and the CLI), report-only ones, or both. */
export type CspDispositionMode = CspDisposition | 'any';

export interface CspTestOptions {
  cspViolations: CspViolationsMode;
  cspDisposition: CspDispositionMode;
}

export interface CspTestFixtures {
  /**
   * The log watching this test's context (undefined when cspViolations is 'off').
   * Asking for it creates the context, as asking for `page` does; a test that
   * uses neither (only `request`, say) gets no context and no watching.
   */
  cspViolationLog: CspViolationLog | undefined;
}

const MODES: readonly CspViolationsMode[] = ['fail', 'warn', 'off'];
const DISPOSITIONS: readonly CspDispositionMode[] = ['enforce', 'report', 'any'];
/** After the test body: how long the page must be quiet, and the most we wait, for late violations. */
const QUIET_MS = 100;
const MAX_WAIT_MS = 2000;

type BaseArgs = PlaywrightTestArgs & PlaywrightTestOptions;
type BaseWorker = PlaywrightWorkerArgs & PlaywrightWorkerOptions;

/** The logs of the contexts the fixture watches (one per test that made its context). */
const logs = new WeakMap<BrowserContext, CspViolationLog>();

/**
 * Adds the CSP fixtures to any `test` built on Playwright's (so it composes
 * with a project's own fixtures). It wraps the `context` fixture instead of
 * adding an automatic one: Playwright makes a context only for a test that
 * asks for one (through `page`, `context` or `cspViolationLog`), and only
 * those are watched. A context a test makes itself (browser.newContext()) is
 * its own: watch it with watchCspViolations.
 */
export function withCspWatching<T extends BaseArgs, W extends BaseWorker>(test: TestType<T, W>): TestType<T & CspTestOptions & CspTestFixtures, W> {
  const plain = test as unknown as TestType<BaseArgs, BaseWorker>;
  const extended = plain.extend<CspTestOptions & CspTestFixtures>({
    cspViolations: ['fail', { option: true }],
    cspDisposition: [DEFAULT_FAILING_DISPOSITION, { option: true }],
    context: async ({ context, cspViolations, cspDisposition, bypassCSP }, use, testInfo) => {
      if (!MODES.includes(cspViolations)) {
        throw new Error(`cspViolations must be 'fail', 'warn' or 'off'; received ${JSON.stringify(cspViolations)}. Set it with test.use({ cspViolations: 'warn' }).`);
      }
      if (!DISPOSITIONS.includes(cspDisposition)) {
        throw new Error(`cspDisposition must be 'enforce', 'report' or 'any'; received ${JSON.stringify(cspDisposition)}. Set it with test.use({ cspDisposition: 'any' }).`);
      }
      if (cspViolations === 'off') {
        await use(context);
        return;
      }
      if (bypassCSP) {
        const error = bypassCspError("expect-secure-headers' cspViolations fixture");
        error.message += " Or turn watching off for this test with test.use({ cspViolations: 'off' }).";
        throw error;
      }
      const log = await watchCspViolations(context);
      logs.set(context, log);
      await use(context);
      await judge(log, cspViolations, cspDisposition, testInfo);
    },
    cspViolationLog: async ({ context }, use) => {
      await use(logs.get(context));
    },
  });
  return extended as unknown as TestType<T & CspTestOptions & CspTestFixtures, W>;
}

/**
 * After the test body, before its context closes: waits for late violations,
 * then shows each violation once. A passing test fails with the listing
 * ('fail') or gets it as an annotation ('warn'); a test that already failed
 * keeps its own error, and gets an annotation only of the violations its
 * errors do not already list (an explicit toHaveNoCspViolations lists them).
 * Violations of the other disposition (report-only ones, by default) never
 * fail: they get their own annotation, so they are seen but not counted.
 * The JSON attachment (every violation) is there only when something was seen.
 */
async function judge(log: CspViolationLog, mode: 'fail' | 'warn', disposition: CspDispositionMode, testInfo: TestInfo): Promise<void> {
  let violations: CspViolation[];
  try {
    violations = await log.waitForIdle(QUIET_MS, MAX_WAIT_MS);
  } catch {
    violations = log.violations(); // the test closed its pages or context
  }
  await log.stop().catch(() => undefined);
  if (violations.length === 0) return;
  await testInfo.attach('csp-violations', { body: JSON.stringify(violations, null, 2), contentType: 'application/json' });

  const counted = violations.filter((v) => disposition === 'any' || v.disposition === disposition);
  const notCounted = violations.filter((v) => !counted.includes(v));
  if (notCounted.length > 0) {
    testInfo.annotations.push({
      type: 'csp-violations-not-counted',
      description: `${formatViolations(notCounted)}\n\nNot counted (cspDisposition: '${disposition}'); test.use({ cspDisposition: 'any' }) counts every violation.`,
    });
  }
  if (counted.length === 0) return;

  if (mode === 'fail' && testInfo.status === 'passed') {
    throw new CspViolationsSeenError(
      `Content-Security-Policy violations were seen during this test (cspViolations: 'fail').\n\n${formatViolations(counted)}\n\n` +
        "Fix the page or its policy; or, for this test, test.use({ cspViolations: 'warn' }) to only annotate.",
    );
  }
  const shown = testInfo.errors.map((error) => stripAnsi(error.message ?? '')).join('\n');
  const unlisted = counted.filter((v) => !shown.includes(formatViolation(v).split('\n')[0]!.trim()));
  if (unlisted.length > 0) testInfo.annotations.push({ type: 'csp-violations', description: formatViolations(unlisted) });
}

const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The failure the fixture adds to a test after its body, when violations were seen. */
export class CspViolationsSeenError extends Error {
  override name = 'CspViolationsSeenError';
}

/** Playwright's own `test` with the CSP fixtures. */
export const test = withCspWatching(base);
