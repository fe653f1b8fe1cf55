import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { discoverPages, serializePageList } from '../crawl/page-list';
import { parseShard, type Shard } from '../crawl/shard';
import { UsageError } from '../matchers/context';
import type { FailOn } from '../report/summary';
import { CliError, EXIT, type ExitCode } from './errors';
import { FORMATS, writeReportFile, type ReportFormat } from './outputs';
import { concludeScan, type CliIo } from './scan';
import { mergeSavedScans, readSavedScan, serializeSavedScan } from './shard-report';
import { parseTargetUrls } from './urls';

/**
 * `discover` (the page list shards divide) and `merge` (the shards' saved
 * scans joined into one report and one baseline comparison).
 */

export function shardArgument(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

interface Parsers {
  positiveInteger: (name: string) => (value: string) => number;
  nonNegativeInteger: (name: string) => (value: string) => number;
  failOn: readonly FailOn[];
}

export function addShardCommands(program: Command, io: CliIo, parse: Parsers, onCode: (code: ExitCode) => void): void {
  program
    .command('discover')
    .description('find the pages of a site with plain GETs (and its sitemap) and write the page list that sharded runs share')
    .argument('<url...>', 'absolute http(s) URLs to start from')
    .addOption(new Option('--max-pages <n>', 'list at most this many pages (default 50)').argParser(parse.positiveInteger('--max-pages')))
    .addOption(new Option('--max-depth <n>', 'follow links at most this deep (0: the start URLs and the sitemap only)').argParser(parse.nonNegativeInteger('--max-depth')))
    .option('--sitemap', 'also read /sitemap.xml of each start origin')
    .addOption(new Option('--timeout <ms>', 'per request timeout in milliseconds (default 15000)').argParser(parse.positiveInteger('--timeout')))
    .option('-o, --output <file>', 'write the list here (default: standard output)')
    .action(async (urls: string[], flags: { maxPages?: number; maxDepth?: number; sitemap?: boolean; timeout?: number; output?: string }) => {
      let list;
      try {
        list = await discoverPages({
          start: parseTargetUrls(urls),
          ...(flags.maxPages !== undefined ? { maxPages: flags.maxPages } : {}),
          ...(flags.maxDepth !== undefined ? { maxDepth: flags.maxDepth } : {}),
          ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
          ...(flags.sitemap ? { sitemap: true } : {}),
        });
      } catch (error) {
        if (error instanceof UsageError) throw new CliError(error.message);
        throw error;
      }
      const text = serializePageList(list);
      if (flags.output === undefined) io.stdout.write(text);
      else {
        writeReportFile(resolve(io.cwd, flags.output), text);
        io.stderr.write(`page list written to ${flags.output}: ${list.pages.length} page(s) (list ${list.hash})\n`);
      }
      onCode(EXIT.pass);
    });

  program
    .command('merge')
    .description('join the saved scans of the shards of one run (scan --shard i/n --save-report FILE) into one report')
    .argument('<file...>', 'saved scans, one per shard')
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to this file (the text report still goes to stdout)')
    .option('--baseline <file>', 'accepted findings and violations: only what is new fails')
    .option('--update-baseline', 'write everything found now to the --baseline file (and exit 0)')
    .addOption(new Option('--fail-on <severity>', 'fail on findings of this severity or worse (default: what the shards were run with)').choices(parse.failOn))
    .option('--save-report <file>', 'also save the merged site report')
    .action(async (files: string[], flags: { format: ReportFormat; output?: string; baseline?: string; updateBaseline?: boolean; failOn?: FailOn; saveReport?: string }) => {
      const merged = mergeSavedScans(files.map((file) => ({ file, scan: readSavedScan(resolve(io.cwd, file)) })));
      if (flags.saveReport) writeReportFile(resolve(io.cwd, flags.saveReport), serializeSavedScan(merged));
      const failOn = flags.failOn ?? merged.judged.failOn;
      const outcome = await concludeScan(
        merged.site,
        {
          preset: merged.judged.preset,
          ignore: merged.judged.ignore,
          format: flags.format,
          updateBaseline: flags.updateBaseline === true,
          ...(failOn !== undefined ? { failOn } : {}),
          ...(flags.output !== undefined ? { output: flags.output } : {}),
          ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
        },
        io,
      );
      onCode(outcome.code);
    });
}
