import { launchChromium } from '../../src/cli/browser';
import { scanPages } from '../../src/cli/pages';
import type { SiteReport } from '../../src/crawl/types';
import { summarize, type AcceptedState, type ScanSummary } from '../../src/report/summary';
import { SOUND_HEADERS, startServer, type RunningServer } from '../helpers/servers';

/**
 * Real SiteReports for the formatter tests: a local site whose header values
 * are hostile (markup, quotes, `</style>`, control-free but nasty), scanned
 * by the CLI's own page scanner (the real audit, the real score, and in the
 * browser mode real CSP violations from Chromium).
 */

export const HOSTILE = {
  poweredBy: '</style><script>alert("powered")</script>',
  referrer: '"><img src=x onerror=alert(2)>',
  cookie: "sid=<script>alert('cookie')</script>; Path=/",
  cspExtra: "https://cdn.example/'\"><svg onload=alert(4)>",
} as const;


export async function startFixtureSite(): Promise<RunningServer> {
  return startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (path === '/hostile') {
      res.setHeader('content-security-policy', `default-src 'self'; script-src 'self' ${HOSTILE.cspExtra}; object-src 'none'`);
      res.setHeader('x-powered-by', HOSTILE.poweredBy);
      res.setHeader('referrer-policy', HOSTILE.referrer);
      res.setHeader('set-cookie', HOSTILE.cookie);
      res.end('<!doctype html><title>hostile</title><script>document.title = "inline ran"</script><script src="http://localhost:9/evil.js?q=<b>"></script>');
      return;
    }
    if (path === '/bare') {
      res.end('<!doctype html><title>bare</title><p>no headers</p>');
      return;
    }
    for (const [name, value] of Object.entries(SOUND_HEADERS)) res.setHeader(name, value);
    res.end('<!doctype html><title>sound</title><p>ok</p>');
  });
}

export async function scanFixture(server: RunningServer, mode: 'browser' | 'headers-only'): Promise<SiteReport> {
  const browser = mode === 'browser' ? await launchChromium() : undefined;
  try {
    return await scanPages([server.url('/'), server.url('/bare'), server.url('/hostile')], {
      ...(browser ? { browser } : {}),
      audit: { preset: 'recommended' },
      timeout: 20_000,
      concurrency: 3,
    });
  } finally {
    await browser?.close();
  }
}

export function summaryOf(site: SiteReport, accepted?: AcceptedState): ScanSummary {
  return summarize(site, {
    preset: 'recommended',
    failOn: 'medium',
    toolVersion: '0.0.0-test',
    ...(accepted ? { baseline: { file: 'baseline.json', accepted } } : {}),
  });
}
