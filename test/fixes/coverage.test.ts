import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditHeaderSet } from '../../src/audit';
import { createHeaderSet } from '../../src/response/header-set';
import { FINDING_IDS } from '../../src/rules';
import { PROOFS } from './cases';
import { cspText, NOT_EMITTED } from './cases/scenarios';

/**
 * Which fix is proved where: finding id × framework, read from the case lists
 * the proof suites run (test/fixes/cases/). Every id with a fix written
 * through the framework writers (writtenIds) must be proved in every
 * framework, or have a reason here why that framework cannot produce the
 * finding, or be one the audit never reports (NOT_EMITTED, checked below);
 * PENDING names, each with why, the cells not yet proved, and may only
 * shrink. A reason or a pending entry for a cell that is now proved fails,
 * so the lists cannot go stale. docs/fixes-coverage.md is the table
 * (UPDATE_FIX_TABLE=1 rewrites it; the test fails when it is stale).
 */
const TALISMAN_1_1 = 'Flask-Talisman 1.1';
/** Talisman 1.1 is not in Debian: talisman.test.ts checks that its writer words each proved fix as 1.0's, except these (unit-tested). */
const TALISMAN_1_1_DIFFERS = ['deprecated/x-xss-protection'];

const DEV_SERVER = 'the development server always names itself; the fix is a deployment change (a production server behind a proxy that drops Server; the nginx column proves more_clear_headers Server)';
/** `framework|id` → why that framework cannot produce the finding. */
const CANNOT: Record<string, string> = {
  'Flask-Talisman 1.0|disclosure/server-version': DEV_SERVER,
  'Django 3.2 + django-csp|disclosure/server-version': DEV_SERVER,
  'Flask-Talisman 1.0|disclosure/server':
    "the Werkzeug development server sends its own Server, with its version, before the app's headers (werkzeug/serving.py, send_response), so a Server the app adds is joined to it and shows as disclosure/server-version (see its reason)",
  'Flask-Talisman 1.0|referrer-policy/missing': 'Talisman always sends Referrer-Policy (referrer_policy=None sends the text "None": referrer-policy/invalid, proved)',
};

/** `framework|id` → why that cell has no proof yet (reported to the lead; the list may only shrink). */
const PENDING: Record<string, string> = {};

type Cell = { kind: 'proved'; how: string } | { kind: 'cannot'; reason: string } | { kind: 'pending'; reason: string } | { kind: 'gap' };

const notEmitted = new Set(NOT_EMITTED.map((s) => s.id));
const COLUMNS = [PROOFS[0]!.framework, TALISMAN_1_1, ...PROOFS.slice(1).map((p) => p.framework)];

function how(framework: string, id: string): string | undefined {
  const cases = PROOFS.find((p) => p.framework === framework)?.cases.filter((c) => c.id === id) ?? [];
  const modes = [...new Set(cases.map((c) => (c.corrected ? 'hand-written' : 'applied')))];
  return cases.length ? `${modes.join(' + ')} (${cases.length})` : undefined;
}

function cell(framework: string, id: string): Cell {
  if (framework === TALISMAN_1_1) {
    const base = cell(PROOFS[0]!.framework, id);
    if (base.kind !== 'proved') return base;
    return { kind: 'proved', how: TALISMAN_1_1_DIFFERS.includes(id) ? 'unit test (writers.test.ts)' : 'same fix as 1.0' };
  }
  const done = how(framework, id);
  if (done) return { kind: 'proved', how: done };
  const reason = CANNOT[`${framework}|${id}`];
  if (reason) return { kind: 'cannot', reason };
  const pending = PENDING[`${framework}|${id}`];
  return pending ? { kind: 'pending', reason: pending } : { kind: 'gap' };
}

/** Rules whose fixes go through the framework writers (their module calls fixFor): their ids have a fix in each framework's words. */
function writtenIds(): string[] {
  const dir = join(__dirname, '../../src/rules');
  const writing = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'fix.ts' && /\bfixFor\(/.test(readFileSync(join(dir, f), 'utf8')));
  const rules = new Set(writing.map((f) => f.replace(/(-fix)?\.ts$/, '')));
  return FINDING_IDS.filter((id) => rules.has(id.split('/')[0]!));
}

/** The table's rows: every id with a written fix that the audit can report. */
const proved = writtenIds().filter((id) => !notEmitted.has(id)).sort();

function table(): string {
  const reasons: string[] = [];
  const mark = (c: Cell) => {
    if (c.kind === 'proved') return c.how;
    if (c.kind === 'gap') return '**not proved**';
    if (c.kind === 'pending') return `**not yet**: ${c.reason}`;
    if (!reasons.includes(c.reason)) reasons.push(c.reason);
    return `cannot [${reasons.indexOf(c.reason) + 1}]`;
  };
  const rows = proved.map((id) => `| \`${id}\` | ${COLUMNS.map((f) => mark(cell(f, id))).join(' | ')} |`);
  const count = (f: string) => proved.filter((id) => cell(f, id).kind === 'proved').length;
  const cannot = (f: string) => proved.filter((id) => cell(f, id).kind === 'cannot').length;
  const files = [...new Set(PROOFS.map((p) => p.file))];
  return [
    '# Which fixes are proved where',
    '',
    'Generated by test/fixes/coverage.test.ts from the case lists in test/fixes/cases/',
    '(UPDATE_FIX_TABLE=1 rewrites it; the test fails when it is stale). "applied (n)": n',
    'cases whose fix text was applied to the app\'s configuration by the suite; "hand-written":',
    'the fix names a cause to look for and a corrected configuration is run instead; "cannot":',
    'the framework does not produce the finding (reasons below). Each proof runs the real app',
    'before and after and requires the finding gone with no new failure. Suites:',
    `${files.map((f) => `\`${f}\``).join(', ')}.`,
    '',
    `| finding id | ${COLUMNS.join(' | ')} |`,
    `|---|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows,
    `| **proved / cannot** | ${COLUMNS.map((f) => `${count(f)} / ${cannot(f)}`).join(' | ')} |`,
    '',
    ...reasons.map((r, i) => `[${i + 1}] ${r}.`),
    '',
    `Flask-Talisman 1.1 is not in Debian (1.0 is): the 1.0 suite also audits each response with`,
    `framework \`flask-talisman-1.1\` and requires the same fix text, except for X-XSS-Protection`,
    `(1.1 sends none by default), whose wording is unit-tested against 1.1's source. Django 6's`,
    `built-in CSP settings (\`django-6\`) are likewise unit-tested only (Debian ships 3.2).`,
    '',
    `Cases: ${PROOFS.map((p) => `${p.framework} ${p.cases.length}`).join(', ')} (${PROOFS.reduce((n, p) => n + p.cases.length, 0)} in all).`,
    '',
    `Ids whose rule writes fixes through the framework writers but which the header audit never`,
    `reports (${notEmitted.size}), so no framework gets their fix: ${[...notEmitted].map((id) => `\`${id}\``).join(', ')}. The csp rule`,
    `runs the CSP engine without its strict checks (toHaveCsp's \`strict\` runs them), and a static`,
    `nonce shows only across responses (the site matchers' findStaticNonces); the suite checks the`,
    `audit stays silent on a policy with each problem.`,
    '',
  ].join('\n');
}

const FILE = join(__dirname, '../../docs/fixes-coverage.md');

test('every id with a written fix is proved, or cannot occur, in every framework', () => {
  const gaps = proved.flatMap((id) => COLUMNS.filter((f) => cell(f, id).kind === 'gap').map((f) => `${f}: ${id}`));
  expect(gaps).toEqual([]);
});

test('no reason or pending entry is kept for a cell that is proved', () => {
  const stale = [...Object.keys(CANNOT), ...Object.keys(PENDING)].filter((k) => {
    const [framework, id] = k.split('|') as [string, string];
    return how(framework, id) !== undefined || !proved.includes(id);
  });
  expect(stale).toEqual([]);
});

test('the ids left out of the table are never reported by the header audit', () => {
  const reported = NOT_EMITTED.flatMap((s) => {
    const headers = createHeaderSet([['content-type', 'text/html'], ['content-security-policy', cspText(s.csp ?? [])]], { url: 'https://app.example/' });
    // The same response twice: a static nonce would be the same in both.
    const ids = [auditHeaderSet(headers, { https: true, ...s.options }), auditHeaderSet(headers, { https: true, ...s.options })].flatMap((r) => r.findings.map((f) => f.id));
    return ids.includes(s.id) ? [s.id] : [];
  });
  expect(reported).toEqual([]);
  expect([...notEmitted].filter((id) => !writtenIds().includes(id))).toEqual([]);
});

test('docs/fixes-coverage.md is the current table', () => {
  const text = table();
  if (process.env.UPDATE_FIX_TABLE) writeFileSync(FILE, text);
  expect(readFileSync(FILE, 'utf8')).toBe(text);
});
