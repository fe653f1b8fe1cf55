const { defineConfig } = require('@playwright/test');
const { existsSync } = require('node:fs');
const { chromium } = require('playwright-core');

// As src/browser/launch.ts finds it: $CHROMIUM_PATH, Playwright's own Chromium, Debian's.
const executablePath = process.env.CHROMIUM_PATH || (existsSync(chromium.executablePath()) ? chromium.executablePath() : '/usr/bin/chromium');

module.exports = defineConfig({
  testDir: '.',
  testMatch: '*.spec.cjs',
  workers: 1,
  reporter: [['list'], [require.resolve('../expected-failures.cjs')]],
  use: { launchOptions: { executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] } },
});
