import { createHeaderSet } from '../../src/response/header-set';
import { checkXContentTypeOptions, xContentTypeOptionsRule } from '../../src/rules/x-content-type-options';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, idsOf, ruleContext, startHelmetApp, startTalismanApp, testRuleOnServer } from '../helpers/apps';

const XCTO = 'X-Content-Type-Options';

describe('x-content-type-options on real responses', () => {
  testRuleOnServer(xContentTypeOptionsRule, [
    { name: 'nosniff', fields: [[XCTO, 'nosniff']], expected: [] },
    { name: 'upper case with spaces', fields: [[XCTO, '  NoSniff ']], expected: [] },
    { name: 'missing', fields: [], expected: ['x-content-type-options/missing:medium'] },
    { name: 'missing over plain http too', fields: [], context: { https: false }, expected: ['x-content-type-options/missing:medium'] },
    { name: 'a typo', fields: [[XCTO, 'no-sniff']], expected: ['x-content-type-options/invalid:medium'] },
    { name: 'empty', fields: [[XCTO, '']], expected: ['x-content-type-options/invalid:medium'] },
    { name: 'nosniff sent twice', fields: [[XCTO, 'nosniff'], [XCTO, 'nosniff']], expected: ['x-content-type-options/multiple-values:low'] },
    { name: 'garbage first, nosniff second', fields: [[XCTO, 'sniff'], [XCTO, 'nosniff']], expected: ['x-content-type-options/invalid:medium'] },
  ]);
});

describe('x-content-type-options on framework apps', () => {
  test('helmet default passes; helmet with it turned off fails', async () => {
    const on = await startHelmetApp();
    const off = await startHelmetApp({ helmet: { xContentTypeOptions: false } });
    try {
      expect(idsOf(checkXContentTypeOptions(await fetchHeaderSet(on.url()), ruleContext({ level: 'strict' })))).toEqual([]);
      const findings = checkXContentTypeOptions(await fetchHeaderSet(off.url()), ruleContext({ framework: 'helmet' }));
      expect(idsOf(findings)).toEqual(['x-content-type-options/missing:medium']);
      expect(findings[0]?.fix).toBe('helmet({ xContentTypeOptions: true })  (helmet sends it by default: look for xContentTypeOptions: false, or a route or express.static mounted before app.use(helmet()))');
    } finally {
      await on.close();
      await off.close();
    }
  });

  test('Talisman default passes', async () => {
    const app = await startTalismanApp('default');
    try {
      const headers = await fetchHeaderSet(app.url(), { headers: HTTPS_PROXY_HEADERS });
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(idsOf(checkXContentTypeOptions(headers, ruleContext({ level: 'strict' })))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

test('finding carries what was received and the fix line', () => {
  const [f] = checkXContentTypeOptions(createHeaderSet([[XCTO, 'nosnif']]), ruleContext());
  expect(f).toMatchObject({ header: 'x-content-type-options', received: 'nosnif', expected: 'nosniff', fix: 'X-Content-Type-Options: nosniff' });
});
