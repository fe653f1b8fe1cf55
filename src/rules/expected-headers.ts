import type { Finding, HeaderSet } from '../types';

/**
 * What the user asked of one header: an exact value, a pattern, a predicate,
 * `true` (must be present) or `false` (must be absent).
 */
export type HeaderExpectation = string | RegExp | boolean | ((value: string | undefined) => boolean);

export const EXPECTED_HEADER_FINDING_IDS = [
  'expected-headers/missing',
  'expected-headers/mismatch',
  'expected-headers/forbidden',
] as const;

/** The user's own per-header expectations, checked after the preset's rules. Pure: headers in, findings out. */
export function checkExpectedHeaders(headers: HeaderSet, expectations: Readonly<Record<string, HeaderExpectation>>): Finding[] {
  const findings: Finding[] = [];
  for (const [rawName, expectation] of Object.entries(expectations)) {
    const header = rawName.toLowerCase();
    const received = header === 'set-cookie' ? headers.getAll(header).join('\n') || undefined : headers.get(header);
    const base = { severity: 'high' as const, header, received };
    if (expectation === false) {
      if (received !== undefined) {
        findings.push({ ...base, id: 'expected-headers/forbidden', expected: 'absent', fix: `Stop sending ${rawName}.`, message: `${rawName} must not be sent` });
      }
      continue;
    }
    if (received === undefined) {
      findings.push({
        ...base,
        id: 'expected-headers/missing',
        expected: describeExpectation(expectation),
        fix: typeof expectation === 'string' ? `${rawName}: ${expectation}` : `Send ${rawName}.`,
        message: `${rawName} is missing`,
      });
      continue;
    }
    if (!matches(received, expectation)) {
      findings.push({
        ...base,
        id: 'expected-headers/mismatch',
        expected: describeExpectation(expectation),
        fix: typeof expectation === 'string' ? `${rawName}: ${expectation}` : `Send a ${rawName} value that satisfies ${describeExpectation(expectation)}.`,
        message: `${rawName} does not have the expected value`,
      });
    }
  }
  return findings;
}

function matches(value: string, expectation: Exclude<HeaderExpectation, false>): boolean {
  if (expectation === true) return true;
  if (typeof expectation === 'string') return value.trim() === expectation.trim();
  if (expectation instanceof RegExp) return expectation.test(value);
  return Boolean(expectation(value));
}

function describeExpectation(expectation: Exclude<HeaderExpectation, false>): string {
  if (expectation === true) return 'present';
  if (typeof expectation === 'string') return JSON.stringify(expectation);
  if (expectation instanceof RegExp) return `a value matching ${String(expectation)}`;
  return `a value accepted by ${expectation.name || 'the given predicate'}`;
}

export function isHeaderExpectation(value: unknown): value is HeaderExpectation {
  return typeof value === 'string' || typeof value === 'boolean' || value instanceof RegExp || typeof value === 'function';
}
