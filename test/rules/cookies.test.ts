import { createHeaderSet } from '../../src/response/header-set';
import { checkCookies, cookiesRule, looksLikeSession, parseSetCookie } from '../../src/rules/cookies';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, idsOf, ruleContext, startHelmetApp, startTalismanApp, testRuleOnServer } from '../helpers/apps';

const SC = 'Set-Cookie';

describe('cookies on real responses', () => {
  testRuleOnServer(cookiesRule, [
    { name: 'no cookies', fields: [], expected: [] },
    { name: 'sound session cookie', fields: [[SC, 'sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax']], expected: [] },
    { name: '__Host- cookie done right', fields: [[SC, '__Host-session=abc; Path=/; Secure; HttpOnly; SameSite=Strict']], expected: [] },
    {
      name: 'bare session cookie on https',
      fields: [[SC, 'PHPSESSID=abc; path=/']],
      expected: ['cookies/secure-missing:high', 'cookies/httponly-missing:high', 'cookies/samesite-missing:medium'],
    },
    { name: 'bare session cookie over plain http: no Secure finding', fields: [[SC, 'JSESSIONID=abc']], context: { https: false }, expected: ['cookies/httponly-missing:high', 'cookies/samesite-missing:medium'] },
    { name: 'bare preference cookie', fields: [[SC, 'theme=dark']], expected: ['cookies/secure-missing:low', 'cookies/httponly-missing:info', 'cookies/samesite-missing:low'] },
    { name: 'preference cookie at strict', fields: [[SC, 'theme=dark; Secure; SameSite=Lax']], context: { level: 'strict' }, expected: ['cookies/httponly-missing:low'] },
    { name: 'CSRF token readable by scripts is fine', fields: [[SC, 'XSRF-TOKEN=t; Path=/; Secure; SameSite=Strict']], expected: ['cookies/httponly-missing:info'] },
    { name: 'SameSite=None without Secure', fields: [[SC, 'tracker=1; SameSite=None; HttpOnly']], context: { https: false }, expected: ['cookies/samesite-none-insecure:medium'] },
    { name: 'SameSite=None with Secure', fields: [[SC, 'widget=1; SameSite=None; Secure; HttpOnly']], expected: [] },
    { name: 'SameSite with an unknown value', fields: [[SC, 'a=1; Secure; HttpOnly; SameSite=Relaxed']], expected: ['cookies/samesite-invalid:low'] },
    { name: 'attribute names in any case', fields: [[SC, 'connect.sid=x; secure; httponly; samesite=strict']], expected: [] },
    { name: '__Host- without Path=/ and with Domain', fields: [[SC, '__Host-id=1; Secure; HttpOnly; SameSite=Lax; Domain=example.com; Path=/app']], expected: ['cookies/host-prefix-invalid:medium'] },
    { name: '__Secure- without Secure', fields: [[SC, '__Secure-pref=1; HttpOnly; SameSite=Lax']], context: { https: false }, expected: ['cookies/secure-prefix-invalid:medium'] },
    { name: 'a session cookie being cleared carries no secret', fields: [[SC, 'session=; Max-Age=0; Path=/']], expected: [] },
    { name: 'cleared by a past Expires', fields: [[SC, 'auth=; Expires=Thu, 01 Jan 1970 00:00:00 GMT']], expected: [] },
    { name: 'no name=value pair', fields: [[SC, 'justavalue; Secure; HttpOnly; SameSite=Lax']], expected: ['cookies/malformed:low'] },
    {
      name: 'each cookie judged apart',
      fields: [
        [SC, 'session=a; Secure; HttpOnly; SameSite=Lax'],
        [SC, 'auth_token=b; SameSite=Lax; Secure'],
      ],
      expected: ['cookies/httponly-missing:high'],
    },
  ]);
});

describe('cookies on framework apps', () => {
  test('helmet app session cookie passes both levels', async () => {
    const app = await startHelmetApp();
    try {
      const headers = await fetchHeaderSet(app.url('/login'));
      expect(headers.getAll('set-cookie')).toEqual(['sid=s3cret; Path=/; HttpOnly; Secure; SameSite=Lax']);
      expect(idsOf(checkCookies(headers, ruleContext({ level: 'strict' })))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('Talisman secures the Flask session cookie; the app’s own theme cookie is advice', async () => {
    const app = await startTalismanApp('default');
    try {
      const headers = await fetchHeaderSet(app.url('/login'), { headers: HTTPS_PROXY_HEADERS });
      const findings = checkCookies(headers, ruleContext({ framework: 'flask-talisman' }));
      expect(idsOf(findings)).toEqual(['cookies/httponly-missing:info', 'cookies/secure-missing:low']);
      expect(findings.every((f) => f.directive === 'theme')).toBe(true);
      expect(findings[0]?.fix).toBe("response.set_cookie('theme', value, secure=True, httponly=False, samesite='Lax', path='/')");
    } finally {
      await app.close();
    }
  });

  test('Talisman weak config and bare Flask leave the session cookie open', async () => {
    const weak = await startTalismanApp('weak');
    const bare = await startTalismanApp('bare');
    try {
      const weakHeaders = await fetchHeaderSet(weak.url('/login'), { headers: HTTPS_PROXY_HEADERS });
      const session = checkCookies(weakHeaders, ruleContext({ framework: 'flask-talisman' })).filter((f) => f.directive === 'session');
      expect(idsOf(session)).toEqual(['cookies/httponly-missing:high', 'cookies/secure-missing:high']);
      expect(session[0]?.fix).toBe("Talisman(app, …, session_cookie_secure=True, session_cookie_http_only=True)  (Talisman does not mark it Secure in debug mode)");
      // The received value never shows the session's signed value.
      expect(session[0]?.received).toMatch(/^session=…; /);
      const bareHeaders = await fetchHeaderSet(bare.url('/login'));
      const bareSession = checkCookies(bareHeaders, ruleContext()).filter((f) => f.directive === 'session');
      expect(idsOf(bareSession)).toEqual(['cookies/samesite-missing:medium', 'cookies/secure-missing:high']);
    } finally {
      await weak.close();
      await bare.close();
    }
  });
});

test('parseSetCookie and session names', () => {
  expect(parseSetCookie('a=b=c; Path=/; HttpOnly; SameSite=Lax')).toMatchObject({ name: 'a', redacted: 'a=…; Path=/; HttpOnly; SameSite=Lax', nameless: false });
  expect([...parseSetCookie('a=1; PATH=/x; path=/').attributes]).toEqual([['path', '/']]);
  for (const name of ['session', 'connect.sid', 'PHPSESSID', 'JSESSIONID', 'auth', 'access_token', 'jwt', 'remember_me', 'sessionid', '__Host-sess']) expect([name, looksLikeSession(name)]).toEqual([name, true]);
  for (const name of ['theme', 'lang', 'csrftoken', 'XSRF-TOKEN', '_ga', 'consent']) expect([name, looksLikeSession(name)]).toEqual([name, false]);
});

test('fixes per framework for a bare session cookie', () => {
  const headers = createHeaderSet([[SC, 'sid=1']]);
  const fix = (framework?: 'helmet' | 'nginx') => checkCookies(headers, ruleContext({ framework }))[0]?.fix;
  expect(fix()).toBe('Set-Cookie: sid=…; Secure; HttpOnly; SameSite=Lax; Path=/');
  expect(fix('helmet')).toBe("res.cookie('sid', value, { secure: true, httpOnly: true, sameSite: 'lax', path: '/' })");
  expect(fix('nginx')).toMatch(/^proxy_cookie_flags sid secure httponly samesite=lax;  \(for cookies the proxied app sets/);
});
