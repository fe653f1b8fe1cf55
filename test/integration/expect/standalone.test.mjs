// The standalone `expect` package under node's own test runner.
import { test, before, after } from 'node:test';
import { expect } from 'expect';
import { matchers } from 'expect-secure-headers';
import serverModule from '../server.cjs';

expect.extend(matchers);
let server;
before(async () => { server = await serverModule.startServer(); });
after(() => server.close());

test('pass and fail with standalone expect', async () => {
  expect(await fetch(`${server.origin}/good`)).toHaveSecureHeaders({ https: true });
  const bare = await fetch(`${server.origin}/bare`);
  expect(() => expect(bare).toHaveSecureHeaders({ https: true })).toThrow(/x-content-type-options/);
});
