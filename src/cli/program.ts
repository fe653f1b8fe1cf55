import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { PRESET_NAMES, type PresetName } from '../presets';
import type { FailOn } from '../report/summary';
import { SEVERITIES } from '../types';
import { CliError, EXIT, type ExitCode } from './errors';
import { FORMATS, type ReportFormat } from './outputs';
import { runScan, type CliIo, type ScanRequest } from './scan';
import { addShardCommands, shardArgument } from './shard-commands';
import type { Shard } from '../crawl/shard';
import { VERSION } from './version';

/**
 * The command line, parsed by commander: `expect-secure-headers scan <url...>`.
 * `runCli` never exits the process; it returns the exit code (0 pass,
 * 1 findings or violations past the threshold, 2 usage or setup error).
 */

const FAIL_ON: readonly FailOn[] = [...SEVERITIES, 'none'];

const EPILOG = `
Exit codes:
  0  everything checked passed (findings below the threshold and accepted ones do not fail)
  1  a finding at or above --fail-on, an enforced CSP violation, or a page that could not be checked
     (with --baseline: only what is not in the baseline)
  2  usage or setup error: a bad URL or option, no browser, no page reachable

Without --crawl each URL is one page. Pages are loaded in Chromium to catch CSP
violations unless --headers-only is given (then one GET per page, no browser).

Examples:
  expect-secure-headers scan http://127.0.0.1:3000/ --headers-only
  expect-secure-headers scan http://127.0.0.1:3000/ --crawl --max-pages 20 --format sarif --output results.sarif
  expect-secure-headers scan http://127.0.0.1:3000/ --crawl --baseline security-baseline.json --update-baseline
  expect-secure-headers scan http://127.0.0.1:3000/ --crawl --baseline security-baseline.json
`;

function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
      throw new InvalidArgumentError(`${name} must be a whole number of 1 or more; received "${value}".`);
    }
    return n;
  };
}

function nonNegativeInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
      throw new InvalidArgumentError(`${name} must be a whole number of 0 or more; received "${value}".`);
    }
    return n;
  };
}

function collectIds(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

interface ScanFlags {
  crawl?: boolean;
  maxPages?: number;
  maxDepth?: number;
  preset: PresetName;
  headersOnly?: boolean;
  format: ReportFormat;
  output?: string;
  baseline?: string;
  updateBaseline?: boolean;
  failOn?: FailOn;
  ignore?: string[];
  timeout?: number;
  concurrency?: number;
  sitemap?: boolean;
  pages?: string;
  shard?: Shard;
  saveReport?: string;
}

/** `onCode` receives the exit code of the commands other than `scan` (which `onScan` runs). */
export function buildProgram(io: CliIo, onScan: (request: ScanRequest) => Promise<void>, onCode: (code: ExitCode) => void = () => undefined): Command {
  const program = new Command('expect-secure-headers')
    .description('Check the security headers and Content-Security-Policy of a site: for CI regression checks.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    });

  program
    .command('scan')
    .description('scan one or more pages (or crawl a site) and report findings and CSP violations')
    .argument('[url...]', 'absolute http(s) URLs; without --crawl each is one page')
    .option('--crawl', 'follow links from the URLs within their origins')
    .addOption(new Option('--max-pages <n>', 'with --crawl: visit at most this many pages (default 50)').argParser(positiveInteger('--max-pages')))
    .addOption(new Option('--max-depth <n>', 'with --crawl: follow links at most this deep').argParser(nonNegativeInteger('--max-depth')))
    .option('--sitemap', 'with --crawl: also read /sitemap.xml of each start origin')
    .addOption(new Option('--preset <name>', 'which rules and thresholds apply').choices(PRESET_NAMES).default('recommended'))
    .option('--headers-only', 'plain HTTP GETs, no browser (no CSP violations)')
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to this file (the text report still goes to stdout)')
    .option('--baseline <file>', 'accepted findings and violations: only what is new fails')
    .option('--update-baseline', 'write everything found now to the --baseline file (and exit 0)')
    .addOption(
      new Option('--fail-on <severity>', "fail on findings of this severity or worse (default: the preset's; none: never fail)").choices(FAIL_ON),
    )
    .addOption(new Option('--ignore <ids>', 'finding ids to leave out, comma-separated or repeated (hsts/missing, cookies/*)').argParser(collectIds))
    .addOption(new Option('--timeout <ms>', 'per page load timeout in milliseconds (default 15000)').argParser(positiveInteger('--timeout')))
    .addOption(new Option('--concurrency <n>', 'pages loaded at once').argParser(positiveInteger('--concurrency')))
    .option('--pages <file>', 'check the pages of this list (from `discover`, a JSON array, or one URL a line) instead of URLs')
    .addOption(new Option('--shard <i/n>', 'check only shard i of n of the pages (a stable hash of each URL); join the runs with `merge`').argParser(shardArgument))
    .option('--save-report <file>', 'also save the judged site report for `merge`')
    .addHelpText('after', EPILOG)
    .action(async (urls: string[], flags: ScanFlags) => {
      await onScan({
        urls,
        crawl: flags.crawl === true,
        ...(flags.maxPages !== undefined ? { maxPages: flags.maxPages } : {}),
        ...(flags.maxDepth !== undefined ? { maxDepth: flags.maxDepth } : {}),
        preset: flags.preset,
        headersOnly: flags.headersOnly === true,
        format: flags.format,
        ...(flags.output !== undefined ? { output: flags.output } : {}),
        ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
        updateBaseline: flags.updateBaseline === true,
        ...(flags.failOn !== undefined ? { failOn: flags.failOn } : {}),
        ignore: flags.ignore ?? [],
        ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
        ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
        sitemap: flags.sitemap === true,
        ...(flags.pages !== undefined ? { pages: flags.pages } : {}),
        ...(flags.shard !== undefined ? { shard: flags.shard } : {}),
        ...(flags.saveReport !== undefined ? { saveReport: flags.saveReport } : {}),
      });
    });

  addShardCommands(program, io, { positiveInteger, nonNegativeInteger, failOn: FAIL_ON }, onCode);

  program.addHelpText('after', EPILOG);
  return program;
}

/** Parses `args` (the words after the program name) and runs the command; resolves to the exit code. */
export async function runCli(args: string[], io: Partial<CliIo> = {}): Promise<ExitCode> {
  const fullIo: CliIo = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
  };
  let code: ExitCode = EXIT.pass;
  const program = buildProgram(fullIo, async (request) => {
    code = (await runScan(request, fullIo)).code;
  }, (c) => {
    code = c;
  });
  try {
    if (args.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; every parse error is a usage error.
      return error.exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    if (error instanceof CliError) {
      fullIo.stderr.write(`expect-secure-headers: ${error.message}\n`);
      return EXIT.usage;
    }
    fullIo.stderr.write(`expect-secure-headers: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.usage;
  }
}
