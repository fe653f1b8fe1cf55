import { createHash } from 'node:crypto';
import { blockedRequests, blockedSentence } from './blocked';
import { describeBlocked } from '../browser/format';
import { SEVERITIES } from '../types';
import { escapeHtml as h } from './escape';
import { OBSERVATORY_SCORING, findingHelpUri } from './help';
import { redactedFields } from './json';
import { groupProblems, type ProblemGroup } from './problems';
import { findingWhere, headlineGrade, type PageSummary, type ScanSummary } from './summary';

/**
 * One self-contained HTML file to read a scan in a browser, for a site of
 * five pages or five thousand: the verdict and each problem once (the pages
 * it is on, its fix, a link to what it means), then the pages, failing
 * first, passing ones folded away; each page with its findings, violations,
 * raw response headers and Observatory tests. Filters by severity, header
 * and page state are radio buttons and CSS: the file has no script at all.
 * Every value from the scanned site is escaped, and the file carries its own
 * policy, `default-src 'none'` with its one <style> allowed by its hash.
 */

const BASE_STYLE = `
:root { color-scheme: light dark; --fail: #c62828; --warn: #b26a00; --ok: #2e7d32; --muted: #6b6b6b; --line: #8884; --chip: #8881; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.35rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
a { color: inherit; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .86em; overflow-wrap: anywhere; white-space: pre-wrap; }
.muted { color: var(--muted); }
.pass { color: var(--ok); } .fail { color: var(--fail); }
.summary { display: flex; gap: 1rem 1.5rem; align-items: center; flex-wrap: wrap; margin: .75rem 0 1rem; }
.grade { font-size: 2.4rem; font-weight: 700; border: 3px solid currentColor; border-radius: .5rem; padding: 0 .6rem; min-width: 4.2rem; text-align: center; }
.grade.small { font-size: .9rem; border-width: 2px; padding: 0 .3rem; min-width: 0; border-radius: .3rem; }
.g-A { color: var(--ok); } .g-B { color: #558b2f; } .g-C { color: var(--warn); } .g-D, .g-F { color: var(--fail); }
.verdict { font-weight: 700; font-size: 1.6rem; }
.counts { display: flex; gap: .25rem 1rem; flex-wrap: wrap; }
.sev { font-weight: 600; white-space: nowrap; font-size: .8rem; text-transform: uppercase; letter-spacing: .02em; }
.sev-critical, .sev-high { color: var(--fail); } .sev-medium { color: var(--warn); } .sev-low, .sev-info { color: var(--muted); }
.tag { display: inline-block; font-size: .75rem; border: 1px solid currentColor; border-radius: 1rem; padding: 0 .45rem; white-space: nowrap; }
details { margin: 0; } summary { cursor: pointer; }
.problem, .page { border: 1px solid var(--line); border-radius: .4rem; margin: .35rem 0; }
.problem > summary, .page > summary { padding: .4rem .6rem; display: flex; gap: .2rem .6rem; flex-wrap: wrap; align-items: baseline; }
.problem.fails { border-left: 4px solid var(--fail); }
.page[data-state="fail"], .page[data-state="error"] { border-left: 4px solid var(--fail); }
.problem > .body, .page > .body { padding: .1rem .75rem .6rem; border-top: 1px solid var(--line); }
.what { flex: 1 1 18rem; min-width: 0; overflow-wrap: anywhere; }
.fixline { flex-basis: 100%; }
.count { white-space: nowrap; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .75rem; margin: .5rem 0; }
dt { color: var(--muted); } dd { margin: 0; min-width: 0; }
ul.pages { margin: .25rem 0; padding-left: 1.1rem; columns: 18rem auto; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .45rem; border-bottom: 1px solid var(--line); }
th { font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.fails td:first-child { box-shadow: inset 4px 0 var(--fail); }
.sub { margin: .4rem 0; } .sub > summary { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: .4rem 1.25rem; padding: .5rem .6rem; border: 1px solid var(--line); border-radius: .4rem; position: sticky; top: 0; background: Canvas; z-index: 1; }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem; align-items: center; }
.filters legend { float: left; margin-right: .35rem; color: var(--muted); font-size: .85rem; }
.filters label { cursor: pointer; border: 1px solid var(--line); border-radius: 1rem; padding: 0 .55rem; font-size: .85rem; background: var(--chip); }
.f { position: absolute; opacity: 0; pointer-events: none; }
.f:focus-visible + * { outline: 2px solid; }
@media (max-width: 700px) {
  body { padding: .75rem .6rem 2rem; font-size: 14px; }
  .grade { font-size: 1.8rem; min-width: 3.4rem; }
  .filters { position: static; }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack thead { display: none; }
  table.stack tr { border-bottom: 1px solid var(--line); padding: .3rem 0; }
  table.stack td { border: 0; padding: .1rem .2rem; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: .8rem; }
  dl { grid-template-columns: 1fr; } dt { margin-top: .3rem; }
}
`.trim();

/** The policy the report carries: nothing may load or run but its own style sheet (whose text, filters included, is hashed). */
export function reportPolicy(style: string = BASE_STYLE): string {
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const gradeClass = (grade: string) => `g-${grade.charAt(0)}`;
/** Pages a problem names before "and N more" (all are in the page list below). */
const PAGES_LISTED = 40;

type PageState = 'fail' | 'pass' | 'error';
const stateOf = (p: PageSummary): PageState => (p.page.error && !p.page.headers ? 'error' : p.fails ? 'fail' : 'pass');

interface Filters {
  /** Header name → its index in the filter list (attribute values are indexes, never site text). */
  headers: Map<string, number>;
  css: string;
  controls: string;
}

/** The filters: one radio group each for severity (this or worse), header and page state, and the CSS that applies them. */
function buildFilters(problems: readonly ProblemGroup[]): Filters {
  const headers = new Map<string, number>();
  for (const g of problems) if (!headers.has(g.header)) headers.set(g.header, headers.size);
  const css: string[] = [];
  const inputs: string[] = [];
  const radio = (group: string, id: string, label: string, checked = false) => {
    inputs.push(`<input class="f" type="radio" name="${group}" id="${id}"${checked ? ' checked' : ''}>`);
    css.push(`#${id}:checked ~ .filters label[for="${id}"] { background: CanvasText; color: Canvas; }`);
    return `<label for="${id}">${h(label)}</label>`;
  };
  const sevLabels = [radio('sev', 'sev-all', 'all', true)];
  // SEVERITIES runs from critical to info: "high+" hides everything after high.
  SEVERITIES.forEach((severity, rank) => {
    if (severity === 'info') return;
    sevLabels.push(radio('sev', `sev-${severity}`, `${severity}+`));
    const lower = SEVERITIES.slice(rank + 1).map((s) => `#sev-${severity}:checked ~ main [data-sev="${s}"]`);
    css.push(`${lower.join(', ')} { display: none; }`);
  });
  const headerLabels = [radio('hdr', 'hdr-all', 'all', true)];
  for (const [name, i] of headers) {
    headerLabels.push(radio('hdr', `hdr-${i}`, name));
    css.push(`#hdr-${i}:checked ~ main [data-hdr]:not([data-hdr="${i}"]) { display: none; }`);
  }
  const stateLabels = [radio('pst', 'pst-all', 'all', true), radio('pst', 'pst-fail', 'failing'), radio('pst', 'pst-pass', 'passing'), radio('pst', 'pst-error', 'not checked')];
  for (const state of ['fail', 'pass', 'error'] as const) {
    css.push(`#pst-${state}:checked ~ main .page:not([data-state="${state}"]) { display: none; }`);
    // Problems follow the page filter too: those on no page of that state are hidden.
    css.push(`#pst-${state}:checked ~ main .problem:not([data-on~="${state}"]) { display: none; }`);
  }
  css.push('#pst-pass:checked ~ main .passing-group > summary { display: none; }', '#pst-pass:checked ~ main .passing-group > .page { display: block; }');
  const controls = [
    ...inputs,
    '<nav class="filters" aria-label="Filters">',
    `<fieldset><legend>Severity</legend>${sevLabels.join('')}</fieldset>`,
    headers.size > 1 ? `<fieldset><legend>Header</legend>${headerLabels.join('')}</fieldset>` : '',
    `<fieldset><legend>Pages</legend>${stateLabels.join('')}</fieldset>`,
    '</nav>',
  ].join('\n');
  return { headers, css: css.join('\n'), controls };
}

export function formatHtml(summary: ScanSummary): string {
  const problems = groupProblems(summary);
  const filters = buildFilters(problems);
  const style = `${BASE_STYLE}\n${filters.css}`;
  const anchors = new Map(summary.pages.map((p, i) => [p, `p${i + 1}`]));
  const title = `Security headers: ${summary.site.start.join(', ')}`;
  const body = [
    `<header><h1>${h(title)}</h1>`,
    `<p class="muted">${h(summary.tool.name)} ${h(summary.tool.version)} · ${h(summary.site.mode)} · preset ${h(summary.preset)} · ` +
      `${summary.failOn === 'none' ? 'report only' : `fails on ${h(summary.failOn)} and worse`} · ${h(summary.site.startedAt)}` +
      `${summary.baseline ? ` · baseline ${h(summary.baseline)}` : ''}</p></header>`,
    verdict(summary, problems),
    filters.controls,
    '<main>',
    `<section id="problems"><h2>Problems (${problems.length})</h2>`,
    problems.length ? problems.map((g) => formatProblem(g, filters, anchors)).join('\n') : '<p class="pass">No findings and no CSP violations on any page.</p>',
    '</section>',
    formatPages(summary, filters, anchors),
    summary.site.notVisited.length
      ? `<details class="sub"><summary>${plural(summary.site.notVisited.length, 'URL')} found but not visited (${h(summary.site.stoppedBy ?? 'limit')})</summary><ul class="pages">${summary.site.notVisited
          .map((u) => `<li><code>${h(u)}</code></li>`)
          .join('')}</ul></details>`
      : '',
    '</main>',
  ]
    .filter(Boolean)
    .join('\n');

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${h(reportPolicy(style))}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function verdict(summary: ScanSummary, problems: readonly ProblemGroup[]): string {
  const grade = headlineGrade(summary);
  const t = summary.totals;
  const states = summary.pages.map(stateOf);
  const failingPages = states.filter((s) => s === 'fail').length;
  const errors = states.filter((s) => s === 'error').length;
  const failingProblems = problems.filter((g) => g.failingPages > 0).length;
  const bySeverity = SEVERITIES.map((s) => [s, problems.filter((g) => g.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `<span class="sev sev-${s}">${n} ${s}</span>`)
    .join(' ');
  return [
    '<section class="summary" aria-label="Verdict">',
    grade ? `<div class="grade ${gradeClass(grade)}" title="lowest MDN HTTP Observatory grade of the pages">${h(grade)}</div>` : '',
    `<div class="verdict ${summary.pass ? 'pass' : 'fail'}">${summary.pass ? 'PASS' : 'FAIL'}</div>`,
    '<div>',
    `<div><strong>${plural(failingProblems, 'problem')}</strong> fail${failingProblems === 1 ? 's' : ''}, on ${failingPages} of ${plural(t.pages, 'page')}` +
      `${errors ? `; ${errors} not checked` : ''}</div>`,
    `<div class="counts"><span>${plural(problems.length, 'distinct problem')}: ${bySeverity || 'none'}</span>` +
      `<span>${plural(t.findings, 'finding')} in all, ${t.failingFindings} failing</span>` +
      (summary.site.mode === 'browser'
        ? `<span>${plural(t.violations, 'CSP violation')} (${t.enforcedViolations} enforced)</span>`
        : '<span class="muted">CSP violations not checked (headers only)</span>') +
      (summary.baseline ? `<span>${t.accepted} accepted in the baseline, ${t.fixed} fixed</span>` : '') +
      '</div>',
    '</div>',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

function formatProblem(g: ProblemGroup, filters: Filters, anchors: ReadonlyMap<PageSummary, string>): string {
  const where = g.directive ? `${g.header} (${g.directive})` : g.header;
  const on = [...new Set(g.pages.map(stateOf))].join(' ');
  const state = g.failingPages > 0 ? `<span class="tag fail">fails on ${g.failingPages}</span>` : g.accepted === g.pages.length ? '<span class="tag muted">accepted</span>' : '<span class="tag muted">does not fail</span>';
  const listed = g.pages.slice(0, PAGES_LISTED).map((p) => `<li><a href="#${anchors.get(p)}">${h(p.key)}</a></li>`);
  const more = g.pages.length > PAGES_LISTED ? `<li class="muted">and ${g.pages.length - PAGES_LISTED} more (filter the pages below by header)</li>` : '';
  return [
    `<details class="problem${g.failingPages > 0 ? ' fails' : ''}" data-sev="${g.severity}" data-hdr="${filters.headers.get(g.header)}" data-on="${on}">`,
    `<summary><span class="sev sev-${g.severity}">${g.severity}</span><span class="what"><code>${h(where)}</code> ${h(g.message)}</span>` +
      `<span class="count">${plural(g.pages.length, 'page')}</span>${state}<span class="fixline muted">fix: <code>${h(g.fix)}</code></span></summary>`,
    '<div class="body"><dl>',
    `<dt>id</dt><dd><code>${h(g.id)}</code></dd>`,
    g.kind === 'finding' ? `<dt>received</dt><dd>${g.received.length ? g.received.map((r) => `<code>${h(r)}</code>`).join('<br>') : '<span class="muted">(absent)</span>'}</dd>` : '',
    g.expected ? `<dt>expected</dt><dd>${h(g.expected)}</dd>` : '',
    `<dt>what it means</dt><dd><a href="${h(g.helpUri)}" rel="noreferrer">${h(g.helpUri)}</a></dd>`,
    `<dt>pages</dt><dd><ul class="pages">${listed.join('')}${more}</ul></dd>`,
    '</dl></div>',
    '</details>',
  ]
    .filter(Boolean)
    .join('\n');
}

function formatPages(summary: ScanSummary, filters: Filters, anchors: ReadonlyMap<PageSummary, string>): string {
  const failing = summary.pages.filter((p) => stateOf(p) !== 'pass');
  const passing = summary.pages.filter((p) => stateOf(p) === 'pass');
  const out = [`<section id="pages"><h2>Pages (${summary.pages.length}): ${failing.length} failing or not checked, ${passing.length} passing</h2>`];
  const shown: Shown = new Map();
  for (const page of failing) out.push(formatPage(page, summary, filters, anchors.get(page)!, shown));
  if (passing.length) {
    out.push(`<details class="passing-group sub"><summary>${plural(passing.length, 'passing page')}</summary>`);
    for (const page of passing) out.push(formatPage(page, summary, filters, anchors.get(page)!, shown));
    out.push('</details>');
  }
  out.push('</section>');
  return out.join('\n');
}

/**
 * Blocks already shown, by their content: a site's pages mostly share their
 * findings, headers and score, and 500 copies of one table help no one. The
 * second page with the same block gets a link to the first.
 */
type Shown = Map<string, { anchor: string; key: string }>;

function once(shown: Shown, kind: string, content: string, anchor: string, key: string, render: () => string, what: string): string {
  const id = `${kind}\n${content}`;
  const first = shown.get(id);
  if (first) return `<p class="muted">${h(what)}: as on <a href="#${first.anchor}">${h(first.key)}</a>.</p>`;
  shown.set(id, { anchor, key });
  return render();
}

function formatPage(p: PageSummary, summary: ScanSummary, filters: Filters, anchor: string, shown: Shown): string {
  const { page } = p;
  const state = stateOf(p);
  const failingFindings = p.findings.filter((e) => e.fails).length;
  const failingViolations = p.violations.filter((e) => e.fails).length;
  const facts = [page.probe === 'not-found' ? 'not-found probe' : '', page.status !== undefined ? `HTTP ${page.status}` : '', page.finalUrl && page.finalUrl !== page.url ? `→ ${page.finalUrl}` : '', `depth ${page.depth}`, `${page.durationMs} ms`];
  const headline =
    state === 'error'
      ? `<span class="fail">not checked (${h(page.error!.kind)})</span>`
      : `<span class="count">${failingFindings ? `<span class="fail">${plural(failingFindings, 'failing finding')}</span>` : plural(p.findings.length, 'finding')}` +
        `${failingViolations ? `, <span class="fail">${failingViolations} blocked</span>` : ''}</span>`;
  const out: string[] = [
    `<details class="page" id="${anchor}" data-state="${state}">`,
    `<summary>${state === 'error' ? '' : p.grade ? `<span class="grade small ${gradeClass(p.grade)}" title="MDN HTTP Observatory grade, score ${p.score}">${h(p.grade)}</span>` : ''}` +
      `<span class="what"><code>${h(page.url)}</code></span>${headline}<span class="muted">${h(facts.filter(Boolean).join(' · '))}</span></summary>`,
    '<div class="body">',
  ];
  if (page.error) out.push(`<p class="fail">${h(page.error.kind)}: <span class="mono">${h(page.error.message)}</span></p>`);
  if (page.headers) {
    if (p.findings.length) {
      const rows: string[] = [];
      rows.push('<table class="stack"><thead><tr><th>Severity</th><th>Header</th><th>Problem</th><th>Received</th><th>Fix</th><th>Status</th></tr></thead><tbody>');
      for (const { finding: f, status, fails } of p.findings) {
        const why = fails ? 'fails' : status === 'accepted' ? 'accepted (baseline)' : summary.failOn === 'none' ? 'report only' : `below ${summary.failOn}`;
        rows.push(
          `<tr class="${fails ? 'fails' : ''}" data-sev="${f.severity}" data-hdr="${filters.headers.get(f.header) ?? ''}"><td class="sev sev-${h(f.severity)}">${h(f.severity)}</td>` +
            `<td data-label="header"><code>${h(findingWhere(f))}</code></td>` +
            `<td>${h(f.message)} <a class="muted" href="${h(findingHelpUri(f))}" rel="noreferrer">(what it means)</a><br><span class="muted mono">${h(f.id)}</span></td>` +
            `<td data-label="received">${f.received === undefined ? '<span class="muted">(absent)</span>' : `<code>${h(f.received)}</code>`}</td>` +
            `<td data-label="fix"><code>${h(f.fix)}</code></td><td data-label="status">${h(why)}</td></tr>`,
        );
      }
      rows.push('</tbody></table>');
      const table = rows.join('\n');
      out.push(once(shown, 'findings', table, anchor, p.key, () => table, `The same ${plural(p.findings.length, 'finding')}`));
    } else {
      out.push('<p class="pass">No findings.</p>');
    }
  }
  if (summary.site.mode === 'browser' && state !== 'error') {
    if (p.violations.length) {
      out.push('<table class="stack"><thead><tr><th>CSP violation</th><th>Directive</th><th>Blocked</th><th>Where</th><th>Status</th></tr></thead><tbody>');
      for (const { violation: v, status, fails } of p.violations) {
        const where = v.source ? `${v.source.file}:${v.source.line}:${v.source.column}` : v.frameUrl;
        out.push(
          `<tr class="${fails ? 'fails' : ''}" data-sev="${v.disposition === 'enforce' ? 'high' : 'medium'}"><td>${v.disposition === 'enforce' ? 'blocked' : 'reported only'}${v.count > 1 ? ` ×${v.count}` : ''}</td>` +
            `<td data-label="directive"><code>${h(v.directive)}</code></td><td data-label="blocked"><code>${h(describeBlocked(v))}</code>${v.sample ? `<br><span class="muted mono">${h(v.sample)}</span>` : ''}</td>` +
            `<td data-label="where"><code>${h(where)}</code></td><td data-label="status">${h(fails ? 'fails' : status === 'accepted' ? 'accepted (baseline)' : 'report only')}</td></tr>`,
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
    out.push(`<details class="sub"><summary>${plural(page.subresources.length, 'subresource issue')}</summary><ul>`);
    for (const s of page.subresources) out.push(`<li><code>${h(s.url)}</code> (${h(s.type)}): ${h(s.finding.message)} <span class="muted">${h(s.finding.id)}</span></li>`);
    out.push('</ul></details>');
  }
  const blocked = blockedRequests(page);
  if (blocked) {
    out.push(`<details class="sub blocked"><summary>${h(blockedSentence(blocked))}</summary><ul>`);
    for (const url of blocked.shown) out.push(`<li><code>${h(url)}</code></li>`);
    if (blocked.more > 0) out.push(`<li class="muted">… and ${blocked.more} more</li>`);
    out.push('</ul></details>');
  }
  if (page.responseHeaders?.length) {
    const fields = redactedFields(page.responseHeaders);
    out.push(
      once(shown, 'headers', JSON.stringify(fields), anchor, p.key, () =>
        [
          `<details class="sub"><summary>Response headers (${fields.length}; cookie values redacted)</summary><table class="stack"><tbody>`,
          ...fields.map(({ name, value }) => `<tr><td><code>${h(name)}</code></td><td><code>${h(value)}</code></td></tr>`),
          '</tbody></table></details>',
        ].join('\n'),
      `Response headers (${fields.length})`),
    );
  }
  const report = page.headers;
  if (report) {
    const o = report.observatory;
    const scored: string[] = [];
    scored.push(
      `<details class="sub"><summary>MDN HTTP Observatory: ${h(o.grade)}, score ${o.score}</summary>` +
        `<table class="stack"><thead><tr><th>Test</th><th>Modifier</th><th>Result</th></tr></thead><tbody>`,
    );
    for (const t of o.tests) {
      const note = t.assumed ? ' (assumed)' : t.notTested ? ' (not tested)' : '';
      scored.push(
        `<tr><td>${t.pass ? '<span class="pass">✓</span>' : '<span class="fail">✕</span>'} <code>${h(t.name)}</code></td><td class="num" data-label="modifier">${t.modifier > 0 ? '+' : ''}${t.modifier}</td>` +
          `<td>${h(t.description)}${h(note)}<br><span class="muted mono">${h(t.result)}</span></td></tr>`,
      );
    }
    scored.push(`</tbody></table><p class="muted">How the score is made: <a href="${OBSERVATORY_SCORING}" rel="noreferrer">${OBSERVATORY_SCORING}</a></p></details>`);
    const scoreBlock = scored.join('\n');
    out.push(once(shown, 'observatory', scoreBlock, anchor, p.key, () => scoreBlock, `MDN HTTP Observatory: ${o.grade}, score ${o.score}, the same tests`));
    if (report.passed.length || report.skipped.length) {
      const checks = [`<details class="sub"><summary>${plural(report.passed.length, 'check')} passed, ${report.skipped.length} skipped</summary><ul>`];
      for (const c of report.passed) checks.push(`<li class="pass">✓ <code>${h(c.header)}</code>: ${h(c.summary)}</li>`);
      for (const c of report.skipped) checks.push(`<li class="muted">– <code>${h(c.header)}</code>: ${h(c.reason)}</li>`);
      checks.push('</ul></details>');
      const block = checks.join('\n');
      out.push(once(shown, 'checks', block, anchor, p.key, () => block, `${plural(report.passed.length, 'check')} passed, ${report.skipped.length} skipped, the same`));
    }
  }
  out.push('</div>', '</details>');
  return out.join('\n');
}

