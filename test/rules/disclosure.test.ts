import { OWASP_HEADERS_TO_REMOVE } from '../../src/rules/data/disclosure-headers';
import { checkDisclosure, disclosureRule } from '../../src/rules/disclosure';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, idsOf, ruleContext, startHelmetApp, startTalismanApp, testRuleOnServer } from '../helpers/apps';

const strict = { level: 'strict' as const };

describe('disclosure on real responses', () => {
  testRuleOnServer(disclosureRule, [
    { name: 'nothing revealing', fields: [['Content-Language', 'en']], expected: [] },
    { name: 'nginx with version', fields: [['Server', 'nginx/1.25.3']], expected: ['disclosure/server-version:low'] },
    { name: 'nginx with version at strict', fields: [['Server', 'nginx/1.25.3']], context: strict, expected: ['disclosure/server-version:medium'] },
    { name: 'Server without version', fields: [['Server', 'nginx']], expected: ['disclosure/server:info'] },
    { name: 'Server without version at strict', fields: [['Server', 'nginx']], context: strict, expected: ['disclosure/server:low'] },
    { name: 'X-Powered-By', fields: [['X-Powered-By', 'Express']], expected: ['disclosure/x-powered-by:low'] },
    { name: 'X-Powered-By with version at strict', fields: [['X-Powered-By', 'PHP/8.2.1']], context: strict, expected: ['disclosure/x-powered-by:medium'] },
    {
      name: 'ASP.NET versions',
      fields: [
        ['X-AspNet-Version', '4.0.30319'],
        ['X-AspNetMvc-Version', '5.2'],
      ],
      expected: ['disclosure/version-header:low', 'disclosure/version-header:low'],
    },
    { name: 'other headers from the OWASP list', fields: [['X-Envoy-Upstream-Service-Time', '12'], ['X-Generator', 'Drupal']], context: strict, expected: ['disclosure/header:low', 'disclosure/header:low'] },
  ]);
});

describe('disclosure on framework apps', () => {
  test('helmet removes X-Powered-By; Express alone sends it', async () => {
    const app = await startHelmetApp();
    const bare = await startHelmetApp({ helmet: { xPoweredBy: false } });
    try {
      expect(idsOf(checkDisclosure(await fetchHeaderSet(app.url()), ruleContext(strict)))).toEqual([]);
      const findings = checkDisclosure(await fetchHeaderSet(bare.url()), ruleContext({ framework: 'helmet' }));
      expect(idsOf(findings)).toEqual(['disclosure/x-powered-by:low']);
      expect(findings[0]).toMatchObject({ received: 'Express', fix: "app.disable('x-powered-by')  (helmet() also removes it by default)" });
    } finally {
      await app.close();
      await bare.close();
    }
  });

  test('Werkzeug names itself and Python: advice at recommended, medium at strict', async () => {
    const app = await startTalismanApp('default');
    try {
      const headers = await fetchHeaderSet(app.url(), { headers: HTTPS_PROXY_HEADERS });
      expect(headers.get('server')).toMatch(/^Werkzeug\/\d+\.\d+\.\d+ Python\/\d+\.\d+/);
      expect(idsOf(checkDisclosure(headers, ruleContext()))).toEqual(['disclosure/server-version:low']);
      expect(idsOf(checkDisclosure(headers, ruleContext(strict)))).toEqual(['disclosure/server-version:medium']);
    } finally {
      await app.close();
    }
  });
});

test('the OWASP list is lower-case and has the well-known entries', () => {
  for (const name of OWASP_HEADERS_TO_REMOVE) expect(name).toBe(name.toLowerCase());
  expect(OWASP_HEADERS_TO_REMOVE).toEqual(expect.arrayContaining(['server', 'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version']));
  expect(new Set(OWASP_HEADERS_TO_REMOVE).size).toBe(OWASP_HEADERS_TO_REMOVE.length);
});
