import { expect, test } from '@playwright/test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumLaunchOptions, RENDERER_HEAP_MIB } from '../../src/browser/launch';

/**
 * The renderer heap limit of CHROMIUM_ARGS reaches the renderers: a page of
 * a Chromium launched with the package's options reports a V8 heap limit
 * near RENDERER_HEAP_MIB (Chromium's own is about 4 GiB), and a page that
 * allocates without end crashes instead of growing past it.
 */

test('a renderer of the Chromium we launch has the heap limit of CHROMIUM_ARGS, and an allocating page dies of it', async () => {
  test.setTimeout(60_000);
  expect(CHROMIUM_ARGS).toContain(`--js-flags=--max-old-space-size=${RENDERER_HEAP_MIB}`);
  const browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
  try {
    const page = await browser.newPage();
    const limit = await page.evaluate(() => (performance as unknown as { memory: { jsHeapSizeLimit: number } }).memory.jsHeapSizeLimit);
    // The old generation's limit plus the young generation: well under Chromium's default of about 4 GiB.
    expect(limit / 2 ** 20).toBeGreaterThan(RENDERER_HEAP_MIB * 0.9);
    expect(limit / 2 ** 20).toBeLessThan(RENDERER_HEAP_MIB * 1.5);
    const crashed = new Promise<'crash'>((resolve) => page.once('crash', () => resolve('crash')));
    await page.setContent('<p>allocating</p>');
    void page.evaluate(() => { const keep: number[][] = []; for (;;) keep.push(new Array(1 << 20).fill(Math.random())); }).catch(() => undefined);
    expect(await Promise.race([crashed, new Promise((resolve) => setTimeout(() => resolve('still running'), 40_000))])).toBe('crash');
  } finally {
    await browser.close();
  }
});
