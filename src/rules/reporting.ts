import { parseDictionary, parseItem, Token } from 'structured-headers';
import type { InnerList, Item } from 'structured-headers';
import { policiesOf } from './csp-policies';
import type { Finding, HeaderSet, Severity } from '../types';
import type { Rule, RuleContext } from './types';
import { finding, quote } from './util';

/**
 * The Reporting API: where a browser sends the reports that CSP, COOP, COEP,
 * Integrity-Policy and Permissions-Policy queue.
 *
 * - `Reporting-Endpoints` (Reporting API §3.1, Baseline since March 2026) is
 *   a Structured Fields dictionary, name → URL string. A header that does
 *   not parse is dropped whole; a member that is not a string is skipped.
 * - `Report-To` is the deprecated first version: JSON objects
 *   `{"group", "max_age", "endpoints": [{"url"}]}`, comma-joined. Chromium
 *   still reads it for network reports; Firefox and Safari never did.
 * - An endpoint URL must be potentially trustworthy (Secure Contexts §3.2:
 *   https/wss, or a loopback/localhost host); other endpoints are dropped.
 * - A `report-to NAME` (CSP directive, COOP/COEP/Permissions-Policy/
 *   Document-Isolation-Policy parameter, Integrity-Policy `endpoints`) that no endpoint defines sends
 *   nothing: the reports are lost without a word, which is what makes it a
 *   finding (a report-only policy that reports nowhere does nothing at all).
 */
export const REPORTING_FINDING_IDS = [
  'reporting/endpoints-invalid',
  'reporting/endpoint-insecure',
  'reporting/endpoint-undefined',
  'reporting/report-to-deprecated',
  'reporting/report-to-invalid',
  'reporting/report-uri-only',
] as const;

type Id = (typeof REPORTING_FINDING_IDS)[number];

const ENDPOINTS = 'reporting-endpoints';
const REPORT_TO = 'report-to';

/** One named endpoint, from either header. */
export interface ReportingEndpoint {
  name: string;
  /** The URL as written (relative URLs resolve against the response's URL). */
  url: string;
  header: typeof ENDPOINTS | typeof REPORT_TO;
}

/** What the reporting headers define, and what was wrong with them. */
export interface ReportingEndpoints {
  endpoints: ReportingEndpoint[];
  /** Why a header or member was dropped, for findings. */
  problems: Array<{ header: string; member?: string; message: string }>;
}

/** Reads Reporting-Endpoints (a Structured Fields dictionary) and Report-To (JSON). Never throws. */
export function readReportingEndpoints(headers: HeaderSet): ReportingEndpoints {
  const out: ReportingEndpoints = { endpoints: [], problems: [] };
  const endpoints = headers.get(ENDPOINTS);
  if (endpoints !== undefined) {
    let dictionary: Map<string, Item | InnerList> | undefined;
    try {
      dictionary = parseDictionary(endpoints);
    } catch (error) {
      out.problems.push({ header: ENDPOINTS, message: `Reporting-Endpoints is not a Structured Fields dictionary (${error instanceof Error ? error.message : String(error)}); browsers ignore the whole header. Write name="https://…", one per endpoint` });
    }
    for (const [name, [value]] of dictionary ?? []) {
      if (typeof value === 'string') out.endpoints.push({ name, url: value, header: ENDPOINTS });
      else out.problems.push({ header: ENDPOINTS, member: name, message: `Reporting-Endpoints member ${name} is not a quoted URL string; browsers skip it` });
    }
  }
  const reportTo = headers.get(REPORT_TO);
  if (reportTo !== undefined) {
    for (const group of readReportToGroups(reportTo, out)) {
      for (const url of group.urls) out.endpoints.push({ name: group.name, url, header: REPORT_TO });
    }
  }
  return out;
}

/** Report-To's comma-joined JSON objects: `{"group":"x","max_age":1,"endpoints":[{"url":"…"}]}`; group defaults to "default". */
function readReportToGroups(value: string, out: ReportingEndpoints): Array<{ name: string; urls: string[] }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(`[${value}]`);
  } catch {
    out.problems.push({ header: REPORT_TO, message: 'Report-To is not a list of JSON objects; browsers ignore it' });
    return [];
  }
  const groups: Array<{ name: string; urls: string[] }> = [];
  for (const entry of parsed as unknown[]) {
    const group = entry as { group?: unknown; max_age?: unknown; endpoints?: unknown } | null;
    if (typeof group !== 'object' || group === null || typeof group.max_age !== 'number' || !Array.isArray(group.endpoints)) {
      out.problems.push({ header: REPORT_TO, message: 'a Report-To group needs "max_age" (a number) and "endpoints" (a list of {"url": …}); browsers skip it' });
      continue;
    }
    const name = typeof group.group === 'string' ? group.group : 'default';
    const urls = (group.endpoints as unknown[]).flatMap((e) => (typeof e === 'object' && e !== null && typeof (e as { url?: unknown }).url === 'string' ? [(e as { url: string }).url] : []));
    groups.push({ name, urls });
  }
  return groups;
}

/** Secure Contexts §3.2 "potentially trustworthy URL", for endpoint URLs. */
export function isPotentiallyTrustworthy(url: URL): boolean {
  if (url.protocol === 'https:' || url.protocol === 'wss:' || url.protocol === 'file:') return true;
  if (url.protocol !== 'http:' && url.protocol !== 'ws:') return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]';
}

/** The base a relative endpoint resolves against: the response's URL, or (unknown) an origin of the scheme the rules assume. */
function baseOf(headers: HeaderSet, context: RuleContext): string {
  return headers.url ?? (context.https ? 'https://response.invalid/' : 'http://response.invalid/');
}

/** Where a report-to name is used: the header, what names it there, and the name. */
interface EndpointReference {
  header: string;
  where: string;
  name: string;
  /** The reports it names are the only effect of the header (a report-only policy). */
  reportOnly: boolean;
}

/** A report-to parameter's name: a string (COOP, COEP) or a token (Permissions-Policy, Document-Policy examples). */
function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return value instanceof Token ? value.toString() : undefined;
}

/** The `report-to` parameter of a COOP/COEP item, or of each Permissions-Policy member. */
function parameterReferences(headers: HeaderSet): EndpointReference[] {
  const refs: EndpointReference[] = [];
  for (const header of [
    'cross-origin-opener-policy',
    'cross-origin-embedder-policy',
    'cross-origin-opener-policy-report-only',
    'cross-origin-embedder-policy-report-only',
    'document-isolation-policy',
    'document-isolation-policy-report-only',
  ]) {
    const value = headers.get(header);
    if (value === undefined) continue;
    try {
      const [, params] = parseItem(value);
      const name = nameOf(params.get('report-to'));
      if (name !== undefined) refs.push({ header, where: 'its report-to parameter', name, reportOnly: header.endsWith('-report-only') });
    } catch {
      // an unparsable value is the cross-origin rule's finding
    }
  }
  for (const header of ['permissions-policy', 'permissions-policy-report-only', 'document-policy', 'document-policy-report-only']) {
    const value = headers.get(header);
    if (value === undefined) continue;
    try {
      for (const [feature, [, params]] of parseDictionary(value)) {
        const name = nameOf(params.get('report-to'));
        if (name !== undefined) refs.push({ header, where: `${feature}'s report-to parameter`, name, reportOnly: header.endsWith('-report-only') });
      }
    } catch {
      // the permissions-policy rule reports the parse error
    }
  }
  for (const header of ['integrity-policy', 'integrity-policy-report-only']) {
    const value = headers.get(header);
    if (value === undefined) continue;
    try {
      const [list] = parseDictionary(value).get('endpoints') ?? [];
      for (const [item] of Array.isArray(list) ? (list as Item[]) : []) {
        if (item instanceof Token) refs.push({ header, where: 'its endpoints', name: item.toString(), reportOnly: header.endsWith('-report-only') });
      }
    } catch {
      // the integrity-policy rule reports the parse error
    }
  }
  return refs;
}

function cspReferences(headers: HeaderSet): { refs: EndpointReference[]; reportUriOnly: boolean } {
  const refs: EndpointReference[] = [];
  let reportUriOnly = false;
  for (const disposition of ['enforce', 'report'] as const) {
    const header = disposition === 'enforce' ? 'content-security-policy' : 'content-security-policy-report-only';
    for (const policy of policiesOf(headers, disposition)) {
      const reportTo = policy.directives.find((d) => d.name === 'report-to');
      const reportUri = policy.directives.find((d) => d.name === 'report-uri');
      // CSP3 §6.5: report-to takes one token; the browser reads the first.
      const name = reportTo?.values[0];
      if (name !== undefined) refs.push({ header, where: 'its report-to directive', name, reportOnly: disposition === 'report' });
      else if (reportUri && reportUri.values.length > 0) reportUriOnly = true;
    }
  }
  return { refs, reportUriOnly };
}

export function checkReporting(headers: HeaderSet, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const add = (id: Id, severity: Severity, header: string, expected: string, fix: string, message: string, received = headers.get(header), directive?: string) =>
    findings.push(finding({ id, severity, header, directive, received, expected, fix, message }));
  const defined = readReportingEndpoints(headers);
  const example = 'Reporting-Endpoints: csp="https://reports.example.com/csp"';

  for (const problem of defined.problems) {
    const id: Id = problem.header === REPORT_TO ? 'reporting/report-to-invalid' : 'reporting/endpoints-invalid';
    add(id, 'low', problem.header, problem.header === REPORT_TO ? 'JSON groups with max_age and endpoints' : 'name="https://…" members', example, problem.message, undefined, problem.member);
  }
  if (headers.has(REPORT_TO)) {
    add('reporting/report-to-deprecated', 'info', REPORT_TO, 'Reporting-Endpoints', `${example} (keep Report-To only for Network Error Logging)`, 'Report-To is the deprecated first Reporting API; current browsers read Reporting-Endpoints for CSP, COOP, COEP and Integrity-Policy reports');
  }
  const base = baseOf(headers, context);
  for (const endpoint of defined.endpoints) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint.url, base);
    } catch {
      url = undefined;
    }
    if (url === undefined || !isPotentiallyTrustworthy(url)) {
      add(
        'reporting/endpoint-insecure',
        'low',
        endpoint.header,
        'an https URL (or a loopback one)',
        `${endpoint.header === ENDPOINTS ? 'Reporting-Endpoints' : 'Report-To'}: ${endpoint.name}="https://${url?.host || 'reports.example.com'}${url?.pathname ?? '/'}"`,
        url === undefined
          ? `endpoint ${endpoint.name} has a URL that does not parse (${quote(endpoint.url)}); browsers drop it`
          : `endpoint ${endpoint.name} (${url.href}) is not https or loopback; browsers send reports only to potentially trustworthy URLs, so they drop it`,
        undefined,
        endpoint.name,
      );
    }
  }

  const names = new Set(defined.endpoints.map((e) => e.name));
  const csp = cspReferences(headers);
  for (const ref of [...csp.refs, ...parameterReferences(headers)]) {
    if (names.has(ref.name)) continue;
    add(
      'reporting/endpoint-undefined',
      ref.reportOnly ? 'medium' : 'low',
      ref.header,
      `a Reporting-Endpoints member named ${ref.name}`,
      `Reporting-Endpoints: ${/^[a-z*][a-z0-9_\-.*]*$/.test(ref.name) ? ref.name : 'name'}="https://reports.example.com/${ref.header.startsWith('content-security') ? 'csp' : 'reports'}"`,
      `${ref.header} sends reports to ${JSON.stringify(ref.name)} (${ref.where}), but no Reporting-Endpoints member defines that name: the reports are dropped${ref.reportOnly ? ', and reporting is all this header does' : ''}`,
      undefined,
      ref.name,
    );
  }
  if (csp.reportUriOnly) {
    const header = policiesOf(headers, 'enforce').some((p) => p.directives.some((d) => d.name === 'report-uri')) ? 'content-security-policy' : 'content-security-policy-report-only';
    add(
      'reporting/report-uri-only',
      'info',
      header,
      'report-to NAME beside report-uri',
      `add "report-to csp" to the policy and ${example}; keep report-uri for browsers without the Reporting API`,
      'the CSP reports only through report-uri, which CSP3 deprecates; add report-to with a Reporting-Endpoints endpoint',
      undefined,
      'report-uri',
    );
  }
  return findings;
}

export const reportingRule: Rule = {
  name: 'reporting',
  header: `${ENDPOINTS}, ${REPORT_TO}`,
  summary: 'every report-to name has a Reporting-Endpoints endpoint, and every endpoint is https',
  check: checkReporting,
};
