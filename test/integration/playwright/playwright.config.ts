import { defineConfig } from '@playwright/test';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../../src/browser/launch';

export default defineConfig({
  testDir: '.',
  testMatch: '*.pw.mjs',
  workers: 1,
  reporter: [['list'], ['../expected-failures.cjs']],
  use: { launchOptions: chromiumLaunchOptions(chromium.executablePath()) },
});
