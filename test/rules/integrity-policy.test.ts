import { integrityPolicyRule, parseIntegrityPolicy, usesSubresourceIntegrity } from '../../src/rules/integrity-policy';
import { testRuleOnServer } from '../helpers/apps';

const IP = 'Integrity-Policy';
const IPRO = 'Integrity-Policy-Report-Only';
const SRI_PAGE = '<!doctype html><script src="https://cdn.example/a.js" integrity="sha384-abc" crossorigin></script>';
const strictWithSri = { level: 'strict' as const, html: SRI_PAGE };

describe('Integrity-Policy on real responses', () => {
  testRuleOnServer(integrityPolicyRule, [
    { name: 'absent, no SRI: nothing asked', fields: [], expected: [] },
    { name: 'absent at recommended even with SRI', fields: [], context: { html: SRI_PAGE }, expected: [] },
    { name: 'absent at strict where the page uses SRI', fields: [], context: strictWithSri, expected: ['integrity-policy/missing:low'] },
    { name: 'absent at strict without SRI: nothing asked', fields: [], context: { level: 'strict', html: '<p>' }, expected: [] },
    { name: 'script and style blocked', fields: [[IP, 'blocked-destinations=(script style)']], context: strictWithSri, expected: [] },
    { name: 'with sources and endpoints', fields: [[IP, 'blocked-destinations=(script), sources=(inline), endpoints=(ip)']], expected: [] },
    { name: 'unknown destination', fields: [[IP, 'blocked-destinations=(script image)']], expected: ['integrity-policy/unknown-destination:low'] },
    { name: 'only unknown destinations: the policy does nothing', fields: [[IP, 'blocked-destinations=(scripts)']], expected: ['integrity-policy/unknown-destination:low', 'integrity-policy/no-destinations:low'] },
    { name: 'no blocked-destinations at all', fields: [[IP, 'sources=(inline)']], expected: ['integrity-policy/no-destinations:low'] },
    { name: 'unknown source', fields: [[IP, 'blocked-destinations=(script), sources=(inline remote)']], expected: ['integrity-policy/unknown-source:low'] },
    { name: 'not a dictionary', fields: [[IP, 'blocked-destinations: script']], expected: ['integrity-policy/invalid:low'] },
    { name: 'a string instead of a token list', fields: [[IP, 'blocked-destinations="script"']], expected: ['integrity-policy/invalid:low'] },
    { name: 'report-only alone: advice', fields: [[IPRO, 'blocked-destinations=(script)']], expected: ['integrity-policy/report-only:info'] },
    { name: 'report-only alone at strict with SRI: low', fields: [[IPRO, 'blocked-destinations=(script)']], context: strictWithSri, expected: ['integrity-policy/report-only:low'] },
    { name: 'report-only beside the enforced policy is fine', fields: [[IP, 'blocked-destinations=(script)'], [IPRO, 'blocked-destinations=(script style)']], context: strictWithSri, expected: [] },
  ]);

  test('parse and SRI detection', () => {
    expect(parseIntegrityPolicy('blocked-destinations=(script style), endpoints=(a b)')).toEqual({ blockedDestinations: ['script', 'style'], sources: ['inline'], endpoints: ['a', 'b'] });
    expect(usesSubresourceIntegrity('<link rel=stylesheet href=/a.css integrity="sha256-x">')).toBe(true);
    expect(usesSubresourceIntegrity('<script src=/a.js></script><p>integrity=</p>')).toBe(false);
  });
});
