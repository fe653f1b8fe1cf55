import type { Finding } from '../types';

/**
 * Where a finding is explained: MDN's page for the header (and for the CSP
 * directive, when the finding names one), the Observatory's scoring page for
 * a grade. Links only; nothing is fetched. Used by the HTML report and as
 * SARIF `helpUri`.
 */

const MDN_HEADERS = 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers';
export const OBSERVATORY_SCORING = 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring';

/** Headers MDN has a page for, in its spelling. */
const MDN_NAMES = [
  'Content-Security-Policy',
  'Content-Security-Policy-Report-Only',
  'Strict-Transport-Security',
  'X-Content-Type-Options',
  'X-Frame-Options',
  'Referrer-Policy',
  'Permissions-Policy',
  'Set-Cookie',
  'Cross-Origin-Opener-Policy',
  'Cross-Origin-Embedder-Policy',
  'Cross-Origin-Resource-Policy',
  'Access-Control-Allow-Origin',
  'Access-Control-Allow-Credentials',
  'X-XSS-Protection',
  'Server',
  'X-Powered-By',
  'Cache-Control',
  'Clear-Site-Data',
  'Expect-CT',
  'Feature-Policy',
  'X-DNS-Prefetch-Control',
  'X-Permitted-Cross-Domain-Policies',
  'Origin-Agent-Cluster',
];
const BY_LOWER = new Map(MDN_NAMES.map((n) => [n.toLowerCase(), n]));

const CSP_DIRECTIVE = /^[a-z-]+$/;

/** MDN's page for a header name (lower case), or MDN's header index for one it has no page for. */
export function headerHelpUri(header: string): string {
  const first = header.split(/[,\s]/)[0]!.toLowerCase();
  const name = BY_LOWER.get(first);
  return name ? `${MDN_HEADERS}/${name}` : MDN_HEADERS;
}

/** The page that explains a finding. */
export function findingHelpUri(finding: Pick<Finding, 'id' | 'header' | 'directive'>): string {
  if (finding.id.startsWith('grade/')) return OBSERVATORY_SCORING;
  const base = headerHelpUri(finding.header);
  // A CSP finding about one directive links to that directive's page.
  if (finding.id.startsWith('csp') && finding.directive && CSP_DIRECTIVE.test(finding.directive) && base.endsWith('Content-Security-Policy')) {
    return `${base}/${finding.directive}`;
  }
  return base;
}

/** MDN's page for a CSP directive a violation names. */
export function directiveHelpUri(directive: string): string {
  return CSP_DIRECTIVE.test(directive) ? `${MDN_HEADERS}/Content-Security-Policy/${directive}` : `${MDN_HEADERS}/Content-Security-Policy`;
}
