// Vitest 4 (Matchers<T>): the same augmentation as Vitest 5's (Matchers<R, T>) merges, no TS2428.
import { expect } from 'vitest';
import 'expect-secure-headers/vitest';

declare const res: Response;
expect(res).toHaveSecureHeaders({ ignore: ['cookies/*'] });
expect(res).not.toHaveCsp({ strict: true });
await expect(Promise.resolve(res)).resolves.toHaveSecureHeaders();
// @ts-expect-error: no such preset
expect(res).toHaveSecureHeaders({ preset: 'lenient' });
// @ts-expect-error: a typo in a finding id
expect(res).toHaveSecureHeaders({ ignore: ['hsts/mising'] });
