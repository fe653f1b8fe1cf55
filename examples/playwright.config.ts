import { defineConfig } from '@playwright/test';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../src/browser/launch';

/**
 * The framework examples' browser suites (examples/<app>/test/*.pw.ts), in
 * real Chromium against the apps on 127.0.0.1. Nothing leaves the machine:
 * each suite routes every other host to a local answer or an abort.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*/test/*.pw.ts',
  workers: 2,
  timeout: 30_000,
  reporter: process.env.CI ? 'list' : 'line',
  use: { launchOptions: chromiumLaunchOptions(chromium.executablePath()) },
});
