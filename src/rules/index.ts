/**
 * The header rules, in the order reports list them.
 *
 * What the `recommended` level requires (a finding of medium or worse fails):
 * - Strict-Transport-Security on https, max-age ≥ 6 months (a year advised),
 *   well-formed (malformed = ignored by browsers = missing, high).
 * - Content-Security-Policy (the CSP rule, csp.ts).
 * - X-Content-Type-Options: nosniff (medium when missing: the MDN HTTP
 *   Observatory marks it down, and OWASP lists it).
 * - X-Frame-Options DENY/SAMEORIGIN, or CSP frame-ancestors (medium when
 *   neither: clickjacking; the Observatory's heaviest non-CSP penalty).
 * - No unsafe Referrer-Policy value. A missing Referrer-Policy is advice
 *   (low): browsers default to strict-origin-when-cross-origin and the
 *   Observatory does not mark its absence down.
 * - Permissions-Policy, COOP/CORP and disclosure headers are advice unless
 *   they are broken (parse error, `*` on camera/microphone/…) or cross-origin
 *   isolation is asked for.
 * - Session cookies Secure (on https), HttpOnly and with SameSite; no
 *   credentialed or null-origin CORS.
 *
 * The `strict` level (a finding of low or worse fails) adds the OWASP Secure
 * Headers Project values: HSTS max-age ≥ 63072000 with includeSubDomains,
 * X-Frame-Options DENY, Referrer-Policy no-referrer (or same-origin),
 * Permissions-Policy present, COOP and CORP same-origin (COEP only with
 * cross-origin isolation), no disclosure headers, X-XSS-Protection 0 or absent.
 *
 * So helmet 8 defaults and Flask-Talisman 1.0 defaults over https pass
 * `recommended` and fail `strict`, each finding saying why.
 */
import { COOKIES_FINDING_IDS, cookiesRule } from './cookies';
import { CACHE_CONTROL_FINDING_IDS, cacheControlRule } from './cache-control';
import { CLEAR_SITE_DATA_FINDING_IDS, clearSiteDataRule } from './clear-site-data';
import { DOCUMENT_POLICY_FINDING_IDS, documentPolicyRule } from './document-policy';
import { INTEGRITY_POLICY_FINDING_IDS, integrityPolicyRule } from './integrity-policy';
import { REPORT_ONLY_FINDING_IDS, reportOnlyRule } from './report-only';
import { REPORTING_FINDING_IDS, reportingRule } from './reporting';
import { X_DNS_PREFETCH_CONTROL_FINDING_IDS, xDnsPrefetchControlRule } from './x-dns-prefetch-control';
import { X_PERMITTED_CROSS_DOMAIN_POLICIES_FINDING_IDS, xPermittedCrossDomainPoliciesRule } from './x-permitted-cross-domain-policies';
import { CORS_FINDING_IDS, corsRule } from './cors';
import { CSP_FINDING_IDS, cspRule } from './csp';
import { CROSS_ORIGIN_FINDING_IDS, crossOriginRule } from './cross-origin';
import { DEPRECATED_FINDING_IDS, deprecatedRule } from './deprecated';
import { DISCLOSURE_FINDING_IDS, disclosureRule } from './disclosure';
import { HSTS_FINDING_IDS, hstsRule } from './hsts';
import { PERMISSIONS_POLICY_FINDING_IDS, permissionsPolicyRule } from './permissions-policy';
import { REFERRER_POLICY_FINDING_IDS, referrerPolicyRule } from './referrer-policy';
import type { Rule } from './types';
import { X_CONTENT_TYPE_OPTIONS_FINDING_IDS, xContentTypeOptionsRule } from './x-content-type-options';
import { X_FRAME_OPTIONS_FINDING_IDS, xFrameOptionsRule } from './x-frame-options';

/** Every rule, in a stable order (reports and findings follow it). */
export const RULES: readonly Rule[] = [
  hstsRule,
  cspRule,
  xContentTypeOptionsRule,
  xFrameOptionsRule,
  referrerPolicyRule,
  permissionsPolicyRule,
  crossOriginRule,
  cookiesRule,
  corsRule,
  disclosureRule,
  deprecatedRule,
  reportingRule,
  integrityPolicyRule,
  reportOnlyRule,
  documentPolicyRule,
  cacheControlRule,
  clearSiteDataRule,
  xDnsPrefetchControlRule,
  xPermittedCrossDomainPoliciesRule,
];

/** Every finding id the rules can produce, for validating ignore lists and baselines. */
export const FINDING_IDS: readonly string[] = [
  ...HSTS_FINDING_IDS,
  ...CSP_FINDING_IDS,
  ...X_CONTENT_TYPE_OPTIONS_FINDING_IDS,
  ...X_FRAME_OPTIONS_FINDING_IDS,
  ...REFERRER_POLICY_FINDING_IDS,
  ...PERMISSIONS_POLICY_FINDING_IDS,
  ...CROSS_ORIGIN_FINDING_IDS,
  ...COOKIES_FINDING_IDS,
  ...CORS_FINDING_IDS,
  ...DISCLOSURE_FINDING_IDS,
  ...DEPRECATED_FINDING_IDS,
  ...REPORTING_FINDING_IDS,
  ...INTEGRITY_POLICY_FINDING_IDS,
  ...REPORT_ONLY_FINDING_IDS,
  ...DOCUMENT_POLICY_FINDING_IDS,
  ...CACHE_CONTROL_FINDING_IDS,
  ...CLEAR_SITE_DATA_FINDING_IDS,
  ...X_DNS_PREFETCH_CONTROL_FINDING_IDS,
  ...X_PERMITTED_CROSS_DOMAIN_POLICIES_FINDING_IDS,
];

export { detectFramework } from './fix';
export { frameAncestorsLists } from './x-frame-options';
export { parseHsts } from './hsts';
export { parseSetCookie, looksLikeSession } from './cookies';
export { effectiveReferrerPolicy } from './referrer-policy';
export { readReportingEndpoints, isPotentiallyTrustworthy } from './reporting';
export { parseIntegrityPolicy } from './integrity-policy';
export { describeDocumentPolicies } from './document-policy';
export {
  COOKIES_FINDING_IDS,
  CORS_FINDING_IDS,
  CSP_FINDING_IDS,
  CROSS_ORIGIN_FINDING_IDS,
  DEPRECATED_FINDING_IDS,
  DISCLOSURE_FINDING_IDS,
  HSTS_FINDING_IDS,
  PERMISSIONS_POLICY_FINDING_IDS,
  REFERRER_POLICY_FINDING_IDS,
  X_CONTENT_TYPE_OPTIONS_FINDING_IDS,
  X_FRAME_OPTIONS_FINDING_IDS,
};
