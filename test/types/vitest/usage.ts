// Vitest 5: the augmentation of Matchers<R, T>.
import { expect } from 'vitest';
import 'expect-secure-headers/vitest';

declare const res: Response;
expect(res).toHaveSecureHeaders();
expect(res).not.toHaveSecureHeaders({ preset: 'strict', https: true });
// @ts-expect-error: no such preset
expect(res).toHaveSecureHeaders({ preset: 'lenient' });
// @ts-expect-error: https is a boolean
expect(res).toHaveSecureHeaders({ https: 'yes' });

expect(res).toHaveCsp({ reportOnly: true, strict: true });
// @ts-expect-error: allows takes requests, not strings
expect(res).toHaveCsp({ allows: ['https://cdn.example/x.js'] });
