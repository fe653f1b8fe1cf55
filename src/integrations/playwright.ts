/**
 * `import { test, expect } from 'expect-secure-headers/playwright'`: Playwright
 * Test's expect with our matchers. `matchers` is there for `mergeExpects`
 * or your own `expect.extend`.
 */
import { expect as baseExpect } from '@playwright/test';
import { matchers } from '../matchers';

export const expect = baseExpect.extend(matchers);

export { matchers };
