import { createHash } from 'node:crypto';
import type { Severity } from '../types';
import { findingWhere, type ScanSummary } from './summary';

/**
 * SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. Rule ids
 * are the finding ids; each result points at the page URL; the
 * partialFingerprints are a hash of page key and finding key, so the same
 * problem on the same page is one alert across runs (and ports).
 */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'expectSecureHeaders/v1';

type Level = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** A SARIF security-severity (0–10, as GitHub reads it) for each severity. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; 'security-severity': string };
}

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; endLine: number } } }>;
  partialFingerprints: Record<string, string>;
  baselineState?: 'new' | 'unchanged';
  properties: Record<string, unknown>;
}

export function toSarif(summary: ScanSummary): object {
  const rules: Rule[] = [];
  const index = new Map<string, number>();
  const ruleFor = (id: string, make: () => Omit<Rule, 'id'>): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = rules.push({ id, ...make() }) - 1;
      index.set(id, i);
    }
    return i;
  };
  const results: Result[] = [];
  // Two findings can share a key (one id, one directive, two bad sources); the nth of them gets "#n".
  const seen = new Map<string, number>();
  const fingerprint = (pageKey: string, key: string) => {
    const base = `${pageKey}\n${key}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const text = n === 1 ? base : `${base}#${n}`;
    return { [FINGERPRINT_KEY]: createHash('sha256').update(text).digest('hex').slice(0, 32) };
  };
  const withBaseline = (result: Result, status: 'new' | 'accepted'): Result => {
    if (summary.baseline) result.baselineState = status === 'new' ? 'new' : 'unchanged';
    return result;
  };

  for (const page of summary.pages) {
    const uri = page.page.url;
    // Headers have no line; GitHub places an alert by region, so the whole finding sits on line 1 of the page.
    const location = [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1, endLine: 1 } } }];
    if (page.page.error) {
      const ruleIndex = ruleFor('scan/page-error', () => ({
        name: 'PageError',
        shortDescription: { text: 'The page could not be loaded, so its headers were not checked.' },
        fullDescription: { text: 'A page in the scan timed out, failed to load, or answered with an error.' },
        help: { text: 'Check that the URL is right and the server is up, then scan again.' },
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['security'], 'security-severity': SECURITY_SEVERITY.medium },
      }));
      results.push({
        ruleId: 'scan/page-error',
        ruleIndex,
        level: 'error',
        message: { text: `${page.page.error.kind}: ${page.page.error.message}` },
        locations: location,
        partialFingerprints: fingerprint(page.key, 'scan/page-error'),
        properties: {},
      });
      continue;
    }
    for (const { finding, key, status, fails } of page.findings) {
      const ruleIndex = ruleFor(finding.id, () => ({
        name: finding.id.replace(/(^|[/-])(\w)/g, (_m, _sep, ch: string) => ch.toUpperCase()),
        shortDescription: { text: finding.message },
        fullDescription: { text: `${findingWhere(finding)}: ${finding.message} Expected: ${finding.expected}` },
        help: { text: `Fix: ${finding.fix}` },
        defaultConfiguration: { level: LEVELS[finding.severity] },
        properties: { tags: ['security', 'http-headers', finding.header], 'security-severity': SECURITY_SEVERITY[finding.severity] },
      }));
      const received = finding.received === undefined ? 'absent' : JSON.stringify(finding.received);
      results.push(
        withBaseline(
          {
            ruleId: finding.id,
            ruleIndex,
            level: LEVELS[finding.severity],
            message: { text: `${findingWhere(finding)} on ${page.key}: ${finding.message} Received: ${received}. Fix: ${finding.fix}` },
            locations: location,
            partialFingerprints: fingerprint(page.key, key),
            properties: { severity: finding.severity, header: finding.header, fails, ...(page.grade ? { grade: page.grade } : {}) },
          },
          status,
        ),
      );
    }
    for (const { violation: v, key, status, fails } of page.violations) {
      const enforced = v.disposition === 'enforce';
      const id = enforced ? 'csp-violation/enforced' : 'csp-violation/report-only';
      const ruleIndex = ruleFor(id, () => ({
        name: enforced ? 'CspViolationEnforced' : 'CspViolationReportOnly',
        shortDescription: {
          text: enforced ? 'The browser blocked something the page tried to load or run.' : 'A report-only policy reported something it would block.',
        },
        fullDescription: {
          text: enforced
            ? 'The Content-Security-Policy blocked a resource or inline code while the page loaded: either the page is broken or the policy is too narrow.'
            : 'The Content-Security-Policy-Report-Only policy would block this once enforced.',
        },
        help: { text: 'Allow the resource in the policy (a host, a nonce or a hash), or remove it from the page.' },
        defaultConfiguration: { level: enforced ? 'error' : 'warning' },
        properties: { tags: ['security', 'csp'], 'security-severity': enforced ? SECURITY_SEVERITY.high : SECURITY_SEVERITY.medium },
      }));
      results.push(
        withBaseline(
          {
            ruleId: id,
            ruleIndex,
            level: enforced ? 'error' : 'warning',
            message: { text: `${enforced ? 'Blocked' : 'Reported'} by ${v.directive} on ${page.key}: ${v.blockedURI}` },
            locations: location,
            partialFingerprints: fingerprint(page.key, key),
            properties: { directive: v.directive, blockedURI: v.blockedURI, disposition: v.disposition, fails },
          },
          status,
        ),
      );
    }
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: summary.tool.name,
            version: summary.tool.version,
            semanticVersion: summary.tool.version,
            informationUri: 'https://www.npmjs.com/package/expect-secure-headers',
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, startTimeUtc: summary.site.startedAt }],
        results,
        properties: { pass: summary.pass, preset: summary.preset, failOn: summary.failOn, mode: summary.site.mode },
      },
    ],
  };
}

export function formatSarif(summary: ScanSummary): string {
  return `${JSON.stringify(toSarif(summary), null, 2)}\n`;
}
