import { judgeHeaderSet, observatoryScorer, reportOf, usesSubresourceIntegrity, type AuditOptions, type HeaderReport, type Verdict } from '../audit';
import type { ObservatoryResult, ScoreOptions } from '../score';
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
 * stable). The fields as received are tried first, which needs no sort. A hit is a new report with this page's URL that shares the
 * lazily computed Observatory score; its lists are copied, so no two pages
 * share an array.
 */

const VOLATILE = new Set(['date', 'content-length', 'etag', 'last-modified', 'age', 'keep-alive', 'connection', 'transfer-encoding']);
const MAX_ENTRIES = 500;

interface Judged {
  verdict: Verdict;
  scored: () => ObservatoryResult;
}

export class AuditCache {
  /** By the fields as received: the pages of one route send them in the same order, and this key needs no sort. */
  private readonly byReceived = new Map<string, Judged>();
  /** By the fields sorted by name: the same headers in another order are the same audit. */
  private readonly bySorted = new Map<string, Judged>();

  constructor(private readonly options: AuditOptions) {}

  /**
   * `page` is what the score reads besides headers (the HTML, the redirect
   * chain, the cookies set on redirect hops). The rules read of the HTML only whether it uses SRI, so that
   * goes into the key; the score is then this page's own, computed lazily,
   * unless minGrade makes the verdict depend on it (then the page is judged
   * on its own).
   */
  audit(fields: readonly HeaderField[], url: string, status: number | undefined, page: Pick<ScoreOptions, 'html' | 'redirects' | 'redirectCookies'> = {}): HeaderReport {
    const own = page.html !== undefined || page.redirects !== undefined || page.redirectCookies !== undefined;
    const scoring = {
      ...(page.html !== undefined ? { html: page.html } : {}),
      ...(page.redirects ? { redirects: page.redirects } : {}),
      ...(page.redirectCookies ? { redirectCookies: page.redirectCookies } : {}),
    };
    if (own && this.options.minGrade !== undefined) {
      const judged = judgeHeaderSet(createHeaderSet(fields, { url, ...(status !== undefined ? { status } : {}) }), this.options, scoring);
      return reportOf(judged.verdict, judged.scored);
    }
    const sri = page.html !== undefined && usesSubresourceIntegrity(page.html) ? '\nsri' : '';
    const head = `${originPrefix(url) ?? url}\n${status ?? ''}${sri}`;
    const received = receivedKey(head, fields);
    let judged = this.byReceived.get(received);
    if (!judged) {
      const sorted = sortedKey(head, fields);
      judged = this.bySorted.get(sorted);
      if (!judged) {
        // Kept as it is: every page, this one too, gets a copy.
        judged = judgeHeaderSet(createHeaderSet(fields, { url, ...(status !== undefined ? { status } : {}) }), { ...this.options, ...(sri ? { html: page.html } : {}) });
        if (this.bySorted.size < MAX_ENTRIES) this.bySorted.set(sorted, judged);
      }
      if (this.byReceived.size < MAX_ENTRIES) this.byReceived.set(received, judged);
    }
    const scored = own ? observatoryScorer(createHeaderSet(fields, { url, ...(status !== undefined ? { status } : {}) }), this.options, scoring) : judged.scored;
    return reportOf(copy(judged.verdict, url), scored);
  }
}

// Names and values cannot hold NUL or newlines (servers and node refuse them), so the joins below are unambiguous.

function receivedKey(head: string, fields: readonly HeaderField[]): string {
  let key = head;
  for (const [name, value] of fields) {
    if (!VOLATILE.has(name.toLowerCase())) key += `\n${name}\u0000${value}`;
  }
  return key;
}

function sortedKey(head: string, fields: readonly HeaderField[]): string {
  const kept: Array<[name: string, value: string]> = [];
  for (const [name, value] of fields) {
    const lower = name.toLowerCase();
    if (!VOLATILE.has(lower)) kept.push([lower, value]);
  }
  kept.sort(byName);
  let key = head;
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
