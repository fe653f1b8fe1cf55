import { createHeaderSet } from '../../src/response/header-set';
import { checkPermissionsPolicy, permissionsPolicyRule } from '../../src/rules/permissions-policy';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, idsOf, ruleContext, startHelmetApp, startTalismanApp, testRuleOnServer } from '../helpers/apps';

const PP = 'Permissions-Policy';

describe('permissions-policy on real responses', () => {
  testRuleOnServer(permissionsPolicyRule, [
    { name: 'powerful features off', fields: [[PP, 'camera=(), microphone=(), geolocation=()']], expected: [] },
    { name: 'self and an origin', fields: [[PP, 'geolocation=(self "https://maps.example"), fullscreen=self']], expected: [] },
    { name: 'missing is advice at recommended', fields: [], expected: ['permissions-policy/missing:info'] },
    { name: 'missing fails strict', fields: [], context: { level: 'strict' }, expected: ['permissions-policy/missing:low'] },
    { name: 'Feature-Policy syntax does not parse', fields: [[PP, "camera 'none'"]], expected: ['permissions-policy/parse-error:medium'] },
    { name: 'trailing comma does not parse', fields: [[PP, 'camera=(),']], expected: ['permissions-policy/parse-error:medium'] },
    { name: 'camera=* is a powerful wildcard', fields: [[PP, 'camera=*']], expected: ['permissions-policy/wildcard:medium'] },
    { name: 'wildcard inside a list', fields: [[PP, 'microphone=(* self)']], expected: ['permissions-policy/wildcard:medium'] },
    { name: 'fullscreen=* is a mild wildcard', fields: [[PP, 'fullscreen=*']], expected: ['permissions-policy/wildcard:low'] },
    { name: 'unknown feature', fields: [[PP, 'camrea=()']], expected: ['permissions-policy/unknown-feature:info'] },
    { name: 'bad allowlist entries', fields: [[PP, 'camera=(none), geolocation="not an origin", usb=1']], expected: ['permissions-policy/invalid-allowlist:low', 'permissions-policy/invalid-allowlist:low', 'permissions-policy/invalid-allowlist:low'] },
    { name: 'two header fields form one dictionary', fields: [[PP, 'camera=()'], [PP, 'geolocation=*']], expected: ['permissions-policy/wildcard:medium'] },
  ]);
});

test('the parse error is shown, with a Feature-Policy hint', () => {
  const [f] = checkPermissionsPolicy(createHeaderSet([[PP, "geolocation 'self'"]]), ruleContext());
  expect(f?.message).toMatch(/^Permissions-Policy does not parse as a Structured Fields dictionary: Parse error: .+offset \d+/);
  expect(f?.message).toContain('Feature-Policy syntax');
  expect(f?.received).toBe("geolocation 'self'");
});

describe('permissions-policy on framework apps', () => {
  test('helmet sends none: info at recommended, low at strict', async () => {
    const app = await startHelmetApp();
    try {
      const headers = await fetchHeaderSet(app.url());
      expect(idsOf(checkPermissionsPolicy(headers, ruleContext()))).toEqual(['permissions-policy/missing:info']);
      expect(idsOf(checkPermissionsPolicy(headers, ruleContext({ level: 'strict' })))).toEqual(['permissions-policy/missing:low']);
    } finally {
      await app.close();
    }
  });

  test('helmet app adding the header in its own middleware', async () => {
    const app = await startHelmetApp({ configure: (a) => a.use((_req, res, next) => (res.setHeader(PP, 'camera=(), geolocation=*'), next())) });
    try {
      const findings = checkPermissionsPolicy(await fetchHeaderSet(app.url()), ruleContext());
      expect(idsOf(findings)).toEqual(['permissions-policy/wildcard:medium']);
      expect(findings[0]?.directive).toBe('geolocation');
    } finally {
      await app.close();
    }
  });

  test('Talisman: default sends none, hardened passes strict, weak hands camera to everyone', async () => {
    const apps = await Promise.all([startTalismanApp('default'), startTalismanApp('hardened'), startTalismanApp('weak')]);
    try {
      const [def, hardened, weak] = await Promise.all(apps.map((a) => fetchHeaderSet(a.url(), { headers: HTTPS_PROXY_HEADERS })));
      const missing = checkPermissionsPolicy(def!, ruleContext({ level: 'strict', framework: 'flask-talisman' }));
      expect(idsOf(missing)).toEqual(['permissions-policy/missing:low']);
      expect(missing[0]?.fix).toBe("Talisman(app, …, permissions_policy={'camera': '()', 'microphone': '()', 'geolocation': '()', 'payment': '()', 'usb': '()'})");
      expect(hardened!.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()');
      expect(idsOf(checkPermissionsPolicy(hardened!, ruleContext({ level: 'strict' })))).toEqual([]);
      expect(idsOf(checkPermissionsPolicy(weak!, ruleContext()))).toEqual(['permissions-policy/wildcard:medium']);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });
});
