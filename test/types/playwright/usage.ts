// Playwright Test: expect from our entry, and through mergeExpects.
import { mergeExpects, expect as baseExpect, type APIResponse } from '@playwright/test';
import { expect, matchers } from 'expect-secure-headers/playwright';

declare const res: APIResponse;
expect(res).toHaveSecureHeaders();
expect(res).not.toHaveSecureHeaders({ preset: 'strict' });
const merged = mergeExpects(expect, baseExpect.extend(matchers));
merged(res).toHaveSecureHeaders({ https: true });
// @ts-expect-error: no such preset
expect(res).toHaveSecureHeaders({ preset: 'lenient' });
// @ts-expect-error: not one of our matchers
expect(res).toHaveSecureHeader();

declare const page: import('@playwright/test').Page;
async function violations() {
  await expect(page).toHaveNoCspViolations({ disposition: 'enforce', ignore: [/favicon/] });
  // @ts-expect-error: disposition is enforce, report or any
  await expect(page).toHaveNoCspViolations({ disposition: 'blocked' });
}
void violations;
