/**
 * learnCsp: crawl a site in a real browser with a deny-everything
 * report-only policy added to every document (through the crawler's route,
 * the app's own policy left in place and enforced), so every load, inline
 * script and style, style attribute, event handler, eval and worker shows up
 * as a report-only violation with its directive; build the tightest policy
 * that allows what was seen; then re-crawl the same pages with that policy
 * enforced (added the same way) and report what still breaks.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { CspViolation } from '../browser/types';
import { evaluatePolicies } from '../csp/evaluate';
import { parseCsp } from '../csp/parse';
import { crawlWithHooks } from '../crawl/crawl';
import type { CrawlOptions } from '../crawl/options';
import type { PageReport, SiteReport } from '../crawl/types';
import { UsageError } from '../matchers/context';
import type { HeaderField } from '../response/header-set';
import { buildPolicies, NONCE_PLACEHOLDER, nonceOf, sha256Source, type PageObservation } from './build';
import { call } from '../browser/page-script';
import { COLLECT_INLINE, inlineBodies, parserScripts, type PageInline } from './collect';
import { writeFix } from './fix';
import { LEARN_FRAMEWORKS, type LearnedCsp, type LearnFramework, type StillBroken } from './types';

export type LearnCspOptions = Omit<CrawlOptions, 'headersOnly'>;

/** Denies everything a page can load or run, and asks for samples of inline code. Report-only: nothing breaks while learning. */
export const PROBE_POLICY = [
  "default-src 'none'",
  "script-src 'none' 'report-sample'",
  "script-src-attr 'none' 'report-sample'",
  "style-src 'none' 'report-sample'",
  "style-src-attr 'none' 'report-sample'",
  "img-src 'none'",
  "font-src 'none'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
].join('; ');

const SAMPLE_NONCE = 'bGVhcm5lZC1wb2xpY3ktbm9uY2U';

export async function learnCsp(options: LearnCspOptions): Promise<LearnedCsp> {
  if (options === null || typeof options !== 'object') {
    throw new UsageError(`learnCsp: expected options such as { start: 'http://127.0.0.1:5000/', maxPages: 200 }, received ${options === null ? 'null' : typeof options}.`);
  }
  if ((options as CrawlOptions).headersOnly) {
    throw new UsageError('learnCsp: headersOnly cannot learn a policy (it needs a browser to see what pages load and run). Leave headersOnly out, and pass a page, context or browser, or nothing to launch Chromium.');
  }
  const started = Date.now();
  // The policy is the site's: documents of other allowed origins (a CDN's widget in a frame) keep their own headers.
  const siteOrigins = new Set((Array.isArray(options.start) ? options.start : [options.start]).map((u) => originOf(u)));
  const onSite = (url: string) => siteOrigins.has(originOf(url));

  // 1. Learn.
  const bodies = new Map<string, string>();
  const seen = new Map<string, Omit<PageObservation, 'url' | 'violations' | 'ownPolicies' | 'ownNonce'>>();
  const withProbe = (fields: HeaderField[]): HeaderField[] => [...fields, ['content-security-policy-report-only', PROBE_POLICY]];
  const learning = await crawlWithHooks(options, {
    documentFields: (url, fields, body) => {
      if (!onSite(url)) return fields;
      bodies.set(url, body.toString('utf8'));
      return withProbe(fields);
    },
    // A dedicated worker is governed by the policy on its script's response: the probe goes there too, so what the worker fetches and imports is learned.
    scriptFields: (url, fields) => (onSite(url) ? withProbe(fields) : fields),
    inspect: async (page, url) => {
      seen.set(url, await inspect(page, url, bodies.get(url)));
    },
  });
  const observations = learning.pages.filter(loaded).map((report) => observe(report, seen.get(report.finalUrl ?? report.url)));
  const built = buildPolicies(observations);
  const kind = built.strict?.kind ?? 'allowlist';
  const policy = built.strict?.policy ?? built.allowlistPolicy;

  // 2. Verify: the same pages, the learned policy enforced beside the app's own.
  const verifyStarted = Date.now();
  const enforceLearned = (url: string, fields: HeaderField[]): HeaderField[] => (onSite(url) ? [...fields, ['content-security-policy', withNonce(policy, fields)]] : fields);
  const pages = observations.map((o) => o.url);
  const ownBlocked = new Set(learning.pages.flatMap((p) => p.violations.filter((v) => v.disposition === 'enforce').map((v) => violationKey(p, v))));
  const verifying: SiteReport | undefined =
    pages.length === 0
      ? undefined
      : await crawlWithHooks({ ...options, start: pages, maxDepth: 0, maxPages: pages.length, sitemap: false }, {
          documentFields: enforceLearned,
          // As a server sends it: on the workers' scripts too (helmet and Talisman add it to every response).
          scriptFields: enforceLearned,
        });
  const stillBroken: StillBroken[] = [];
  for (const report of verifying?.pages ?? []) {
    for (const v of report.violations) {
      if (v.disposition !== 'enforce' || !isLearnedPolicy(v.policy, policy, () => ownBlocked.has(violationKey(report, v)))) continue;
      stillBroken.push({ page: report.finalUrl ?? report.url, directive: v.directive, blocked: v.blockedURI, ...(v.sample ? { sample: v.sample } : {}) });
    }
    if (report.error) stillBroken.push({ page: report.url, directive: '(page)', blocked: `${report.error.kind}: ${report.error.message}` });
  }

  const findings = evaluatePolicies(parseCsp(policy.split(NONCE_PLACEHOLDER).join(SAMPLE_NONCE)));
  const firstPolicies = observations[0]?.ownPolicies ?? [];
  const result: LearnedCsp = {
    policy,
    kind,
    allowlistPolicy: built.allowlistPolicy,
    needs: built.needs,
    inline: built.inline,
    strictBlockers: built.strictBlockers,
    findings,
    sitePolicy: firstPolicies,
    pages,
    notLoaded: [...new Set(learning.pages.flatMap((p) => p.blocked ?? []))].sort(),
    violationsSeen: observations.reduce((n, o) => n + o.violations.reduce((m, v) => m + v.count, 0), 0),
    verification: { pages: verifying?.pages.length ?? 0, violations: stillBroken.length, stillBroken, durationMs: Date.now() - verifyStarted },
    durationMs: Date.now() - started,
    fix: (framework: LearnFramework, fixOptions: { enforce?: boolean } = {}) => {
      if (!LEARN_FRAMEWORKS.includes(framework)) {
        throw new UsageError(`learned.fix: unknown framework ${JSON.stringify(framework)}. Pass one of: ${LEARN_FRAMEWORKS.join(', ')}.`);
      }
      return writeFix(policy, framework, fixOptions.enforce === true);
    },
  };
  return result;
}

function loaded(report: PageReport): boolean {
  return report.error === undefined && report.headers !== undefined;
}

/** In the settled page: its inline code, frames and workers, and which inline bodies differ in a second response. */
async function inspect(page: Page, url: string, firstBody: string | undefined): Promise<Omit<PageObservation, 'url' | 'violations' | 'ownPolicies' | 'ownNonce'>> {
  const inline = await page.evaluate<PageInline>(call(COLLECT_INLINE)).catch(() => undefined);
  const frames = page
    .frames()
    .filter((f) => f !== page.mainFrame())
    .map((f) => f.url())
    .filter((u) => /^https?:/i.test(u));
  const workers = page.workers().map((w) => w.url());
  const varying = { scripts: [] as string[], styles: [] as string[] };
  if (firstBody !== undefined) {
    const second = await page.request
      .get(url, { maxRedirects: 0 })
      .then((r) => r.text())
      .catch(() => undefined);
    if (second !== undefined) {
      const a = inlineBodies(firstBody);
      const b = inlineBodies(second);
      const differing = (x: string[], y: string[]) => {
        const other = new Set(y.map(sha256Source));
        return x.map(sha256Source).filter((h) => !other.has(h));
      };
      varying.scripts = differing(a.scripts, b.scripts);
      varying.styles = differing(a.styles, b.styles);
    }
  }
  return { ...(inline ? { inline } : {}), frames, workers, varying, parserScripts: firstBody === undefined ? [] : parserScripts(firstBody) };
}

function observe(report: PageReport, extra: Omit<PageObservation, 'url' | 'violations' | 'ownPolicies' | 'ownNonce'> | undefined): PageObservation {
  const own = (report.responseHeaders ?? []).filter(([name]) => name.toLowerCase() === 'content-security-policy').map(([, value]) => value);
  const nonce = nonceOf(own);
  return {
    url: report.finalUrl ?? report.url,
    violations: report.violations.filter(isProbeViolation),
    ownPolicies: own,
    ...(nonce ? { ownNonce: nonce } : {}),
    frames: extra?.frames ?? [],
    workers: extra?.workers ?? [],
    varying: extra?.varying ?? { scripts: [], styles: [] },
    parserScripts: extra?.parserScripts ?? [],
    ...(extra?.inline ? { inline: extra.inline } : {}),
  };
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

function isProbeViolation(v: CspViolation): boolean {
  return v.disposition === 'report' && (v.policy === undefined || squash(v.policy) === squash(PROBE_POLICY));
}

/** Is a violation the learned policy's? By its text (nonces aside); without text, when the app's own policy did not block it while learning. */
function isLearnedPolicy(violated: string | undefined, learned: string, ownBlocked: () => boolean): boolean {
  if (violated === undefined) return !ownBlocked();
  const normal = (text: string) => squash(text).replace(/'nonce-[^']*'/g, `'nonce-${NONCE_PLACEHOLDER}'`);
  return normal(violated) === normal(learned);
}

function violationKey(report: PageReport, v: CspViolation): string {
  return `${report.finalUrl ?? report.url}|${v.directive}|${v.blockedURI}`;
}

/** The learned policy for one response: `{nonce}` becomes the nonce the app's own policy gives this response (a fresh one if it gives none, which then breaks what relies on it, as it should). */
function withNonce(policy: string, fields: readonly HeaderField[]): string {
  if (!policy.includes(NONCE_PLACEHOLDER)) return policy;
  const own = fields.filter(([name]) => name.toLowerCase() === 'content-security-policy').map(([, value]) => value);
  const nonce = nonceOf(own) ?? randomBytes(16).toString('base64');
  return policy.split(NONCE_PLACEHOLDER).join(nonce);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
