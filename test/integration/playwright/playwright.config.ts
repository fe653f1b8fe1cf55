import { defineConfig } from '@playwright/test';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../../src/browser/launch';

export default defineConfig({
  testDir: '.',
  testMatch: ['*.pw.mjs', 'readme/*.pw.ts'], // readme/: the README's blocks (../readme.mjs)
  workers: 1,
  reporter: [['list'], ['../expected-failures.cjs']],
  use: { launchOptions: chromiumLaunchOptions(chromium.executablePath()) },
});
