import { defineConfig } from '@playwright/test';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../src/browser/launch';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  reporter: 'list',
  // This repository's helper finds a Chromium (Playwright's own, or Debian's);
  // in your project `use: {}` is enough after `npx playwright install chromium`.
  use: { launchOptions: chromiumLaunchOptions(chromium.executablePath()) },
});
