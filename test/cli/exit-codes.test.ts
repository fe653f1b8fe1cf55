import { TEST_CHROMIUM } from '../helpers/chromium';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHeaderServer, startServer, type RunningServer } from '../helpers/servers';
import { runBin, runHere } from './run-cli';

// The exit status and streams of the real executable (runBin) for each kind of ending: --version, --help, no
// arguments, an unknown option, a pass, a fail, nothing reachable, no browser, a browser verdict. The other usage
// errors and verdicts are runCli's own, run in this process (runHere).

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

const SOUND: Array<[string, string]> = [
  ['content-security-policy', "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'no-referrer'],
  ['permissions-policy', 'camera=()'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
];

const INLINE = 'document.title = "ran"';

let site: RunningServer;
beforeAll(async () => {
  site = await startHeaderServer(SOUND, {
    '/bare': [],
    '/medium-only': SOUND.filter(([name]) => name !== 'x-content-type-options'),
  });
});
afterAll(() => site.close());

describe('usage', () => {
  test('--version prints the package version and exits 0', async () => {
    const run = await runBin(['--version']);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  test('scan --help lists the options and the exit codes, exit 0', async () => {
    const run = await runBin(['scan', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--crawl', '--max-pages', '--preset', '--headers-only', '--format', '--output', '--baseline', '--update-baseline', '--fail-on']) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toMatch(/Exit codes:[\s\S]*0[\s\S]*1[\s\S]*2/);
  });

  test('no arguments: help on stderr, exit 2', async () => {
    const run = await runBin([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: expect-secure-headers');
  });

  test('an unknown option is a usage error (2) that names it', async () => {
    const run = await runBin(['scan', site.url('/'), '--max-page', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--max-page'");
    expect(run.stderr).toContain('--max-pages');
  });

  test('an unknown format, preset or severity is a usage error listing the choices', async () => {
    const format = await runHere(['scan', site.url('/'), '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/text, json, junit, sarif, html/);
    const preset = await runHere(['scan', site.url('/'), '--preset', 'paranoid']);
    expect(preset.code).toBe(2);
    expect(preset.stderr).toMatch(/recommended, strict/);
    const failOn = await runHere(['scan', site.url('/'), '--fail-on', 'severe']);
    expect(failOn.code).toBe(2);
    expect(failOn.stderr).toMatch(/critical, high, medium, low, info, none/);
  });

  test('--max-pages 0 and a non-number are refused, saying what was received', async () => {
    const zero = await runHere(['scan', site.url('/'), '--crawl', '--max-pages', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('received "0"');
    const word = await runHere(['scan', site.url('/'), '--timeout', 'soon']);
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('received "soon"');
  });

  test('a bad URL gives exit 2 and says what to pass', async () => {
    const run = await runHere(['scan', 'example.test/path', '--headers-only']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"example.test/path" is not a URL');
    expect(run.stderr).toContain('Did you mean "http://example.test/path"');
    expect(run.stdout).toBe('');
  });

  test('a non-http URL gives exit 2', async () => {
    const run = await runHere(['scan', 'file:///etc/passwd', '--headers-only']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('scan reads http and https URLs only');
  });

  test('an unknown finding id in --ignore gives exit 2 with a suggestion', async () => {
    const run = await runHere(['scan', site.url('/'), '--headers-only', '--ignore', 'hsts/mising']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('hsts/mising');
    expect(run.stderr).toContain('Did you mean "hsts/missing"');
  });

  test('--update-baseline without --baseline gives exit 2', async () => {
    const run = await runHere(['scan', site.url('/'), '--headers-only', '--update-baseline']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--update-baseline needs --baseline FILE');
  });

  test('a server that is not there: nothing could be checked, exit 2', async () => {
    const gone = await startServer((_req, res) => res.end());
    const url = gone.url('/');
    await gone.close();
    const run = await runBin(['scan', url, '--headers-only']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no page could be loaded');
    expect(run.stderr).toContain('network');
  });
});

describe('headers-only verdicts', () => {
  test('sound headers pass: exit 0', async () => {
    const run = await runBin(['scan', site.url('/'), '--headers-only']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS');
  });

  test('a page without headers fails: exit 1, with the finding and its fix', async () => {
    const run = await runBin(['scan', site.url('/'), site.url('/bare'), '--headers-only']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[csp/missing, high]');
    expect(run.stdout).toContain('fix:      X-Content-Type-Options: nosniff');
    expect(run.stdout).toContain('FAIL');
  });

  test('--fail-on moves the threshold: a medium finding fails by default, not with --fail-on high', async () => {
    expect((await runHere(['scan', site.url('/medium-only'), '--headers-only'])).code).toBe(1);
    expect((await runHere(['scan', site.url('/medium-only'), '--headers-only', '--fail-on', 'high'])).code).toBe(0);
    expect((await runHere(['scan', site.url('/bare'), '--headers-only', '--fail-on', 'none'])).code).toBe(0);
  }, 60_000);

  test('--ignore leaves a finding out of the verdict', async () => {
    const run = await runHere(['scan', site.url('/medium-only'), '--headers-only', '--ignore', 'x-content-type-options/missing']);
    expect(run.code).toBe(0);
  });

  test('a page that answers 404 could not be checked as asked: exit 1', async () => {
    const missing = await startServer((_req, res) => {
      for (const [name, value] of SOUND) res.setHeader(name, value);
      res.statusCode = 404;
      res.end('not found');
    });
    try {
      const run = await runHere(['scan', missing.url('/nope'), '--headers-only']);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('http-error');
    } finally {
      await missing.close();
    }
  });
});

describe('browser', () => {
  test('no browser where CHROMIUM_PATH points: exit 2 and how to get one', async () => {
    const run = await runBin(['scan', site.url('/')], { env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no Chromium found at /nonexistent/chromium');
    expect(run.stderr).toContain('apt-get install chromium');
    expect(run.stderr).toContain('npx playwright install chromium');
    expect(run.stderr).toContain('CHROMIUM_PATH');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('an enforced CSP violation fails (1); a report-only one alone does not (0)', async () => {
    const pages = await startServer((req, res) => {
      for (const [name, value] of SOUND) res.setHeader(name, value);
      res.setHeader('content-type', 'text/html; charset=utf-8');
      if (req.url === '/report-only') {
        // The enforced policy allows the inline script by its hash; the report-only one would not.
        const hash = createHash('sha256').update(INLINE).digest('base64');
        res.setHeader('content-security-policy', `default-src 'self'; script-src 'self' 'sha256-${hash}'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`);
        res.setHeader('content-security-policy-report-only', "script-src 'none'");
        res.end(`<!doctype html><title>r</title><script>${INLINE}</script>`);
      } else {
        res.end('<!doctype html><title>b</title><script>document.title = "blocked"</script>');
      }
    });
    try {
      const blocked = await runBin(['scan', pages.url('/blocked'), '--no-probe-not-found'], { env: { CHROMIUM_PATH: TEST_CHROMIUM } });
      expect(blocked.code).toBe(1);
      expect(blocked.stdout).toContain('CSP script-src-elem: inline code — blocked');
      const reportOnly = await runHere(['scan', pages.url('/report-only'), '--no-probe-not-found'], { env: { CHROMIUM_PATH: TEST_CHROMIUM } });
      expect(reportOnly.stdout).toContain('reported only (report-only policy)');
      expect(reportOnly.code).toBe(0);
    } finally {
      await pages.close();
    }
  }, 90_000);
});
