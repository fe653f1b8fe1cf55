import { describeBlocked } from '../browser/format';
import { ANSI_COLORS, NO_COLORS, type Colors } from './colors';
import { findingWhere, headlineGrade, type FindingEntry, type PageSummary, type ScanSummary, type ViolationEntry } from './summary';

/**
 * The report for a terminal or a CI log: one block per page, failing
 * findings in full (received, expected, fix), the rest one line each, then
 * the totals and the verdict.
 */

export interface TextOptions {
  color?: boolean;
}

export function formatText(summary: ScanSummary, options: TextOptions = {}): string {
  const c = options.color ? ANSI_COLORS : NO_COLORS;
  const { site } = summary;
  const lines: string[] = [];
  const failOn = summary.failOn === 'none' ? 'never fails (--fail-on none)' : `fails on ${summary.failOn} and worse, and on enforced CSP violations`;
  lines.push(c.bold(`${summary.tool.name} ${summary.tool.version}`) + c.dim(` · ${site.mode} · preset ${summary.preset} · ${failOn}`));
  lines.push(c.dim(`start: ${site.start.join(', ')}`));
  if (summary.baseline) lines.push(c.dim(`baseline: ${summary.baseline} (only what is new fails)`));
  lines.push('');

  for (const page of summary.pages) lines.push(...formatPage(page, summary, c), '');

  const t = summary.totals;
  const grade = headlineGrade(summary);
  lines.push(c.bold('Summary'));
  lines.push(
    `  ${t.pages} page${t.pages === 1 ? '' : 's'} checked${t.pagesWithErrors ? `, ${t.pagesWithErrors} could not be loaded` : ''}` +
      (grade ? ` · lowest grade ${grade}` : ''),
  );
  lines.push(`  ${t.findings} finding${t.findings === 1 ? '' : 's'}, ${t.failingFindings} failing`);
  if (site.mode === 'browser') {
    lines.push(`  ${t.violations} CSP violation${t.violations === 1 ? '' : 's'} (${t.enforcedViolations} enforced), ${t.failingViolations} failing`);
  } else {
    lines.push(c.dim('  CSP violations not checked (headers-only)'));
  }
  if (summary.baseline) lines.push(`  baseline: ${t.accepted} accepted, ${t.fixed} fixed since it was written`);
  if (site.stoppedBy) lines.push(c.yellow(`  stopped by ${site.stoppedBy}: ${site.notVisited.length} URL${site.notVisited.length === 1 ? '' : 's'} not visited`));
  lines.push(summary.pass ? c.green(c.bold('PASS')) : c.red(c.bold('FAIL')) + c.dim(' (exit code 1)'));
  return lines.join('\n') + '\n';
}

function formatPage(p: PageSummary, summary: ScanSummary, c: Colors): string[] {
  const { page } = p;
  const mark = p.fails ? c.red('✕') : c.green('✓');
  const status = page.status !== undefined ? ` ${page.status}` : '';
  const grade = p.grade ? ` grade ${p.grade}${p.score !== undefined ? ` (${p.score}/100)` : ''}` : '';
  const redirected = page.finalUrl && page.finalUrl !== page.url ? c.dim(` → ${page.finalUrl}`) : '';
  const lines = [`${mark} ${c.bold(page.url)}${redirected}${c.dim(status + grade)}`];
  if (page.error) {
    lines.push(`  ${c.red('✕')} could not be checked (${page.error.kind}): ${page.error.message}`);
    return lines;
  }
  const failing = p.findings.filter((e) => e.fails);
  const others = p.findings.filter((e) => !e.fails);
  for (const entry of failing) lines.push(...formatFailing(entry, c));
  for (const entry of others) lines.push(formatOther(entry, summary, c));
  for (const entry of p.violations) lines.push(...formatViolation(entry, c));
  for (const key of p.fixed.findings) lines.push(`  ${c.green('✓')} fixed since the baseline: ${key}`);
  for (const key of p.fixed.violations) lines.push(`  ${c.green('✓')} fixed since the baseline: violation ${key}`);
  for (const issue of page.subresources) {
    lines.push(`  ${c.yellow('!')} subresource ${issue.url} (${issue.type}): ${issue.finding.message} ${c.dim(`[${issue.finding.id}]`)}`);
  }
  if (p.findings.length === 0 && p.violations.length === 0) lines.push(c.dim('  no findings'));
  return lines;
}

function formatFailing({ finding, status }: FindingEntry, c: Colors): string[] {
  const received = finding.received === undefined ? c.dim('(absent)') : c.red(JSON.stringify(finding.received));
  return [
    `  ${c.red('✕')} ${findingWhere(finding)}: ${finding.message}  ${c.dim(`[${finding.id}, ${finding.severity}${status === 'new' ? '' : ', accepted'}]`)}`,
    `      received: ${received}`,
    `      expected: ${c.green(finding.expected)}`,
    `      fix:      ${finding.fix}`,
  ];
}

function formatOther({ finding, status }: FindingEntry, summary: ScanSummary, c: Colors): string {
  const why = status === 'accepted' ? 'accepted in the baseline' : summary.failOn === 'none' ? 'report only' : `below ${summary.failOn}`;
  return `  ${c.yellow('!')} ${findingWhere(finding)}: ${finding.message}  ${c.dim(`[${finding.id}, ${finding.severity}; ${why}]`)}`;
}

function formatViolation({ violation: v, status, fails }: ViolationEntry, c: Colors): string[] {
  const outcome = v.disposition === 'enforce' ? 'blocked' : 'reported only (report-only policy)';
  const mark = fails ? c.red('✕') : c.yellow('!');
  const note = status === 'accepted' ? c.dim(' [accepted in the baseline]') : '';
  const lines = [`  ${mark} CSP ${v.directive}: ${describeBlocked(v)} — ${outcome}${v.count > 1 ? ` ×${v.count}` : ''}${note}`];
  if (v.frameUrl !== v.url) lines.push(c.dim(`      in:     ${v.frameUrl}`));
  if (v.source) lines.push(c.dim(`      source: ${v.source.file}:${v.source.line}:${v.source.column}`));
  if (v.sample) lines.push(c.dim(`      sample: ${JSON.stringify(v.sample)}`));
  return lines;
}
