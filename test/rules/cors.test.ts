import { createHeaderSet } from '../../src/response/header-set';
import { checkCors, corsRule } from '../../src/rules/cors';
import { fetchHeaderSet, idsOf, ruleContext, startHelmetApp, testRuleOnServer } from '../helpers/apps';

const ACAO = 'Access-Control-Allow-Origin';
const ACAC = 'Access-Control-Allow-Credentials';
const EVIL = 'https://evil.example';
const asEvil = { request: { origin: EVIL }, context: { requestOrigin: EVIL } };

describe('cors on real responses', () => {
  testRuleOnServer(corsRule, [
    { name: 'no CORS headers', fields: [], expected: [] },
    { name: 'public wildcard', fields: [[ACAO, '*']], expected: ['cors/wildcard:info'] },
    { name: 'wildcard with credentials', fields: [[ACAO, '*'], [ACAC, 'true']], expected: ['cors/wildcard-with-credentials:medium'] },
    { name: 'null origin', fields: [[ACAO, 'null'], ['Vary', 'Origin']], expected: ['cors/null-origin:medium'] },
    { name: 'null origin with credentials', fields: [[ACAO, 'null'], [ACAC, 'true'], ['Vary', 'Origin']], expected: ['cors/null-origin:high'] },
    { name: 'fixed trusted origin, other request origin', fields: [[ACAO, 'https://app.example'], ['Vary', 'Origin']], ...asEvil, expected: [] },
    { name: 'fixed origin without Vary: Origin', fields: [[ACAO, 'https://app.example']], expected: ['cors/vary-origin-missing:low'] },
    { name: 'two origins', fields: [[ACAO, 'https://a.example'], [ACAO, 'https://b.example']], expected: ['cors/multiple-origins:low'] },
    { name: 'echo without credentials', fields: [[ACAO, EVIL], ['Vary', 'Origin']], ...asEvil, expected: ['cors/reflected-origin:low'] },
    { name: 'echo with credentials', fields: [[ACAO, EVIL], [ACAC, 'true'], ['Vary', 'Accept-Encoding, Origin']], ...asEvil, expected: ['cors/reflected-origin:high'] },
  ]);
});

describe('cors on an Express app that reflects Origin', () => {
  test('reflecting any Origin with credentials is high; same-origin requests are not reflection', async () => {
    const app = await startHelmetApp({
      configure: (a) =>
        a.use((req, res, next) => {
          if (req.headers.origin) {
            res.setHeader(ACAO, req.headers.origin);
            res.setHeader(ACAC, 'true');
            res.setHeader('Vary', 'Origin');
          }
          next();
        }),
    });
    try {
      const headers = await fetchHeaderSet(app.url(), { headers: { origin: EVIL } });
      expect(headers.get('access-control-allow-origin')).toBe(EVIL);
      const findings = checkCors(headers, ruleContext({ requestOrigin: EVIL, framework: 'helmet' }));
      expect(idsOf(findings)).toEqual(['cors/reflected-origin:high']);
      expect(findings[0]?.message).toContain(EVIL);
      const own = await fetchHeaderSet(app.url(), { headers: { origin: app.origin } });
      expect(idsOf(checkCors(own, ruleContext({ requestOrigin: app.origin })))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

test('without a request origin, an echo cannot be told from an allowlist', () => {
  const headers = createHeaderSet([[ACAO, EVIL], ['Vary', 'Origin']]);
  expect(idsOf(checkCors(headers, ruleContext()))).toEqual([]);
});
