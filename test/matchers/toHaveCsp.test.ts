import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { matchers } from '../../src/matchers';
import type { CspExpectation } from '../../src/matchers/toHaveCsp';
import { failureOf } from '../helpers/failure';
import { startHeaderServer, type RunningServer } from '../helpers/servers';

expect.extend(matchers);
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveCsp(expected?: CspExpectation): R;
    }
  }
}


const STRONG = "default-src 'self'; script-src 'nonce-r4nd0mN0nc3v4lue' 'strict-dynamic'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const WEAK = "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; object-src 'none'";

let server: RunningServer;
beforeAll(async () => {
  server = await startHeaderServer([], {
    '/strong': [['Content-Security-Policy', STRONG]],
    '/weak': [['Content-Security-Policy', WEAK]],
    '/report-only': [['Content-Security-Policy-Report-Only', STRONG]],
    '/two': [
      ['Content-Security-Policy', "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'"],
      ['Content-Security-Policy', "script-src 'nonce-r4nd0mN0nc3v4lue'"],
    ],
    '/none': [],
  });
});
afterAll(() => server.close());

const get = (path: string) => fetch(server.url(path));

test('a strong policy passes, a weak one fails with the finding and its fix', async () => {
  expect(await get('/strong')).toHaveCsp();
  // csp-evaluator rates 'unsafe-eval' medium-maybe: it passes the default (high and syntax fail) and fails a tighter maxSeverity.
  const withEval = STRONG.replace("'strict-dynamic'", "'unsafe-eval'");
  expect(withEval).toHaveCsp();
  const weak = failureOf(() => expect(withEval).toHaveCsp({ maxSeverity: 'info' }));
  expect(weak).toMatch(/script-src "'unsafe-eval'"\s+\[script-unsafe-eval, medium-maybe\]/);
  expect(weak).toMatch(/Policy judged \(Content-Security-Policy\):/);
});

test("'unsafe-inline' without nonce or hash is high", async () => {
  const message = failureOf(() => expect(WEAK).toHaveCsp());
  expect(message).toMatch(/script-src "'unsafe-inline'"\s+\[script-unsafe-inline, high\]/);
});

test('no CSP, and report-only alone, are named for what they are', async () => {
  expect(failureOf(() => expect(undefined as never).toHaveCsp())).toMatch(/cannot read response headers/);
  const none = failureOf(() => expect({}).toHaveCsp());
  expect(none).toMatch(/no Content-Security-Policy header/);
  const reportOnly = await get('/report-only');
  expect(failureOf(() => expect(reportOnly).toHaveCsp())).toMatch(/there is a Content-Security-Policy-Report-Only, which only reports/);
  expect(reportOnly).toHaveCsp({ reportOnly: true });
});

test('directives must contain, and with exact must equal', async () => {
  const res = await get('/weak');
  expect(res).toHaveCsp({ directives: { 'script-src': ["'self'", 'https://cdn.jsdelivr.net'] }, maxSeverity: 'high' });
  const lacking = failureOf(() => expect(res).toHaveCsp({ directives: { 'img-src': ["'self'"] }, maxSeverity: 'info' }));
  expect(lacking).toMatch(/img-src is missing/);
  const exact = failureOf(() =>
    expect(res).toHaveCsp({ directives: { 'script-src': ["'self'", 'https://cdn.jsdelivr.net'] }, exact: true, ignore: ['script-unsafe-inline'] }),
  );
  expect(exact).toMatch(/script-src also holds 'unsafe-inline' \(exact: true\)/);
});

test('allows and blocks go through the source matcher and say which directive decided', async () => {
  const res = await get('/weak');
  expect(res).toHaveCsp({
    allows: [{ directive: 'script-src-elem', url: 'https://cdn.jsdelivr.net/npm/x.js' }, { directive: 'img-src', url: '/logo.png' }],
    blocks: [{ directive: 'script-src-elem', url: 'https://evil.example/x.js' }, { directive: 'object-src', url: '/flash.swf' }],
    // jsDelivr is on csp-evaluator's list of script hosts that allow bypasses.
    ignore: ['script-unsafe-inline', 'script-allowlist-bypass'],
  });
  const message = failureOf(() =>
    expect(res).toHaveCsp({
      blocks: [{ directive: 'script-src-elem', url: 'https://cdn.jsdelivr.net/npm/x.js' }],
      ignore: ['script-unsafe-inline', 'script-allowlist-bypass'],
    }),
  );
  expect(message).toMatch(/expected script-src-elem https:\/\/cdn.jsdelivr.net\/npm\/x.js to be blocked, but it is allowed/);
  expect(message).toMatch(/policy 0 \(enforce\), script-src:/);
});

test('several enforced policies: allowed only if every one allows', async () => {
  const res = await get('/two');
  expect(res).toHaveCsp({
    blocks: [{ directive: 'script-src-elem', inline: true }],
    allows: [{ directive: 'script-src-elem', inline: true, nonce: 'r4nd0mN0nc3v4lue' }],
  });
});

test('strict asks for a nonce- or hash-based policy', async () => {
  expect(await get('/strong')).toHaveCsp({ strict: true });
  const message = failureOf(() => expect("script-src 'self'; object-src 'none'; base-uri 'none'").toHaveCsp({ strict: true }));
  expect(message).toMatch(/not a strict CSP: script-src \(or default-src\) holds no 'nonce-…'/);
});

test('helmet 8 defaults have a CSP with no high finding', async () => {
  const app = express();
  app.use(helmet());
  app.get('/', (_req, res) => void res.send('ok'));
  const res = await request(app).get('/');
  expect(res).toHaveCsp({ directives: { 'object-src': ["'none'"], 'frame-ancestors': ["'self'"] } });
});

test.each([
  [{ reportonly: true }, /unknown option "reportonly". Did you mean "reportOnly"\?/],
  [{ directives: { 'script-scr': ["'self'"] } }, /unknown directive "script-scr". Did you mean "script-src"\?/],
  [{ maxSeverity: 'critical' }, /maxSeverity must be one of "high", "syntax"/],
  [{ allows: [{ url: 'https://x.example/' }] }, /allows\[0\] needs a "directive"/],
  [{ allows: 'https://x' }, /allows must be an array of requests/],
  [{ blocks: [{ directive: 'img-src', url: 'x', orign: 'y' }] }, /unknown option "orign". Did you mean "origin"\?/],
])('bad expectation %p is a clear error', (options, pattern) => {
  expect(() => expect(STRONG).toHaveCsp(options as never)).toThrow(pattern);
});

test('a policy string with allows needs an origin for self', () => {
  expect(() => expect(WEAK).toHaveCsp({ allows: [{ directive: 'img-src', url: '/a.png' }] })).toThrow(/needs an "origin"/);
  expect(WEAK).toHaveCsp({
    allows: [{ directive: 'img-src', url: '/a.png', origin: 'https://app.example' }],
    ignore: ['script-unsafe-inline', 'script-allowlist-bypass'],
  });
});
