import { expect } from '@playwright/test';
import type { PageReport } from '../../src/crawl';
import { BODY_TOO_LONG_FINDING_ID } from '../../src/response/limits';
import type { HostileSite } from './hostile-site';

/**
 * What every browser visit of the hostile pages must show, whoever visits
 * them (the crawl in test/browser/hostile.pw.ts, `scan URL` in
 * hostile-scan.pw.ts). `byPath` finds a page of the report by its path.
 */
type ByPath = (path: string) => PageReport | undefined;

/** The 256 MiB body and the gzip bomb: judged on their headers, body/too-long, not loaded, not passed; the client hung up early. */
export function expectTooLongBodies(byPath: ByPath, site: HostileSite): void {
  for (const path of ['/huge', '/gzip-bomb']) {
    const page = byPath(path)!;
    expect(page.status).toBe(200);
    expect(page.error).toMatchObject({ kind: 'navigation', message: expect.stringMatching(/longer than 10 MiB.*not loaded in the browser/) });
    expect(page.headers?.failures.map((f) => f.id)).toContain(BODY_TOO_LONG_FINDING_ID);
    expect(page.headers?.pass).toBe(false);
  }
  // The client hung up at the limit: far less than the 256 MiB offered was sent.
  expect(site.hugeWritten()).toBeLessThan(64 * 1024 * 1024);
}

/** Scripts that never yield (before and after the load) and the allocation bomb: not judged, each within `bound` ms. */
export function expectBoundedStuckPages(byPath: ByPath, bound: number): void {
  expect(byPath('/busy')?.error).toMatchObject({ kind: 'timeout' });
  expect(byPath('/late-busy')?.error).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/did not settle/) });
  expect(['crash', 'timeout']).toContain(byPath('/alloc')?.error?.kind);
  for (const path of ['/busy', '/late-busy', '/alloc']) expect(byPath(path)!.durationMs).toBeLessThan(bound);
}

/**
 * The leaky page reached the other origin in no way: zero requests (and, in the headless
 * shell, zero connections: a full Chromium launched by the test, not by the package, keeps
 * its network prediction and opens a bare one per blocked navigation), and every attempt in
 * `paths` is listed as blocked. Returns the connections seen.
 */
export function expectKeptToOrigin(byPath: ByPath, site: HostileSite, paths: readonly string[], headlessShell: boolean): number {
  expect(site.otherHits).toEqual([]);
  const blocked = byPath('/leaky')?.blocked ?? [];
  for (const what of paths) expect(blocked).toContain(site.other.url(what));
  if (headlessShell) expect(site.otherConnections()).toBe(0);
  return site.otherConnections();
}

/** Whether `executable` is Chromium's headless shell (what npm test runs when installed). */
export function isHeadlessShell(executable: string | undefined): boolean {
  return /headless[-_]shell/.test(executable ?? '');
}
