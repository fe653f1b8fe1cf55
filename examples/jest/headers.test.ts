import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {} from 'expect-secure-headers/jest'; // the matchers' types on `expect`

// A tiny server with the headers a sound app sends; yours would be your app.
const server = http.createServer((req, res) => {
  res.setHeader('Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (req.url === '/weak') res.removeHeader('Content-Security-Policy');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end('<!doctype html><title>ok</title>');
});
let origin = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

test('the home page sends secure headers', async () => {
  const res = await fetch(`${origin}/`);
  expect(res).toHaveSecureHeaders({ https: true }); // TLS ends at the proxy in production
  expect(res).toHaveCsp({ directives: { 'object-src': ["'none'"] } });
});

test('a page without CSP fails, naming csp/missing', async () => {
  const res = await fetch(`${origin}/weak`);
  expect(res).not.toHaveSecureHeaders({ https: true });
  expect(() => expect(res).toHaveSecureHeaders({ https: true })).toThrow(/csp\/missing/);
});
