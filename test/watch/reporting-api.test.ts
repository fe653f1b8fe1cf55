import { fromReportBody, fromReportingApiReport } from '../../src/browser/sources';

/**
 * What Chromium's DevTools announces when a page queues a Reporting API
 * report (Network.reportingApiReportAdded, recorded from Chromium 156 against
 * a page with `img-src 'self'; report-to main`), and the same body as a
 * `report-to` endpoint receives it, become the same sighting.
 */

const DOC = 'http://127.0.0.1:42765/page.html';
const announced = {
  id: '18507C2F5B09D982C9D02A0894AEE96C',
  initiatorUrl: DOC,
  destination: 'main',
  type: 'csp-violation',
  timestamp: 1796168783.204437,
  depth: 0,
  completedAttempts: 0,
  body: {
    blockedURL: 'http://localhost:1/x.png',
    columnNumber: 66,
    disposition: 'enforce',
    documentURL: DOC,
    effectiveDirective: 'img-src',
    lineNumber: 1,
    originalPolicy: "img-src 'self'; report-to main",
    referrer: '',
    sample: '',
    sourceFile: DOC,
    statusCode: 200,
  },
  status: 'Queued',
};

test('an announced csp-violation report is a reporting-api sighting with document, location and policy', () => {
  expect(fromReportingApiReport(announced, 'reporting-api')).toEqual({
    source: 'reporting-api',
    documentURL: DOC,
    scope: 'document',
    directive: 'img-src',
    blockedURI: 'http://localhost:1/x.png',
    disposition: 'enforce',
    location: { file: DOC, line: 1, column: 66 },
    policy: "img-src 'self'; report-to main",
  });
  // Delivered to the endpoint, the same report is the 'report' channel's, field for field.
  const [delivered] = fromReportBody(JSON.stringify([{ type: 'csp-violation', age: 10, url: DOC, user_agent: 'x', body: announced.body }]));
  expect({ ...delivered, source: 'reporting-api' }).toEqual(fromReportingApiReport(announced, 'reporting-api'));
});

test('other report types and malformed reports are not CSP violations', () => {
  const reportOnly = { ...announced, body: { ...announced.body, disposition: 'report' } };
  expect(fromReportingApiReport(reportOnly, 'reporting-api')?.disposition).toBe('report');
  for (const junk of [null, undefined, 1, 'x', {}, { ...announced, type: 'deprecation' }, { ...announced, body: null }, { ...announced, body: { blockedURL: 'x' } }]) {
    expect(fromReportingApiReport(junk, 'reporting-api')).toBeUndefined();
  }
});
