/**
 * Real responses from real servers on 127.0.0.1: our score from the headers as
 * received, against the Observatory's analyzer fed by its own HTTP client
 * (axios) fetching the same URL.
 */
import http from 'node:http';
import { createHeaderSet } from '../../src/response/header-set';
import { scoreHeaders } from '../../src/score/score';
import type { ObservatoryResult } from '../../src/score/types';
import { startHelmetApp } from '../helpers/apps';
import { startHeaderServer, type RunningServer } from '../helpers/servers';
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
}

/**
 * Scores every scenario both ways. The oracle runs once for all of them (it
 * is a child process that loads the Observatory and jsdom, slow to start).
 */
async function scoreAll(scenarios: Scenario[]) {
  const ours: ObservatoryResult[] = [];
  const cases = [];
  for (const { server, path, https, withBody } of scenarios) {
    const url = server().url(path);
    const page = await get(url);
    const headers = createHeaderSet(page.fields, { url, status: page.status });
    ours.push(scoreHeaders(headers, { https, ...(withBody ? { html: page.body } : {}) }));
    cases.push({ fetch: url, fields: [] as [], https, host: '127.0.0.1', ...(withBody ? { html: true as const } : {}) });
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
