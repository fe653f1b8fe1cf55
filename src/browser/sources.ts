import type { Observation } from './observation';
import { dispositionOf, locationOf, text } from './observation';
import type { EventPayload } from './page-script';

/**
 * Turn what each channel delivers into an Observation. Pure functions over
 * plain data; each returns undefined for input that is not a CSP violation.
 */

/** From the DOM event, as the page script sent it. */
export function fromEvent(payload: unknown): Observation | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as EventPayload;
  const directive = text(p.effectiveDirective) ?? text(p.violatedDirective);
  if (!directive) return undefined;
  return compact({
    source: 'event',
    documentURL: text(p.documentURI),
    scope: 'document',
    directive,
    violatedDirective: text(p.violatedDirective),
    blockedURI: text(p.blockedURI) ?? '',
    disposition: dispositionOf(p.disposition),
    location: locationOf(p.sourceFile, p.lineNumber, p.columnNumber),
    sample: text(p.sample),
    policy: text(p.originalPolicy),
  });
}

/** Chromium's `Audits.issueAdded` for a ContentSecurityPolicyIssue (CDP locations are 0-based). */
export function fromCdpIssue(issue: unknown, where: { documentURL?: string; scope: 'document' | 'worker' }): Observation | undefined {
  const i = issue as { code?: unknown; details?: { contentSecurityPolicyIssueDetails?: Record<string, unknown> } } | null;
  if (!i || i.code !== 'ContentSecurityPolicyIssue') return undefined;
  const d = i.details?.contentSecurityPolicyIssueDetails;
  const directive = d && text(d.violatedDirective);
  if (!d || !directive) return undefined;
  const blockedURI = text(d.blockedURL) ?? blockedFromType(d.contentSecurityPolicyViolationType);
  const at = d.sourceCodeLocation as { url?: unknown; lineNumber?: unknown; columnNumber?: unknown } | undefined;
  return compact({
    source: 'cdp',
    documentURL: where.documentURL,
    scope: where.scope,
    directive,
    blockedURI,
    disposition: d.isReportOnly === true ? 'report' : 'enforce',
    location: at ? locationOf(at.url, Number(at.lineNumber) + 1, Number(at.columnNumber) + 1) : undefined,
  });
}

function blockedFromType(type: unknown): string {
  switch (type) {
    case 'kInlineViolation':
      return 'inline';
    case 'kEvalViolation':
      return 'eval';
    case 'kWasmEvalViolation':
      return 'wasm-eval';
    case 'kTrustedTypesSinkViolation':
      return 'trusted-types-sink';
    case 'kTrustedTypesPolicyViolation':
      return 'trusted-types-policy';
    default:
      return '';
  }
}

/** Does this request carry CSP violation reports? (`report-uri` sends application/csp-report, `report-to` application/reports+json.) */
export function isReportRequest(method: string, contentType: string | undefined): boolean {
  if (method !== 'POST' || !contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/csp-report' || type === 'application/reports+json';
}

/**
 * From a report body: `{"csp-report": {...}}` (report-uri) or a JSON array of
 * Reporting API reports of type `csp-violation` (report-to). Worker reports
 * carry the worker script as their document.
 */
export function fromReportBody(body: string | null | undefined): Observation[] {
  if (!body) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const out: Observation[] = [];
  if (Array.isArray(parsed)) {
    for (const report of parsed) {
      const observation = fromReportingApiReport(report, 'report');
      if (observation) out.push(observation);
    }
    return out;
  }
  const r = (parsed as { 'csp-report'?: Record<string, unknown> } | null)?.['csp-report'];
  if (!r || typeof r !== 'object') return [];
  const directive = text(r['effective-directive']) ?? text(r['violated-directive']);
  if (!directive) return [];
  out.push(
    compact({
      source: 'report',
      documentURL: text(r['document-uri']),
      scope: 'document',
      directive,
      violatedDirective: text(r['violated-directive']),
      blockedURI: text(r['blocked-uri']) ?? '',
      disposition: dispositionOf(r.disposition),
      location: locationOf(r['source-file'], r['line-number'], r['column-number']),
      sample: text(r['script-sample']),
      policy: text(r['original-policy']),
    }),
  );
  return out;
}

/**
 * A Reporting API report of type `csp-violation`: an element of the array a
 * `report-to` endpoint receives (`source` 'report'), or the report Chromium's
 * DevTools announces when the page queues it (`Network.reportingApiReportAdded`,
 * `source` 'reporting-api'). Both carry the same body.
 */
export function fromReportingApiReport(report: unknown, source: 'report' | 'reporting-api'): Observation | undefined {
  const r = report as { type?: unknown; body?: Record<string, unknown> } | null;
  if (!r || typeof r !== 'object' || r.type !== 'csp-violation' || typeof r.body !== 'object' || r.body === null) return undefined;
  const b = r.body;
  const directive = text(b.effectiveDirective);
  if (!directive) return undefined;
  return compact({
    source,
    documentURL: text(b.documentURL),
    scope: 'document',
    directive,
    blockedURI: text(b.blockedURL) ?? '',
    disposition: dispositionOf(b.disposition),
    location: locationOf(b.sourceFile, b.lineNumber, b.columnNumber),
    sample: text(b.sample),
    policy: text(b.originalPolicy),
  });
}

/** Drops undefined fields so merged violations carry no `key: undefined` noise. */
function compact(observation: Observation): Observation {
  for (const key of Object.keys(observation) as Array<keyof Observation>) {
    if (observation[key] === undefined) delete observation[key];
  }
  return observation;
}
