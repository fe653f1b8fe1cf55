import fc from 'fast-check';
import { createHeaderSet } from '../../src/response/header-set';
import { FINDING_IDS, RULES } from '../../src/rules';
import { RESPONSE_KINDS, SEVERITIES } from '../../src/types';
import type { RunningServer } from '../helpers/servers';
import { startHeaderServer } from '../helpers/servers';
import { fetchHeaderSet, ruleContext, runRule } from '../helpers/apps';

const OURS = RULES.filter((r) => r.name !== 'csp');
const HEADERS = [
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'content-security-policy',
  'referrer-policy',
  'permissions-policy',
  'feature-policy',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
  'set-cookie',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'server',
  'x-powered-by',
  'x-xss-protection',
  'reporting-endpoints',
  'report-to',
  'content-security-policy-report-only',
  'integrity-policy',
  'integrity-policy-report-only',
  'permissions-policy-report-only',
  'cross-origin-opener-policy-report-only',
  'cross-origin-embedder-policy-report-only',
  'document-policy',
  'document-isolation-policy',
  'cache-control',
  'vary',
  'clear-site-data',
  'x-dns-prefetch-control',
  'x-permitted-cross-domain-policies',
];

test('ids are unique, kebab-case and prefixed by their rule', () => {
  expect(new Set(FINDING_IDS).size).toBe(FINDING_IDS.length);
  const names = new Set(RULES.map((r) => r.name));
  for (const id of FINDING_IDS) {
    expect(id).toMatch(/^[a-z-]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(names).toContain(id.split('/')[0]);
  }
});

test('rules come in a stable order, HSTS first, CSP second', () => {
  expect(RULES.map((r) => r.name)).toEqual([
    'hsts',
    'csp',
    'x-content-type-options',
    'x-frame-options',
    'referrer-policy',
    'permissions-policy',
    'cross-origin',
    'cookies',
    'cors',
    'disclosure',
    'deprecated',
    'reporting',
    'integrity-policy',
    'report-only',
    'document-policy',
    'cache-control',
    'clear-site-data',
    'x-dns-prefetch-control',
    'x-permitted-cross-domain-policies',
  ]);
});

// Header values a server could send: printable ASCII with the separators the parsers care about.
const headerValue = fc.stringMatching(/^[ -~]{0,60}$/).map((s) => s.trim());
const fieldsArb = fc.array(fc.tuple(fc.constantFrom(...HEADERS), headerValue), { maxLength: 8 });
const contextArb = fc.record({
  level: fc.constantFrom('recommended' as const, 'strict' as const),
  https: fc.boolean(),
  crossOriginIsolation: fc.boolean(),
  requestOrigin: fc.option(fc.constantFrom('https://evil.example', 'null'), { nil: undefined }),
  framework: fc.option(fc.constantFrom('helmet' as const, 'flask-talisman' as const, 'nginx' as const, 'header' as const), { nil: undefined }),
  kind: fc.constantFrom(...RESPONSE_KINDS),
  kindReason: fc.constant('a generated context'),
  html: fc.option(fc.constantFrom('<script src="/a.js" integrity="sha384-x"></script>', '<p>'), { nil: undefined }),
  logoutPaths: fc.option(fc.constant(['/', '/logout*']), { nil: undefined }),
});

test('nothing a server sends makes a rule throw, and every finding is well-formed with a listed id', () => {
  fc.assert(
    fc.property(fieldsArb, contextArb, (fields, context) => {
      const headers = createHeaderSet(fields);
      for (const rule of OURS) {
        for (const f of runRule(rule, headers, context)) {
          expect(FINDING_IDS).toContain(f.id);
          expect(SEVERITIES).toContain(f.severity);
          expect(f.header).toBe(f.header.toLowerCase());
          expect(f.fix.length).toBeGreaterThan(0);
          expect(f.expected.length).toBeGreaterThan(0);
          expect(f.message.length).toBeGreaterThan(0);
        }
      }
    }),
    { numRuns: 400 },
  );
});

describe('the same random headers, sent by a real server', () => {
  let server: RunningServer;
  const samples = fc.sample(fc.array(fc.tuple(fc.constantFrom(...HEADERS), fc.stringMatching(/^[!-~][ -~]{0,40}[!-~]$/)), { maxLength: 6 }), { numRuns: 25, seed: 42 });
  beforeAll(async () => {
    const routes: Record<string, Array<[string, string]>> = {};
    samples.forEach((fields, i) => {
      routes[`/${i}`] = fields;
    });
    server = await startHeaderServer([], routes);
  });
  afterAll(() => server.close());

  test('rules read fetched responses without throwing, only listed ids', async () => {
    for (let i = 0; i < samples.length; i++) {
      const headers = await fetchHeaderSet(server.url(`/${i}`));
      for (const level of ['recommended', 'strict'] as const) {
        for (const rule of OURS) for (const f of runRule(rule, headers, ruleContext({ level }))) expect(FINDING_IDS).toContain(f.id);
      }
    }
  });
});
