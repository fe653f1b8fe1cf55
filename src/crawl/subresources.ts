import { auditHeaderSet, type AuditOptions } from '../audit';
import type { HeaderSet } from '../types';
import type { SubresourceIssue } from './types';

/**
 * The subresources whose own headers matter to the page: a script or
 * stylesheet without `X-Content-Type-Options: nosniff` (a mislabelled file can
 * then be run as code), and any cookie a subresource sets. Judged by the same
 * rules as documents, so ignore lists and presets apply alike.
 */

const SNIFFABLE = new Set(['script', 'stylesheet']);

export function subresourceIssues(url: string, type: string, headers: HeaderSet, audit: AuditOptions): SubresourceIssue[] {
  const checkNosniff = SNIFFABLE.has(type);
  if (!checkNosniff && !headers.has('set-cookie')) return [];
  const report = auditHeaderSet(headers, audit);
  return report.findings
    .filter((f) => (checkNosniff && f.header === 'x-content-type-options') || f.header === 'set-cookie')
    .map((finding) => ({ url, type, finding }));
}

/** A subresource seen several times on one page (or with the same finding twice) is listed once. */
export function dedupeIssues(issues: SubresourceIssue[]): SubresourceIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.url}\n${issue.finding.id}\n${issue.finding.directive ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
