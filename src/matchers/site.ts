import { auditHeaderSet, validateAuditOptions, type AuditOptions, type HeaderReport } from '../audit';
import { describeBlocked, describeLocation } from '../browser/format';
import { findStaticNonces } from '../csp/evaluate';
import { policiesOf } from '../rules/csp-policies';
import type { CspViolation } from '../browser/types';
import { UsageError } from './context';
import { formatFinding, hint, sections, type Palette } from './format';
import type { MatcherContext, MatcherResult } from './context';
import { toHaveCsp, validateCspExpectation, type CspExpectation } from './toHaveCsp';
import { DEFAULT_FAILING_DISPOSITION } from '../browser/types';
import { dispositionMatches, isIgnored, leftOutNote, type NoCspViolationsOptions } from './toHaveNoCspViolations';
import { createHeaderSet } from '../response/header-set';
import { describeValue } from '../response/normalize';
import { SEVERITY_RANK, type Finding } from '../types';
import { isSiteReport, type PageReport, type SiteReport } from '../crawl/types';

/**
 * What the three matchers say about a whole crawled site, as data the
 * matcher files turn into messages: pass or not, a headline, and lines that
 * group pages by problem ("12 pages: … — /a, /b, /c, /d, /e and 7 more"),
 * so a site with one missing header on every page reads as one problem, not
 * a hundred.
 *
 * Every judgement needs every page to have been judged: a page that could
 * not be loaded (timeout, crash, network error, redirect loop or a redirect
 * off the allowed origins) fails all three, since a pass would claim what
 * was never checked. Pages that loaded with an HTTP error status (404, 500)
 * are judged like any other and named in a note.
 */

export interface SiteMatcherResult {
  pass: boolean;
  /** One line: what was judged and the verdict. */
  headline: string;
  /** The problems, grouped; then notes. Empty when there is nothing to say. */
  lines: string[];
  /** Pages judged, failing, and not judged (could not be loaded). */
  counts: { judged: number; failing: number; notLoaded: number };
}

/** How many pages each group names before "and N more". */
export const PAGES_SHOWN = 5;

const plain: Palette = { received: (t) => t, expected: (t) => t, dim: (t) => t };

/** For `expect(site).toHaveSecureHeaders(options?)`: each loaded page's document headers, and the subresource issues, at the audit's threshold. */
export function siteSecureHeadersResult(report: unknown, options?: AuditOptions, colours: Palette = plain): SiteMatcherResult {
  const site = assertSiteReport(report, 'toHaveSecureHeaders');
  // Options given to the matcher re-judge the stored headers; without them the crawl's own verdicts stand.
  const audit = options === undefined ? undefined : validateAuditOptions(options);
  const loaded = loadedPages(site);
  const byFinding = new Map<string, { finding: Finding; pages: string[] }>();
  const bySubresource = new Map<string, { finding: Finding; resource: string; type: string; pages: string[] }>();
  const failing = new Set<string>();

  for (const page of loaded) {
    const verdict = audit && page.responseHeaders ? rejudge(page, audit) : page.headers;
    if (!verdict) continue;
    for (const finding of verdict.failures) {
      const key = `${finding.id}\n${finding.directive ?? ''}`;
      const group = byFinding.get(key) ?? { finding, pages: [] };
      group.pages.push(page.url);
      byFinding.set(key, group);
      failing.add(page.url);
    }
    for (const issue of page.subresources) {
      if (SEVERITY_RANK[issue.finding.severity] < SEVERITY_RANK[verdict.failOn]) continue;
      if (audit?.ignore?.some((id) => id === issue.finding.id || (id.endsWith('/*') && issue.finding.id.startsWith(id.slice(0, -1))))) continue;
      const key = `${issue.url}\n${issue.finding.id}\n${issue.finding.directive ?? ''}`;
      const group = bySubresource.get(key) ?? { finding: issue.finding, resource: issue.url, type: issue.type, pages: [] };
      group.pages.push(page.url);
      bySubresource.set(key, group);
      failing.add(page.url);
    }
  }

  const lines: string[] = [];
  for (const group of sortGroups([...byFinding.values()])) {
    // The finding as toHaveSecureHeaders shows it (received is the first page's), then where.
    lines.push(...`${pageCount(group.pages.length)} — ${formatFinding(group.finding, colours).trimStart().replace(/^✕ /, '')}`.split('\n'));
    lines.push(`    on: ${listPages(group.pages, site)}`);
  }
  for (const group of sortGroups([...bySubresource.values()])) {
    const f = group.finding;
    lines.push(`${pageCount(group.pages.length)} load ${shortUrl(group.resource, site)} (${group.type}): ${f.message}  ${colours.dim(`[${f.id}, ${f.severity}]`)}`);
    lines.push(`    fix: ${f.fix}`);
    lines.push(`    on: ${listPages(group.pages, site)}`);
  }
  return finish(site, 'security headers', loaded.length, failing.size, lines);
}

/** For `expect(site).toHaveCsp(expected?)`: each loaded page's CSP, judged exactly as toHaveCsp judges one response. */
export function siteCspResult(report: unknown, expected?: CspExpectation): SiteMatcherResult {
  const site = assertSiteReport(report, 'toHaveCsp');
  const expectation = validateCspExpectation(expected);
  const loaded = loadedPages(site);
  const groups = new Map<string, string[]>();
  const failing = new Set<string>();
  const judged = loaded.flatMap((page) =>
    page.responseHeaders
      ? [{ page, headers: createHeaderSet(page.responseHeaders, { url: page.finalUrl ?? page.url, ...(page.status !== undefined ? { status: page.status } : {}) }) }]
      : [],
  );
  for (const { page, headers } of judged) {
    const result = toHaveCsp.call({}, headers, expectation);
    if (result instanceof Promise) continue; // a HeaderSet is judged synchronously; never taken
    if (result.pass) continue;
    failing.add(page.url);
    // The problem lines of the matcher's own message ("  ✕ …"), so the site and a single response read alike.
    const problems = problemBlocks(result.message());
    for (const problem of problems.length > 0 ? problems : ['the policy fails toHaveCsp']) {
      groups.set(problem, [...(groups.get(problem) ?? []), page.url]);
    }
  }
  // A nonce is only worth something if it is new on every response: one repeated across pages is a finding of the site.
  // The policies toHaveCsp just parsed for each page (policiesOf caches them per HeaderSet).
  const perPage = judged.map(({ headers }) => policiesOf(headers, 'enforce'));
  for (const repeat of findStaticNonces(perPage)) {
    const pages = judged.filter((_, i) => perPage[i]!.some((p) => p.directives.some((d) => d.values.includes(repeat.value!)))).map(({ page }) => page.url);
    groups.set(`  ✕ ${repeat.directive} ${repeat.value}  [static-nonce, high]\n      ${repeat.description}`, pages);
    for (const url of pages) failing.add(url);
  }
  const lines = [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .flatMap(([problem, pages]) => [...`${pageCount(pages.length)}: ${problem}`.split('\n'), `    on: ${listPages(pages, site)}`]);
  return finish(site, 'Content-Security-Policy', loaded.length, failing.size, lines);
}

/** For `expect(site).toHaveNoCspViolations(options?)`: the violations the crawl saw, grouped by what was blocked. `timeout` is accepted and unused: the crawl already waited per page. */
export function siteViolationsResult(report: unknown, options: NoCspViolationsOptions = {}): SiteMatcherResult {
  const site = assertSiteReport(report, 'toHaveNoCspViolations');
  if (site.mode === 'headers-only') {
    throw new UsageError(
      'toHaveNoCspViolations: this site report comes from a headers-only crawl, which uses no browser, so no CSP violation could be seen and a pass would mean nothing. ' +
        'Crawl with a browser (drop headersOnly) to check violations.',
    );
  }
  const { disposition, ignore } = violationOptions(options);
  const loaded = loadedPages(site);
  const groups = new Map<string, { sample: CspViolation; pages: string[]; count: number }>();
  const failing = new Set<string>();
  let left = 0;
  for (const page of loaded) {
    for (const v of page.violations) {
      if (!dispositionMatches(v, disposition) || isIgnored(v, ignore)) {
        left++;
        continue;
      }
      failing.add(page.url);
      const key = `${v.directive}\n${v.disposition}\n${v.kind === 'resource' ? shortUrl(v.blockedURI, site) : v.kind}`;
      const group = groups.get(key) ?? { sample: v, pages: [], count: 0 };
      if (!group.pages.includes(page.url)) group.pages.push(page.url);
      group.count += v.count;
      groups.set(key, group);
    }
  }
  const lines = [...groups.values()]
    .sort((a, b) => b.pages.length - a.pages.length)
    .flatMap(({ sample: v, pages }) => {
      const outcome = v.disposition === 'enforce' ? 'blocked' : 'reported only (report-only policy)';
      const what = v.kind === 'resource' ? shortUrl(v.blockedURI, site) : describeBlocked(v);
      const out = [`${pageCount(pages.length)}: ${v.directive} ${outcome}: ${what}`, `    on: ${listPages(pages, site)}`];
      if (v.source) out.push(`    e.g. in ${describeLocation(v.source)}`);
      if (v.policy) out.push(`    policy: ${v.policy.length > 200 ? `${v.policy.slice(0, 200)}…` : v.policy}`);
      return out;
    });
  if (left > 0) lines.push(leftOutNote(left, (options as { disposition?: unknown }).disposition === undefined));
  return finish(site, 'CSP violations', loaded.length, failing.size, lines);
}

function assertSiteReport(report: unknown, matcher: string): SiteReport {
  if (!isSiteReport(report)) throw new UsageError(`${matcher}: expected the SiteReport that crawl() returns; received ${describeValue(report)}.`);
  return report;
}

/** Pages with a verdict: loaded, whatever their status. */
function loadedPages(site: SiteReport): PageReport[] {
  return site.pages.filter((p) => p.error === undefined || p.error.kind === 'http-error');
}

function rejudge(page: PageReport, audit: AuditOptions): HeaderReport {
  const headers = createHeaderSet(page.responseHeaders ?? [], { url: page.finalUrl ?? page.url, ...(page.status !== undefined ? { status: page.status } : {}) });
  return auditHeaderSet(headers, audit);
}

function finish(site: SiteReport, what: string, judged: number, failing: number, problemLines: string[]): SiteMatcherResult {
  const notLoaded = site.pages.filter((p) => p.error !== undefined && p.error.kind !== 'http-error');
  const httpErrors = site.pages.filter((p) => p.error?.kind === 'http-error');
  const lines = [...problemLines];
  if (notLoaded.length > 0) {
    lines.push(`${pageCount(notLoaded.length)} could not be loaded, so were not judged (fix them, or leave them out with crawl's exclude):`);
    for (const p of notLoaded.slice(0, PAGES_SHOWN)) lines.push(`    ${shortUrl(p.url, site)}: ${p.error!.kind} — ${p.error!.message}`);
    if (notLoaded.length > PAGES_SHOWN) lines.push(`    … and ${notLoaded.length - PAGES_SHOWN} more`);
  }
  if (httpErrors.length > 0) {
    const one = httpErrors.length === 1;
    lines.push(`Note: ${pageCount(httpErrors.length)} answered with an HTTP error status and ${one ? 'was' : 'were'} judged as ${one ? 'it is' : 'they are'}: ${listPages(httpErrors.map((p) => p.url), site)}`);
  }
  const pass = site.pages.length > 0 && failing === 0 && notLoaded.length === 0;
  const headline =
    site.pages.length === 0
      ? `No page was crawled from ${site.start.join(', ')}, so nothing was judged.`
      : pass
        ? `All ${pageCount(judged)} crawled pass the ${what} checks.`
        : `${failing} of ${pageCount(judged)} judged fail the ${what} checks${notLoaded.length > 0 ? `, and ${notLoaded.length} could not be loaded` : ''}.`;
  return { pass, headline, lines, counts: { judged, failing, notLoaded: notLoaded.length } };
}

function sortGroups<T extends { finding: Finding; pages: string[] }>(groups: T[]): T[] {
  return groups.sort((a, b) => SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] || b.pages.length - a.pages.length || a.finding.id.localeCompare(b.finding.id));
}

function pageCount(n: number): string {
  return `${n} page${n === 1 ? '' : 's'}`;
}

/** "/a, /b, /c, /d, /e and 7 more": paths on the first start origin, full URLs elsewhere. */
export function listPages(urls: readonly string[], site: SiteReport): string {
  // Natural order (/p/2 before /p/10), so the same site gives the same message whatever order pages finished in.
  const sorted = urls.map((u) => shortUrl(u, site)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const shown = sorted.slice(0, PAGES_SHOWN);
  return urls.length > PAGES_SHOWN ? `${shown.join(', ')} and ${urls.length - PAGES_SHOWN} more` : shown.join(', ');
}

function shortUrl(url: string, site: SiteReport): string {
  try {
    const u = new URL(url);
    const home = site.start[0] ? new URL(site.start[0]).origin : undefined;
    return u.origin === home ? u.pathname + u.search : url;
  } catch {
    return url;
  }
}


const VIOLATION_OPTION_NAMES = ['disposition', 'ignore', 'timeout'];

function violationOptions(options: unknown): { disposition: 'enforce' | 'report' | 'any'; ignore: Array<string | RegExp> } {
  const what = 'toHaveNoCspViolations(options)';
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UsageError(`${what}: options must be an object such as { disposition: 'enforce' }; received ${describeValue(options)}.`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!VIOLATION_OPTION_NAMES.includes(key)) throw new UsageError(`${what}: unknown option "${key}". Known options: ${VIOLATION_OPTION_NAMES.join(', ')}.`);
  }
  const disposition = o.disposition ?? DEFAULT_FAILING_DISPOSITION;
  if (disposition !== 'enforce' && disposition !== 'report' && disposition !== 'any') {
    throw new UsageError(`${what}: disposition must be 'enforce', 'report' or 'any'; received ${describeValue(disposition)}.`);
  }
  const ignore = o.ignore === undefined ? [] : Array.isArray(o.ignore) ? o.ignore : [o.ignore];
  for (const pattern of ignore) {
    if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) {
      throw new UsageError(`${what}: ignore takes strings and RegExps (or an array of them); received ${describeValue(pattern)}.`);
    }
  }
  return { disposition, ignore: ignore as Array<string | RegExp> };
}

/** Each "  ✕ …" problem of a toHaveCsp message with its indented detail lines, as one text. */
function problemBlocks(message: string): string[] {
  const blocks: string[] = [];
  for (const line of message.split('\n')) {
    if (line.startsWith('  ✕ ')) blocks.push(line.slice(4));
    else if (blocks.length > 0 && line.startsWith('      ')) blocks[blocks.length - 1] += `\n    ${line.trim()}`;
    else if (blocks.length > 0 && line.trim() !== '') break;
  }
  return blocks;
}

/** A site verdict as a matcher result: the headline, then the grouped lines. */
export function siteMatcherResult(context: MatcherContext, matcher: string, result: SiteMatcherResult): MatcherResult {
  return {
    pass: result.pass,
    name: matcher,
    message: () => sections(hint(context, matcher, 'options'), result.headline, result.lines.join('\n')),
  };
}
