import type { IncomingMessage } from 'node:http';
import { runOracleAsync, type OracleResult } from '../score/oracle';
import { startServer, type RunningServer } from '../helpers/servers';
import { runHere } from './run-cli';

/**
 * What `scan` gives the Observatory score besides the page's own headers,
 * checked against the Observatory's own scanner code (its Session, which
 * follows redirects with its cookie jar, and its CORS probe) on one real
 * server on 127.0.0.1:
 * - the cookies a redirect hop sets (/start sets a session cookie without
 *   Secure and redirects to /home, whose own cookie is sound);
 * - the answer to the scanner's CORS probe (OPTIONS /home answers
 *   `Access-Control-Allow-Origin: *`, the GET does not), sent to the URL the
 *   page ended at and nowhere else.
 */

interface Seen {
  method: string;
  path: string;
  origin?: string;
}

let site: RunningServer;
let elsewhere: RunningServer;
const seen: Seen[] = [];
let elsewhereHits = 0;

beforeAll(async () => {
  site = await startServer((req: IncomingMessage, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.push({ method: req.method ?? '', path, ...(typeof req.headers.origin === 'string' ? { origin: req.headers.origin } : {}) });
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.statusCode = 204;
      res.end();
      return;
    }
    if (path === '/start') {
      res.setHeader('Set-Cookie', 'sessionid=abc; Path=/; HttpOnly');
      res.setHeader('Location', '/home');
      res.statusCode = 302;
      res.end();
      return;
    }
    if (path === '/elsewhere') {
      res.setHeader('Location', `${elsewhere.origin}/`);
      res.statusCode = 302;
      res.end();
      return;
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Set-Cookie', 'theme=dark; Path=/; Secure; HttpOnly; SameSite=Lax');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end('<!doctype html><title>home</title><p>home</p>');
  });
  elsewhere = await startServer((_req, res) => {
    elsewhereHits++;
    res.end('x');
  });
});
afterAll(async () => {
  await Promise.all([site.close(), elsewhere.close()]);
});

interface JsonPage {
  url: string;
  observatory: { score: number; grade: string; tests: Array<{ name: string; result: string }> } | null;
}

async function scan(args: string[], code = 0): Promise<JsonPage[]> {
  // The not-found probe (a page of its own, never CORS-probed) is left out: the pages here are the ones given.
  const run = await runHere(['scan', ...args, '--format', 'json', '--fail-on', 'none', '--no-probe-not-found']);
  if (run.code !== code) throw new Error(`scan exited ${run.code}: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { pages: JsonPage[] }).pages;
}

const byName = (tests: Array<{ name: string; result: string }>): Record<string, string> => Object.fromEntries(tests.map((t) => [t.name, t.result]));

describe('scan passes the scanner its redirect hops\' cookies and its CORS probe', () => {
  let oracle: OracleResult;
  let headersOnly: JsonPage;
  let crawled: JsonPage;
  let inBrowser: JsonPage;
  beforeAll(async () => {
    [oracle] = (await runOracleAsync([{ fetch: site.url('/start'), fields: [], https: false, host: '127.0.0.1', session: true, probe: true }])) as [OracleResult];
    seen.length = 0;
    [headersOnly] = (await scan([site.url('/start'), '--headers-only'])) as [JsonPage];
    [crawled] = (await scan([site.url('/start'), '--headers-only', '--crawl', '--max-pages', '1'])) as [JsonPage];
    [inBrowser] = (await scan([site.url('/start')])) as [JsonPage];
  }, 120_000);

  it("scores the page as the Observatory's own session and probe do: every test, the score and the grade", () => {
    const theirs = Object.fromEntries(Object.entries(oracle.tests).map(([name, t]) => [name, t.result]));
    expect(theirs['cookies']).toBe('cookies-session-without-secure-flag');
    expect(theirs['cross-origin-resource-sharing']).toBe('cross-origin-resource-sharing-implemented-with-public-access');
    const ours = headersOnly.observatory!;
    expect(byName(ours.tests)).toEqual(theirs);
    expect({ score: ours.score, grade: ours.grade }).toEqual({ score: oracle.score, grade: oracle.grade });
    // In the browser (Chromium follows the redirect), the same.
    expect(byName(inBrowser.observatory!.tests)).toEqual(theirs);
  });

  it('the crawler collects the hop cookies too (the CORS probe is sent by scan without --crawl only)', () => {
    expect(byName(crawled.observatory!.tests)['cookies']).toBe('cookies-session-without-secure-flag');
  });

  it('sends one probe per scanned page, with the scanner\'s Origin, to the URL the page ended at on the origin given, and nothing elsewhere', async () => {
    // One for the headers-only scan, one for the browser scan; none from the crawl.
    const probe = { method: 'OPTIONS', path: '/home', origin: 'https://http-observatory.security.mozilla.org' };
    expect(seen.filter((s) => s.method === 'OPTIONS')).toEqual([probe, probe]);
    // A page that redirects to another origin is not followed there (no page to judge: exit 2), and nothing is probed there.
    const [redirected] = (await scan([site.url('/elsewhere'), '--headers-only'], 2)) as [JsonPage];
    expect(redirected.url).toBe(site.url('/elsewhere'));
    expect(elsewhereHits).toBe(0);
    expect(seen.filter((s) => s.method === 'OPTIONS')).toHaveLength(2);
  });
});
