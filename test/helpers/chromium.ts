import { DEBIAN_CHROMIUM } from '../../src/browser/launch';

/**
 * The Chromium the tests hand to the CLI they run: the one `npm test` picked
 * (scripts/test-all.mjs sets CHROMIUM_PATH, to the headless shell when it is
 * installed), else Debian's. Set explicitly so a Playwright download on the
 * machine does not change what a CLI test runs.
 */
export const TEST_CHROMIUM = process.env.CHROMIUM_PATH || DEBIAN_CHROMIUM;
