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

// Finding ids and directive names are string-literal unions: typos fail to compile.
expect(res).toHaveSecureHeaders({ ignore: ['referrer-policy/missing', 'cookies/*'] });
// @ts-expect-error: a typo in a finding id
expect(res).toHaveSecureHeaders({ ignore: ['referer-policy/missing'] });
// @ts-expect-error: no such rule
expect(res).toHaveSecureHeaders({ ignore: ['cookie/*'] });
expect(res).toHaveCsp({ directives: { 'script-src': ["'self'"] }, allows: [{ directive: 'script-src-elem', url: '/a.js' }], ignore: ['script-allowlist-bypass'] });
// @ts-expect-error: a typo in a directive name
expect(res).toHaveCsp({ directives: { 'scrip-src': ["'self'"] } });
// @ts-expect-error: requests are judged by fetch directives
expect(res).toHaveCsp({ blocks: [{ directive: 'img-scr', url: '/a.png' }] });
// @ts-expect-error: a typo in a finding type
expect(res).toHaveCsp({ ignore: ['script-allowlist-bypas'] });
