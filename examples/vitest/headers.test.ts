import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type {} from 'expect-secure-headers/vitest'; // the matchers' types on `expect`

// A tiny server with the headers a sound app sends; yours would be your app.
const server = http.createServer((req, res) => {
  res.setHeader('Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.url === '/short-hsts') res.setHeader('Strict-Transport-Security', 'max-age=600');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end('<!doctype html><title>ok</title>');
});
let origin = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the home page sends secure headers', async () => {
  const res = await fetch(`${origin}/`);
  expect(res).toHaveSecureHeaders({ https: true });
  expect(res).toHaveCsp({ blocks: [{ directive: 'script-src-elem', inline: true }] });
});

test('ten minutes of HSTS fails, naming hsts/max-age-too-short', async () => {
  const res = await fetch(`${origin}/short-hsts`);
  expect(() => expect(res).toHaveSecureHeaders({ https: true })).toThrow(/hsts\/max-age-too-short/);
});
