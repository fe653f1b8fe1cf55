// The standalone expect package: extend it and declare the augmentation, as the README shows.
import { expect } from 'expect';
import { matchers, type SecureHeadersMatchers } from 'expect-secure-headers';

expect.extend(matchers);
declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends SecureHeadersMatchers<R> {}
}

declare const res: Response;
expect(res).toHaveSecureHeaders({ preset: 'recommended' });
// @ts-expect-error: no such preset
expect(res).toHaveSecureHeaders({ preset: 'lenient' });
