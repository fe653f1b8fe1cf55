/**
 * Real responses from real servers on 127.0.0.1: our score from the headers as
 * received, against the Observatory's analyzer fed by its own HTTP client
 * (axios) fetching the same URL.
 */
import http from 'node:http';
import { auditHeaderSet, auditHeaders, validateAuditOptions } from '../../src/audit';
import { createHeaderSet } from '../../src/response/header-set';
import { observatoryCorsProbe } from '../../src/score/probe';
import type { ObservatoryResult, RedirectHop } from '../../src/score/types';
import { startHelmetApp } from '../helpers/apps';
import { startHeaderServer, startServer as startServerFn, type RunningServer } from '../helpers/servers';
import { runOracleAsync, type OracleResult } from './oracle';

interface Fetched {
  fields: Array<[string, string]>;
  body: string;
  status: number;
}

/** GET with node's http client, keeping every field as sent. */
function get(url: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => {
          const fields: Array<[string, string]> = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) fields.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
          resolve({ fields, body, status: res.statusCode ?? 0 });
        });
      })
      .on('error', reject);
  });
}

function summary(r: ObservatoryResult | OracleResult) {
  const tests = Array.isArray(r.tests)
    ? Object.fromEntries(r.tests.map((t) => [t.name, t.result]))
    : Object.fromEntries(Object.entries(r.tests).map(([name, t]) => [name, t.result]));
  return { score: r.score, grade: r.grade, tests };
}

interface Scenario {
  server: () => RunningServer;
  path: string;
  https: boolean;
  withBody: boolean;
  redirects?: RedirectHop[];
  /** The oracle sends the scanner's own CORS probe (OPTIONS) to the page. */
  probe?: boolean;
}

/**
 * Scores every scenario both ways. The oracle runs once for all of them (it
 * is a child process that loads the Observatory and jsdom, slow to start).
 */
async function scoreAll(scenarios: Scenario[]) {
  const ours: ObservatoryResult[] = [];
  const cases = [];
  for (const { server, path, https, withBody, redirects, probe } of scenarios) {
    const url = server().url(path);
    const page = await get(url);
    // The audit as users call it (auditHeaders = auditHeaderSet(toHeaderSet(res), validateAuditOptions(options))), html and redirects as options.
    const headers = createHeaderSet(page.fields, { url, status: page.status });
    // With probe, ours gets the scanner's CORS answer the way the scanner gets it: an OPTIONS probe with its Origin.
    const corsProbe = probe ? await observatoryCorsProbe(url) : undefined;
    const options = validateAuditOptions({ https, ...(withBody ? { html: page.body } : {}), ...(redirects ? { redirects } : {}), ...(corsProbe ? { corsProbe } : {}) });
    ours.push(auditHeaderSet(headers, options).observatory);
    cases.push({ fetch: url, fields: [] as [], https, host: '127.0.0.1', ...(withBody ? { html: true as const } : {}), ...(redirects ? { redirects } : {}), ...(probe ? { probe: true as const } : {}) });
  }
  const theirs = await runOracleAsync(cases);
  return scenarios.map((_, i) => ({ ours: ours[i]!, theirs: theirs[i]! }));
}

const STRONG: Array<[string, string]> = [
  ['Content-Security-Policy', "default-src 'none'; img-src 'self'; frame-ancestors 'none'; form-action 'self'"],
  ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains; preload'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Set-Cookie', '__Host-session=abc; Path=/; Secure; HttpOnly; SameSite=Strict'],
];

describe('scoreHeaders on real responses from 127.0.0.1', () => {
  let strong: RunningServer;
  let weak: RunningServer;

  beforeAll(async () => {
    strong = await startHeaderServer(STRONG, {
      '/two-csp': [...STRONG.filter(([n]) => n !== 'Content-Security-Policy'), ['Content-Security-Policy', "default-src 'self'"], ['Content-Security-Policy', "script-src 'self' 'unsafe-inline'"]],
    });
    weak = await startHeaderServer([
      ['Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'"],
      ['Set-Cookie', 'sessionid=1; Path=/'],
      ['Set-Cookie', 'csrftoken=2; Path=/'],
      ['Referrer-Policy', 'unsafe-url'],
      ['Access-Control-Allow-Origin', 'https://http-observatory.security.mozilla.org'],
      ['Access-Control-Allow-Credentials', 'true'],
    ]);
  });
  afterAll(async () => {
    await Promise.all([strong.close(), weak.close()]);
  });

  const scenarios: Scenario[] = [
    { server: () => strong, path: '/', https: true, withBody: false },
    { server: () => strong, path: '/', https: false, withBody: false },
    { server: () => strong, path: '/two-csp', https: true, withBody: false },
    { server: () => weak, path: '/', https: true, withBody: true },
    { server: () => weak, path: '/', https: false, withBody: true },
  ];
  let scored: Array<{ ours: ObservatoryResult; theirs: OracleResult }>;
  beforeAll(async () => {
    scored = await scoreAll(scenarios);
  }, 120000);

  it('grades a hardened app declared https A+ (score over 100), as the Observatory does', () => {
    const { ours, theirs } = scored[0]!;
    expect(summary(ours)).toEqual(summary(theirs));
    expect(ours.grade).toBe('A+');
    // 100 + CSP default-src 'none' 10 + cookies 5 + referrer 5 + frame-ancestors 5 + CORP 10
    expect(ours.score).toBe(135);
    expect(ours.tests.find((t) => t.name === 'redirection')).toMatchObject({ assumed: true, result: 'redirection-to-https' });
    expect(ours.tests.find((t) => t.name === 'subresource-integrity')).toMatchObject({ notTested: true });
  });

  it('caps the same app at C+ over plain http: no HSTS, no redirect to https', () => {
    const { ours, theirs } = scored[1]!;
    expect(summary(ours)).toEqual(summary(theirs));
    expect(ours).toMatchObject({ score: 60, grade: 'C+' });
    expect(ours.tests.find((t) => t.name === 'strict-transport-security')?.result).toBe('hsts-not-implemented-no-https');
    expect(ours.tests.find((t) => t.name === 'redirection')?.result).toBe('redirection-missing');
  });

  it('reads two CSP fields as the Observatory receives them (joined by a comma)', () => {
    const { ours, theirs } = scored[2]!;
    expect(summary(ours)).toEqual(summary(theirs));
  });

  it('fails a weak app the same way', () => {
    for (const { ours, theirs } of scored.slice(3, 5)) {
      expect(summary(ours)).toEqual(summary(theirs));
      expect(ours.grade).toBe('F');
    }
  });
});

describe('Express 5 with helmet 8 defaults', () => {
  let app: RunningServer;
  const pages: Array<[string, boolean]> = [
    ['/', true],
    ['/', false],
    ['/login', true],
    ['/login', false],
  ];
  let scored: Array<{ ours: ObservatoryResult; theirs: OracleResult }>;
  beforeAll(async () => {
    app = await startHelmetApp();
    scored = await scoreAll(pages.map(([path, https]) => ({ server: () => app, path, https, withBody: true })));
  }, 120000);
  afterAll(() => app.close());

  it.each(pages.map((p, i) => [...p, i] as const))('scores %s (https %s) like the Observatory, body included', (_path, _https, i) => {
    const { ours, theirs } = scored[i]!;
    expect(summary(ours)).toEqual(summary(theirs));
  });

  it("grades helmet's defaults A+ over https (120): style-src 'unsafe-inline' costs the CSP bonus, the rest earns bonuses", () => {
    const { ours } = scored[0]!;
    const byName = Object.fromEntries(ours.tests.map((t) => [t.name, t.result]));
    expect(byName['content-security-policy']).toBe('csp-implemented-with-unsafe-inline-in-style-src-only');
    expect(byName['x-frame-options']).toBe('x-frame-options-implemented-via-csp');
    expect(byName['cross-origin-resource-policy']).toBe('corp-implemented-with-same-origin');
    expect(ours).toMatchObject({ score: 120, grade: 'A+' });
  });
});

describe('what the scanner gives where a response alone cannot say', () => {
  let reflecting: RunningServer;
  let metaPage: RunningServer;
  let scored: Array<{ ours: ObservatoryResult; theirs: OracleResult }>;
  const chain: RedirectHop[] = [
    { url: 'http://127.0.0.1/', status: 301 },
    { url: 'http://www.127.0.0.1.example/', status: 302 },
    { url: 'https://www.127.0.0.1.example/', status: 200 },
  ];
  beforeAll(async () => {
    // Reflects any Origin with credentials, on GET and on the OPTIONS preflight.
    reflecting = await startServerFn((req, res) => {
      res.setHeader('Content-Type', 'text/html');
      if (req.headers.origin) {
        res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
        res.setHeader('Access-Control-Allow-Credentials', 'true');
      }
      res.end('<!doctype html><p>ok');
    });
    // The policies live in meta tags; the scripts carry SRI.
    metaPage = await startServerFn((_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Strict-Transport-Security', 'max-age=31536000');
      res.end(
        `<!doctype html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src https://cdn.other.example; frame-ancestors 'none'">` +
          `<meta name="referrer" content="no-referrer"></head><body><script src="https://cdn.other.example/a.js" integrity="sha384-abc" crossorigin="anonymous"></script></body>`,
      );
    });
    scored = await scoreAll([
      { server: () => reflecting, path: '/', https: true, withBody: false, probe: true },
      { server: () => metaPage, path: '/', https: true, withBody: true },
      { server: () => metaPage, path: '/', https: true, withBody: true, redirects: chain },
    ]);
  }, 120000);
  afterAll(async () => {
    await Promise.all([reflecting.close(), metaPage.close()]);
  });

  it("CORS: the scanner's own OPTIONS probe to a server reflecting its Origin with credentials gives restricted access, and so do we", () => {
    const { ours, theirs } = scored[0]!;
    expect(summary(ours)).toEqual(summary(theirs));
    expect(theirs.tests['cross-origin-resource-sharing']!.result).toBe('cross-origin-resource-sharing-implemented-with-restricted-access');
    // Without the probe's answer the page's own GET (no Origin sent) shows no CORS at all.
    expect(scored[1]!.ours.tests.find((t) => t.name === 'cross-origin-resource-sharing')!.result).toBe('cross-origin-resource-sharing-not-implemented');
  });

  it('CORS: the header rules still catch that server (cors/reflected-origin) when the request Origin is known', async () => {
    const res = await fetch(reflecting.url(), { headers: { origin: 'https://evil.example' } });
    const report = auditHeaders(res, { https: true, requestOrigin: 'https://evil.example' });
    expect(report.failures.map((f) => f.id)).toContain('cors/reflected-origin');
  });

  it('meta CSP, meta Referrer-Policy and SRI count through auditHeaders({ html }) as in the scanner', () => {
    const { ours, theirs } = scored[1]!;
    expect(summary(ours)).toEqual(summary(theirs));
    const byName = Object.fromEntries(ours.tests.map((t) => [t.name, t.result]));
    expect(byName['content-security-policy']).toBe('csp-implemented-with-no-unsafe-default-src-none');
    expect(byName['referrer-policy']).toBe('referrer-policy-private');
    expect(byName['subresource-integrity']).toBe('sri-implemented-and-external-scripts-loaded-securely');
    // Browsers ignore frame-ancestors in a meta policy; the 1.4.8 scanner still counts it for its framing test.
    expect(byName['x-frame-options']).toBe('x-frame-options-implemented-via-csp');
  });

  it('a redirect chain passed to auditHeaders is judged as the scanner judges it', () => {
    const { ours, theirs } = scored[2]!;
    expect(summary(ours)).toEqual(summary(theirs));
    expect(ours.tests.find((t) => t.name === 'redirection')).toMatchObject({ result: 'redirection-not-to-https-on-initial-redirection' });
    expect(ours.tests.find((t) => t.name === 'redirection')!.assumed).toBeUndefined();
  });

  it('the report says what could not be judged and which algorithm scored it', () => {
    const withoutChain = scored[1]!.ours;
    expect(withoutChain.algorithm.version).toBe(4);
    expect(withoutChain.notJudged.join('\n')).toMatch(/certificate/);
    expect(withoutChain.notJudged.join('\n')).toMatch(/redirect chain: not given/);
    expect(scored[2]!.ours.notJudged.join('\n')).not.toMatch(/redirect chain/);
  });
});
