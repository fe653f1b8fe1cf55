import { defineConfig } from '@playwright/test';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './src/browser/launch';

/** Browser tests: real Chromium (Debian's or Playwright's) against servers on 127.0.0.1. */
export default defineConfig({
  testDir: './test/browser',
  testMatch: '**/*.pw.ts',
  workers: 2,
  timeout: 30_000,
  reporter: process.env.CI ? 'list' : 'line',
  use: { launchOptions: chromiumLaunchOptions(chromium.executablePath()) },
});
