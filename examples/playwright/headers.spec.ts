import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from '@playwright/test';
import { expect } from 'expect-secure-headers/playwright';

// A tiny server with the headers a sound app sends; yours would be your app's base URL.
const server = http.createServer((_req, res) => {
  res.setHeader('Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end('<!doctype html><title>ok</title><p>hello</p>');
});
let origin = '';

test.beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('API request: secure headers', async ({ request }) => {
  const res = await request.get(`${origin}/`);
  expect(res).toHaveSecureHeaders({ https: true });
});

test('page navigation: secure headers and a CSP that blocks inline scripts', async ({ page }) => {
  const response = await page.goto(`${origin}/`);
  // A page Response's headers are read asynchronously: await the matcher.
  await expect(response).toHaveSecureHeaders({ https: true });
  await expect(response).toHaveCsp({ blocks: [{ directive: 'script-src-elem', inline: true }] });
});
