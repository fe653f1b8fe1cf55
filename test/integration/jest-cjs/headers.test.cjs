// Jest, CommonJS, global expect registered by expect-secure-headers/jest.
const { startServer } = require('../server.cjs');
const { auditHeaders } = require('expect-secure-headers');

let server;
beforeAll(async () => { server = await startServer(); });
afterAll(() => server.close());

test('a sound response passes; .not fails with what passed', async () => {
  const res = await fetch(`${server.origin}/good`);
  expect(res).toHaveSecureHeaders({ https: true });
  expect(() => expect(res).not.toHaveSecureHeaders({ https: true })).toThrow(/but it passed/);
});

test('a bare response fails with one line per missing header', async () => {
  const res = await fetch(`${server.origin}/bare`);
  expect(() => expect(res).toHaveSecureHeaders({ https: true })).toThrow(/x-content-type-options[\s\S]*fix:/);
  expect(res).not.toHaveSecureHeaders({ https: true });
  expect(auditHeaders(res, { https: true }).pass).toBe(false);
});

test('bad options are a clear error', async () => {
  const res = await fetch(`${server.origin}/good`);
  expect(() => expect(res).toHaveSecureHeaders({ preset: 'strcit' })).toThrow(/preset must be one of .*Did you mean "strict"/);
});
