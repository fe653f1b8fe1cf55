import { createHash } from 'node:crypto';
import { describeBlocked } from '../browser/format';
import { blockedRequests, blockedText } from './blocked';
import type { Severity } from '../types';
import { directiveHelpUri, findingHelpUri } from './help';
import { locatorFor, type Locator, type LocationQuery, type Region } from './sarif-locations';
import { findingWhere, type PageSummary, type ScanSummary } from './summary';

/**
 * SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
 *
 * GitHub shows an alert only on a repository-relative file, by region, and
 * tracks it across runs by `partialFingerprints.primaryLocationLineHash`.
 * A header has no line of source, so every result is placed in a file the
 * team keeps (`file`: the baseline, where each page and finding has its own
 * line, or the app's header configuration, on the line naming the header),
 * the page is named in the message, in `properties.pageUrl` and as the
 * result's logical location, and the line hash is ours: a hash of the page's
 * path and the finding's key, so the same problem on the same page is one
 * alert on every run and host, and closes when it is gone.
 */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Kept beside primaryLocationLineHash for tools that read the older key. */
export const FINGERPRINT_KEY = 'expectSecureHeaders/v1';
export const LINE_HASH_KEY = 'primaryLocationLineHash';
export const DEFAULT_CATEGORY = 'expect-secure-headers';

type Level = 'error' | 'warning' | 'note';

const BLOCKED_RULE = 'crawl/blocked-requests';

const LEVELS: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** A SARIF security-severity (0–10, as GitHub reads it) for each severity. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

/** The repository file results are placed in. */
export interface SarifArtifact {
  /** Relative to the repository root, `/`-separated, URI-escaped. */
  uri: string;
  text: string;
}

export interface SarifOptions {
  file?: SarifArtifact;
  /** The run's category: automationDetails.id is `<category>/<start time>`. Default `expect-secure-headers`. */
  category?: string;
}

interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; precision: 'very-high'; 'problem.severity': 'error' | 'warning' | 'recommendation'; 'security-severity': string };
}

interface Location {
  physicalLocation: { artifactLocation: { uri: string }; region: Region };
  logicalLocations: Array<{ name: string; fullyQualifiedName: string; kind: 'resource' }>;
}

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: Location[];
  partialFingerprints: Record<string, string>;
  baselineState?: 'new' | 'unchanged';
  properties: Record<string, unknown>;
}

const PROBLEM_SEVERITY = { error: 'error', warning: 'warning', note: 'recommendation' } as const;

function pascal(id: string): string {
  return id.replace(/(^|[/-])(\w)/g, (_m, _sep, ch: string) => ch.toUpperCase());
}

function rule(id: string, level: Level, severity: Severity, tags: string[], text: { short: string; full: string; help: string; uri: string }): Omit<Rule, 'id'> {
  return {
    name: pascal(id),
    shortDescription: { text: text.short },
    fullDescription: { text: text.full },
    helpUri: text.uri,
    help: { text: `${text.help} See ${text.uri}`, markdown: `${text.help}\n\nSee [${text.uri}](${text.uri}).` },
    defaultConfiguration: { level },
    properties: { tags: ['security', ...tags], precision: 'very-high', 'problem.severity': PROBLEM_SEVERITY[level], 'security-severity': SECURITY_SEVERITY[severity] },
  };
}

export function toSarif(summary: ScanSummary, options: SarifOptions = {}): object {
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
  // Without a file, results fall back to the page URL: valid SARIF that GitHub cannot place (the CLI says so).
  const locate: Locator | undefined = options.file ? locatorFor(options.file.text) : undefined;
  const results: Result[] = [];
  // Two findings can share a key (one id, one directive, two bad sources): the nth of them counts n, as GitHub's own hashes do.
  const seen = new Map<string, number>();
  const fingerprints = (pageKey: string, key: string): Record<string, string> => {
    const base = `${pageKey}\n${key}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const digest = createHash('sha256').update(n === 1 ? base : `${base}#${n}`).digest('hex');
    return { [LINE_HASH_KEY]: `${digest.slice(0, 16)}:${n}`, [FINGERPRINT_KEY]: digest.slice(0, 32) };
  };
  const locationOf = (page: PageSummary, query: Omit<LocationQuery, 'pageKey'>): Location[] => {
    const url = page.page.finalUrl ?? page.page.url;
    const logicalLocations = [{ name: page.key, fullyQualifiedName: url, kind: 'resource' as const }];
    if (!locate || !options.file) {
      return [{ physicalLocation: { artifactLocation: { uri: url }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } }, logicalLocations }];
    }
    return [{ physicalLocation: { artifactLocation: { uri: options.file.uri }, region: locate({ pageKey: page.key, ...query }) }, logicalLocations }];
  };
  const withBaseline = (result: Result, status: 'new' | 'accepted'): Result => {
    if (summary.baseline) result.baselineState = status === 'new' ? 'new' : 'unchanged';
    return result;
  };

  for (const page of summary.pages) {
    const url = page.page.finalUrl ?? page.page.url;
    const pageProps = { pageUrl: url, pageKey: page.key, ...(page.page.status !== undefined ? { status: page.page.status } : {}), ...(page.grade ? { grade: page.grade } : {}) };
    const blocked = blockedRequests(page.page);
    if (blocked) {
      const ruleIndex = ruleFor(BLOCKED_RULE, () =>
        rule(BLOCKED_RULE, 'note', 'info', ['crawl'], {
          short: 'The crawl blocked requests the page made to other origins.',
          full: 'The browser crawl never sends a request outside the origins it was given: subresources, frames and popups on other origins were blocked, so the page was judged as it renders without them.',
          help: 'Add the origins the page needs to the crawl (origins) to load them, or check that the page does not need them.',
          uri: 'https://developer.mozilla.org/en-US/docs/Web/Security/Same-origin_policy',
        }),
      );
      results.push({
        ruleId: BLOCKED_RULE,
        ruleIndex,
        level: 'note',
        message: { text: `${url}: ${blockedText(blocked)}` },
        locations: locationOf(page, { section: 'page' }),
        partialFingerprints: fingerprints(page.key, BLOCKED_RULE),
        properties: { ...pageProps, blocked: blocked.shown, blockedCount: blocked.count },
      });
    }
    if (page.page.error) {
      const ruleIndex = ruleFor('scan/page-error', () =>
        rule('scan/page-error', 'error', 'medium', ['availability'], {
          short: 'The page could not be loaded, so its headers were not checked.',
          full: 'A page in the scan timed out, could not be reached, or failed to load: nothing about it was judged, so the scan cannot pass.',
          help: 'Check that the URL is right and the server is up, then scan again.',
          uri: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Status',
        }),
      );
      results.push({
        ruleId: 'scan/page-error',
        ruleIndex,
        level: 'error',
        message: { text: `${url} could not be checked (${page.page.error.kind}): ${page.page.error.message}` },
        locations: locationOf(page, { section: 'page' }),
        partialFingerprints: fingerprints(page.key, 'scan/page-error'),
        properties: { ...pageProps, errorKind: page.page.error.kind },
      });
      // An error page that answered (4xx/5xx) still has its headers judged.
      if (!page.page.headers) continue;
    }
    for (const { finding, key, status, fails } of page.findings) {
      const uri = findingHelpUri(finding);
      const ruleIndex = ruleFor(finding.id, () =>
        rule(finding.id, LEVELS[finding.severity], finding.severity, ['http-headers', finding.header], {
          short: finding.message,
          full: `${findingWhere(finding)}: ${finding.message}. A sound response sends ${finding.expected}.`,
          help: `Fix: ${finding.fix}`,
          uri,
        }),
      );
      const received = finding.received === undefined ? 'absent' : JSON.stringify(finding.received);
      results.push(
        withBaseline(
          {
            ruleId: finding.id,
            ruleIndex,
            level: LEVELS[finding.severity],
            message: { text: `${findingWhere(finding)} on ${url}: ${finding.message}. Received: ${received}. Fix: ${finding.fix}` },
            locations: locationOf(page, { section: 'findings', key, header: finding.header, ...(finding.directive ? { directive: finding.directive } : {}) }),
            partialFingerprints: fingerprints(page.key, key),
            properties: { ...pageProps, severity: finding.severity, header: finding.header, ...(finding.directive ? { directive: finding.directive } : {}), findingKey: key, fails },
          },
          status,
        ),
      );
    }
    for (const { violation: v, key, status, fails } of page.violations) {
      const enforced = v.disposition === 'enforce';
      const id = enforced ? 'csp-violation/enforced' : 'csp-violation/report-only';
      const ruleIndex = ruleFor(id, () =>
        rule(id, enforced ? 'error' : 'warning', enforced ? 'high' : 'medium', ['csp'], {
          short: enforced ? 'The browser blocked something the page tried to load or run.' : 'A report-only policy reported something it would block.',
          full: enforced
            ? 'The Content-Security-Policy blocked a resource or inline code while the page loaded in Chromium: either the page is broken or the policy is too narrow.'
            : 'The Content-Security-Policy-Report-Only policy reported a load or inline code it would block once enforced.',
          help: 'Allow the resource in the policy (a host, a nonce or a hash), or remove it from the page.',
          uri: directiveHelpUri(v.directive),
        }),
      );
      results.push(
        withBaseline(
          {
            ruleId: id,
            ruleIndex,
            level: enforced ? 'error' : 'warning',
            message: { text: `${enforced ? 'Blocked' : 'Reported'} by ${v.directive} on ${url}: ${describeBlocked(v)}` },
            locations: locationOf(page, { section: 'violations', key, header: enforced ? 'content-security-policy' : 'content-security-policy-report-only', directive: v.directive }),
            partialFingerprints: fingerprints(page.key, key),
            properties: { ...pageProps, directive: v.directive, blockedURI: v.blockedURI, disposition: v.disposition, violationKey: key, fails },
          },
          status,
        ),
      );
    }
  }

  const category = (options.category ?? DEFAULT_CATEGORY).replace(/\/+$/, '');
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
        automationDetails: { id: `${category}/${summary.site.startedAt}` },
        invocations: [{ executionSuccessful: true, startTimeUtc: summary.site.startedAt }],
        results,
        properties: { pass: summary.pass, preset: summary.preset, failOn: summary.failOn, mode: summary.site.mode, start: summary.site.start },
      },
    ],
  };
}

export function formatSarif(summary: ScanSummary, options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(summary, options), null, 2)}\n`;
}
