import { checkReferrerPolicy, effectiveReferrerPolicy, referrerPolicyRule } from '../../src/rules/referrer-policy';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, idsOf, ruleContext, startHelmetApp, startTalismanApp, testRuleOnServer } from '../helpers/apps';

const RP = 'Referrer-Policy';

describe('referrer-policy on real responses', () => {
  testRuleOnServer(referrerPolicyRule, [
    { name: 'strict-origin-when-cross-origin', fields: [[RP, 'strict-origin-when-cross-origin']], expected: [] },
    { name: 'no-referrer', fields: [[RP, 'no-referrer']], expected: [] },
    { name: 'same-origin in upper case', fields: [[RP, 'SAME-ORIGIN']], expected: [] },
    { name: 'missing is advice', fields: [], expected: ['referrer-policy/missing:low'] },
    { name: 'unsafe-url', fields: [[RP, 'unsafe-url']], expected: ['referrer-policy/unsafe:medium'] },
    { name: 'no-referrer-when-downgrade', fields: [[RP, 'no-referrer-when-downgrade']], expected: ['referrer-policy/unsafe:medium'] },
    { name: 'origin', fields: [[RP, 'origin']], expected: ['referrer-policy/unsafe:medium'] },
    { name: 'origin-when-cross-origin', fields: [[RP, 'origin-when-cross-origin']], expected: ['referrer-policy/unsafe:medium'] },
    { name: 'fallback list: the last valid token wins (safe)', fields: [[RP, 'unsafe-url, strict-origin-when-cross-origin']], expected: [] },
    { name: 'fallback list: the last valid token wins (unsafe)', fields: [[RP, 'no-referrer, unsafe-url']], expected: ['referrer-policy/unsafe:medium'] },
    { name: 'unknown token after a valid one is ignored', fields: [[RP, 'no-referrer, some-future-policy']], expected: ['referrer-policy/unknown-token:info'] },
    { name: 'two header fields combine', fields: [[RP, 'no-referrer'], [RP, 'origin']], expected: ['referrer-policy/unsafe:medium'] },
    { name: 'only garbage', fields: [[RP, 'nope']], expected: ['referrer-policy/invalid:low', 'referrer-policy/unknown-token:info'] },
    { name: 'strict-origin-when-cross-origin at strict', fields: [[RP, 'strict-origin-when-cross-origin']], context: { level: 'strict' }, expected: ['referrer-policy/not-strict:low'] },
    { name: 'same-origin at strict', fields: [[RP, 'same-origin']], context: { level: 'strict' }, expected: [] },
  ]);
});

describe('referrer-policy on framework apps', () => {
  test('helmet no-referrer passes both levels', async () => {
    const app = await startHelmetApp();
    try {
      const headers = await fetchHeaderSet(app.url());
      expect(idsOf(checkReferrerPolicy(headers, ruleContext({ level: 'strict' })))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('Talisman default passes recommended, fails strict; weak config sends unsafe-url', async () => {
    const app = await startTalismanApp('default');
    const weak = await startTalismanApp('weak');
    try {
      const headers = await fetchHeaderSet(app.url(), { headers: HTTPS_PROXY_HEADERS });
      expect(idsOf(checkReferrerPolicy(headers, ruleContext()))).toEqual([]);
      const strict = checkReferrerPolicy(headers, ruleContext({ level: 'strict', framework: 'flask-talisman' }));
      expect(idsOf(strict)).toEqual(['referrer-policy/not-strict:low']);
      expect(strict[0]?.fix).toBe("Talisman(app, …, referrer_policy='no-referrer')");
      const weakFindings = checkReferrerPolicy(await fetchHeaderSet(weak.url(), { headers: HTTPS_PROXY_HEADERS }), ruleContext());
      expect(idsOf(weakFindings)).toEqual(['referrer-policy/unsafe:medium']);
      expect(weakFindings[0]?.directive).toBe('unsafe-url');
    } finally {
      await app.close();
      await weak.close();
    }
  });
});

test('effectiveReferrerPolicy: last known token, case-insensitive', () => {
  expect(effectiveReferrerPolicy('no-referrer, , Strict-Origin ,bogus')).toBe('strict-origin');
  expect(effectiveReferrerPolicy('bogus')).toBeUndefined();
  expect(effectiveReferrerPolicy('')).toBeUndefined();
});
