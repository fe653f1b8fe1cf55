import { checkDeprecated, deprecatedRule } from '../../src/rules/deprecated';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, idsOf, ruleContext, startHelmetApp, startTalismanApp, testRuleOnServer } from '../helpers/apps';

describe('deprecated headers on real responses', () => {
  testRuleOnServer(deprecatedRule, [
    { name: 'X-XSS-Protection: 0 is the advice', fields: [['X-XSS-Protection', '0']], expected: [] },
    { name: 'X-XSS-Protection: 1; mode=block', fields: [['X-XSS-Protection', '1; mode=block']], expected: ['deprecated/x-xss-protection:low'] },
    { name: 'X-XSS-Protection: 1', fields: [['X-XSS-Protection', '1']], expected: ['deprecated/x-xss-protection:low'] },
    { name: 'Expect-CT', fields: [['Expect-CT', 'max-age=86400, enforce']], expected: ['deprecated/expect-ct:low'] },
    {
      name: 'HPKP and its report-only twin',
      fields: [
        ['Public-Key-Pins', 'pin-sha256="AAAA"; max-age=5184000'],
        ['Public-Key-Pins-Report-Only', 'pin-sha256="BBBB"; max-age=5184000'],
      ],
      expected: ['deprecated/public-key-pins:low', 'deprecated/public-key-pins:low'],
    },
    { name: 'Feature-Policy', fields: [['Feature-Policy', "camera 'none'"]], expected: ['deprecated/feature-policy:low'] },
  ]);
});

describe('deprecated headers on framework apps', () => {
  test('helmet sends X-XSS-Protection: 0', async () => {
    const app = await startHelmetApp();
    try {
      const headers = await fetchHeaderSet(app.url());
      expect(headers.get('x-xss-protection')).toBe('0');
      expect(idsOf(checkDeprecated(headers, ruleContext({ level: 'strict' })))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('Talisman 1.0 sends 1; mode=block; the weak config also sends Feature-Policy', async () => {
    const app = await startTalismanApp('default');
    const weak = await startTalismanApp('weak');
    try {
      const findings = checkDeprecated(await fetchHeaderSet(app.url(), { headers: HTTPS_PROXY_HEADERS }), ruleContext({ framework: 'flask-talisman' }));
      expect(idsOf(findings)).toEqual(['deprecated/x-xss-protection:low']);
      expect(findings[0]).toMatchObject({ received: '1; mode=block', fix: 'Talisman(app, …, x_xss_protection=False)  (Flask-Talisman 1.0 sends it by default, 1.1 only with x_xss_protection=True)' });
      const weakFindings = checkDeprecated(await fetchHeaderSet(weak.url(), { headers: HTTPS_PROXY_HEADERS }), ruleContext());
      expect(idsOf(weakFindings)).toEqual(['deprecated/feature-policy:low', 'deprecated/x-xss-protection:low']);
      expect(weakFindings.find((f) => f.id === 'deprecated/feature-policy')?.received).toBe("geolocation 'self'");
    } finally {
      await app.close();
      await weak.close();
    }
  });
});
