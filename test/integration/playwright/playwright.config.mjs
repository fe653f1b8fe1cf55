import { defineConfig } from '@playwright/test';
export default defineConfig({ testDir: '.', testMatch: '*.pw.mjs', workers: 1, reporter: 'list' });
