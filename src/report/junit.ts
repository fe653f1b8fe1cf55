import type { Finding } from '../types';
import { blockedRequests, blockedText } from './blocked';
import { escapeXml as x } from './escape';
import { findingWhere, ruleOf, type FindingEntry, type PageSummary, type ScanSummary } from './summary';

/**
 * JUnit XML, for CI test tabs: a testsuite per page, a testcase per check
 * (each rule, and the CSP violations when a browser loaded the page). A
 * check fails when it has a failing finding; the other findings go to
 * system-out so they are visible without failing the build.
 */

interface Case {
  name: string;
  /** Measured time, when this case has one (loading the page; the checks themselves take no measurable time). */
  timeMs?: number;
  failure?: { message: string; type: string; text: string };
  error?: { message: string; type: string };
  skipped?: string;
  out?: string;
}

export function formatJunit(summary: ScanSummary): string {
  const suites = summary.pages.map((page) => ({ page, cases: casesFor(page, summary) }));
  const count = (pick: (c: Case) => unknown) => suites.reduce((n, s) => n + s.cases.filter(pick).length, 0);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="${x(summary.tool.name)}" tests="${tests}" failures="${count((c) => c.failure)}" errors="${count((c) => c.error)}" ` +
      `skipped="${count((c) => c.skipped !== undefined)}" time="${seconds(summary.site.durationMs)}" timestamp="${x(summary.site.startedAt)}">`,
  );
  for (const { page, cases } of suites) {
    const n = (pick: (c: Case) => unknown) => cases.filter(pick).length;
    out.push(
      `  <testsuite name="${x(page.page.url)}" tests="${cases.length}" failures="${n((c) => c.failure)}" errors="${n((c) => c.error)}" ` +
        `skipped="${n((c) => c.skipped !== undefined)}" time="${seconds(page.page.durationMs)}" timestamp="${x(summary.site.startedAt)}">`,
    );
    out.push('    <properties>');
    const props: Array<[string, unknown]> = [
      ['url', page.page.url],
      ['status', page.page.status],
      ['grade', page.grade],
      ['score', page.score],
      ['preset', summary.preset],
      ['failOn', summary.failOn],
      ['mode', summary.site.mode],
    ];
    for (const [name, value] of props) if (value !== undefined) out.push(`      <property name="${x(name)}" value="${x(value)}"/>`);
    out.push('    </properties>');
    // CI tools split a classname at its dots into packages: the page key keeps none.
    const classname = `${summary.tool.name} ${page.key.replace(/\./g, '_')}`;
    for (const c of cases) {
      out.push(`    <testcase classname="${x(classname)}" name="${x(c.name)}" time="${seconds(c.timeMs ?? 0)}">`);
      if (c.failure) out.push(`      <failure message="${x(c.failure.message)}" type="${x(c.failure.type)}">${x(c.failure.text)}</failure>`);
      if (c.error) out.push(`      <error message="${x(c.error.message)}" type="${x(c.error.type)}"/>`);
      if (c.skipped !== undefined) out.push(`      <skipped message="${x(c.skipped)}"/>`);
      if (c.out) out.push(`      <system-out>${x(c.out)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function casesFor(p: PageSummary, summary: ScanSummary): Case[] {
  // The page's real load-and-judge time is the first case's: the suite's time is the sum of its cases.
  const load: Case = { name: 'load the page', timeMs: p.page.durationMs };
  if (p.page.error) load.error = { message: p.page.error.message, type: p.page.error.kind };
  const blocked = blockedRequests(p.page);
  if (blocked) load.out = blockedText(blocked);
  if (!p.page.headers) {
    if (!load.error) load.error = { message: 'the page has no header report', type: 'navigation' };
    return [load];
  }
  const report = p.page.headers;
  // Every rule that ran or was skipped is a check; findings group under their rule.
  const rules = new Map<string, { header: string; findings: FindingEntry[]; skipped?: string }>();
  const ruleEntry = (rule: string, header: string) => {
    let entry = rules.get(rule);
    if (!entry) rules.set(rule, (entry = { header, findings: [] }));
    return entry;
  };
  for (const check of report.passed) ruleEntry(check.rule, check.header);
  for (const check of report.skipped) ruleEntry(check.rule, check.header).skipped = check.reason;
  for (const entry of p.findings) ruleEntry(ruleOf(entry.finding.id), entry.finding.header).findings.push(entry);

  const cases: Case[] = [
    load,
    ...[...rules.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, { header, findings, skipped }]) => {
      const name = rule === header ? rule : `${rule} (${header})`;
      const failing = findings.filter((e) => e.fails);
      const others = findings.filter((e) => !e.fails);
      const c: Case = { name };
      if (failing.length > 0) {
        const first = failing[0]!.finding;
        c.failure = { message: first.message, type: first.id, text: failing.map((e) => describe(e.finding)).join('\n\n') };
      } else if (skipped !== undefined && findings.length === 0) {
        c.skipped = skipped;
      }
      if (others.length > 0) {
        c.out = others
          .map((e) => `${describe(e.finding)}\n(${e.status === 'accepted' ? 'accepted in the baseline' : `below the threshold ${summary.failOn}`})`)
          .join('\n\n');
      }
      return c;
    }),
  ];

  if (summary.site.mode === 'browser') {
    const failing = p.violations.filter((e) => e.fails);
    const lines = (list: typeof p.violations) =>
      list.map(({ violation: v, status }) => `${v.disposition === 'enforce' ? 'blocked' : 'reported'} ${v.directive}: ${v.blockedURI}${status === 'accepted' ? ' (accepted in the baseline)' : ''}`).join('\n');
    const c: Case = { name: 'content-security-policy violations' };
    if (failing.length > 0) {
      c.failure = {
        message: `${failing.length} CSP violation${failing.length === 1 ? '' : 's'} blocked by the browser`,
        type: 'csp-violation',
        text: lines(failing),
      };
    }
    const rest = p.violations.filter((e) => !e.fails);
    if (rest.length > 0) c.out = lines(rest);
    cases.push(c);
  }
  return cases;
}

function describe(f: Finding): string {
  return [
    `${findingWhere(f)}: ${f.message} [${f.id}, ${f.severity}]`,
    `received: ${f.received === undefined ? '(absent)' : f.received}`,
    `expected: ${f.expected}`,
    `fix: ${f.fix}`,
  ].join('\n');
}
