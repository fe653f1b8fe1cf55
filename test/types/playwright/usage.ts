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
