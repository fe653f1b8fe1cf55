import { checkReporting, isPotentiallyTrustworthy, readReportingEndpoints, reportingRule } from '../../src/rules/reporting';
import { createHeaderSet } from '../../src/response/header-set';
import { fetchHeaderSet, idsOf, ruleContext, startHelmetApp, testRuleOnServer } from '../helpers/apps';

const RE = 'Reporting-Endpoints';
const CSP = 'Content-Security-Policy';
const CSPRO = 'Content-Security-Policy-Report-Only';

describe('Reporting-Endpoints, Report-To and the names that use them, on real responses', () => {
  testRuleOnServer(reportingRule, [
    { name: 'report-to with its endpoint defined', fields: [[RE, 'csp="https://r.example/csp"'], [CSP, "default-src 'self'; report-to csp"]], expected: [] },
    { name: 'report-to nowhere (enforced policy): low', fields: [[CSP, "default-src 'self'; report-to nowhere"]], expected: ['reporting/endpoint-undefined:low'] },
    { name: 'report-to nowhere in a report-only policy: medium, it is all the policy does', fields: [[CSPRO, "default-src 'self'; report-to nowhere"]], expected: ['reporting/endpoint-undefined:medium'] },
    { name: 'a name defined for another purpose does not count', fields: [[RE, 'coop="https://r.example/coop"'], [CSP, "default-src 'self'; report-to csp"]], expected: ['reporting/endpoint-undefined:low'] },
    { name: 'http endpoint is dropped by browsers', fields: [[RE, 'csp="http://reports.example.com/csp"'], [CSP, "default-src 'self'; report-to csp"]], expected: ['reporting/endpoint-insecure:low'] },
    { name: 'relative endpoint on a loopback page is trustworthy', fields: [[RE, 'csp="/csp-reports"'], [CSP, "default-src 'self'; report-to csp"]], expected: [] },
    { name: 'two Reporting-Endpoints fields are one dictionary', fields: [[RE, 'a="https://r.example/a"'], [RE, 'b="https://r.example/b"'], [CSP, "default-src 'self'; report-to b"]], expected: [] },
    { name: 'Reporting-Endpoints that does not parse', fields: [[RE, 'csp=https://r.example/csp'], [CSP, "default-src 'self'; report-to csp"]], expected: ['reporting/endpoints-invalid:low', 'reporting/endpoint-undefined:low'] },
    { name: 'a member that is a token, not a string', fields: [[RE, 'csp=abc, ok="https://r.example/"'], [CSP, "default-src 'self'; report-to ok"]], expected: ['reporting/endpoints-invalid:low'] },
    { name: 'report-uri alone is advice to add report-to', fields: [[CSP, "default-src 'self'; report-uri /csp"]], expected: ['reporting/report-uri-only:info'] },
    { name: 'report-uri with report-to is fine', fields: [[RE, 'csp="https://r.example/csp"'], [CSP, "default-src 'self'; report-uri /csp; report-to csp"]], expected: [] },
    {
      name: 'deprecated Report-To: its groups still name endpoints, with advice to move',
      fields: [['Report-To', '{"group":"csp","max_age":10886400,"endpoints":[{"url":"https://r.example/csp"}]}'], [CSP, "default-src 'self'; report-to csp"]],
      expected: ['reporting/report-to-deprecated:info'],
    },
    { name: 'Report-To that is not JSON', fields: [['Report-To', 'csp https://r.example']], expected: ['reporting/report-to-invalid:low', 'reporting/report-to-deprecated:info'] },
    { name: 'Report-To with an http endpoint', fields: [['Report-To', '{"max_age":1,"endpoints":[{"url":"http://r.example/"}]}']], expected: ['reporting/endpoint-insecure:low', 'reporting/report-to-deprecated:info'] },
    {
      name: 'COOP and COEP report-to parameters are checked',
      fields: [[RE, 'coop="https://r.example/coop"'], ['Cross-Origin-Opener-Policy', 'same-origin; report-to="coop"'], ['Cross-Origin-Embedder-Policy', 'require-corp; report-to="coep"']],
      expected: ['reporting/endpoint-undefined:low'],
    },
    { name: 'COOP-Report-Only reporting nowhere: medium', fields: [['Cross-Origin-Opener-Policy-Report-Only', 'same-origin; report-to="coop"']], expected: ['reporting/endpoint-undefined:medium'] },
    { name: 'Integrity-Policy endpoints are checked', fields: [['Integrity-Policy', 'blocked-destinations=(script), endpoints=(ip other)'], [RE, 'ip="https://r.example/ip"']], expected: ['reporting/endpoint-undefined:low'] },
    { name: 'Permissions-Policy report-to parameter', fields: [['Permissions-Policy', 'camera=();report-to=pp']], expected: ['reporting/endpoint-undefined:low'] },
    { name: 'Document-Isolation-Policy report-to parameter', fields: [['Document-Isolation-Policy', 'isolate-and-credentialless;report-to="dip"'], [RE, 'dip="https://r.example/dip"']], expected: [] },
  ]);
});

describe('a real helmet app with report-to in its CSP', () => {
  test('helmet sends report-to with no Reporting-Endpoints: the reports go nowhere; adding the header fixes it', async () => {
    const csp = { directives: { 'default-src': ["'self'"], 'report-to': 'csp-endpoint' } };
    const broken = await startHelmetApp({ helmet: { contentSecurityPolicy: csp } });
    const fixed = await startHelmetApp({
      helmet: { contentSecurityPolicy: csp },
      configure: (app) => app.use((_req, res, next) => (res.setHeader('Reporting-Endpoints', 'csp-endpoint="https://reports.example.com/csp"'), next())),
    });
    try {
      const headers = await fetchHeaderSet(broken.url());
      const findings = checkReporting(headers, ruleContext({ framework: 'helmet' }));
      expect(idsOf(findings)).toEqual(['reporting/endpoint-undefined:low']);
      expect(findings[0]!.directive).toBe('csp-endpoint');
      expect(idsOf(checkReporting(await fetchHeaderSet(fixed.url()), ruleContext()))).toEqual([]);
    } finally {
      await broken.close();
      await fixed.close();
    }
  });
});

describe('readReportingEndpoints and isPotentiallyTrustworthy', () => {
  test('reads both headers', () => {
    const h = createHeaderSet([
      ['reporting-endpoints', 'a="https://x.example/a", b="/b"'],
      ['report-to', '{"group":"g","max_age":1,"endpoints":[{"url":"https://x.example/g"},{"url":"https://y.example/g"}]}, {"max_age":2,"endpoints":[{"url":"https://x.example/d"}]}'],
    ]);
    expect(readReportingEndpoints(h).endpoints.map((e) => `${e.header}:${e.name}=${e.url}`)).toEqual([
      'reporting-endpoints:a=https://x.example/a',
      'reporting-endpoints:b=/b',
      'report-to:g=https://x.example/g',
      'report-to:g=https://y.example/g',
      'report-to:default=https://x.example/d',
    ]);
  });

  test.each([
    ['https://a.example/', true],
    ['wss://a.example/', true],
    ['http://localhost:3000/', true],
    ['http://api.localhost/', true],
    ['http://127.8.0.1/', true],
    ['http://[::1]/', true],
    ['http://a.example/', false],
    ['http://10.0.0.1/', false],
    ['ftp://a.example/', false],
  ])('%s potentially trustworthy: %s', (url, expected) => {
    expect(isPotentiallyTrustworthy(new URL(url))).toBe(expected);
  });
});
