import type { Browser } from '@playwright/test';
import type { AuditOptions } from '../audit';
import { crawl } from '../crawl';
import type { SiteReport } from '../crawl/types';
import { UsageError } from '../matchers/context';
import type { PresetName } from '../presets';
import { shouldColor } from '../report/colors';
import type { FailOn, ScanSummary } from '../report/summary';
import { formatText } from '../report/text';
import { baselineFromSummary, cspRegressions, formatCspRegressions, writeBaseline } from './baseline';
import { launchChromium } from './browser';
import { CliError, EXIT, type ExitCode } from './errors';
import { formatReport, writeReportFile, type ReportFormat } from './outputs';
import { scanPages } from './pages';
import { progressBar, type ProgressStream } from './progress';
import { parseTargetUrls } from './urls';
import { VERSION } from './version';
import { auditOptions, judgeSite } from './judge';
import { resolve } from 'node:path';
import type { Shard } from '../crawl/shard';
import { emptySite, planPages, type PagePlan } from './plan';
import { savedScan, serializeSavedScan } from './shard-report';
import { DEFAULT_MAX_PAGES } from '../crawl/options';
import type { Framework } from '../rules/types';
import type { Grade } from '../score';
import { loadConfig } from './config';
import { mergeSettings, type PathOverride, type ScanSettings } from './settings';
import type { SarifOptions } from '../report/sarif';
import { resolveArtifact } from './sarif-file';
import { existsSync } from 'node:fs';

/** What the command line gave: its settings (before the config file is read), and the words that are not settings. */
export interface ScanInvocation {
  settings: ScanSettings;
  updateBaseline: boolean;
  /** `--config FILE`, or false for `--no-config`; undefined: look in the working directory. */
  config: string | false | undefined;
  pages?: string;
  shard?: Shard;
  saveReport?: string;
}

/** What `scan` does, once the command line and the config file are merged and defaults filled in. */
export interface ScanRequest {
  urls: string[];
  crawl: boolean;
  maxPages?: number;
  maxDepth?: number;
  preset: PresetName;
  headersOnly: boolean;
  format: ReportFormat;
  output?: string;
  baseline?: string;
  updateBaseline: boolean;
  failOn?: FailOn;
  ignore: string[];
  timeout?: number;
  concurrency?: number;
  sitemap: boolean;
  /** A page list file (from `discover`, a JSON array or one URL a line): the pages to check instead of `urls`. */
  pages?: string;
  /** Check only this share of the pages (`--shard 3/8`). */
  shard?: Shard;
  /** Also write the judged site report here, for `merge`. */
  saveReport?: string;
  https: boolean;
  include: string[];
  exclude: string[];
  origins: string[];
  minGrade?: Grade;
  framework?: Framework;
  requestHeaders: Record<string, string>;
  ignoreHttpsErrors: boolean;
  /** Also judge one not-found URL per origin (not with --pages or --shard: the list is the site). */
  probeNotFound: boolean;
  verbose: boolean;
  sarifFileFor?: string;
  sarifCategory?: string;
  overrides: PathOverride[];
  /** The config file read, if one was. */
  configFile?: string;
}

/** Command line over config file over defaults. */
export async function resolveRequest(invocation: ScanInvocation, cwd: string): Promise<ScanRequest> {
  const loaded = invocation.config === false ? undefined : await loadConfig(cwd, invocation.config);
  const s = mergeSettings(loaded?.settings ?? {}, invocation.settings);
  if (!s.urls?.length && invocation.pages === undefined) {
    throw new CliError(
      `scan needs at least one URL: \`scan http://127.0.0.1:3000/\`${loaded ? `, or "urls": [...] in ${loaded.file}` : ', or "urls" in an expect-secure-headers.config.json'}, or --pages FILE with a page list (from \`expect-secure-headers discover\`).`,
    );
  }
  const request: ScanRequest = {
    urls: s.urls ?? [],
    crawl: s.crawl === true,
    preset: s.preset ?? 'recommended',
    headersOnly: s.headersOnly === true,
    format: s.format ?? 'text',
    updateBaseline: invocation.updateBaseline,
    ignore: s.ignore ?? [],
    sitemap: s.sitemap === true,
    https: s.https === true,
    include: s.include ?? [],
    exclude: s.exclude ?? [],
    origins: s.origins ?? [],
    requestHeaders: s.headers ?? {},
    ignoreHttpsErrors: s.ignoreHttpsErrors === true,
    probeNotFound: s.probeNotFound !== false,
    verbose: s.verbose === true,
    overrides: s.overrides ?? [],
  };
  const optional = ['maxPages', 'maxDepth', 'output', 'baseline', 'failOn', 'timeout', 'concurrency', 'minGrade', 'framework', 'sarifFileFor', 'sarifCategory'] as const;
  for (const key of optional) if (s[key] !== undefined) (request as unknown as Record<string, unknown>)[key] = s[key];
  if (loaded) request.configFile = loaded.file;
  if (invocation.pages !== undefined) request.pages = invocation.pages;
  if (invocation.shard !== undefined) request.shard = invocation.shard;
  if (invocation.saveReport !== undefined) request.saveReport = invocation.saveReport;
  if (!request.crawl) {
    const crawlOnly = (['include', 'exclude', 'origins'] as const).find((k) => request[k].length > 0) ?? (['maxPages', 'maxDepth'] as const).find((k) => request[k] !== undefined);
    if (crawlOnly) throw new CliError(`${flagName(crawlOnly)} works with --crawl (without it each URL given is one page and nothing is followed). Add --crawl, or drop ${flagName(crawlOnly)}.`);
  }
  return request;
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** What turns a judged site into a report and an exit code: shared by `scan` and `merge` (which has no overrides, placement or text options). */
export type ConcludeRequest = Pick<ScanRequest, 'preset' | 'failOn' | 'ignore' | 'format' | 'output' | 'baseline' | 'updateBaseline'> &
  Partial<Pick<ScanRequest, 'https' | 'minGrade' | 'framework' | 'verbose' | 'sarifFileFor' | 'sarifCategory' | 'overrides' | 'configFile'>>;

export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface ScanOutcome {
  code: ExitCode;
  summary?: ScanSummary;
}

/** Runs a scan: load, judge, compare with the baseline, write the report(s); returns the exit code. */
export async function runScan(request: ScanRequest, io: CliIo): Promise<ScanOutcome> {
  const urls = parseTargetUrls(request.urls);
  if (urls.length === 0 && request.pages === undefined) {
    throw new CliError('scan needs the URLs to check, or --pages FILE with a page list (from `expect-secure-headers discover`).');
  }
  checkConcludeRequest(request);
  const audit = auditOptions(request);
  const plan = await planPages(urls, request, io);
  const site = plan ? await loadPlanned(plan, request, audit, io) : await load(urls, request, audit, io);
  if (request.saveReport) {
    const judged = { preset: request.preset, ...(request.failOn ? { failOn: request.failOn } : {}), ignore: request.ignore };
    writeReportFile(resolve(io.cwd, request.saveReport), serializeSavedScan(savedScan(site, plan?.shard ?? { index: 1, total: 1 }, plan?.list, judged, VERSION)));
  }
  return concludeScan(site, request, io);
}

function checkConcludeRequest(request: ConcludeRequest): void {
  if (request.updateBaseline && !request.baseline) {
    throw new CliError('--update-baseline needs --baseline FILE: the file to write (e.g. --baseline security-baseline.json --update-baseline).');
  }
}

/** Judges a loaded site against the threshold and the baseline, writes the report(s) and says the exit code. */
export async function concludeScan(loaded: SiteReport, request: ConcludeRequest, io: CliIo): Promise<ScanOutcome> {
  checkConcludeRequest(request);
  const { site, summary, failOn, accepted, baselineFile } = judgeSite(loaded, request, io.cwd);
  const outputFile = request.output ? resolve(io.cwd, request.output) : undefined;

  if (request.updateBaseline && baselineFile) {
    const baseline = baselineFromSummary(summary);
    writeBaseline(baselineFile, baseline);
    const pages = Object.values(baseline.pages);
    const findings = pages.reduce((n, p) => n + p.findings.length, 0);
    const violations = pages.reduce((n, p) => n + p.violations.length, 0);
    io.stderr.write(`baseline written to ${request.baseline}: ${pages.length} page(s), ${findings} finding(s), ${violations} violation(s) accepted.\n`);
  }

  // CSP regressions against the baseline fail as findings do (failOn none reports only).
  const weaker = accepted && !request.updateBaseline ? cspRegressions(summary, accepted) : [];
  const code = exitCodeOf(summary, request, weaker.length > 0 && failOn !== 'none');
  const textOptions = { exitCode: code, ...(request.verbose ? { verbose: true } : {}) };
  const color = request.format === 'text' && !outputFile && shouldColor(io.stdout, io.env);
  const sarif = sarifOptions(request, io);
  const report = formatReport(summary, request.format, { color, ...textOptions, ...(sarif ? { sarif } : {}) });
  if (outputFile) {
    writeReportFile(outputFile, report);
    // The chosen format went to the file; people reading the log still get the text report.
    if (request.format !== 'text') io.stdout.write(formatText(summary, { color: shouldColor(io.stdout, io.env), ...textOptions }));
    io.stderr.write(`${request.format} report written to ${request.output}\n`);
  } else {
    io.stdout.write(report);
  }

  if (code === EXIT.usage) {
    const first = site.pages.find((p) => p.error)?.error;
    io.stderr.write(
      `expect-secure-headers: no page could be loaded${first ? ` (${first.kind}: ${first.message})` : ''}. ` +
        'Check the URL and that the server is running.\n',
    );
  }
  if (weaker.length > 0) io.stderr.write(formatCspRegressions(weaker));
  return { code, summary };
}

/**
 * 2 when pages were asked for and none could be loaded (a shard whose share
 * of a small list is empty checked nothing and failed nothing); 0 after
 * --update-baseline; else the verdict, failed too by a weaker CSP.
 */
export function exitCodeOf(summary: ScanSummary, request: Pick<ScanRequest, 'updateBaseline'>, cspWeaker = false): ExitCode {
  const pages = summary.site.pages;
  if (pages.length > 0 && !pages.some((p) => p.headers !== undefined)) return EXIT.usage;
  if (request.updateBaseline) return EXIT.pass;
  return summary.pass && !cspWeaker ? EXIT.pass : EXIT.fail;
}

/** The file SARIF results are placed in: the one named, else the baseline, else the config file (when it exists). */
function sarifOptions(request: ConcludeRequest, io: CliIo): SarifOptions | undefined {
  if (request.format !== 'sarif') return undefined;
  const fallback = [request.baseline, request.configFile].find((f) => f !== undefined && existsSync(resolve(io.cwd, f)));
  const file = request.sarifFileFor ?? fallback;
  if (!file) {
    io.stderr.write(
      'expect-secure-headers: SARIF results are placed on the page URLs, which GitHub code scanning cannot show; ' +
        "name a repository file with --sarif-file-for (the app's header configuration) or pass --baseline.\n",
    );
  }
  return { ...(file ? { file: resolveArtifact(file, io.cwd) } : {}), ...(request.sarifCategory ? { category: request.sarifCategory } : {}) };
}


/**
 * Checks the planned share of a page list with the crawler's visits (so a
 * listed page is judged as a crawl judges it), following no link: the list
 * is the site.
 */
async function loadPlanned(plan: PagePlan, request: ScanRequest, audit: AuditOptions, io: CliIo): Promise<SiteReport> {
  const site = await load(plan.share, { ...request, crawl: true, maxDepth: 0, maxPages: Math.max(1, plan.share.length), sitemap: false, probeNotFound: false }, audit, io);
  // Sorted, so that the shards' reports join into the unsharded run's.
  site.origins = [...new Set(plan.share.map((url) => new URL(url).origin))].sort();
  // The list, not a limit, chose the pages. What is linked but not listed says the list is out of date.
  const listed = new Set(plan.list.pages);
  site.notVisited = site.notVisited.filter((url) => !listed.has(url)).sort();
  delete site.stoppedBy;
  return site;
}

async function load(urls: string[], request: ScanRequest, audit: AuditOptions, io: CliIo): Promise<SiteReport> {
  if (urls.length === 0) return emptySite(request.headersOnly ? 'headers-only' : 'browser');
  let browser: Browser | undefined;
  if (!request.headersOnly) browser = await launchChromium(io.env);
  const bar = progressBar(io.stderr);
  const requestHeaders = Object.keys(request.requestHeaders).length ? { requestHeaders: request.requestHeaders } : {};
  try {
    if (request.crawl) {
      try {
        return await crawl({
          start: urls,
          ...(browser ? { browser } : { headersOnly: true }),
          ...(request.maxPages !== undefined ? { maxPages: request.maxPages } : {}),
          ...(request.maxDepth !== undefined ? { maxDepth: request.maxDepth } : {}),
          ...(request.timeout !== undefined ? { timeout: request.timeout } : {}),
          ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
          ...(request.sitemap ? { sitemap: true } : {}),
          ...(request.include.length ? { include: request.include } : {}),
          ...(request.exclude.length ? { exclude: request.exclude } : {}),
          ...(request.origins.length ? { origins: request.origins } : {}),
          ...requestHeaders,
          ...(request.ignoreHttpsErrors ? { ignoreHttpsErrors: true } : {}),
          probeNotFound: request.probeNotFound,
          audit,
          onProgress: (p) => bar.update(p.visited, p.total, p.current, p.total !== undefined && p.total >= (request.maxPages ?? DEFAULT_MAX_PAGES)),
        });
      } catch (error) {
        if (error instanceof UsageError) throw new CliError(error.message.replace(/^crawl\(options\): /, ''));
        throw error;
      }
    }
    return await scanPages(urls, {
      ...(browser ? { browser, relaunch: () => launchChromium(io.env) } : {}),
      audit,
      timeout: request.timeout ?? 15_000,
      concurrency: request.concurrency ?? (browser ? 4 : 8),
      ...requestHeaders,
      ignoreHttpsErrors: request.ignoreHttpsErrors,
      probeNotFound: request.probeNotFound,
      onPage: (done, total, url) => {
        if (total > 1) bar.update(done, total, url, true);
      },
    });
  } finally {
    bar.done();
    await browser?.close().catch(() => undefined);
  }
}
