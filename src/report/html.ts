import { createHash } from 'node:crypto';
import { describeBlocked } from '../browser/format';
import { escapeHtml as h } from './escape';
import { findingWhere, headlineGrade, type PageSummary, type ScanSummary } from './summary';

/**
 * One self-contained HTML file to read a scan in a browser: the grade, a
 * table of findings with their fixes per page, the CSP violations. Every
 * value from the scanned site is escaped (a header can hold `<script>` or
 * `</style>`), the file has no script at all, and it carries its own policy:
 * `default-src 'none'` with the one inline <style> allowed by its hash.
 */

const STYLE = `
:root { color-scheme: light dark; --fail: #c62828; --warn: #b26a00; --ok: #2e7d32; --muted: #6b6b6b; --line: #ddd; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 0; overflow-wrap: anywhere; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .88em; overflow-wrap: anywhere; white-space: pre-wrap; }
.muted { color: var(--muted); }
.summary { display: flex; gap: 1.5rem; align-items: center; flex-wrap: wrap; margin: 1rem 0 2rem; }
.grade { font-size: 2.6rem; font-weight: 700; border: 3px solid currentColor; border-radius: .5rem; padding: 0 .6rem; min-width: 4.5rem; text-align: center; }
.grade.small { font-size: 1rem; border-width: 2px; padding: 0 .35rem; min-width: 0; }
.g-A { color: var(--ok); } .g-B { color: #558b2f; } .g-C { color: var(--warn); } .g-D, .g-F { color: var(--fail); }
.verdict { font-weight: 700; font-size: 1.2rem; }
.pass { color: var(--ok); } .fail { color: var(--fail); }
section.page { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin-bottom: 1.5rem; }
section.page > header { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin-bottom: .75rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.sev { font-weight: 600; white-space: nowrap; }
.sev-critical, .sev-high { color: var(--fail); } .sev-medium { color: var(--warn); } .sev-low, .sev-info { color: var(--muted); }
.tag { display: inline-block; font-size: .75rem; border: 1px solid currentColor; border-radius: 1rem; padding: 0 .45rem; white-space: nowrap; }
tr.fails td:first-child { border-left: 4px solid var(--fail); }
details { margin: .25rem 0; } summary { cursor: pointer; color: var(--muted); }
ul.checks { margin: .25rem 0; padding-left: 1.25rem; }
`.trim();

/** The policy the report carries: nothing may load or run but its own style sheet. */
export function reportPolicy(style: string = STYLE): string {
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'`;
}

export function formatHtml(summary: ScanSummary): string {
  const grade = headlineGrade(summary);
  const t = summary.totals;
  const title = `Security headers: ${summary.site.start.join(', ')}`;
  const body = [
    `<h1>${h(title)}</h1>`,
    `<p class="muted">${h(summary.tool.name)} ${h(summary.tool.version)} · ${h(summary.site.mode)} · preset ${h(summary.preset)} · ` +
      `${summary.failOn === 'none' ? 'report only' : `fails on ${h(summary.failOn)} and worse`} · ${h(summary.site.startedAt)}` +
      `${summary.baseline ? ` · baseline ${h(summary.baseline)}` : ''}</p>`,
    '<div class="summary">',
    grade ? `<div class="grade ${gradeClass(grade)}" title="lowest MDN HTTP Observatory grade of the pages">${h(grade)}</div>` : '',
    `<div class="verdict ${summary.pass ? 'pass' : 'fail'}">${summary.pass ? 'PASS' : 'FAIL'}</div>`,
    '<div>',
    `<div>${t.pages} page${t.pages === 1 ? '' : 's'}${t.pagesWithErrors ? `, ${t.pagesWithErrors} not loaded` : ''}</div>`,
    `<div>${t.findings} finding${t.findings === 1 ? '' : 's'}, ${t.failingFindings} failing</div>`,
    summary.site.mode === 'browser'
      ? `<div>${t.violations} CSP violation${t.violations === 1 ? '' : 's'} (${t.enforcedViolations} enforced)</div>`
      : '<div class="muted">CSP violations not checked (headers only)</div>',
    summary.baseline ? `<div>${t.accepted} accepted in the baseline, ${t.fixed} fixed</div>` : '',
    '</div>',
    '</div>',
    ...summary.pages.map((page) => formatPage(page, summary)),
    summary.site.notVisited.length
      ? `<details><summary>${summary.site.notVisited.length} URL(s) found but not visited (${h(summary.site.stoppedBy ?? 'limit')})</summary><ul class="checks">${summary.site.notVisited
          .map((u) => `<li><code>${h(u)}</code></li>`)
          .join('')}</ul></details>`
      : '',
  ]
    .filter(Boolean)
    .join('\n');

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${h(reportPolicy())}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function gradeClass(grade: string): string {
  return `g-${grade.charAt(0)}`;
}

function formatPage(p: PageSummary, summary: ScanSummary): string {
  const { page } = p;
  const out: string[] = ['<section class="page">', '<header>'];
  if (p.grade) out.push(`<span class="grade small ${gradeClass(p.grade)}">${h(p.grade)}</span>`);
  out.push(`<h2>${h(page.url)}</h2>`);
  out.push(`<span class="tag ${p.fails ? 'fail' : 'pass'}">${p.fails ? 'fails' : 'passes'}</span>`);
  const facts = [page.status !== undefined ? `HTTP ${page.status}` : '', p.score !== undefined ? `score ${p.score}` : '', `depth ${page.depth}`];
  if (page.finalUrl && page.finalUrl !== page.url) facts.push(`redirected to ${page.finalUrl}`);
  out.push(`<span class="muted">${h(facts.filter(Boolean).join(' · '))}</span>`, '</header>');

  if (page.error) {
    out.push(`<p class="fail">Not checked (${h(page.error.kind)}): <span class="mono">${h(page.error.message)}</span></p>`, '</section>');
    return out.join('\n');
  }

  if (p.findings.length) {
    out.push('<table><thead><tr><th>Severity</th><th>Header</th><th>Problem</th><th>Received</th><th>Fix</th><th>Status</th></tr></thead><tbody>');
    for (const { finding: f, status, fails } of p.findings) {
      const state = fails ? 'fails' : status === 'accepted' ? 'accepted (baseline)' : summary.failOn === 'none' ? 'report only' : `below ${summary.failOn}`;
      out.push(
        `<tr class="${fails ? 'fails' : ''}"><td class="sev sev-${h(f.severity)}">${h(f.severity)}</td>` +
          `<td><code>${h(findingWhere(f))}</code></td>` +
          `<td>${h(f.message)}<br><span class="muted mono">${h(f.id)}</span><br><span class="muted">expected: ${h(f.expected)}</span></td>` +
          `<td>${f.received === undefined ? '<span class="muted">(absent)</span>' : `<code>${h(f.received)}</code>`}</td>` +
          `<td><code>${h(f.fix)}</code></td><td>${h(state)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  } else {
    out.push('<p class="pass">No findings.</p>');
  }

  if (summary.site.mode === 'browser') {
    if (p.violations.length) {
      out.push('<table><thead><tr><th>CSP violation</th><th>Directive</th><th>Blocked</th><th>Where</th><th>Status</th></tr></thead><tbody>');
      for (const { violation: v, status, fails } of p.violations) {
        const where = v.source ? `${v.source.file}:${v.source.line}:${v.source.column}` : v.frameUrl;
        out.push(
          `<tr class="${fails ? 'fails' : ''}"><td>${v.disposition === 'enforce' ? 'blocked' : 'reported only'}${v.count > 1 ? ` ×${v.count}` : ''}</td>` +
            `<td><code>${h(v.directive)}</code></td><td><code>${h(describeBlocked(v))}</code>${v.sample ? `<br><span class="muted mono">${h(v.sample)}</span>` : ''}</td>` +
            `<td><code>${h(where)}</code></td><td>${h(fails ? 'fails' : status === 'accepted' ? 'accepted (baseline)' : 'report only')}</td></tr>`,
        );
      }
      out.push('</tbody></table>');
    } else {
      out.push('<p class="muted">No CSP violations while the page loaded.</p>');
    }
  }

  const fixed = [...p.fixed.findings, ...p.fixed.violations.map((k) => `violation ${k}`)];
  if (fixed.length) out.push(`<p class="pass">Fixed since the baseline: ${fixed.map((k) => `<code>${h(k)}</code>`).join(', ')}</p>`);
  if (page.subresources.length) {
    out.push('<details><summary>Subresources</summary><ul class="checks">');
    for (const s of page.subresources) out.push(`<li><code>${h(s.url)}</code> (${h(s.type)}): ${h(s.finding.message)} <span class="muted">${h(s.finding.id)}</span></li>`);
    out.push('</ul></details>');
  }
  const report = page.headers;
  if (report && (report.passed.length || report.skipped.length)) {
    out.push(`<details><summary>${report.passed.length} check(s) passed, ${report.skipped.length} skipped</summary><ul class="checks">`);
    for (const c of report.passed) out.push(`<li class="pass">✓ <code>${h(c.header)}</code>: ${h(c.summary)}</li>`);
    for (const c of report.skipped) out.push(`<li class="muted">– <code>${h(c.header)}</code>: ${h(c.reason)}</li>`);
    out.push('</ul></details>');
  }
  out.push('</section>');
  return out.join('\n');
}
