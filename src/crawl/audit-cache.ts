import { auditHeaderSet, type AuditOptions, type HeaderReport } from '../audit';
import { createHeaderSet, type HeaderField } from '../response/header-set';

/**
 * The audit, remembered per crawl. Most pages of a site send the same
 * security headers, and the audit (the CSP evaluation above all) costs more
 * than a GET on a fast local server, so identical header sets are judged
 * once. The key holds the origin (https-ness and CORS depend on it), the
 * status and every field but those that change per response and that no
 * rule reads (Date, Content-Length, ETag…). A hit is a copy with this page's
 * URL; its lists are copied too, so no two pages share an array.
 */

const VOLATILE = new Set(['date', 'content-length', 'etag', 'last-modified', 'age', 'keep-alive', 'connection', 'transfer-encoding']);
const MAX_ENTRIES = 500;

export class AuditCache {
  private readonly reports = new Map<string, HeaderReport>();

  constructor(private readonly options: AuditOptions) {}

  audit(fields: readonly HeaderField[], url: string, status: number | undefined): HeaderReport {
    const key = cacheKey(fields, url, status);
    const cached = this.reports.get(key);
    if (cached) return copy(cached, url);
    const report = auditHeaderSet(createHeaderSet(fields, { url, ...(status !== undefined ? { status } : {}) }), this.options);
    if (this.reports.size < MAX_ENTRIES) this.reports.set(key, copy(report, url));
    return report;
  }
}

function cacheKey(fields: readonly HeaderField[], url: string, status: number | undefined): string {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = url;
  }
  const kept = fields.filter(([name]) => !VOLATILE.has(name.toLowerCase())).map(([name, value]) => `${name.toLowerCase()}:${value}`);
  return JSON.stringify([origin, status ?? null, kept]);
}

function copy(report: HeaderReport, url: string): HeaderReport {
  return {
    ...report,
    url,
    findings: [...report.findings],
    failures: [...report.failures],
    ignored: [...report.ignored],
    passed: [...report.passed],
    skipped: [...report.skipped],
  };
}
