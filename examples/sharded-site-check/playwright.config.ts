import { defineConfig } from '@playwright/test';

export default defineConfig({
  testMatch: 'site.spec.ts',
  // Each page is its own test; in CI each shard writes a blob report for merge-reports.
  fullyParallel: true,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['blob'], ['line']] : [['list'], ['expect-secure-headers/reporter', { outputs: { html: 'site-report.html' } }]],
  use: { launchOptions: { executablePath: process.env.CHROMIUM_PATH } },
});
