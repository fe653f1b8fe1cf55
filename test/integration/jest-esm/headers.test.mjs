// Jest in native ESM mode, with expect from @jest/globals.
import { expect, test, beforeAll, afterAll } from '@jest/globals';
import serverModule from '../server.cjs';

let server;
beforeAll(async () => { server = await serverModule.startServer(); });
afterAll(() => server.close());

test('pass and fail through @jest/globals', async () => {
  expect(await fetch(`${server.origin}/good`)).toHaveSecureHeaders({ https: true });
  const bare = await fetch(`${server.origin}/bare`);
  expect(() => expect(bare).toHaveSecureHeaders({ https: true })).toThrow(/strict-transport-security/);
});

test('an unaccepted value names what is accepted', () => {
  expect(() => expect(42).toHaveSecureHeaders()).toThrow(/cannot read response headers from number 42[\s\S]*fetch\/undici Response/);
});
