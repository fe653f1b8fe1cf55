/**
 * Hostile sites, headers-only (the browser side is in test/browser): the
 * origin given is kept (a second local server counts every request it gets:
 * zero), a page that could not be judged never passes, and reports show
 * bidi controls as code points.
 */
import { runHere } from '../cli/run-cli';
import { startServer, type RunningServer } from '../helpers/servers';
import { neutralizeBidi, capValue } from '../../src/report/escape';

let other: RunningServer;
let site: RunningServer;
let otherRequests = 0;

beforeAll(async () => {
  other = await startServer((_req, res) => {
    otherRequests++;
    res.end('<html>elsewhere</html>');
  });
  site = await startServer((req, res) => {
    if (req.url === '/away') {
      res.writeHead(302, { location: other.url('/landing') });
      return res.end();
    }
    if (req.url === '/broken') {
      res.writeHead(500, { 'content-type': 'text/html' });
      return res.end('oops');
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<a href="${other.url('/linked')}">x</a><img src="${other.url('/img.png')}">`);
  });
});
afterAll(async () => {
  await site.close();
  await other.close();
});

describe('the origin is kept', () => {
  it('scan URL (headers-only, no --crawl) does not follow a redirect to another origin', async () => {
    const run = await runHere(['scan', site.url('/away'), '--headers-only']);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/outside the allowed origins; not followed/);
    expect(otherRequests).toBe(0);
  });

  it('a headers-only crawl requests nothing of the other origin', async () => {
    await runHere(['scan', site.url('/'), '--headers-only', '--crawl']);
    expect(otherRequests).toBe(0);
  });
});

describe('a run that could not judge never passes', () => {
  it('--fail-on none with a 500 page exits non-zero and marks the page ✕', async () => {
    const run = await runHere(['scan', site.url('/broken'), site.url('/'), '--headers-only', '--fail-on', 'none']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✕ .*\/broken/);
    expect(run.stdout).not.toMatch(/✓ .*\/broken/);
    expect(run.stdout).toMatch(/FAIL \(exit code 1\)/);
  });
});

describe('reports', () => {
  it('show bidi controls as code points and cap long values', () => {
    expect(neutralizeBidi('a\u202Eb\u2066c\u200Fd')).toBe('a<U+202E>b<U+2066>c<U+200F>d');
    const long = 'x'.repeat(1_000_000);
    expect(capValue(long).length).toBeLessThan(2100);
    expect(capValue(long)).toMatch(/997952 more characters/);
  });
});
