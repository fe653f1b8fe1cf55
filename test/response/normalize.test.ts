import http from 'node:http';
import axios from 'axios';
import express from 'express';
import request from 'supertest';
import { request as playwrightRequest } from 'playwright-core';
import { fetch as undiciFetch } from 'undici';
import { toHeaderSet, toHeaderSetAsync } from '../../src/response/normalize';
import { UsageError } from '../../src/errors';
import { startHeaderServer, type RunningServer } from '../helpers/servers';
import type { HeaderSet } from '../../src/types';

// One server sends two CSP fields and two Set-Cookie fields: every response
// type must keep them apart (or, for fetch's joined CSP, keep the comma that
// separates the policies), and keep the URL where it is known.
const FIELDS: Array<[string, string]> = [
  ['Content-Security-Policy', "default-src 'self'"],
  ['Content-Security-Policy', "script-src 'none'"],
  ['Set-Cookie', 'a=1; Secure; HttpOnly'],
  ['Set-Cookie', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT'],
  ['X-Content-Type-Options', 'nosniff'],
];

let server: RunningServer;
beforeAll(async () => {
  server = await startHeaderServer(FIELDS);
});
afterAll(() => server.close());

function expectFields(headers: HeaderSet, { cspFields = 2 } = {}) {
  expect(headers.getAll('set-cookie')).toEqual(['a=1; Secure; HttpOnly', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT']);
  const csp = headers.getAll('CONTENT-SECURITY-POLICY');
  expect(csp).toHaveLength(cspFields);
  expect(csp.join(', ')).toBe("default-src 'self', script-src 'none'");
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.has('X-Content-Type-Options')).toBe(true);
  expect(headers.has('strict-transport-security')).toBe(false);
  expect(headers.names()).toEqual(expect.arrayContaining(['content-security-policy', 'set-cookie', 'x-content-type-options']));
}

test('global fetch Response: cookies apart, URL and status kept', async () => {
  const res = await fetch(server.url('/page'));
  const headers = toHeaderSet(res);
  expectFields(headers, { cspFields: 1 });
  expect(headers.url).toBe(server.url('/page'));
  expect(headers.status).toBe(200);
});

test('undici Response and Headers', async () => {
  const res = await undiciFetch(server.url('/'));
  expectFields(toHeaderSet(res), { cspFields: 1 });
  expectFields(toHeaderSet(res.headers), { cspFields: 1 });
});

test('node http.IncomingMessage keeps every field and knows its URL', async () => {
  const res = await new Promise<http.IncomingMessage>((resolve) => http.get(server.url('/x?y=1'), resolve));
  res.resume();
  const headers = toHeaderSet(res);
  expectFields(headers);
  expect(headers.url).toBe(server.url('/x?y=1'));
  expect(headers.status).toBe(200);
});

test('supertest response against an Express app', async () => {
  const app = express();
  app.get('/', (_req, res) => {
    for (const [name, value] of FIELDS) res.append(name, value);
    res.send('ok');
  });
  const res = await request(app).get('/');
  expectFields(toHeaderSet(res));
});

test('axios response', async () => {
  const res = await axios.get(server.url('/a'));
  const headers = toHeaderSet(res);
  expectFields(headers);
  expect(headers.url).toBe(server.url('/a'));
  expect(headers.status).toBe(200);
});

test('Playwright APIResponse (sync) and through the async reader', async () => {
  const context = await playwrightRequest.newContext();
  try {
    const res = await context.get(server.url('/pw'));
    expectFields(toHeaderSet(res));
    expect(toHeaderSet(res).url).toBe(server.url('/pw'));
    expectFields(await toHeaderSetAsync(res));
  } finally {
    await context.dispose();
  }
});

test('a plain object of strings and string arrays', () => {
  const headers = toHeaderSet({
    'Content-Security-Policy': ["default-src 'self'", "script-src 'none'"],
    'set-cookie': ['a=1; Secure; HttpOnly', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT'],
    'X-Content-Type-Options': 'nosniff',
  });
  expectFields(headers);
  expect(headers.url).toBeUndefined();
});

test.each([
  ['a number', 42, /number 42/],
  ['null', null, /from null/],
  ['a string', 'default-src', /a string \("default-src"\)/],
  ['an object with a non-header value', { headers: 5, foo: {} }, /an object with keys headers, foo/],
  ['a class instance', new (class Thing {})(), /a Thing/],
])('%s is a clear error listing what is accepted', (_name, value, pattern) => {
  expect(() => toHeaderSet(value)).toThrow(pattern);
  expect(() => toHeaderSet(value)).toThrow(/Pass one of:[\s\S]*axios response[\s\S]*plain object/);
});

test('an axios-like response whose header value is an object: a usage error naming the header, not a TypeError', () => {
  // Found by scripts/hostile-fuzz.mjs (seed 20261202): String() of this value throws "Cannot convert object to primitive value".
  const value = { config: { url: 'https://a.test/' }, headers: { o: { '&': 'x', toString: -20 } }, status: 200 };
  expect(() => toHeaderSet(value)).toThrow(UsageError);
  expect(() => toHeaderSet(value)).toThrow(/header "o" is an object with keys &, toString; a string \(or an array of strings\) was expected/);
  expect(toHeaderSet({ config: { url: 'https://a.test/' }, headers: { 'content-length': 12, 'x-ok': ['a', 'b'] }, status: 200 }).get('content-length')).toBe('12');
});
