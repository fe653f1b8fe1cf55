/**
 * Whether violations are reported anywhere. Facts from csp-evaluator's
 * Lighthouse checks (not part of its default or strict sets, so only our
 * extended mode runs this).
 */
import { finding, type CspFinding } from '../findings';
import { valuesOf, type PolicyView } from './view';

export function checkHasConfiguredReporting(view: PolicyView): CspFinding[] {
  if (valuesOf(view, 'report-uri').length > 0) return [];
  if (valuesOf(view, 'report-to').length > 0) {
    return [
      finding(
        'report-to-only',
        'info',
        'report-to',
        'Reports go only to report-to, which only Chromium-based browsers use. Add a report-uri with the same endpoint so other browsers report too.',
      ),
    ];
  }
  return [
    finding(
      'reporting-destination-missing',
      'info',
      'report-uri',
      'Violations are not reported anywhere, so breakage and attacks go unseen. Add report-uri https://<your collector> (and report-to with a Reporting-Endpoints header).',
    ),
  ];
}
