import type { Finding, PassedCheck, SkippedCheck } from '../types';
import type { MatcherContext } from './context';

/**
 * Every matcher message is built here, so all of them read alike in Jest,
 * Vitest and Playwright: first line what failed, then one block per problem
 * (header, received, expected, fix), then what was judged. Colours come only
 * from the runner's own utils; without them the text is plain.
 */

type Paint = (text: string) => string;
const plain: Paint = (text) => text;

export interface Palette {
  received: Paint;
  expected: Paint;
  dim: Paint;
}

export function palette(context: MatcherContext): Palette {
  const utils = context.utils ?? {};
  return {
    received: utils.RECEIVED_COLOR ?? plain,
    expected: utils.EXPECTED_COLOR ?? plain,
    dim: utils.DIM_COLOR ?? plain,
  };
}

/** `expect(received).toHaveSecureHeaders(options)` with `.not` and `.resolves` as the runner prints it. */
export function hint(context: MatcherContext, matcher: string, expectedLabel = ''): string {
  const options = { isNot: context.isNot, promise: context.promise };
  if (context.utils?.matcherHint) return context.utils.matcherHint(matcher, 'received', expectedLabel, options);
  const not = context.isNot ? '.not' : '';
  return `expect(received)${not}.${matcher}(${expectedLabel})`;
}

export function formatFinding(finding: Finding, colours: Palette): string {
  const where = finding.directive ? `${finding.header} (${finding.directive})` : finding.header;
  const received = finding.received === undefined ? colours.dim('(absent)') : colours.received(quote(finding.received));
  return [
    `  ✕ ${where}: ${finding.message}  ${colours.dim(`[${finding.id}, ${finding.severity}]`)}`,
    `      received: ${received}`,
    `      expected: ${colours.expected(finding.expected)}`,
    `      fix:      ${finding.fix}`,
  ].join('\n');
}

export function formatFindings(findings: readonly Finding[], colours: Palette): string {
  return findings.map((finding) => formatFinding(finding, colours)).join('\n');
}

export function formatPassed(passed: readonly PassedCheck[], colours: Palette): string {
  return passed.map((check) => `  ✓ ${check.header}: ${colours.dim(check.summary)}`).join('\n');
}

export function formatSkipped(skipped: readonly SkippedCheck[], colours: Palette): string {
  return skipped.map((check) => `  - ${check.header}: ${colours.dim(check.reason)}`).join('\n');
}

/** "1 problem" / "3 problems". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Long header values are cut in the middle so one line stays readable; the whole value is in the report. */
export function quote(value: string, max = 300): string {
  const shown = value.length > max ? `${value.slice(0, max - 40)} … ${value.slice(-30)}` : value;
  return JSON.stringify(shown);
}

/** Joins message sections, dropping empty ones. */
export function sections(...parts: Array<string | false | undefined>): string {
  return parts.filter((part): part is string => typeof part === 'string' && part.length > 0).join('\n\n');
}
