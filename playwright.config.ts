import { defineConfig } from '@playwright/test';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './src/browser/launch';

const launchOptions = chromiumLaunchOptions(chromium.executablePath());
// Chromium's headless shell (what `npm test` runs when installed) does not hand an out-of-process (cross-site)
// iframe's queued Reporting API reports to DevTools (the page's own it does; seen with 156): those tests run in
// full Chromium, which scripts/test-all.mjs names in ESH_FULL_CHROMIUM.
const FULL_BROWSER_TESTS = ['reporting.pw.ts'];
const fullPath = process.env.ESH_FULL_CHROMIUM;

/** Browser tests: real Chromium (Debian's or Playwright's) against servers on 127.0.0.1. */
export default defineConfig({
  testDir: './test/browser',
  testMatch: '**/*.pw.ts',
  workers: 2,
  timeout: 30_000,
  reporter: process.env.CI ? 'list' : 'line',
  // The @netns tests kill the browsers their worker launched (test/helpers/kill-browser.ts), so they get workers of
  // their own (a project is never mixed with another in a worker): in the worker of the other tests, that killed
  // Playwright's own browser, and the next test's newContext failed.
  projects: [
    { name: 'chromium', testIgnore: fullPath ? FULL_BROWSER_TESTS : [], grepInvert: /@netns/, use: { launchOptions } },
    { name: 'netns', grep: /@netns/, use: { launchOptions } },
    ...(fullPath ? [{ name: 'full-chromium', testMatch: FULL_BROWSER_TESTS, use: { launchOptions: { ...launchOptions, executablePath: fullPath } } }] : []),
  ],
});
