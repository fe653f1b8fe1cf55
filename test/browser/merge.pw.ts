import { expect, test } from '@playwright/test';
import { fromCdpIssue, fromEvent, fromReportBody, isReportRequest } from '../../src/browser/sources';
import { ViolationStore } from '../../src/browser/store';

/**
 * The pure parts of capture, no browser: what each channel delivers becomes
 * the same Observation, and the store merges sightings of one violation.
 * Inputs are messages recorded from Chromium 156 (the Reporting API array is
 * the shape the CSP3 spec gives; Chromium sends it from outside the page).
 */

const DOC = 'http://127.0.0.1:4000/';
const eventPayload = {
  blockedURI: 'http://localhost:1/x.png',
  effectiveDirective: 'img-src',
  violatedDirective: 'img-src',
  disposition: 'enforce',
  sourceFile: DOC,
  lineNumber: 1,
  columnNumber: 138,
  sample: '',
  documentURI: DOC,
  originalPolicy: "default-src 'self'",
};
const cdpIssue = {
  code: 'ContentSecurityPolicyIssue',
  details: {
    contentSecurityPolicyIssueDetails: {
      blockedURL: 'http://localhost:1/x.png',
      violatedDirective: 'img-src',
      isReportOnly: false,
      contentSecurityPolicyViolationType: 'kURLViolation',
      sourceCodeLocation: { url: DOC, lineNumber: 0, columnNumber: 137 },
    },
  },
};
const cspReport = JSON.stringify({
  'csp-report': {
    'document-uri': DOC,
    referrer: '',
    'violated-directive': 'img-src',
    'effective-directive': 'img-src',
    'original-policy': "default-src 'self'; report-uri /r",
    disposition: 'enforce',
    'blocked-uri': 'http://localhost:1/x.png',
    'line-number': 1,
    'column-number': 138,
    'source-file': DOC,
    'status-code': 200,
    'script-sample': '',
  },
});

test('the three channels describe one violation alike (CDP locations made 1-based)', () => {
  const e = fromEvent(eventPayload)!;
  const c = fromCdpIssue(cdpIssue, { scope: 'document' })!;
  const [r] = fromReportBody(cspReport);
  for (const o of [e, c, r!]) {
    expect(o).toMatchObject({ directive: 'img-src', blockedURI: 'http://localhost:1/x.png', disposition: 'enforce', location: { file: DOC, line: 1, column: 138 } });
  }
  expect(c.documentURL).toBeUndefined();
  expect([e.source, c.source, r!.source]).toEqual(['event', 'cdp', 'report']);
});

test('CDP violation types without a URL become inline / eval / wasm-eval; report-only is disposition report', () => {
  const issue = (type: string, reportOnly = false): unknown => ({
    code: 'ContentSecurityPolicyIssue',
    details: { contentSecurityPolicyIssueDetails: { violatedDirective: 'script-src', isReportOnly: reportOnly, contentSecurityPolicyViolationType: type } },
  });
  expect(fromCdpIssue(issue('kInlineViolation'), { scope: 'document' })?.blockedURI).toBe('inline');
  expect(fromCdpIssue(issue('kEvalViolation'), { scope: 'worker', documentURL: 'http://a/w.js' })).toMatchObject({ blockedURI: 'eval', scope: 'worker', documentURL: 'http://a/w.js' });
  expect(fromCdpIssue(issue('kWasmEvalViolation', true), { scope: 'document' })).toMatchObject({ blockedURI: 'wasm-eval', disposition: 'report' });
  expect(fromCdpIssue({ code: 'MixedContentIssue', details: {} }, { scope: 'document' })).toBeUndefined();
  expect(fromCdpIssue(null, { scope: 'document' })).toBeUndefined();
});

test('report bodies: report-uri and Reporting API arrays; anything else gives nothing', () => {
  const reportTo = JSON.stringify([
    { type: 'deprecation', body: {} },
    {
      type: 'csp-violation',
      url: DOC,
      body: { documentURL: DOC, blockedURL: 'inline', effectiveDirective: 'style-src-attr', disposition: 'report', originalPolicy: "style-src 'self'", sourceFile: DOC, lineNumber: 3, columnNumber: 9, sample: 'color: red' },
    },
  ]);
  expect(fromReportBody(reportTo)).toEqual([
    {
      source: 'report',
      documentURL: DOC,
      scope: 'document',
      directive: 'style-src-attr',
      blockedURI: 'inline',
      disposition: 'report',
      location: { file: DOC, line: 3, column: 9 },
      sample: 'color: red',
      policy: "style-src 'self'",
    },
  ]);
  for (const junk of ['', 'not json', '{}', '[1,2]', '{"csp-report": "x"}', '{"csp-report": {}}', null, undefined]) expect(fromReportBody(junk)).toEqual([]);
  expect(isReportRequest('POST', 'application/csp-report')).toBe(true);
  expect(isReportRequest('POST', 'application/reports+json; charset=utf-8')).toBe(true);
  expect(isReportRequest('POST', 'application/json')).toBe(false);
  expect(isReportRequest('GET', 'application/csp-report')).toBe(false);
  expect(isReportRequest('POST', undefined)).toBe(false);
});

test('a page script calling the binding with junk adds nothing', () => {
  for (const junk of [null, 1, 'x', [], {}, { blockedURI: 'x' }]) expect(fromEvent(junk)).toBeUndefined();
});

test('the store merges sightings of one violation in any order, and fills in what the first channel lacked', () => {
  const page = {};
  const place = { page, pageUrl: DOC };
  const store = new ViolationStore();
  const first = store.add(fromCdpIssue(cdpIssue, { scope: 'document' })!, place);
  expect(first.isNew).toBe(true);
  expect(store.add(fromEvent(eventPayload)!, place).isNew).toBe(false);
  expect(store.add(fromReportBody(cspReport)[0]!, { page: undefined, pageUrl: DOC }).isNew).toBe(false);
  const [v] = store.list();
  expect(store.size).toBe(1);
  expect(v).toMatchObject({ frameUrl: DOC, policy: "default-src 'self'", count: 1, seenBy: ['cdp', 'event', 'report'], kind: 'resource' });
});

test('the store keeps apart what differs: location, document, page, disposition; repeats count', () => {
  const store = new ViolationStore();
  const a = {};
  const b = {};
  store.add(fromEvent(eventPayload)!, { page: a, pageUrl: DOC });
  store.add(fromEvent(eventPayload)!, { page: a, pageUrl: DOC });
  expect(store.list()).toMatchObject([{ count: 2 }]);
  store.add(fromEvent({ ...eventPayload, lineNumber: 7 })!, { page: a, pageUrl: DOC });
  store.add(fromEvent({ ...eventPayload, documentURI: `${DOC}frame.html` })!, { page: a, pageUrl: DOC });
  store.add(fromEvent(eventPayload)!, { page: b, pageUrl: DOC });
  store.add(fromEvent({ ...eventPayload, disposition: 'report' })!, { page: a, pageUrl: DOC });
  expect(store.size).toBe(5);
  expect(store.list(b)).toHaveLength(1);
  // A snapshot is a copy.
  const snapshot = store.list();
  snapshot[0]!.seenBy.push('cdp');
  expect(store.list()[0]!.seenBy).toEqual(['event']);
});
