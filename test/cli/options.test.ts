import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type http from 'node:http';
import { buildProgram, runCli } from '../../src/cli/program';
import type { JsonReport } from '../../src/report/json';
import { SOUND_HEADERS, startServer, type RunningServer } from '../helpers/servers';
import { runBin } from './run-cli';

/**
 * Every option of `scan` against real local servers: what each one changes
 * in what is requested (paths, origins, request headers, TLS) or in the
 * verdict (https, min-grade, framework, overrides), read from the JSON report.
 */

const SOUND: Array<[string, string]> = Object.entries(SOUND_HEADERS);

interface Seen {
  paths: string[];
  cookies: string[];
  inFlight: number;
  maxInFlight: number;
}

function siteHandler(seen: Seen, other?: () => string): http.RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.paths.push(path);
    // scan's Observatory CORS probe (OPTIONS) goes without the user's headers, as a browser's preflight goes without credentials.
    if (req.method !== 'OPTIONS') seen.cookies.push(String(req.headers.cookie ?? ''));
    seen.inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    // A short pause, so pages loaded at once overlap.
    setTimeout(() => {
      seen.inFlight--;
      if (path === '/sitemap.xml') {
        res.setHeader('content-type', 'application/xml');
        res.end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://${req.headers.host}/hidden</loc></url></urlset>`);
        return;
      }
      if (path !== '/legacy/old') for (const [name, value] of SOUND) res.setHeader(name, value);
      res.setHeader('content-type', 'text/html; charset=utf-8');
      const links = ['/docs/a', '/docs/b', '/admin/x', '/legacy/old', '/deep/1', ...(other ? [`${other()}/elsewhere`] : [])];
      const body = path === '/' ? links.map((l) => `<a href="${l}">${l}</a>`).join('') : path === '/deep/1' ? '<a href="/deep/2">2</a>' : '<p>ok</p>';
      res.end(`<!doctype html><title>t</title>${body}`);
    }, 30);
  };
}

const fresh = (): Seen => ({ paths: [], cookies: [], inFlight: 0, maxInFlight: 0 });
let seen: Seen;
let seenOther: Seen;
let site: RunningServer;
let other: RunningServer;
let dir: string;

beforeAll(async () => {
  seen = fresh();
  seenOther = fresh();
  other = await startServer(siteHandler(seenOther));
  site = await startServer(siteHandler(seen, () => other.origin));
  dir = mkdtempSync(join(tmpdir(), 'esh-options-'));
});
afterAll(async () => {
  await site.close();
  await other.close();
});
beforeEach(() => {
  Object.assign(seen, fresh());
  Object.assign(seenOther, fresh());
});

async function run(args: string[], cwd = dir) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env: {}, cwd });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function json(args: string[], cwd = dir): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const r = await run([...args, '--headers-only', '--format', 'json'], cwd);
  if (!r.stdout.startsWith('{')) throw new Error(`no JSON report (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

const keys = (report: JsonReport) => report.pages.map((p) => p.key).sort();

describe('what is requested', () => {
  test('--include and --exclude choose the paths a crawl follows (the start page always)', async () => {
    const only = await json(['scan', site.url('/'), '--crawl', '--include', '/docs/**']);
    // The not-found probe is one per origin, whatever the path filters.
    expect(keys(only.report)).toEqual(['/', '/docs/a', '/docs/b', '/expect-secure-headers-not-found-probe']);
    const without = await json(['scan', site.url('/'), '--crawl', '--exclude', '/docs/**', '--exclude', '/admin/**']);
    expect(keys(without.report)).toEqual(['/', '/deep/1', '/deep/2', '/expect-secure-headers-not-found-probe', '/legacy/old']);
  });

  test('--origins lets a crawl into another origin; by default it stays on the start origin', async () => {
    const home = await json(['scan', site.url('/'), '--crawl']);
    expect(home.report.pages.some((p) => p.url.startsWith(other.origin))).toBe(false);
    expect(seenOther.paths).toEqual([]);
    const both = await json(['scan', site.url('/'), '--crawl', '--origins', `${site.origin},${other.origin}`]);
    expect(both.report.pages.map((p) => p.url)).toContain(`${other.origin}/elsewhere`);
    expect(seenOther.paths).toContain('/elsewhere');
  });

  test('--max-depth 0 visits the start page only; --max-depth 1 stops before /deep/2', async () => {
    expect(keys((await json(['scan', site.url('/'), '--crawl', '--max-depth', '0'])).report)).toEqual(['/', '/expect-secure-headers-not-found-probe']);
    const one = keys((await json(['scan', site.url('/'), '--crawl', '--max-depth', '1'])).report);
    expect(one).toContain('/deep/1');
    expect(one).not.toContain('/deep/2');
  });

  test('--sitemap adds the pages /sitemap.xml lists', async () => {
    expect(keys((await json(['scan', site.url('/'), '--crawl', '--max-depth', '0'])).report)).not.toContain('/hidden');
    expect(keys((await json(['scan', site.url('/'), '--crawl', '--max-depth', '0', '--sitemap'])).report)).toContain('/hidden');
  });

  test('--concurrency 1 loads one page at a time; 4 loads several at once', async () => {
    const urls = ['/docs/a', '/docs/b', '/admin/x', '/deep/1', '/legacy/old'].map((p) => site.url(p));
    await json(['scan', ...urls, '--concurrency', '1']);
    expect(seen.maxInFlight).toBe(1);
    Object.assign(seen, fresh());
    await json(['scan', ...urls, '--concurrency', '4']);
    expect(seen.maxInFlight).toBeGreaterThan(1);
  });

  test('--header sends a request header with every page, with and without --crawl; a malformed one is refused', async () => {
    await json(['scan', site.url('/docs/a'), '--header', 'Cookie: sid=s3cret']);
    expect(seen.cookies).toEqual(['sid=s3cret', 'sid=s3cret']); // the page and the not-found probe
    Object.assign(seen, fresh());
    await json(['scan', site.url('/'), '--crawl', '--max-depth', '1', '--header', 'cookie:sid=two']);
    expect(seen.cookies.length).toBeGreaterThan(3);
    expect(new Set(seen.cookies)).toEqual(new Set(['sid=two']));
    const bad = await run(['scan', site.url('/'), '--header', 'no colon here']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--header must be NAME:VALUE');
    expect(bad.stderr).toContain('"no colon here"');
  });

  test('crawl-only options without --crawl are refused, naming the option', async () => {
    const r = await run(['scan', site.url('/'), '--include', '/docs/**']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--include works with --crawl');
  });
});

describe('--ignore-https-errors: a self-signed staging server', () => {
  let tls: { origin: string; close: () => Promise<void> };
  const tlsCookies: string[] = [];
  beforeAll(async () => {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const server = https.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
      for (const [name, value] of SOUND) res.setHeader(name, value);
      res.setHeader('strict-transport-security', 'max-age=63072000; includeSubDomains');
      res.setHeader('content-type', 'text/html');
      tlsCookies.push(String(req.headers.cookie ?? ''));
      res.end('<!doctype html><title>tls</title><p>tls</p>');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    tls = {
      origin: `https://127.0.0.1:${port}`,
      close: () => new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
    };
  });
  afterAll(() => tls.close());

  test('headers-only: refused without the flag (nothing loaded, exit 2), judged with it', async () => {
    const refused = await run(['scan', `${tls.origin}/`, '--headers-only', '--format', 'json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no page could be loaded');
    const { code, report } = await json(['scan', `${tls.origin}/`, '--ignore-https-errors']);
    expect(report.pages[0]!.status).toBe(200);
    expect(report.pages[0]!.https).toBe(true);
    expect(code).toBe(0);
  });

  test('in Chromium: refused without the flag, loaded with it (and --header reaches the page)', async () => {
    const refused = await run(['scan', `${tls.origin}/`, '--format', 'json', '--timeout', '5000']);
    expect(refused.code).toBe(2);
    tlsCookies.length = 0;
    const ok = await run(['scan', `${tls.origin}/`, '--format', 'json', '--ignore-https-errors', '--header', 'Cookie: sid=browser']);
    const report = JSON.parse(ok.stdout) as JsonReport;
    expect(report.mode).toBe('browser');
    expect(report.pages[0]!.status).toBe(200);
    expect(tlsCookies).toContain('sid=browser');
    expect(ok.code).toBe(0);
  }, 60_000);
});

describe('what the verdict is', () => {
  test('--https judges a plain-http page as served over TLS: HSTS is required, not skipped', async () => {
    const plain = await json(['scan', site.url('/docs/a')]);
    expect(plain.report.pages[0]!.https).toBe(false);
    expect(plain.report.pages[0]!.skipped.map((s) => s.rule)).toContain('hsts');
    const tls = await json(['scan', site.url('/docs/a'), '--https']);
    expect(tls.report.pages[0]!.https).toBe(true);
    expect(tls.report.pages[0]!.findings.map((f) => f.id)).toContain('hsts/missing');
    expect(tls.code).toBe(1);
  });

  test('--min-grade fails a page graded below it, whatever --fail-on says', async () => {
    const low = await json(['scan', site.url('/docs/a'), '--fail-on', 'critical']);
    expect(low.code).toBe(0);
    const graded = await json(['scan', site.url('/docs/a'), '--fail-on', 'critical', '--min-grade', 'A+']);
    expect(graded.report.pages[0]!.findings.find((f) => f.id === 'grade/below-minimum')).toMatchObject({ fails: true, expected: 'A+ or better' });
    expect(graded.code).toBe(1);
    const bad = await run(['scan', site.url('/'), '--min-grade', 'A++']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('A+');
  });

  test('--framework writes the fixes in that framework', async () => {
    const nginx = await json(['scan', site.url('/legacy/old'), '--framework', 'nginx']);
    const fixes = nginx.report.pages[0]!.findings.map((f) => f.fix).join('\n');
    expect(fixes).toContain('add_header');
    const helmet = await json(['scan', site.url('/legacy/old'), '--framework', 'helmet']);
    expect(helmet.report.pages[0]!.findings.map((f) => f.fix).join('\n')).toMatch(/helmet/);
  });

  test('--verbose prints every page in full; without it a long scan is a summary by problem', async () => {
    const urls = Array.from({ length: 12 }, (_, i) => site.url(`/docs/p${i}`)).concat(site.url('/legacy/old'));
    const short = await run(['scan', ...urls, '--headers-only']);
    expect(short.stdout).toMatch(/^Problems \(\d+\)/m);
    expect(short.stdout).toContain('on:       /legacy/old');
    expect(short.stdout).not.toContain(`✓ ${site.url('/docs/p3')}`);
    const full = await run(['scan', ...urls, '--headers-only', '--verbose']);
    expect(full.stdout).not.toMatch(/^Problems/m);
    expect(full.stdout).toContain(`✓ ${site.url('/docs/p3')}`);
    expect(full.stdout.trimEnd().split('\n').at(-1)).toBe('FAIL (exit code 1)');
    expect(full.code).toBe(1);
  });
});

describe('the config file', () => {
  const project = (files: Record<string, string>) => {
    const d = mkdtempSync(join(tmpdir(), 'esh-config-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
    return d;
  };

  test('expect-secure-headers.config.json in the working directory holds the options; the command line wins', async () => {
    const d = project({ 'expect-secure-headers.config.json': JSON.stringify({ urls: [site.url('/legacy/old')], headersOnly: true, format: 'json', failOn: 'critical', ignore: ['csp/*'] }) });
    const r = await run(['scan'], d);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.failOn).toBe('critical');
    expect(report.pages[0]!.findings.some((f) => f.id.startsWith('csp/'))).toBe(false);
    expect(report.pages[0]!.ignored.some((f) => f.id === 'csp/missing')).toBe(true);
    expect(r.code).toBe(0);
    // The command line over the file: another threshold, the lists joined.
    const over = JSON.parse((await run(['scan', '--fail-on', 'medium', '--ignore', 'x-frame-options/missing'], d)).stdout) as JsonReport;
    expect(over.failOn).toBe('medium');
    expect(over.pages[0]!.ignored.map((f) => f.id)).toEqual(expect.arrayContaining(['csp/missing', 'x-frame-options/missing']));
  });

  test('--config names the file; --no-config reads none', async () => {
    const d = project({ 'ci.json': JSON.stringify({ preset: 'strict' }), 'expect-secure-headers.config.json': JSON.stringify({ preset: 'strict', format: 'json' }) });
    const named = await json(['scan', site.url('/docs/a'), '--config', 'ci.json'], d);
    expect(named.report.preset).toBe('strict');
    const none = await run(['scan', site.url('/docs/a'), '--headers-only', '--no-config'], d);
    expect(none.stdout).toContain('preset recommended');
    const missing = await run(['scan', site.url('/'), '--config', 'nope.json'], d);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json (--config) does not exist');
  });

  test('a bad key or value is named, with what was received and a near name', async () => {
    const unknown = project({ 'expect-secure-headers.config.json': JSON.stringify({ maxPage: 3 }) });
    const r1 = await run(['scan', site.url('/')], unknown);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('unknown key "maxPage"');
    expect(r1.stderr).toContain('Did you mean "maxPages"?');
    const badValue = project({ 'expect-secure-headers.config.json': JSON.stringify({ timeout: '5s' }) });
    const r2 = await run(['scan', site.url('/')], badValue);
    expect(r2.stderr).toContain('"timeout" must be a whole number of 1 or more; received string "5s"');
    const badOverride = project({ 'expect-secure-headers.config.json': JSON.stringify({ overrides: [{ path: '/x/**', ignor: [] }] }) });
    const r3 = await run(['scan', site.url('/')], badOverride);
    expect(r3.stderr).toContain('"overrides"[0]: unknown key "ignor"');
    const badId = project({ 'expect-secure-headers.config.json': JSON.stringify({ overrides: [{ path: '/x/**', ignore: ['csp/mising'] }] }) });
    const r4 = await run(['scan', site.url('/'), '--headers-only'], badId);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toContain('csp/mising');
    const notJson = project({ 'expect-secure-headers.config.json': '{ preset: strict' });
    expect((await run(['scan', site.url('/')], notJson)).stderr).toContain('is not valid JSON');
  });

  test('per-path overrides judge matching pages with their own ignore list and threshold', async () => {
    const d = project({
      'expect-secure-headers.config.json': JSON.stringify({
        overrides: [{ path: '/legacy/**', ignore: ['csp/*', 'x-frame-options/*'], failOn: 'none' }],
      }),
    });
    const { code, report } = await json(['scan', site.url('/legacy/old'), site.url('/docs/a')], d);
    const legacy = report.pages.find((p) => p.key === '/legacy/old')!;
    expect(legacy.findings.some((f) => f.id.startsWith('csp/'))).toBe(false);
    expect(legacy.ignored.some((f) => f.id === 'csp/missing')).toBe(true);
    expect(legacy.fails).toBe(false);
    expect(code).toBe(0);
    // Without the override the same page fails.
    const plain = await json(['scan', site.url('/legacy/old')], mkdtempSync(join(tmpdir(), 'esh-none-')));
    expect(plain.code).toBe(1);
  });

  test('an .mjs config (default export) is read by the real executable', async () => {
    const d = project({
      'expect-secure-headers.config.mjs': `export default { urls: [${JSON.stringify(site.url('/docs/a'))}], headersOnly: true, format: 'json', preset: 'strict' };`,
    });
    const r = await runBin(['scan'], { cwd: d });
    expect((JSON.parse(r.stdout) as JsonReport).preset).toBe('strict');
    const both = project({ 'expect-secure-headers.config.mjs': 'export default {}', 'expect-secure-headers.config.json': '{}' });
    const clash = await runBin(['scan', site.url('/')], { cwd: both });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('keep one');
  });

  test('no URL anywhere is a usage error that says where to put one', async () => {
    const r = await run(['scan'], mkdtempSync(join(tmpdir(), 'esh-empty-')));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('scan needs at least one URL');
  });
});

describe('SARIF placement', () => {
  interface Sarif {
    runs: Array<{ automationDetails: { id: string }; results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
  }
  const repo = () => {
    const d = mkdtempSync(join(tmpdir(), 'esh-repo-'));
    mkdirSync(join(d, '.git'));
    mkdirSync(join(d, 'app', 'config'), { recursive: true });
    writeFileSync(join(d, 'app', 'config', 'headers.js'), "module.exports = {\n  'Content-Security-Policy': \"default-src 'self'\",\n};\n");
    return d;
  };

  test('--sarif-file-for places results in that file, named from the repository root; --sarif-category names the run', async () => {
    const d = repo();
    const r = await run(['scan', site.url('/legacy/old'), '--headers-only', '--format', 'sarif', '--sarif-file-for', 'config/headers.js', '--sarif-category', 'legacy-site'], join(d, 'app'));
    const log = JSON.parse(r.stdout) as Sarif;
    const csp = log.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation);
    expect(new Set(csp.map((l) => l.artifactLocation.uri))).toEqual(new Set(['app/config/headers.js']));
    expect(csp.some((l) => l.region.startLine === 2)).toBe(true); // the CSP line
    expect(log.runs[0]!.automationDetails.id).toMatch(/^legacy-site\//);
    expect(r.stderr).not.toContain('cannot show');
  });

  test('without --sarif-file-for the baseline is the file; with neither, a warning says what to pass', async () => {
    const d = repo();
    await run(['scan', site.url('/legacy/old'), '--headers-only', '--baseline', 'baseline.json', '--update-baseline'], d);
    const placed = JSON.parse((await run(['scan', site.url('/legacy/old'), '--headers-only', '--format', 'sarif', '--baseline', 'baseline.json'], d)).stdout) as Sarif;
    const lines = readFileSync(join(d, 'baseline.json'), 'utf8').split('\n');
    for (const result of placed.runs[0]!.results) {
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      expect(artifactLocation.uri).toBe('baseline.json');
      expect(lines[region.startLine - 1]).toMatch(/^ {8}"/);
    }
    const bare = await run(['scan', site.url('/legacy/old'), '--headers-only', '--format', 'sarif'], d);
    expect(bare.stderr).toContain('--sarif-file-for');
    const missing = await run(['scan', site.url('/legacy/old'), '--headers-only', '--format', 'sarif', '--sarif-file-for', 'nope.js'], d);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.js does not exist');
  });
});

test('every option of scan is exercised by a test in test/cli or test/report', () => {
  const program = buildProgram({ stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: dir }, async () => undefined);
  const scan = program.commands.find((c) => c.name() === 'scan')!;
  const flags = scan.options.map((o) => o.long!).filter((f) => f !== '--help');
  expect(flags.length).toBeGreaterThan(25);
  const sources = ['cli', 'report']
    .flatMap((folder) => readdirSync(join(__dirname, '..', folder)).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(__dirname, '..', folder, f), 'utf8')))
    .join('\n');
  const untested = flags.filter((flag) => !sources.includes(`'${flag}'`));
  expect(untested).toEqual([]);
});
