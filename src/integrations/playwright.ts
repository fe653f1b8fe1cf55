/**
 * `import { test, expect } from 'expect-secure-headers/playwright'`:
 * Playwright Test's expect with our matchers, and a `test` whose fixtures
 * watch every page for CSP violations (options `cspViolations: 'fail' | 'warn' | 'off'`, `cspDisposition: 'enforce' | 'report' | 'any'`).
 * `matchers` is there for `mergeExpects` or your own `expect.extend`.
 */
import { expect as baseExpect } from '@playwright/test';
import { matchers } from '../matchers';

export const expect = baseExpect.extend(matchers);

export { matchers };
export { test, withCspWatching, CspViolationsSeenError } from '../browser/fixtures';
export type { CspViolationsMode, CspDispositionMode, CspTestOptions, CspTestFixtures } from '../browser/fixtures';
export { siteTests, type SiteTestsOptions } from './site-tests';
