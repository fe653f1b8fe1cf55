import { describeBlocked, describeLocation } from '../browser/format';
import { ANSI_COLORS, NO_COLORS, type Colors } from './colors';
import { groupProblems, listPageKeys } from './problems';
import { blockedRequests, blockedSentence } from './blocked';
import { findingWhere, headlineGrade, type FindingEntry, type PageSummary, type ScanSummary, type ViolationEntry } from './summary';

/**
 * The report for a terminal or a CI log. Up to LONG_SCAN pages (or with
 * `verbose`): one block per page, failing findings in full (received,
 * expected, fix), the rest one line each. Past that: each problem once with
 * the pages it is on, then one line per failing page. Then the totals, and a
 * last line that states the exit code the process ends with.
 */

export interface TextOptions {
  color?: boolean;
  /** Every page in full, however many. */
  verbose?: boolean;
  /** The code the process exits with, stated on the last line. Default: 0 on pass, 1 on fail. */
  exitCode?: number;
}

/** More pages than this and the report is by problem (unless verbose). */
export const LONG_SCAN = 10;
/** Start URLs named in the header line before "and N more". */
const START_URLS_SHOWN = 3;
/** In the by-problem report, failing pages listed one line each before "and N more". */
const FAILING_PAGES_SHOWN = 25;

export function formatText(summary: ScanSummary, options: TextOptions = {}): string {
  const c = options.color ? ANSI_COLORS : NO_COLORS;
  const { site } = summary;
  const lines: string[] = [];
  const failOn = summary.failOn === 'none' ? 'never fails (--fail-on none)' : `fails on ${summary.failOn} and worse, and on enforced CSP violations`;
  lines.push(c.bold(`${summary.tool.name} ${summary.tool.version}`) + c.dim(` · ${site.mode} · preset ${summary.preset} · ${failOn}`));
  // A page list (`scan --pages`) starts from every page: name a few, not thousands on one line.
  const hidden = options.verbose ? 0 : Math.max(0, site.start.length - START_URLS_SHOWN);
  const starts = site.start.slice(0, site.start.length - hidden).join(', ') + (hidden ? ` and ${hidden} more` : '');
  lines.push(c.dim(`start: ${starts}`));
  if (summary.baseline) lines.push(c.dim(`baseline: ${summary.baseline} (only what is new fails)`));
  lines.push('');

  if (options.verbose || summary.pages.length <= LONG_SCAN) {
    for (const page of summary.pages) lines.push(...formatPage(page, summary, c), '');
  } else {
    lines.push(...formatByProblem(summary, c), '');
  }

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
  const code = options.exitCode ?? (summary.pass ? 0 : 1);
  const verdict = code === 0 ? c.green(c.bold('PASS')) : code === 1 ? c.red(c.bold('FAIL')) : c.red(c.bold('ERROR'));
  const why = code === 2 ? ' — no page could be loaded' : '';
  lines.push(`${verdict}${c.dim(` (exit code ${code})${why}`)}`);
  return lines.join('\n') + '\n';
}

function formatByProblem(summary: ScanSummary, c: Colors): string[] {
  const lines: string[] = [];
  const problems = groupProblems(summary);
  lines.push(c.bold(`Problems (${problems.length}), each once with the pages it is on; --verbose shows every page`));
  for (const g of problems) {
    const mark = g.failingPages > 0 ? c.red('✕') : c.yellow('!');
    const where = g.directive ? `${g.header} (${g.directive})` : g.header;
    const count = `${g.pages.length} page${g.pages.length === 1 ? '' : 's'}`;
    const state = g.failingPages > 0 ? `fails on ${g.failingPages}` : g.accepted === g.pages.length ? 'accepted in the baseline' : 'does not fail';
    lines.push(`  ${mark} ${where}: ${g.message}  ${c.dim(`[${g.id}, ${g.severity}; ${count}, ${state}]`)}`);
    if (g.kind === 'finding') {
      if (g.received.length) lines.push(`      received: ${g.received.map((r) => c.red(JSON.stringify(r))).join(c.dim(' | '))}`);
      else lines.push(`      received: ${c.dim('(absent)')}`);
      if (g.expected) lines.push(`      expected: ${c.green(g.expected)}`);
    }
    lines.push(`      fix:      ${g.fix}`);
    lines.push(c.dim(`      on:       ${listPageKeys(g.pages)}`));
  }
  const errors = summary.pages.filter((p) => p.page.error && !p.page.headers);
  if (errors.length) {
    lines.push('', c.bold(`Not checked (${errors.length})`));
    for (const p of errors.slice(0, FAILING_PAGES_SHOWN)) lines.push(`  ${c.red('✕')} ${p.page.url}: ${p.page.error!.kind}: ${p.page.error!.message}`);
    if (errors.length > FAILING_PAGES_SHOWN) lines.push(c.dim(`  … and ${errors.length - FAILING_PAGES_SHOWN} more`));
  }
  const failing = summary.pages.filter((p) => p.fails && p.page.headers);
  lines.push('', c.bold(`Failing pages (${failing.length} of ${summary.pages.length})`));
  for (const p of failing.slice(0, FAILING_PAGES_SHOWN)) {
    const n = p.findings.filter((e) => e.fails).length;
    const v = p.violations.filter((e) => e.fails).length;
    const status = p.page.status !== undefined ? ` ${p.page.status}` : '';
    const grade = p.grade ? ` grade ${p.grade}` : '';
    lines.push(`  ${c.red('✕')} ${p.page.url}${probeMark(p.page)}${c.dim(status + grade)}  ${n} failing finding${n === 1 ? '' : 's'}${v ? `, ${v} blocked` : ''}`);
  }
  if (failing.length > FAILING_PAGES_SHOWN) lines.push(c.dim(`  … and ${failing.length - FAILING_PAGES_SHOWN} more (--verbose, or --format html/json, for every page)`));
  return lines;
}

/** The not-found probe is named as such: it is no page of the site, and its 404 is expected. */
function probeMark(page: PageSummary['page']): string {
  return page.probe === 'not-found' ? ' (not-found probe: the error response, judged like a page)' : '';
}

function formatPage(p: PageSummary, summary: ScanSummary, c: Colors): string[] {
  const { page } = p;
  const mark = p.fails ? c.red('✕') : c.green('✓');
  const status = page.status !== undefined ? ` ${page.status}` : '';
  const grade = p.grade ? ` grade ${p.grade}${p.score !== undefined ? ` (${p.score}/100)` : ''}` : '';
  const redirected = page.finalUrl && page.finalUrl !== page.url ? c.dim(` → ${page.finalUrl}`) : '';
  const lines = [`${mark} ${c.bold(page.url)}${probeMark(page)}${redirected}${c.dim(status + grade)}`];
  if (page.error) {
    // An error page that answered still has headers: they are judged and shown (a 404 page can leak as much as any other).
    if (!page.headers) {
      lines.push(`  ${c.red('✕')} could not be checked (${page.error.kind}): ${page.error.message}`);
      return lines;
    }
    lines.push(`  ${c.red('✕')} ${page.error.kind}: ${page.error.message}`);
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
  const blocked = blockedRequests(page);
  if (blocked) {
    lines.push(`  ${c.yellow('!')} ${blockedSentence(blocked)}:`);
    for (const url of blocked.shown) lines.push(c.dim(`      ${url}`));
    if (blocked.more > 0) lines.push(c.dim(`      … and ${blocked.more} more`));
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
  // In words: a `file:line:column` line reads as a stack frame to the runners and CI logs that show this report.
  if (v.source) lines.push(c.dim(`      source: ${describeLocation(v.source)}`));
  if (v.sample) lines.push(c.dim(`      sample: ${JSON.stringify(v.sample)}`));
  return lines;
}
