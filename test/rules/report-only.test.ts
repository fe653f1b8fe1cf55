import { RULES } from '../../src/rules';
import { reportOnlyRule } from '../../src/rules/report-only';
import { fetchHeaderSet, idsOf, ruleContext, runRule, testRuleOnServer } from '../helpers/apps';
import { startHeaderServer } from '../helpers/servers';

const PPRO = 'Permissions-Policy-Report-Only';
const COOPRO = 'Cross-Origin-Opener-Policy-Report-Only';
const COEPRO = 'Cross-Origin-Embedder-Policy-Report-Only';

describe('report-only Permissions-Policy, COOP and COEP on real responses', () => {
  testRuleOnServer(reportOnlyRule, [
    { name: 'report-only alone: reported as report-only', fields: [[COOPRO, 'same-origin; report-to="coop"']], expected: ['report-only/not-enforced:info'] },
    { name: 'all three alone', fields: [[PPRO, 'camera=()'], [COOPRO, 'same-origin'], [COEPRO, 'require-corp']], expected: ['report-only/not-enforced:info', 'report-only/not-enforced:info', 'report-only/not-enforced:info'] },
    { name: 'beside the enforced header: nothing to say', fields: [['Cross-Origin-Opener-Policy', 'same-origin-allow-popups'], [COOPRO, 'same-origin']], expected: [] },
    { name: 'invalid values', fields: [[PPRO, "camera 'none'"], [COOPRO, 'same_origin'], [COEPRO, '"require-corp"']], expected: ['report-only/invalid:low', 'report-only/invalid:low', 'report-only/invalid:low'] },
  ]);
});

describe('a report-only header is never taken for the enforced one', () => {
  test('COOP/COEP/Permissions-Policy report-only at strict with isolation: the enforced rules still miss them', async () => {
    const server = await startHeaderServer([
      [PPRO, 'camera=()'],
      [COOPRO, 'same-origin'],
      [COEPRO, 'require-corp'],
    ]);
    try {
      const headers = await fetchHeaderSet(server.url());
      const context = ruleContext({ level: 'strict', crossOriginIsolation: true });
      const byRule = (name: string) => idsOf(runRule(RULES.find((r) => r.name === name)!, headers, context));
      expect(byRule('cross-origin')).toEqual(['cross-origin/coep-missing:medium', 'cross-origin/coop-missing:medium', 'cross-origin/corp-missing:low']);
      expect(byRule('permissions-policy')).toEqual(['permissions-policy/missing:low']);
      expect(byRule('report-only')).toEqual(['report-only/not-enforced:info', 'report-only/not-enforced:info', 'report-only/not-enforced:info']);
    } finally {
      await server.close();
    }
  });
});
