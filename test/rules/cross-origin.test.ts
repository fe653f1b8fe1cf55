import { checkCrossOrigin, crossOriginRule } from '../../src/rules/cross-origin';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, idsOf, ruleContext, startHelmetApp, startTalismanApp, testRuleOnServer } from '../helpers/apps';

const COOP = 'Cross-Origin-Opener-Policy';
const COEP = 'Cross-Origin-Embedder-Policy';
const CORP = 'Cross-Origin-Resource-Policy';
const isolation = { crossOriginIsolation: true };

describe('cross-origin headers on real responses', () => {
  testRuleOnServer(crossOriginRule, [
    { name: 'none at recommended: nothing required', fields: [], expected: [] },
    { name: 'none at strict: COOP and CORP', fields: [], context: { level: 'strict' }, expected: ['cross-origin/coop-missing:low', 'cross-origin/corp-missing:low'] },
    { name: 'none with isolation: COOP and COEP', fields: [], context: isolation, expected: ['cross-origin/coop-missing:medium', 'cross-origin/coep-missing:medium'] },
    { name: 'isolated: same-origin + require-corp', fields: [[COOP, 'same-origin'], [COEP, 'require-corp']], context: isolation, expected: [] },
    { name: 'isolated: credentialless with report-to', fields: [[COOP, 'same-origin; report-to="coop"'], [COEP, 'credentialless']], context: isolation, expected: [] },
    { name: 'isolation but popups allowed and unsafe-none', fields: [[COOP, 'same-origin-allow-popups'], [COEP, 'unsafe-none']], context: isolation, expected: ['cross-origin/coop-not-same-origin:medium', 'cross-origin/coep-not-isolating:medium'] },
    { name: 'invalid values (advice without isolation)', fields: [[COOP, 'same_origin'], [COEP, '"require-corp"'], [CORP, 'Same-Origin']], expected: ['cross-origin/coop-invalid:low', 'cross-origin/coep-invalid:low', 'cross-origin/corp-invalid:low'] },
    { name: 'invalid COOP with isolation', fields: [[COOP, 'yes'], [COEP, 'require-corp']], context: isolation, expected: ['cross-origin/coop-invalid:medium'] },
    { name: 'weaker values at strict', fields: [[COOP, 'unsafe-none'], [CORP, 'cross-origin']], context: { level: 'strict' }, expected: ['cross-origin/coop-not-same-origin:low', 'cross-origin/corp-not-same-origin:low'] },
    { name: 'same-site CORP at strict', fields: [[COOP, 'same-origin'], [CORP, 'same-site']], context: { level: 'strict' }, expected: ['cross-origin/corp-not-same-origin:low'] },
    { name: 'OWASP values at strict', fields: [[COOP, 'same-origin'], [CORP, 'same-origin'], [COEP, 'require-corp']], context: { level: 'strict' }, expected: [] },
    { name: 'noopener-allow-popups is valid', fields: [[COOP, 'noopener-allow-popups']], expected: [] },
  ]);
});

describe('cross-origin headers on framework apps', () => {
  test('helmet sends COOP and CORP same-origin: passes strict; isolation still needs COEP', async () => {
    const app = await startHelmetApp();
    const isolated = await startHelmetApp({ helmet: { crossOriginEmbedderPolicy: true } });
    try {
      const headers = await fetchHeaderSet(app.url());
      expect(idsOf(checkCrossOrigin(headers, ruleContext({ level: 'strict' })))).toEqual([]);
      const findings = checkCrossOrigin(headers, ruleContext({ ...isolation, framework: 'helmet' }));
      expect(idsOf(findings)).toEqual(['cross-origin/coep-missing:medium']);
      expect(findings[0]?.fix).toBe("helmet({ crossOriginEmbedderPolicy: { policy: 'require-corp' } })");
      expect(idsOf(checkCrossOrigin(await fetchHeaderSet(isolated.url()), ruleContext(isolation)))).toEqual([]);
    } finally {
      await app.close();
      await isolated.close();
    }
  });

  test('Talisman sends none: fine at recommended, COOP/CORP findings at strict', async () => {
    const app = await startTalismanApp('default');
    try {
      const headers = await fetchHeaderSet(app.url(), { headers: HTTPS_PROXY_HEADERS });
      expect(idsOf(checkCrossOrigin(headers, ruleContext()))).toEqual([]);
      const strict = checkCrossOrigin(headers, ruleContext({ level: 'strict', framework: 'flask-talisman' }));
      expect(idsOf(strict)).toEqual(['cross-origin/coop-missing:low', 'cross-origin/corp-missing:low']);
      expect(strict[0]?.fix).toBe("@app.after_request: response.headers['Cross-Origin-Opener-Policy'] = 'same-origin'");
    } finally {
      await app.close();
    }
  });
});
