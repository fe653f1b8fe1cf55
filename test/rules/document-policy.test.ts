import { describeDocumentPolicies, documentPolicyRule } from '../../src/rules/document-policy';
import { fetchHeaderSet, testRuleOnServer } from '../helpers/apps';
import { startHeaderServer } from '../helpers/servers';

describe('Document-Policy and Document-Isolation-Policy on real responses', () => {
  testRuleOnServer(documentPolicyRule, [
    { name: 'Document-Policy parses', fields: [['Document-Policy', 'oversized-images=2.0, sync-xhr=?0;report-to=dp']], expected: [] },
    { name: 'Require-Document-Policy and report-only parse', fields: [['Require-Document-Policy', 'unsized-media=?0'], ['Document-Policy-Report-Only', 'force-load-at-top']], expected: [] },
    { name: 'Document-Policy that does not parse', fields: [['Document-Policy', 'oversized-images: 2']], expected: ['document-policy/invalid:low'] },
    { name: 'Document-Isolation-Policy values', fields: [['Document-Isolation-Policy', 'isolate-and-credentialless'], ['Document-Isolation-Policy-Report-Only', 'isolate-and-require-corp']], expected: [] },
    { name: 'Document-Isolation-Policy typo', fields: [['Document-Isolation-Policy', 'isolate-and-require-coep']], expected: ['document-policy/isolation-invalid:low'] },
  ]);

  test('described in words', async () => {
    const server = await startHeaderServer([
      ['Document-Policy', 'oversized-images=2.0, sync-xhr=?0;report-to=dp'],
      ['Document-Isolation-Policy', 'isolate-and-credentialless'],
      ['Document-Isolation-Policy-Report-Only', 'none'],
    ]);
    try {
      expect(describeDocumentPolicies(await fetchHeaderSet(server.url()))).toEqual([
        'Document-Policy sets: oversized-images 2, sync-xhr off (reports to dp)',
        'Document-Isolation-Policy isolate-and-credentialless: the document is cross-origin isolated; cross-origin no-cors subresources are fetched without credentials',
        'Document-Isolation-Policy-Report-Only none: would mean that the document is not isolated (the default)',
      ]);
    } finally {
      await server.close();
    }
  });
});
