/** Small helpers the framework example suites share for reading an audit report and a failing matcher. */
import type { Finding, HeaderReport } from 'expect-secure-headers';

/** The ids that make the report fail, each once, sorted. */
export function failingIds(report: HeaderReport): string[] {
  return [...new Set(report.failures.map((f) => f.id))].sort();
}

/** The one finding with this id; throws (listing what there is) when there are none or several. */
export function only(report: HeaderReport, id: string): Finding {
  const found = report.findings.filter((f) => f.id === id);
  if (found.length !== 1) throw new Error(`expected one ${id}, got ${found.length}: ${report.findings.map((f) => f.id).join(', ')}`);
  return found[0]!;
}

/** The message a failing matcher prints; throws when the assertion passed. */
export function failureMessage(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the assertion passed; expected it to fail');
}
