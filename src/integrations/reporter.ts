/**
 * `expect-secure-headers/reporter`: a Playwright Test reporter that joins the
 * pages `siteTests` checked into one site report, the report the CLI writes
 * (JSON, SARIF, HTML, JUnit, text) and, with a baseline, the same
 * comparison. It reads each test's page attachment, so it works the same in
 * one run, in each shard, and in `npx playwright merge-reports` of all shards:
 *
 *   reporter: [['expect-secure-headers/reporter', { outputs: { html: 'site-report.html', sarif: 'site.sarif' } }]]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { baselineFromSummary, writeBaseline } from '../cli/baseline';
import { FORMATS, formatReport, writeReportFile, type ReportFormat } from '../cli/outputs';
import { judgeSite } from '../cli/judge';
import { inListOrder } from '../crawl/shard';
import { SITE_REPORT, type PageReport, type SiteReport } from '../crawl/types';
import { UsageError } from '../matchers/context';
import type { FailOn, JudgedWith } from '../report/summary';
import { describeValue } from '../response/normalize';
import { didYouMean } from '../validate';
import { PAGE_ATTACHMENT, type PageAttachment } from './site-attachment';

export interface SiteReporterOptions {
  /** Report files to write, by format: `{ html: 'site-report.html', sarif: 'site.sarif' }`. */
  outputs?: Partial<Record<ReportFormat, string>>;
  /** A baseline file (as `scan --baseline` reads): only what it does not list counts as new. */
  baseline?: string;
  /** Write everything found now to `baseline`. */
  updateBaseline?: boolean;
  /** The threshold the report's verdict uses. Default: what the tests were judged with. */
  failOn?: FailOn;
}

const OPTION_NAMES = ['outputs', 'baseline', 'updateBaseline', 'failOn'] as const;

export default class SiteReporter implements Reporter {
  private readonly options: SiteReporterOptions;
  /** The last attempt of each test: a retried page counts once, as it ended. */
  private readonly pages = new Map<string, PageAttachment>();

  constructor(options: SiteReporterOptions = {}) {
    this.options = checkOptions(options);
  }

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find((a) => a.name === PAGE_ATTACHMENT);
    if (!attachment) return;
    const body = attachment.body ?? (attachment.path ? readFileSync(attachment.path) : undefined);
    if (body) this.pages.set(test.id, JSON.parse(body.toString('utf8')) as PageAttachment);
  }

  onEnd(_result: FullResult): void {
    const attachments = [...this.pages.values()];
    if (attachments.length === 0) {
      process.stderr.write('expect-secure-headers/reporter: no siteTests page was run, so no site report was written.\n');
      return;
    }
    const judged = agreedJudgement(attachments);
    const failOn = this.options.failOn ?? judged.failOn;
    const { summary, baselineFile } = judgeSite(
      siteOf(attachments.map((a) => a.page)),
      {
        preset: judged.preset,
        ignore: judged.ignore,
        updateBaseline: this.options.updateBaseline === true,
        ...(failOn !== undefined ? { failOn } : {}),
        ...(this.options.baseline !== undefined ? { baseline: this.options.baseline } : {}),
      },
      process.cwd(),
    );
    if (this.options.updateBaseline && baselineFile) writeBaseline(baselineFile, baselineFromSummary(summary));
    const written: string[] = [];
    for (const [format, file] of Object.entries(this.options.outputs ?? {}) as Array<[ReportFormat, string]>) {
      writeReportFile(resolve(file), formatReport(summary, format));
      written.push(file);
    }
    const failing = summary.pages.filter((p) => p.fails).length;
    process.stderr.write(
      `expect-secure-headers: ${summary.pages.length} page(s), ${failing} failing${summary.baseline ? ` (against ${summary.baseline})` : ''}` +
        `${written.length ? `; wrote ${written.join(', ')}` : ''}${this.options.updateBaseline ? `; baseline written to ${this.options.baseline}` : ''}.\n`,
    );
  }
}

/** The site report one unsharded scan of the same list would give: pages in the list's (sorted) order. */
function siteOf(pages: PageReport[]): SiteReport {
  const sorted = inListOrder(pages);
  const urls = sorted.map((p) => p.url);
  return {
    kind: SITE_REPORT,
    start: urls,
    origins: [...new Set(urls.map((u) => new URL(u).origin))].sort(),
    mode: 'browser',
    pages: sorted,
    notVisited: [],
    startedAt: new Date().toISOString(),
    durationMs: sorted.reduce((n, p) => n + p.durationMs, 0),
  };
}

function agreedJudgement(attachments: PageAttachment[]): JudgedWith {
  const first = attachments[0]!;
  for (const a of attachments) {
    if (a.list.hash !== first.list.hash) {
      process.stderr.write(`expect-secure-headers/reporter: the pages came from different page lists (${first.list.hash}, ${a.list.hash}): the shards discovered the site separately. Pass one pages file to siteTests in every shard.\n`);
      break;
    }
  }
  return first.judged;
}

function checkOptions(options: unknown): SiteReporterOptions {
  const what = "expect-secure-headers/reporter's options";
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new UsageError(`${what} must be an object such as { outputs: { html: 'site-report.html' } }; received ${describeValue(options)}.`);
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    // Playwright adds its own to every reporter's options: configDir, _mode…
    if (key === 'configDir' || key.startsWith('_')) continue;
    if (!(OPTION_NAMES as readonly string[]).includes(key)) throw new UsageError(`${what}: unknown option "${key}".${didYouMean(key, OPTION_NAMES)} Valid options: ${OPTION_NAMES.join(', ')}.`);
  }
  if (o.outputs !== undefined) {
    if (typeof o.outputs !== 'object' || o.outputs === null) throw new UsageError(`${what}: "outputs" maps a format to a file, such as { html: 'site-report.html' }; received ${describeValue(o.outputs)}.`);
    for (const [format, file] of Object.entries(o.outputs)) {
      if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`${what}: outputs has the format "${format}".${didYouMean(format, FORMATS)} Formats: ${FORMATS.join(', ')}.`);
      if (typeof file !== 'string' || file === '') throw new UsageError(`${what}: outputs.${format} must be a file path; received ${describeValue(file)}.`);
    }
  }
  if (o.updateBaseline && typeof o.baseline !== 'string') throw new UsageError(`${what}: updateBaseline needs baseline, the file to write.`);
  return o as SiteReporterOptions;
}
