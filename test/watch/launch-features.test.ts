import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CHROMIUM_ARGS, DISABLED_FEATURES } from '../../src/browser/launch';

// Chromium keeps only the last --disable-features, so ours replaces the list
// Playwright passes. Read Playwright's list from the playwright-core in use
// (its chromiumSwitches), so an upgrade that adds a feature shows here.
function playwrightDisabledFeatures(): string[] {
  const root = dirname(createRequire(__filename).resolve('playwright-core/package.json'));
  const bundle = readFileSync(join(root, 'lib/coreBundle.js'), 'utf8');
  const list = /disabledFeatures = \[([\s\S]*?)\]\.filter/.exec(bundle);
  if (!list) throw new Error('playwright-core changed how it lists its disabled features: read chromiumSwitches again');
  return [...list[1]!.matchAll(/^\s*"([A-Za-z0-9]+)"/gm)].map((m) => m[1]!);
}

test("our --disable-features keeps every feature Playwright's own list turns off (but Edge's and Windows')", () => {
  const theirs = playwrightDisabledFeatures().filter((f) => !f.startsWith('ms') && !f.endsWith('Win'));
  expect(theirs.length).toBeGreaterThan(5);
  expect(theirs.filter((f) => !DISABLED_FEATURES.includes(f))).toEqual([]);
  expect(CHROMIUM_ARGS.filter((a) => a.startsWith('--disable-features='))).toEqual([`--disable-features=${DISABLED_FEATURES.join(',')}`]);
  expect(DISABLED_FEATURES).toContain('LocalNetworkAccessChecks');
});
