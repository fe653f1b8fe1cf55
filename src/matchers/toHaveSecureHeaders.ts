import { auditHeaderSet, validateAuditOptions, type AuditOptions, type HeaderReport } from '../audit';
import { describeKind } from '../response/kind';
import { isPlaywrightPageResponse, toHeaderSet, toHeaderSetAsync } from '../response/normalize';
import { isSiteReport } from '../crawl/types';
import type { MatcherContext, MatcherResult } from './context';
import { siteMatcherResult, siteSecureHeadersResult } from './site';
import { count, formatFindings, formatPassed, formatSkipped, hint, palette, sections } from './format';

export type SecureHeadersOptions = AuditOptions;

/**
 * `expect(response).toHaveSecureHeaders(options?)`: the response passes the
 * preset. Synchronous for every response type but a Playwright page
 * Response, whose complete headers must be awaited.
 */
export function toHaveSecureHeaders(
  this: MatcherContext,
  received: unknown,
  options?: SecureHeadersOptions,
): MatcherResult | Promise<MatcherResult> {
  if (isSiteReport(received)) return siteMatcherResult(this, 'toHaveSecureHeaders', siteSecureHeadersResult(received, options, palette(this)));
  const validated = validateAuditOptions(options);
  if (isPlaywrightPageResponse(received)) {
    return toHeaderSetAsync(received).then((headers) => secureHeadersResult(this, auditHeaderSet(headers, validated)));
  }
  return secureHeadersResult(this, auditHeaderSet(toHeaderSet(received), validated));
}

export function secureHeadersResult(context: MatcherContext, report: HeaderReport): MatcherResult {
  const colours = palette(context);
  const subject = report.url ? `the response from ${report.url}` : 'the response';
  const judged = `preset "${report.preset}", failing from severity ${report.failOn}${report.https ? ', served over https' : ''}; ${describeKind({ kind: report.kind, reason: report.kindReason })}`;
  // Advice below the threshold: low findings are listed, info notes only counted, so the failures stay in view.
  const below = report.findings.filter((f) => !report.failures.includes(f));
  const advice = below.filter((f) => f.severity !== 'info');
  const notes = below.length - advice.length;
  const notesLine = notes > 0 && `(and ${count(notes, 'info note')}: auditHeaders(response).findings lists them.)`;
  return {
    pass: report.pass,
    name: 'toHaveSecureHeaders',
    message: () =>
      report.pass
        ? sections(
            hint(context, 'toHaveSecureHeaders', 'options'),
            `Expected ${subject} to fail the security-header checks, but it passed (${judged}):`,
            formatPassed(report.passed, colours),
            advice.length > 0 && `Below the threshold:\n${formatFindings(advice, colours)}`,
            report.skipped.length > 0 && `Not applicable:\n${formatSkipped(report.skipped, colours)}`,
          )
        : sections(
            hint(context, 'toHaveSecureHeaders', 'options'),
            `${subject[0]!.toUpperCase()}${subject.slice(1)} has ${count(report.failures.length, 'security-header problem')} (${judged}):`,
            formatFindings(report.failures, colours),
            advice.length > 0 && `Also worth fixing (below the threshold):\n${formatFindings(advice, colours)}`,
            report.skipped.length > 0 && `Not applicable:\n${formatSkipped(report.skipped, colours)}`,
            notesLine,
          ),
  };
}
