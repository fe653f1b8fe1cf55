import { auditHeaderSet, type AuditOptions, type HeaderReport } from '../../src/audit';
import type { Framework } from '../../src/fixes';
import type { Finding, HeaderSet } from '../../src/types';

/**
 * The fix proofs: for each case, a real app of the framework is run with the
 * case's configuration, the finding is read with its fix, the fix is applied
 * to the configuration (by reading the fix text as a user would copy it, or,
 * where the fix says what to look for, a hand-written corrected
 * configuration), and the app is run again: the finding must be gone and no
 * failure the first run did not have may appear. All the cases of a framework
 * share one app process per run (before, after), not one per fix.
 */
export interface FixCase<C> {
  name: string;
  /** The finding the case produces and its fix removes. */
  id: string;
  /** The finding's directive, when several findings share an id (cookies: the cookie name). */
  directive?: string;
  config: C;
  options?: AuditOptions;
  /** The fix must contain this (what the case is about: the option, the cause to look for). */
  fixContains?: string;
  /** A hand-written corrected configuration, for a fix that says what to look for rather than what to paste. */
  corrected?: (fix: string) => C;
}

/** How long an app serving every case may take to start on a loaded machine. */
export const APP_START_TIMEOUT = 90_000;

export interface FrameworkHarness<C> {
  /** Runs one app serving every configuration; `fetch(i)` reads the headers of configuration i's page. */
  start(configs: readonly C[]): Promise<{ fetch(index: number, config: C): Promise<HeaderSet>; close(): Promise<void> }>;
  /** The configuration with the fix applied, or undefined when the fix text is not one this harness can apply. */
  apply(fix: string, config: C): C | undefined;
}

interface Outcome {
  fix: string;
  mode: 'applied' | 'hand-written';
  before: HeaderReport;
  after: HeaderReport;
}

/**
 * A release of the framework the suite cannot run (Debian ships another)
 * whose writer must word every proved fix the same, except for the ids
 * where the releases differ (those are unit-tested against its source).
 */
export interface Twin {
  framework: Framework;
  differs: readonly string[];
}

const key = (f: Finding) => `${f.id}${f.directive ? `#${f.directive}` : ''}`;
const failingKeys = (report: HeaderReport) => report.failures.map(key);

/** Defines one test per case; call inside a describe(). */
export function proveFixes<C>(harness: FrameworkHarness<C>, cases: ReadonlyArray<FixCase<C>>, twin?: Twin): void {
  const outcomes: Array<Outcome | Error> = [];
  const served: HeaderSet[] = [];
  beforeAll(async () => {
    const audit = (headers: HeaderSet, c: FixCase<C>) => auditHeaderSet(headers, { https: true, ...c.options });
    const before = await harness.start(cases.map((c) => c.config));
    const reports: HeaderReport[] = [];
    try {
      for (const [i, c] of cases.entries()) {
        served.push(await before.fetch(i, c.config));
        reports.push(audit(served[i]!, c));
      }
    } finally {
      await before.close();
    }
    const planned = cases.map((c, i) => {
      const found = reports[i]!.findings.find((f) => f.id === c.id && (c.directive === undefined || f.directive === c.directive));
      if (!found) return new Error(`${c.name}: the first run has no ${c.id}; it has ${reports[i]!.findings.map(key).join(', ') || 'no findings'}`);
      const applied = c.corrected ? undefined : harness.apply(found.fix, c.config);
      const config = c.corrected ? c.corrected(found.fix) : applied;
      if (config === undefined) return new Error(`${c.name}: the fix for ${c.id} could not be applied: ${found.fix}`);
      return { fix: found.fix, mode: c.corrected ? ('hand-written' as const) : ('applied' as const), config };
    });
    const after = await harness.start(planned.map((p, i) => (p instanceof Error ? cases[i]!.config : p.config)));
    try {
      for (const [i, p] of planned.entries()) {
        if (p instanceof Error) outcomes.push(p);
        else outcomes.push({ fix: p.fix, mode: p.mode, before: reports[i]!, after: audit(await after.fetch(i, p.config), cases[i]!) });
      }
    } finally {
      await after.close();
    }
    // Two app starts and a request per case: generous, for a loaded machine.
  }, 180_000);

  if (twin) {
    test(`${twin.framework} words every proved fix the same (except ${twin.differs.join(', ')})`, () => {
      const differ = cases.flatMap((c, i) => {
        const outcome = outcomes[i];
        if (twin.differs.includes(c.id) || outcome === undefined || outcome instanceof Error) return [];
        const report = auditHeaderSet(served[i]!, { https: true, ...c.options, framework: twin.framework });
        const fix = report.findings.find((f) => f.id === c.id && (c.directive === undefined || f.directive === c.directive))?.fix;
        return fix === outcome.fix ? [] : [{ case: c.name, proved: outcome.fix, [twin.framework]: fix }];
      });
      expect(outcomes.filter((o) => !(o instanceof Error)).length).toBeGreaterThan(0);
      expect(differ).toEqual([]);
    });
  }

  test.each(cases.map((c, i) => [c.name, c.id, i] as const))('%s: %s is fixed', (_name, _id, i) => {
    const c = cases[i]!;
    const outcome = outcomes[i];
    if (outcome instanceof Error) throw outcome;
    expect(outcome).toBeDefined();
    const { fix, before, after } = outcome!;
    if (c.fixContains) expect(fix).toContain(c.fixContains);
    const still = after.findings.filter((f) => f.id === c.id && (c.directive === undefined || f.directive === c.directive));
    expect({ fix, still: still.map((f) => `${key(f)}: ${f.message}`) }).toEqual({ fix, still: [] });
    const newFailures = failingKeys(after).filter((k) => !failingKeys(before).includes(k));
    expect({ fix, newFailures }).toEqual({ fix, newFailures: [] });
  });
}

/** The text between the bracket at `open` and its partner, skipping quoted strings. */
export function bracketed(text: string, open: number): string | undefined {
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (pairs[ch]) stack.push(pairs[ch]!);
    else if (ch === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return text.slice(open + 1, i);
    }
  }
  return undefined;
}

/** Splits on commas outside brackets and quotes. */
export function topLevelCommas(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      current += ch;
      if (ch === '\\') current += text[++i] ?? '';
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}
