import { cookiesRule, LONG_SESSION_SECONDS } from '../../src/rules/cookies';
import { testRuleOnServer } from '../helpers/apps';

const SC = 'Set-Cookie';
const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toUTCString();

describe('cookie prefixes __Http- and __Host-Http-, Partitioned, long sessions, on real responses', () => {
  testRuleOnServer(cookiesRule, [
    { name: '__Http- done right', fields: [[SC, '__Http-sid=a; Secure; HttpOnly; SameSite=Lax; Path=/']], expected: [] },
    { name: '__Http- without HttpOnly', fields: [[SC, '__Http-pref=a; Secure; SameSite=Lax']], expected: ['cookies/http-prefix-invalid:medium', 'cookies/httponly-missing:info'] },
    { name: '__Http- without either, any case', fields: [[SC, '__HTTP-pref=a; SameSite=Lax']], context: { https: false }, expected: ['cookies/http-prefix-invalid:medium', 'cookies/httponly-missing:info'] },
    { name: '__Host-Http- done right', fields: [[SC, '__Host-Http-sid=a; Secure; HttpOnly; Path=/; SameSite=Strict']], expected: [] },
    { name: '__Host-Http- with Domain and no HttpOnly', fields: [[SC, '__Host-Http-sid=a; Secure; Path=/; Domain=example.com; SameSite=Strict']], expected: ['cookies/host-http-prefix-invalid:medium', 'cookies/httponly-missing:high'] },
    { name: '__Host-Http- is not judged twice as __Host-', fields: [[SC, '__Host-Http-x=a; Secure; Path=/app; HttpOnly; SameSite=Lax']], expected: ['cookies/host-http-prefix-invalid:medium'] },
    { name: 'Partitioned done right (CHIPS)', fields: [[SC, 'embed=a; Secure; HttpOnly; SameSite=None; Partitioned; Path=/']], expected: [] },
    { name: 'Partitioned without Secure', fields: [[SC, 'embed=a; HttpOnly; SameSite=Lax; Partitioned']], context: { https: false }, expected: ['cookies/partitioned-insecure:medium'] },
    { name: 'Partitioned without SameSite=None: advice', fields: [[SC, 'embed=a; Secure; HttpOnly; SameSite=Lax; Partitioned']], expected: ['cookies/partitioned-not-cross-site:info'] },
    { name: 'session cookie for a year (Max-Age): advice', fields: [[SC, `sid=a; Secure; HttpOnly; SameSite=Lax; Max-Age=${365 * 86400}`]], expected: ['cookies/session-long-lived:info'] },
    { name: 'the same at strict: low', fields: [[SC, `sid=a; Secure; HttpOnly; SameSite=Lax; Max-Age=${365 * 86400}`]], context: { level: 'strict' }, expected: ['cookies/session-long-lived:low'] },
    { name: 'session cookie for a year (Expires)', fields: [[SC, `session=a; Secure; HttpOnly; SameSite=Lax; Expires=${inDays(365)}`]], expected: ['cookies/session-long-lived:info'] },
    { name: 'session cookie for a week: fine', fields: [[SC, `sid=a; Secure; HttpOnly; SameSite=Lax; Max-Age=${7 * 86400}`]], expected: [] },
    { name: `Max-Age wins over Expires (RFC 6265bis): ${LONG_SESSION_SECONDS / 86400} days is the limit`, fields: [[SC, `sid=a; Secure; HttpOnly; SameSite=Lax; Max-Age=3600; Expires=${inDays(400)}`]], expected: [] },
    { name: 'a long-lived preference cookie is not a session', fields: [[SC, `theme=dark; Secure; HttpOnly; SameSite=Lax; Max-Age=${365 * 86400}`]], expected: [] },
  ]);
});
