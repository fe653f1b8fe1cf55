import { judgeHeaderSet, reportOf, type AuditOptions, type HeaderReport, type Verdict } from '../audit';
import type { ObservatoryResult } from '../score';
import { createHeaderSet, type HeaderField } from '../response/header-set';
import { originPrefix } from './url';

/**
 * The audit, remembered per crawl. Most pages of a site send the same
 * security headers, and the audit (the CSP evaluation above all) costs more
 * than a GET on a fast local server, so identical header sets are judged
 * once. The key holds the origin (https-ness and CORS depend on it), the
 * status and every field but those that change per response and that no
 * rule reads (Date, Content-Length, ETag…), sorted by name: the rules read
 * fields by name, so only the order within one name matters (the sort is
 * stable). A hit is a new report with this page's URL that shares the
 * lazily computed Observatory score; its lists are copied, so no two pages
 * share an array.
 */

const VOLATILE = new Set(['date', 'content-length', 'etag', 'last-modified', 'age', 'keep-alive', 'connection', 'transfer-encoding']);
const MAX_ENTRIES = 500;

export class AuditCache {
  private readonly verdicts = new Map<string, { verdict: Verdict; scored: () => ObservatoryResult }>();

  constructor(private readonly options: AuditOptions) {}

  audit(fields: readonly HeaderField[], url: string, status: number | undefined): HeaderReport {
    const key = cacheKey(fields, url, status);
    const cached = this.verdicts.get(key);
    if (cached) return reportOf(copy(cached.verdict, url), cached.scored);
    const judged = judgeHeaderSet(createHeaderSet(fields, { url, ...(status !== undefined ? { status } : {}) }), this.options);
    if (this.verdicts.size < MAX_ENTRIES) this.verdicts.set(key, { verdict: copy(judged.verdict, url), scored: judged.scored });
    return reportOf(judged.verdict, judged.scored);
  }
}

function cacheKey(fields: readonly HeaderField[], url: string, status: number | undefined): string {
  const kept: Array<[name: string, value: string]> = [];
  for (const [name, value] of fields) {
    const lower = name.toLowerCase();
    if (!VOLATILE.has(lower)) kept.push([lower, value]);
  }
  kept.sort(byName);
  // Names and values cannot hold NUL or newlines (servers and node refuse them), so the joins are unambiguous.
  let key = `${originPrefix(url) ?? url}\n${status ?? ''}`;
  for (const [name, value] of kept) key += `\n${name}\u0000${value}`;
  return key;
}

function byName(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function copy(verdict: Verdict, url: string): Verdict {
  return {
    ...verdict,
    url,
    findings: [...verdict.findings],
    failures: [...verdict.failures],
    ignored: [...verdict.ignored],
    passed: [...verdict.passed],
    skipped: [...verdict.skipped],
  };
}
