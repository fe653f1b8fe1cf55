import { createHeaderSet } from '../../src/response/header-set';
import { checkHsts, HSTS_FINDING_IDS, hstsRule, parseHsts } from '../../src/rules/hsts';
import { fetchHeaderSet, idsOf, ruleContext, startHelmetApp, testRuleOnServer } from '../helpers/apps';

const HSTS = 'Strict-Transport-Security';

describe('hsts on real responses', () => {
  testRuleOnServer(hstsRule, [
    { name: 'missing on https', fields: [], expected: ['hsts/missing:high'] },
    { name: 'a year with includeSubDomains', fields: [[HSTS, 'max-age=31536000; includeSubDomains']], expected: [] },
    { name: 'two years, preload', fields: [[HSTS, 'max-age=63072000; includeSubDomains; preload']], expected: [] },
    { name: 'directive names in any case', fields: [[HSTS, 'MAX-AGE=31536000; INCLUDESUBDOMAINS']], expected: [] },
    { name: 'quoted max-age (RFC 6797 quoted-string)', fields: [[HSTS, 'max-age="31536000"; includeSubDomains']], expected: [] },
    { name: 'no includeSubDomains', fields: [[HSTS, 'max-age=31536000']], expected: ['hsts/include-subdomains-missing:low'] },
    { name: 'one day', fields: [[HSTS, 'max-age=86400; includeSubDomains']], expected: ['hsts/max-age-too-short:medium'] },
    { name: 'seven months', fields: [[HSTS, 'max-age=18144000; includeSubDomains']], expected: ['hsts/max-age-below-one-year:low'] },
    { name: 'max-age=0', fields: [[HSTS, 'max-age=0']], expected: ['hsts/max-age-zero:high'] },
    { name: 'max-age=abc', fields: [[HSTS, 'max-age=abc; includeSubDomains']], expected: ['hsts/max-age-invalid:high'] },
    { name: 'max-age without a value', fields: [[HSTS, 'max-age; includeSubDomains']], expected: ['hsts/max-age-invalid:high'] },
    { name: 'unterminated quote', fields: [[HSTS, 'max-age="31536000; includeSubDomains']], expected: ['hsts/max-age-invalid:high'] },
    { name: 'empty value', fields: [[HSTS, '']], expected: ['hsts/empty:high'] },
    { name: 'no max-age', fields: [[HSTS, 'includeSubDomains; preload']], expected: ['hsts/max-age-missing:high'] },
    { name: 'duplicate max-age', fields: [[HSTS, 'max-age=31536000; max-age=63072000; includeSubDomains']], expected: ['hsts/duplicate-directive:high'] },
    { name: 'includeSubDomains with a value', fields: [[HSTS, 'max-age=31536000; includeSubDomains=yes']], expected: ['hsts/invalid-syntax:high'] },
    {
      name: 'two header fields: the first is judged',
      fields: [
        [HSTS, 'max-age=300'],
        [HSTS, 'max-age=31536000; includeSubDomains'],
      ],
      expected: ['hsts/multiple-headers:low', 'hsts/max-age-too-short:medium', 'hsts/include-subdomains-missing:low'],
    },
    { name: 'preload without includeSubDomains', fields: [[HSTS, 'max-age=31536000; preload']], expected: ['hsts/include-subdomains-missing:low', 'hsts/preload-requirements:medium'] },
    { name: 'preload with a short max-age', fields: [[HSTS, 'max-age=20000000; includeSubDomains; preload']], expected: ['hsts/max-age-below-one-year:low', 'hsts/preload-requirements:medium'] },
    { name: 'unknown directive', fields: [[HSTS, 'max-age=31536000; includeSubDomains; foo=bar']], expected: ['hsts/unknown-directive:info'] },
    { name: 'a year at strict', fields: [[HSTS, 'max-age=31536000; includeSubDomains']], context: { level: 'strict' }, expected: ['hsts/max-age-below-two-years:low'] },
    { name: 'two years at strict', fields: [[HSTS, 'max-age=63072000; includeSubDomains']], context: { level: 'strict' }, expected: [] },
    { name: 'missing over plain http: skipped', fields: [], context: { https: false }, expected: [] },
  ]);
});

describe('hsts on helmet', () => {
  test('helmet defaults pass recommended and miss two years at strict', async () => {
    const app = await startHelmetApp();
    try {
      const headers = await fetchHeaderSet(app.url());
      expect(idsOf(checkHsts(headers, ruleContext()))).toEqual([]);
      expect(idsOf(checkHsts(headers, ruleContext({ level: 'strict' })))).toEqual(['hsts/max-age-below-two-years:low']);
    } finally {
      await app.close();
    }
  });

  test('helmet with a short max-age and no includeSubDomains', async () => {
    const app = await startHelmetApp({ helmet: { strictTransportSecurity: { maxAge: 3600, includeSubDomains: false } } });
    try {
      const headers = await fetchHeaderSet(app.url());
      const findings = checkHsts(headers, ruleContext({ framework: 'helmet' }));
      expect(idsOf(findings)).toEqual(['hsts/include-subdomains-missing:low', 'hsts/max-age-too-short:medium']);
      expect(findings[0]?.received).toBe('max-age=3600');
      expect(findings[0]?.fix).toBe('helmet({ strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true } })');
    } finally {
      await app.close();
    }
  });
});

describe('hsts rule: skip, parse, fixes', () => {
  test('skips over plain http with the reason, not over https', () => {
    const headers = createHeaderSet([]);
    expect(hstsRule.skip?.(headers, ruleContext({ https: false }))).toBe('not applicable over plain http; pass https: true if TLS ends at a proxy');
    expect(hstsRule.skip?.(headers, ruleContext())).toBeUndefined();
  });

  test('parseHsts reads values and rejects malformed ones', () => {
    expect(parseHsts('max-age=10 ; includeSubDomains ;; preload')).toEqual({ ok: true, maxAge: 10, includeSubDomains: true, preload: true, unknown: [] });
    expect(parseHsts('   ')).toMatchObject({ ok: false, problem: 'empty' });
    expect(parseHsts('max-age=-1')).toMatchObject({ ok: false, problem: 'max-age-invalid' });
    expect(parseHsts('max-age=1.5')).toMatchObject({ ok: false, problem: 'max-age-invalid' });
    expect(parseHsts('max-age=1; Max-Age=2')).toMatchObject({ ok: false, problem: 'duplicate-directive' });
    expect(parseHsts('max-age=1; "x"')).toMatchObject({ ok: false, problem: 'invalid-syntax' });
    expect(parseHsts('max-age=1; includeSubDomains; INCLUDESUBDOMAINS')).toMatchObject({ ok: false, problem: 'duplicate-directive' });
    // Browsers ignore a repeated preload (it is not one of the directives they track).
    expect(parseHsts('max-age=1; preload; preload')).toMatchObject({ ok: true, preload: true });
  });

  test('comma-joined fields (as fetch joins them) count as several headers', () => {
    const headers = createHeaderSet([[HSTS, 'max-age=31536000; includeSubDomains, max-age=0']]);
    expect(idsOf(checkHsts(headers, ruleContext()))).toEqual(['hsts/multiple-headers:low']);
  });

  test('fix is worded for the framework', () => {
    const headers = createHeaderSet([]);
    const fix = (framework?: 'helmet' | 'flask-talisman' | 'nginx' | 'header' | 'django') => checkHsts(headers, ruleContext({ framework }))[0]?.fix;
    expect(fix()).toBe('Strict-Transport-Security: max-age=31536000; includeSubDomains');
    expect(fix('header')).toBe('Strict-Transport-Security: max-age=31536000; includeSubDomains');
    expect(fix('nginx')).toBe('add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;  (in the server block and in every location with add_header lines of its own, which drop the server-level ones)');
    // Missing: helmet and Talisman both send it by default, so the fix names the cause to look for.
    expect(fix('helmet')).toBe('helmet({ strictTransportSecurity: { maxAge: 31536000 } })  (helmet sends it by default, over http too: look for strictTransportSecurity: false, or a route or express.static mounted before app.use(helmet()))');
    expect(fix('flask-talisman')).toMatch(/^Talisman sends Strict-Transport-Security only on https requests/);
    expect(fix('django')).toBe("settings.py: SECURE_HSTS_SECONDS = 31536000; SECURE_HSTS_INCLUDE_SUBDOMAINS = True  (SecurityMiddleware sends it only on requests it sees as https: behind a TLS proxy also SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https'))");
    expect(checkHsts(headers, ruleContext({ level: 'strict' }))[0]?.expected).toBe('max-age=63072000; includeSubDomains');
  });

  test('every id it can produce is listed', () => {
    expect(new Set(HSTS_FINDING_IDS).size).toBe(HSTS_FINDING_IDS.length);
    for (const id of HSTS_FINDING_IDS) expect(id).toMatch(/^hsts\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
