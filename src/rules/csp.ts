import { evaluatePolicies } from '../csp/evaluate';
import { CSP_FINDING_TYPES, type CspFinding, type CspSeverity } from '../csp/findings';
import { serializeCsp } from '../csp/serialize';
import type { Policy } from '../csp/types';
import { KIND_NAMES } from '../response/kind';
import type { Finding, Severity } from '../types';
import { owaspValue } from './data/owasp-headers-add';
import { cspFindingExpected, cspFindingFix } from './csp-fix';
import { policiesOf } from './csp-policies';
import { fixFor } from './fix';
import type { CspDirectives } from '../fixes';
import { notForKind } from './kinds';
import type { Rule, RuleContext, RuleLevel } from './types';
import { byLevel } from './util';

/**
 * Content-Security-Policy, judged by our CSP engine. An enforced policy must
 * be there (a report-only policy alone protects nothing); the enforced
 * policies are judged together, as the browser enforces every one of them.
 */

const HEADER = 'content-security-policy';
const RECOMMENDED_DIRECTIVES: CspDirectives = [
  ['default-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['frame-ancestors', ["'self'"]],
];
/** OWASP REST Security Cheat Sheet: an API response that is never meant to render loads nothing and is framed by nobody. */
const API_DIRECTIVES: CspDirectives = [
  ['default-src', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
];
const serialized = (directives: CspDirectives) => directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
const RECOMMENDED_POLICY = serialized(RECOMMENDED_DIRECTIVES);
const API_POLICY = serialized(API_DIRECTIVES);

export const CSP_FINDING_IDS: readonly string[] = [
  'csp/missing',
  'csp/report-only',
  'csp/upgrade-insecure-requests-missing',
  // csp-evaluator's types, then ours (findings.ts keeps the one list, checked by the compiler).
  ...CSP_FINDING_TYPES.map((type) => `csp/${type}`),
];

/**
 * csp-evaluator's severities in ours. The "maybe" ones depend on what the
 * allowed hosts serve, which a header test cannot see, so they stay advice
 * (OWASP's own recommended policy is `default-src 'self'`, which csp-evaluator
 * marks medium-maybe). `strict-csp` findings recommend a nonce-based policy.
 */
const SEVERITY_MAP: Record<RuleLevel, Record<CspSeverity, Severity>> = {
  recommended: { high: 'high', syntax: 'medium', medium: 'medium', 'high-maybe': 'low', 'strict-csp': 'info', 'medium-maybe': 'info', info: 'info' },
  strict: { high: 'high', syntax: 'medium', medium: 'medium', 'high-maybe': 'low', 'strict-csp': 'low', 'medium-maybe': 'info', info: 'info' },
};

/**
 * Style injection is a far smaller risk than script injection, and helmet's
 * own default allows inline styles: at the recommended level our style
 * checks are advice.
 */
function severityOf(finding: CspFinding, level: RuleLevel): Severity {
  // OWASP's recommended policy sets form-action and base-uri: at strict their absence fails.
  if (level === 'strict' && (finding.type === 'form-action-missing' || finding.type === 'base-uri-missing')) return 'low';
  const mapped = SEVERITY_MAP[level][finding.severity];
  if (level === 'recommended' && finding.type.startsWith('style-') && (mapped === 'high' || mapped === 'medium')) return 'low';
  return mapped;
}

export const cspRule: Rule = {
  name: 'csp',
  header: HEADER,
  summary: 'an enforced Content-Security-Policy with no weakness at this level',
  skip: (_headers, context) => notForKind('csp', context),
  check(headers, context) {
    const enforced = policiesOf(headers, 'enforce');
    const reportOnly = policiesOf(headers, 'report');
    if (context.kind === 'api') return checkApiCsp(enforced, reportOnly, context);
    if (enforced.length === 0) {
      const onlyReports = reportOnly.length > 0;
      return [
        {
          id: onlyReports ? 'csp/report-only' : 'csp/missing',
          severity: 'high',
          header: HEADER,
          received: onlyReports ? `(absent; Content-Security-Policy-Report-Only: ${reportOnly.map(serializeCsp).join(', ')})` : undefined,
          expected: `an enforced policy, at least ${RECOMMENDED_POLICY}`,
          fix: fixFor({ kind: 'csp-policy', reportOnly: onlyReports, directives: RECOMMENDED_DIRECTIVES, api: false }, context),
          message: onlyReports
            ? 'only a report-only policy is sent: the browser reports violations but blocks nothing'
            : 'no Content-Security-Policy: nothing limits what scripts the page may run',
        },
      ];
    }
    // OWASP's policy ends with upgrade-insecure-requests: asked of documents (this branch) at strict.
    const upgrade = context.level === 'strict' ? upgradeFinding(enforced, context) : [];
    return [...upgrade, ...evaluated(enforced, context, (finding) => severityOf(finding, context.level))];
  },
};

/**
 * OWASP's recommended policy (data/owasp-headers-add.ts) ends with
 * upgrade-insecure-requests: an http:// link or subresource left in a page
 * is fetched over https instead of leaking or being blocked as mixed content.
 */
function upgradeFinding(enforced: readonly Policy[], context: RuleContext): Finding[] {
  if (enforced.some((p) => p.directives.some((d) => d.name === 'upgrade-insecure-requests'))) return [];
  return [
    {
      id: 'csp/upgrade-insecure-requests-missing',
      severity: 'low',
      header: HEADER,
      directive: 'upgrade-insecure-requests',
      received: enforced.map(serializeCsp).join(', '),
      expected: `upgrade-insecure-requests (OWASP: ${owaspValue('Content-Security-Policy')})`,
      fix: fixFor(
        {
          kind: 'csp-directive',
          directive: 'upgrade-insecure-requests',
          values: [],
          also: [],
          nonceIn: [],
          policy: [...(enforced[0]?.directives ?? []).map((d) => [d.name, d.values] as const), ['upgrade-insecure-requests', []] as const],
        },
        context,
      ),
      message: 'the CSP lacks upgrade-insecure-requests, which OWASP recommends: http:// URLs left in the page are not upgraded to https',
    },
  ];
}

/** The engine's findings on the enforced policies, as rule findings of the severity `severity` gives. */
function evaluated(enforced: readonly Policy[], context: RuleContext, severity: (finding: CspFinding) => Severity): Finding[] {
  const received = enforced.map(serializeCsp).join(', ');
  // Many policies repeat the same findings (one per policy): each description is split once.
  const split = new Map<string, { message: string; rest: string }>();
  return evaluatePolicies(enforced, { strict: false }).map((finding) => ({
    id: `csp/${finding.type}`,
    severity: severity(finding),
    header: HEADER,
    directive: finding.directive,
    received,
    expected: cspFindingExpected(finding),
    // The description's first sentence says what is wrong, the rest how to fix it.
    ...describe(finding, enforced, context, split),
  }));
}

/**
 * An API response runs no script, so a script policy is advice there (a
 * defence should it ever be rendered, as OWASP's REST guidance puts it),
 * asked for only at strict; what its policy says about framing still counts
 * in full. The X-Frame-Options rule asks for frame-ancestors or XFO.
 */
function checkApiCsp(enforced: readonly Policy[], reportOnly: readonly Policy[], context: RuleContext): Finding[] {
  const advice = byLevel(context, 'info', 'low');
  if (enforced.length === 0) {
    return [
      {
        id: reportOnly.length > 0 ? 'csp/report-only' : 'csp/missing',
        severity: advice,
        header: HEADER,
        received: reportOnly.length > 0 ? `(absent; Content-Security-Policy-Report-Only: ${reportOnly.map(serializeCsp).join(', ')})` : undefined,
        expected: API_POLICY,
        fix: fixFor({ kind: 'csp-policy', reportOnly: reportOnly.length > 0, directives: API_DIRECTIVES, api: true }, context),
        message: `no enforced Content-Security-Policy on ${KIND_NAMES.api} (${context.kindReason}): no script runs in it, but ${API_POLICY} keeps it inert should it ever be rendered`,
      },
    ];
  }
  return evaluated(enforced, context, (finding) => (finding.type.startsWith('frame-ancestors') ? severityOf(finding, context.level) : 'info'));
}

/** The description's first sentence says what is wrong (the message); the rest, or a framework's fix line, how to fix it. */
function describe(finding: CspFinding, enforced: readonly Policy[], context: RuleContext, split: Map<string, { message: string; rest: string }>): { message: string; fix: string } {
  let parts = split.get(finding.description);
  if (parts === undefined) {
    const end = finding.description.search(/\.(\s|$)/);
    parts = { message: (end === -1 ? finding.description : finding.description.slice(0, end)).trim(), rest: end === -1 ? '' : finding.description.slice(end + 1).trim() };
    split.set(finding.description, parts);
  }
  return { message: parts.message, fix: cspFindingFix(finding, enforced, context) ?? (parts.rest || finding.description) };
}
