import { createHeaderSet } from '../../src/response/header-set';
import { checkXFrameOptions, frameAncestorsLists, xFrameOptionsRule } from '../../src/rules/x-frame-options';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, idsOf, ruleContext, startHelmetApp, startTalismanApp, testRuleOnServer } from '../helpers/apps';

const XFO = 'X-Frame-Options';
const CSP = 'Content-Security-Policy';

describe('x-frame-options on real responses', () => {
  testRuleOnServer(xFrameOptionsRule, [
    { name: 'DENY', fields: [[XFO, 'DENY']], expected: [] },
    { name: 'sameorigin in lower case', fields: [[XFO, 'sameorigin']], expected: [] },
    { name: 'missing, no CSP at all', fields: [], expected: ['x-frame-options/missing:medium'] },
    { name: 'missing, CSP without frame-ancestors', fields: [[CSP, "default-src 'self'"]], expected: ['x-frame-options/missing:medium'] },
    { name: 'missing, frame-ancestors present', fields: [[CSP, "default-src 'self'; frame-ancestors 'none'"]], expected: [] },
    { name: 'frame-ancestors only in report-only does not count', fields: [['Content-Security-Policy-Report-Only', "frame-ancestors 'none'"]], expected: ['x-frame-options/missing:medium'] },
    { name: 'ALLOW-FROM', fields: [[XFO, 'ALLOW-FROM https://example.com']], expected: ['x-frame-options/allow-from:medium'] },
    { name: 'ALLOW-FROM with frame-ancestors', fields: [[XFO, 'ALLOW-FROM https://example.com'], [CSP, 'frame-ancestors https://example.com']], expected: ['x-frame-options/allow-from:info'] },
    { name: 'garbage', fields: [[XFO, 'yes please']], expected: ['x-frame-options/invalid:medium'] },
    { name: 'ALLOWALL', fields: [[XFO, 'ALLOWALL']], expected: ['x-frame-options/invalid:medium'] },
    { name: 'DENY twice is one value', fields: [[XFO, 'DENY'], [XFO, 'deny']], expected: [] },
    { name: 'DENY and SAMEORIGIN conflict', fields: [[XFO, 'DENY'], [XFO, 'SAMEORIGIN']], expected: ['x-frame-options/conflicting-values:low'] },
    { name: 'two garbage values', fields: [[XFO, 'foo, bar']], expected: ['x-frame-options/invalid:medium'] },
    { name: 'DENY but frame-ancestors allows a site', fields: [[XFO, 'DENY'], [CSP, 'frame-ancestors https://partner.example']], expected: ['x-frame-options/overridden-by-frame-ancestors:info'] },
    { name: "SAMEORIGIN matches frame-ancestors 'self'", fields: [[XFO, 'SAMEORIGIN'], [CSP, "frame-ancestors 'self'"]], expected: [] },
    { name: 'SAMEORIGIN at strict', fields: [[XFO, 'SAMEORIGIN']], context: { level: 'strict' }, expected: ['x-frame-options/sameorigin:low'] },
    { name: 'DENY at strict', fields: [[XFO, 'DENY']], context: { level: 'strict' }, expected: [] },
  ]);
});

describe('x-frame-options on framework apps', () => {
  test("helmet: SAMEORIGIN plus frame-ancestors 'self' passes recommended; strict asks for frame-ancestors 'none'", async () => {
    const app = await startHelmetApp();
    try {
      const headers = await fetchHeaderSet(app.url());
      expect(frameAncestorsLists(headers)).toEqual([["'self'"]]);
      expect(idsOf(checkXFrameOptions(headers, ruleContext()))).toEqual([]);
      expect(idsOf(checkXFrameOptions(headers, ruleContext({ level: 'strict' })))).toEqual(['x-frame-options/sameorigin:low']);
    } finally {
      await app.close();
    }
  });

  test('helmet without CSP and without XFO fails', async () => {
    const app = await startHelmetApp({ helmet: { contentSecurityPolicy: false, xFrameOptions: false } });
    try {
      const findings = checkXFrameOptions(await fetchHeaderSet(app.url()), ruleContext({ framework: 'helmet' }));
      expect(idsOf(findings)).toEqual(['x-frame-options/missing:medium']);
      expect(findings[0]?.fix).toBe("helmet({ xFrameOptions: { action: 'sameorigin' } })  (helmet sends X-Frame-Options by default: look for xFrameOptions: false, or a route or express.static mounted before app.use(helmet()))");
    } finally {
      await app.close();
    }
  });

  test('Talisman: SAMEORIGIN passes recommended, fails strict; ALLOW-FROM fails', async () => {
    const app = await startTalismanApp('default');
    const weak = await startTalismanApp('weak');
    try {
      const headers = await fetchHeaderSet(app.url(), { headers: HTTPS_PROXY_HEADERS });
      expect(idsOf(checkXFrameOptions(headers, ruleContext()))).toEqual([]);
      const strict = checkXFrameOptions(headers, ruleContext({ level: 'strict', framework: 'flask-talisman' }));
      expect(idsOf(strict)).toEqual(['x-frame-options/sameorigin:low']);
      expect(strict[0]?.fix).toBe("Talisman(app, …, frame_options='DENY')  (a view decorated @talisman(frame_options=…) overrides it)");
      const weakHeaders = await fetchHeaderSet(weak.url(), { headers: HTTPS_PROXY_HEADERS });
      expect(weakHeaders.get('x-frame-options')).toBe('ALLOW-FROM https://example.com');
      expect(idsOf(checkXFrameOptions(weakHeaders, ruleContext()))).toEqual(['x-frame-options/allow-from:medium']);
    } finally {
      await app.close();
      await weak.close();
    }
  });
});

test('frameAncestorsLists reads every enforced policy, first frame-ancestors of each', () => {
  const headers = createHeaderSet([
    [CSP, "default-src 'self'; FRAME-ANCESTORS 'None' https://a.example; frame-ancestors *"],
    [CSP, "script-src 'none', frame-ancestors 'self'"],
  ]);
  expect(frameAncestorsLists(headers)).toEqual([["'none'", 'https://a.example'], ["'self'"]]);
});
