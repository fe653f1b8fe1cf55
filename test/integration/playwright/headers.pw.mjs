// Playwright Test, with the APIResponse from the request fixture and mergeExpects.
import { test, expect as baseExpect, mergeExpects } from '@playwright/test';
import { expect, matchers } from 'expect-secure-headers/playwright';
import serverModule from '../server.cjs';

let server;
test.beforeAll(async () => { server = await serverModule.startServer(); });
test.afterAll(() => server.close());

test('APIResponse passes and fails', async ({ request }) => {
  expect(await request.get(`${server.origin}/good`)).toHaveSecureHeaders({ https: true });
  const bare = await request.get(`${server.origin}/bare`);
  expect(() => expect(bare).toHaveSecureHeaders({ https: true })).toThrow(/x-content-type-options/);
});

test('works through mergeExpects', async ({ request }) => {
  const merged = mergeExpects(expect, baseExpect.extend({}));
  merged(await request.get(`${server.origin}/good`)).toHaveSecureHeaders({ https: true });
  merged(await request.get(`${server.origin}/bare`)).not.toHaveSecureHeaders({ https: true });
  baseExpect(typeof matchers.toHaveSecureHeaders).toBe('function');
});
