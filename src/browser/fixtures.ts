import {
  test as base,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type TestType,
} from '@playwright/test';
import { bypassCspError } from './bypass';
import { formatViolations } from './format';
import type { CspViolation, CspViolationLog } from './types';
import { watchCspViolations } from './watch';

/**
 * Playwright Test fixtures that watch every page of each test's context for
 * CSP violations. This file imports @playwright/test at run time; only the
 * `expect-secure-headers/playwright` entry loads it.
 *
 *   test.use({ cspViolations: 'warn' })   // annotate instead of failing
 */

/** What a violation seen during a test does: fail the test (default), add an annotation, or nothing (and no watching). */
export type CspViolationsMode = 'fail' | 'warn' | 'off';

export interface CspTestOptions {
  cspViolations: CspViolationsMode;
}

export interface CspTestFixtures {
  /** The log watching this test's context (undefined when cspViolations is 'off'). Auto: it runs for every test. */
  cspViolationLog: CspViolationLog | undefined;
}

const MODES: readonly CspViolationsMode[] = ['fail', 'warn', 'off'];
/** After the test body: how long the page must be quiet, and the most we wait, for late violations. */
const QUIET_MS = 100;
const MAX_WAIT_MS = 2000;

type BaseArgs = PlaywrightTestArgs & PlaywrightTestOptions;
type BaseWorker = PlaywrightWorkerArgs & PlaywrightWorkerOptions;

/** Adds the CSP fixtures to any `test` built on Playwright's (so it composes with a project's own fixtures). */
export function withCspWatching<T extends BaseArgs, W extends BaseWorker>(test: TestType<T, W>): TestType<T & CspTestOptions & CspTestFixtures, W> {
  const plain = test as unknown as TestType<BaseArgs, BaseWorker>;
  const extended = plain.extend<CspTestOptions & CspTestFixtures>({
    cspViolations: ['fail', { option: true }],
    cspViolationLog: [
      async ({ context, cspViolations, bypassCSP }, use, testInfo) => {
        if (!MODES.includes(cspViolations)) {
          throw new Error(`cspViolations must be 'fail', 'warn' or 'off'; received ${JSON.stringify(cspViolations)}. Set it with test.use({ cspViolations: 'warn' }).`);
        }
        if (cspViolations === 'off') {
          await use(undefined);
          return;
        }
        if (bypassCSP) {
          const error = bypassCspError("expect-secure-headers' cspViolations fixture");
          error.message += " Or turn watching off for this test with test.use({ cspViolations: 'off' }).";
          throw error;
        }
        const log = await watchCspViolations(context);
        await use(log);

        let violations: CspViolation[];
        try {
          violations = await log.waitForIdle(QUIET_MS, MAX_WAIT_MS);
        } catch {
          violations = log.violations(); // the test closed its pages or context
        }
        await log.stop().catch(() => undefined);
        await testInfo.attach('csp-violations', { body: JSON.stringify(violations, null, 2), contentType: 'application/json' });
        if (violations.length === 0) return;

        const listing = formatViolations(violations);
        if (cspViolations === 'warn') {
          testInfo.annotations.push({ type: 'csp-violations', description: listing });
          return;
        }
        // A test that already failed keeps its own error first; the listing goes along as an annotation.
        if (testInfo.status !== 'passed') {
          testInfo.annotations.push({ type: 'csp-violations', description: listing });
          return;
        }
        throw new CspViolationsSeenError(
          `Content-Security-Policy violations were seen during this test (cspViolations: 'fail').\n\n${listing}\n\n` +
            "Fix the page or its policy; or, for this test, test.use({ cspViolations: 'warn' }) to only annotate.",
        );
      },
      { auto: true },
    ],
  });
  return extended as unknown as TestType<T & CspTestOptions & CspTestFixtures, W>;
}

/** The failure the fixture adds to a test after its body, when violations were seen. */
export class CspViolationsSeenError extends Error {
  override name = 'CspViolationsSeenError';
}

/** Playwright's own `test` with the CSP fixtures. */
export const test = withCspWatching(base);
