// A CommonJS project's types: the .d.cts of expect-secure-headers/playwright.
import { test, expect } from 'expect-secure-headers/playwright';

test('typed', async ({ page, request, cspViolationLog }) => {
  await expect(page).toHaveNoCspViolations({ disposition: 'enforce' });
  expect(await request.get('/')).toHaveSecureHeaders({ ignore: ['csp/*'] });
  cspViolationLog?.violations();
  // @ts-expect-error: a typo in a directive name
  expect(await request.get('/')).toHaveCsp({ directives: { 'img-scr': ["'self'"] } });
});
test.use({ cspViolations: 'warn' });
// @ts-expect-error: not a mode
test.use({ cspViolations: 'loud' });
