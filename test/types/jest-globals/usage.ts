// Jest with expect from @jest/globals: the augmentation of the 'expect' module.
import { expect } from '@jest/globals';
import 'expect-secure-headers/jest-globals';

declare const res: Response;
expect(res).toHaveSecureHeaders();
expect(res).not.toHaveSecureHeaders({ preset: 'strict' });
// @ts-expect-error: no such preset
expect(res).toHaveSecureHeaders({ preset: 'lenient' });
// @ts-expect-error: ignore is a list
expect(res).toHaveSecureHeaders({ ignore: 'hsts/missing' });
