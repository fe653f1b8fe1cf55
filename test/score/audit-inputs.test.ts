/** auditHeaders takes what the Observatory scanner reads besides headers: the page (html), the redirect chain, its CORS probe, and the algorithm. */
import { auditHeaders } from '../../src/audit';
import { UsageError } from '../../src/matchers/context';
import { observatoryCorsProbe } from '../../src/score/probe';
import { startServer, type RunningServer } from '../helpers/servers';

const META_PAGE =
  `<!doctype html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; object-src 'none'">` +
  `<meta name="referrer" content="no-referrer"></head><body><script src="/app.js"></script></body>`;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('X-Frame-Options', 'DENY');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Origin', '*');
      return res.end();
    }
    res.end(META_PAGE);
  });
});
afterAll(() => server.close());

test('a page whose CSP is in a meta tag: html makes it count, as in the scanner', async () => {
  const res = await fetch(server.url());
  const html = await res.text();
  const without = auditHeaders(res, { https: true });
  const withHtml = auditHeaders(res, { https: true, html });
  const csp = (r: typeof without) => r.observatory.tests.find((t) => t.name === 'content-security-policy')!.result;
  expect(csp(without)).toBe('csp-not-implemented');
  expect(csp(withHtml)).toBe('csp-implemented-with-no-unsafe');
  // No HSTS (-20) nor X-Content-Type-Options (-5) keeps both under 90, where bonuses do not count: the difference is the CSP penalty.
  expect([without.score, withHtml.score]).toEqual([50, 75]);
  expect(withHtml.observatory.tests.find((t) => t.name === 'referrer-policy')!.result).toBe('referrer-policy-private');
  const sri = withHtml.observatory.tests.find((t) => t.name === 'subresource-integrity')!;
  expect(sri).toMatchObject({ result: 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin' });
  expect(sri.notTested).toBeUndefined();
});

test('redirects are judged, and the report says so; without them it says what was assumed', async () => {
  const res = await fetch(server.url());
  const chain = [
    { url: 'http://example.com/', status: 200 },
  ];
  const report = auditHeaders(res, { https: true, redirects: chain });
  expect(report.observatory.tests.find((t) => t.name === 'redirection')!.result).toBe('redirection-missing');
  expect(report.observatory.notJudged.some((n) => n.startsWith('redirect chain'))).toBe(false);
  expect(auditHeaders(res, { https: true }).observatory.notJudged.some((n) => n.startsWith('redirect chain'))).toBe(true);
  expect(report.observatory.notJudged.some((n) => n.startsWith('certificate'))).toBe(true);
});

test('corsProbe: the answer to the scanner-style OPTIONS probe is what the CORS test reads', async () => {
  const res = await fetch(server.url());
  const probe = await observatoryCorsProbe(server.url());
  const cors = (r: ReturnType<typeof auditHeaders>) => r.observatory.tests.find((t) => t.name === 'cross-origin-resource-sharing')!.result;
  expect(cors(auditHeaders(res, { https: true }))).toBe('cross-origin-resource-sharing-not-implemented');
  expect(cors(auditHeaders(res, { https: true, corsProbe: probe }))).toBe('cross-origin-resource-sharing-implemented-with-public-access');
});

test('observatoryAlgorithm: 5 scores X-Frame-Options DENY +5 and the report names the algorithm', async () => {
  const res = await fetch(server.url());
  const four = auditHeaders(res, { https: true });
  const five = auditHeaders(res, { https: true, observatoryAlgorithm: 5 });
  expect(four.observatory.algorithm.version).toBe(4);
  expect(five.observatory.algorithm).toEqual({ version: 5, observatory: expect.stringContaining('1.6') });
  expect(five.observatory.tests.find((t) => t.name === 'x-frame-options')!.modifier).toBe(5);
});

test("redirectCookies: the hop cookies the scanner's jar keeps are judged with the page's; the http→https hop's are not", async () => {
  const res = await fetch(server.url());
  const cookies = (r: ReturnType<typeof auditHeaders>) => r.observatory.tests.find((t) => t.name === 'cookies')!.result;
  const loose = ['sessionid=abc; Path=/'];
  expect(cookies(auditHeaders(res, { https: true }))).toBe('cookies-not-found');
  // An https chain: every hop is the https session's.
  expect(cookies(auditHeaders(res, { https: true, redirectCookies: [{ url: 'https://127.0.0.1/login', setCookie: loose }] }))).toBe('cookies-session-without-secure-flag');
  // From http://: the first hop goes to https and is the scanner's other session.
  const fromHttp = [
    { url: 'http://127.0.0.1/', setCookie: loose },
    { url: 'https://127.0.0.1/', setCookie: [] },
  ];
  expect(cookies(auditHeaders(res, { https: true, redirectCookies: fromHttp }))).toBe('cookies-not-found');
  // A site with no https at all: the scanner judges its http session, every hop.
  expect(cookies(auditHeaders(res, { redirectCookies: [{ url: 'http://127.0.0.1/', setCookie: loose }] }))).toBe('cookies-session-without-secure-flag');
  // A cookie for another host is refused by the jar, as tough-cookie refuses it.
  expect(cookies(auditHeaders(res, { https: true, redirectCookies: [{ url: 'https://127.0.0.1/', setCookie: ['sessionid=abc; Domain=other.example'] }] }))).toBe('cookies-not-found');
});

test.each([
  [{ redirectCookies: { url: 'https://a.example/' } }, /redirectCookies must be the redirect responses followed .*received an object/],
  [{ redirectCookies: [{ url: 'https://a.example/', setCookie: 'a=b' }] }, /received redirectCookies\[0\]/],
  [{ redirectCookies: [{ url: 'ftp://a.example/', setCookie: [] }] }, /received redirectCookies\[0\]/],
  [{ html: 42 }, /html must be the response body as a string.*received number 42/],
  [{ redirects: [] }, /redirects must be .* non-empty array of \{ url: 'http:\/\/…', status: 301 \}; received an array/],
  [{ redirects: [{ url: 'http://a.example/', status: 301 }, { url: 'nope', status: 200 }] }, /received redirects\[1\]/],
  [{ logoutPaths: ['logout'] }, /logoutPaths holds "logout"; each entry is a path starting with "\/"/],
  [{ observatoryAlgorithm: 6 }, /observatoryAlgorithm must be 4 or 5/],
  [{ corsProbe: 'yes' }, /corsProbe must be the answer to the CORS probe/],
])('bad scoring input %p is a UsageError saying what to pass', async (options, message) => {
  const res = await fetch(server.url());
  let error: unknown;
  try {
    auditHeaders(res, options as never);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).toMatch(message);
});
