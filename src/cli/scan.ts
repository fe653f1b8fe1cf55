import type { Browser } from '@playwright/test';
import { validateAuditOptions, type AuditOptions } from '../audit';
import { crawl } from '../crawl';
import type { SiteReport } from '../crawl/types';
import { UsageError } from '../matchers/context';
import { PRESETS, type PresetName } from '../presets';
import { shouldColor } from '../report/colors';
import { summarize, type FailOn, type ScanSummary } from '../report/summary';
import { formatText } from '../report/text';
import { baselineFromSummary, cspRegressions, formatCspRegressions, readBaseline, writeBaseline } from './baseline';
import { launchChromium } from './browser';
import { CliError, EXIT, type ExitCode } from './errors';
import { formatReport, writeReportFile, type ReportFormat } from './outputs';
import { scanPages } from './pages';
import { progressBar, type ProgressStream } from './progress';
import { parseTargetUrls } from './urls';
import { VERSION } from './version';
import { resolve } from 'node:path';
import type { Shard } from '../crawl/shard';
import { emptySite, planPages, type PagePlan } from './plan';
import { savedScan, serializeSavedScan } from './shard-report';

/** What `scan` was asked to do, once commander has parsed and checked the words. */
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
}

/** What turns a judged site into a report and an exit code: shared by `scan` and `merge`. */
export type ConcludeRequest = Pick<ScanRequest, 'preset' | 'failOn' | 'ignore' | 'format' | 'output' | 'baseline' | 'updateBaseline'>;

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
export async function concludeScan(site: SiteReport, request: ConcludeRequest, io: CliIo): Promise<ScanOutcome> {
  checkConcludeRequest(request);
  const audit = auditOptions(request);
  const baselineFile = request.baseline ? resolve(io.cwd, request.baseline) : undefined;
  const accepted = baselineFile && !request.updateBaseline ? readBaseline(baselineFile) : undefined;
  const outputFile = request.output ? resolve(io.cwd, request.output) : undefined;
  const failOn: FailOn = request.failOn ?? (audit.failOn as FailOn | undefined) ?? presetFailOn(audit);
  const summary = summarize(site, {
    preset: request.preset,
    failOn,
    toolVersion: VERSION,
    ...(accepted && baselineFile ? { baseline: { file: request.baseline!, accepted } } : {}),
  });

  if (request.updateBaseline && baselineFile) {
    const baseline = baselineFromSummary(summary);
    writeBaseline(baselineFile, baseline);
    const pages = Object.values(baseline.pages);
    const findings = pages.reduce((n, p) => n + p.findings.length, 0);
    const violations = pages.reduce((n, p) => n + p.violations.length, 0);
    io.stderr.write(`baseline written to ${request.baseline}: ${pages.length} page(s), ${findings} finding(s), ${violations} violation(s) accepted.\n`);
  }

  const color = request.format === 'text' && !outputFile && shouldColor(io.stdout, io.env);
  const report = formatReport(summary, request.format, color);
  if (outputFile) {
    writeReportFile(outputFile, report);
    // The chosen format went to the file; people reading the log still get the text report.
    if (request.format !== 'text') io.stdout.write(formatText(summary, { color: shouldColor(io.stdout, io.env) }));
    io.stderr.write(`${request.format} report written to ${request.output}\n`);
  } else {
    io.stdout.write(report);
  }

  const loaded = site.pages.filter((p) => p.headers !== undefined);
  // A shard whose share of a small list is empty checked nothing and failed nothing.
  if (loaded.length === 0 && site.pages.length > 0) {
    const first = site.pages.find((p) => p.error)?.error;
    io.stderr.write(
      `expect-secure-headers: no page could be loaded${first ? ` (${first.kind}: ${first.message})` : ''}. ` +
        'Check the URL and that the server is running.\n',
    );
    return { code: EXIT.usage, summary };
  }
  if (request.updateBaseline) return { code: EXIT.pass, summary };
  const weaker = accepted ? cspRegressions(summary, accepted) : [];
  if (weaker.length > 0) io.stderr.write(formatCspRegressions(weaker));
  // failOn none reports only, as for findings.
  return { code: summary.pass && (weaker.length === 0 || failOn === 'none') ? EXIT.pass : EXIT.fail, summary };
}

function presetFailOn(audit: AuditOptions): FailOn {
  return PRESETS[audit.preset ?? 'recommended'].failOn;
}

function auditOptions(request: Pick<ScanRequest, 'preset' | 'failOn' | 'ignore'>): AuditOptions {
  const options: AuditOptions = { preset: request.preset };
  if (request.failOn && request.failOn !== 'none') options.failOn = request.failOn;
  if (request.ignore.length) options.ignore = request.ignore;
  try {
    return validateAuditOptions(options, 'scan');
  } catch (error) {
    if (error instanceof UsageError) throw new CliError(error.message.replace(/^scan: ignore/, '--ignore'));
    throw error;
  }
}

/**
 * Checks the planned share of a page list with the crawler's visits (so a
 * listed page is judged as a crawl judges it), following no link: the list
 * is the site.
 */
async function loadPlanned(plan: PagePlan, request: ScanRequest, audit: AuditOptions, io: CliIo): Promise<SiteReport> {
  const site = await load(plan.share, { ...request, crawl: true, maxDepth: 0, maxPages: Math.max(1, plan.share.length), sitemap: false }, audit, io);
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
          audit,
          onProgress: (p) => bar.update(p.visited, p.total, p.current),
        });
      } catch (error) {
        if (error instanceof UsageError) throw new CliError(error.message);
        throw error;
      }
    }
    return await scanPages(urls, {
      ...(browser ? { browser } : {}),
      audit,
      timeout: request.timeout ?? 15_000,
      concurrency: request.concurrency ?? (browser ? 4 : 8),
      onPage: (done, total, url) => {
        if (total > 1) bar.update(done, total, url);
      },
    });
  } finally {
    bar.done();
    await browser?.close().catch(() => undefined);
  }
}
