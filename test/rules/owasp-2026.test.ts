import { cacheControlRule } from '../../src/rules/cache-control';
import { clearSiteDataRule, parseClearSiteData } from '../../src/rules/clear-site-data';
import { cspRule } from '../../src/rules/csp';
import { OWASP_HEADERS_TO_REMOVE, OWASP_HEADERS_TO_REMOVE_SOURCE } from '../../src/rules/data/disclosure-headers';
import { OWASP_HEADERS_TO_ADD, OWASP_HEADERS_TO_ADD_SOURCE } from '../../src/rules/data/owasp-headers-add';
import { disclosureRule } from '../../src/rules/disclosure';
import { xDnsPrefetchControlRule } from '../../src/rules/x-dns-prefetch-control';
import { xPermittedCrossDomainPoliciesRule } from '../../src/rules/x-permitted-cross-domain-policies';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, idsOf, ruleContext, runRule, startHelmetApp, startTalismanApp, testRuleOnServer } from '../helpers/apps';

const strict = { level: 'strict' as const };
const SC = 'Set-Cookie';
const COOKIE = 'sid=a; Secure; HttpOnly; SameSite=Lax; Path=/';

describe('the OWASP lists as of July 2026', () => {
  test('each list says its source and date; the remove list has 87 headers, the add list 13', () => {
    expect(OWASP_HEADERS_TO_REMOVE_SOURCE.lastUpdateUtc).toBe('2026-07-19 05:44:10');
    expect(OWASP_HEADERS_TO_ADD_SOURCE.lastUpdateUtc).toBe('2026-07-19 05:44:10');
    expect(OWASP_HEADERS_TO_REMOVE).toHaveLength(87);
    expect(new Set(OWASP_HEADERS_TO_REMOVE).size).toBe(87);
    for (const h of ['x-kong-upstream-status', 'x-datadog-trace-id', 'x-tyk-trace-id', 'x-backside-transport', 'x-woodpecker-version', 'x-gitlab-meta']) expect(OWASP_HEADERS_TO_REMOVE).toContain(h);
    expect(OWASP_HEADERS_TO_ADD.map((h) => h.name)).toEqual(
      expect.arrayContaining(['Cache-Control', 'Clear-Site-Data', 'X-DNS-Prefetch-Control', 'X-Permitted-Cross-Domain-Policies']),
    );
    expect(OWASP_HEADERS_TO_ADD.find((h) => h.name === 'Content-Security-Policy')!.value).toMatch(/upgrade-insecure-requests$/);
  });
});

describe('disclosure: the 18 headers new to the remove list, on a real response', () => {
  testRuleOnServer(disclosureRule, [
    { name: 'Kong, Datadog, Tyk, DataPower, Woodpecker, GitLab', fields: [['X-Kong-Upstream-Latency', '12'], ['X-Datadog-Trace-Id', '123'], ['X-Tyk-Trace-Id', 'abc'], ['X-Backside-Transport', 'OK OK'], ['X-Woodpecker-Version', '2.7.1'], ['X-Gitlab-Meta', '{"cid":"x"}']], expected: ['disclosure/header:info', 'disclosure/header:info', 'disclosure/header:info', 'disclosure/header:info', 'disclosure/header:info', 'disclosure/version-header:low'] },
  ]);
});

describe('Cache-Control where the response carries user data', () => {
  testRuleOnServer(cacheControlRule, [
    { name: 'no cookie, no Vary: nothing asked', fields: [], context: strict, expected: [] },
    { name: 'cookie, no Cache-Control, recommended: nothing', fields: [[SC, COOKIE]], expected: [] },
    { name: 'cookie, no Cache-Control, strict', fields: [[SC, COOKIE]], context: strict, expected: ['cache-control/missing:low'] },
    { name: 'cookie, cacheable, strict', fields: [[SC, COOKIE], ['Cache-Control', 'private, max-age=600']], context: strict, expected: ['cache-control/not-no-store:low'] },
    { name: 'cookie, no-store: fine', fields: [[SC, COOKIE], ['Cache-Control', 'no-store, max-age=0']], context: strict, expected: [] },
    { name: 'cookie and public: a shared cache may hand it on, at every level', fields: [[SC, COOKIE], ['Cache-Control', 'public, max-age=600']], expected: ['cache-control/shared-with-cookies:medium'] },
    { name: 'cookie and s-maxage', fields: [[SC, COOKIE], ['Cache-Control', 's-maxage=60']], expected: ['cache-control/shared-with-cookies:medium'] },
    { name: 'Vary: Cookie means per-user data', fields: [['Vary', 'Accept-Encoding, Cookie']], context: strict, expected: ['cache-control/missing:low'] },
    { name: 'Vary: Authorization', fields: [['Vary', 'authorization'], ['Cache-Control', 'max-age=60']], context: strict, expected: ['cache-control/not-no-store:low'] },
  ]);
});

describe('Clear-Site-Data', () => {
  testRuleOnServer(clearSiteDataRule, [
    { name: 'absent on a page that is not a logout path', fields: [], context: { logoutPaths: ['/logout'] }, expected: [] },
    { name: 'absent where no logout path is named', fields: [], context: strict, expected: [] },
    { name: 'OWASP value', fields: [['Clear-Site-Data', '"cache","cookies","storage"']], expected: [] },
    { name: 'unquoted types are ignored by browsers', fields: [['Clear-Site-Data', 'cache, cookies']], expected: ['clear-site-data/invalid:low'] },
    { name: 'an unknown type', fields: [['Clear-Site-Data', '"cookies", "everything"']], expected: ['clear-site-data/invalid:low'] },
  ]);
  test('on a logout path the user names: advice (recommended), low (strict)', async () => {
    const app = await startHelmetApp({ configure: (a) => a.get('/auth/logout', (_req, res) => res.send('bye')) });
    try {
      const headers = await fetchHeaderSet(app.url('/auth/logout'));
      expect(idsOf(runRule(clearSiteDataRule, headers, ruleContext({ logoutPaths: ['/auth/logout'] })))).toEqual(['clear-site-data/missing-on-logout:info']);
      expect(idsOf(runRule(clearSiteDataRule, headers, ruleContext({ level: 'strict', logoutPaths: ['/auth/*'] })))).toEqual(['clear-site-data/missing-on-logout:low']);
      expect(idsOf(runRule(clearSiteDataRule, await fetchHeaderSet(app.url('/')), ruleContext({ level: 'strict', logoutPaths: ['/auth/*'] })))).toEqual([]);
    } finally {
      await app.close();
    }
    expect(parseClearSiteData('"cache", cookies, "*"')).toEqual({ types: ['cache', '*'], ignored: ['cookies'] });
  });
});

describe('X-DNS-Prefetch-Control and X-Permitted-Cross-Domain-Policies', () => {
  testRuleOnServer(xDnsPrefetchControlRule, [
    { name: 'absent at recommended', fields: [], expected: [] },
    { name: 'absent at strict', fields: [], context: strict, expected: ['x-dns-prefetch-control/missing:low'] },
    { name: 'on at strict', fields: [['X-DNS-Prefetch-Control', 'on']], context: strict, expected: ['x-dns-prefetch-control/not-off:low'] },
    { name: 'off', fields: [['X-DNS-Prefetch-Control', 'off']], context: strict, expected: [] },
  ]);
  testRuleOnServer(xPermittedCrossDomainPoliciesRule, [
    { name: 'absent at recommended', fields: [], expected: [] },
    { name: 'absent at strict', fields: [], context: strict, expected: ['x-permitted-cross-domain-policies/missing:low'] },
    { name: 'all, even at recommended', fields: [['X-Permitted-Cross-Domain-Policies', 'all']], expected: ['x-permitted-cross-domain-policies/not-none:low'] },
    { name: 'master-only at strict', fields: [['X-Permitted-Cross-Domain-Policies', 'master-only']], context: strict, expected: ['x-permitted-cross-domain-policies/not-none:low'] },
    { name: 'a typo', fields: [['X-Permitted-Cross-Domain-Policies', 'nothing']], expected: ['x-permitted-cross-domain-policies/invalid:low'] },
    { name: 'none', fields: [['X-Permitted-Cross-Domain-Policies', 'none']], context: strict, expected: [] },
  ]);
  test('helmet sends both OWASP values; Flask-Talisman 1.0 sends neither', async () => {
    const helmetApp = await startHelmetApp();
    const talisman = await startTalismanApp('default');
    try {
      const h = await fetchHeaderSet(helmetApp.url());
      const t = await fetchHeaderSet(talisman.url(), { headers: HTTPS_PROXY_HEADERS });
      const both = (headers: typeof h) => [...runRule(xDnsPrefetchControlRule, headers, ruleContext(strict)), ...runRule(xPermittedCrossDomainPoliciesRule, headers, ruleContext(strict))];
      expect(idsOf(both(h))).toEqual([]);
      expect(idsOf(both(t))).toEqual(['x-dns-prefetch-control/missing:low', 'x-permitted-cross-domain-policies/missing:low']);
    } finally {
      await helmetApp.close();
      await talisman.close();
    }
  });
});

describe("CSP upgrade-insecure-requests (OWASP's policy) at strict", () => {
  test('helmet keeps it by default; Talisman 1.0 does not send it', async () => {
    const helmetApp = await startHelmetApp();
    const talisman = await startTalismanApp('default');
    try {
      const up = (f: { id: string }[]) => f.map((x) => x.id).filter((id) => id === 'csp/upgrade-insecure-requests-missing');
      expect(up(runRule(cspRule, await fetchHeaderSet(helmetApp.url()), ruleContext(strict)))).toEqual([]);
      const t = await fetchHeaderSet(talisman.url(), { headers: HTTPS_PROXY_HEADERS });
      expect(up(runRule(cspRule, t, ruleContext(strict)))).toEqual(['csp/upgrade-insecure-requests-missing']);
      expect(up(runRule(cspRule, t, ruleContext()))).toEqual([]);
    } finally {
      await helmetApp.close();
      await talisman.close();
    }
  });
});
