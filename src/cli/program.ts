import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { PRESET_NAMES } from '../presets';
import { GRADES } from '../score';
import { CONFIG_FILES } from './config';
import { CliError, EXIT, type ExitCode } from './errors';
import { FORMATS } from './outputs';
import { resolveRequest, runScan, type CliIo, type ScanInvocation } from './scan';
import { FAIL_ON, FRAMEWORKS, parseHeaderArgument, type ScanSettings } from './settings';
import { addShardCommands, shardArgument } from './shard-commands';
import { addLearnCommand } from './learn';
import type { Shard } from '../crawl/shard';
import { VERSION } from './version';

/**
 * The command line, parsed by commander: `expect-secure-headers scan <url...>`.
 * `runCli` never exits the process; it returns the exit code (0 pass,
 * 1 findings or violations past the threshold, 2 usage or setup error).
 */

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

/** What commander gives the action: the settings named on the command line, and the two words that are not settings. */
interface ScanFlags extends Omit<ScanSettings, 'urls' | 'headers'> {
  header?: Array<[string, string]>;
  updateBaseline?: boolean;
  config?: string | false;
  pages?: string;
  shard?: Shard;
  saveReport?: string;
}

function collectHeader(value: string, previous: Array<[string, string]> = []): Array<[string, string]> {
  try {
    return [...previous, parseHeaderArgument(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function collectPatterns(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `onCode` receives the exit code of the commands other than `scan` (which `onScan` runs). */
export function buildProgram(io: CliIo, onScan: (request: ScanInvocation) => Promise<void>, onCode: (code: ExitCode) => void = () => undefined): Command {
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
    .argument('[url...]', 'absolute http(s) URLs; without --crawl each is one page (or "urls" in the config file)')
    .option('--crawl', 'follow links from the URLs within their origins')
    .addOption(new Option('--max-pages <n>', 'with --crawl: visit at most this many pages (default 50)').argParser(positiveInteger('--max-pages')))
    .addOption(new Option('--max-depth <n>', 'with --crawl: follow links at most this deep').argParser(nonNegativeInteger('--max-depth')))
    .option('--sitemap', 'with --crawl: also read /sitemap.xml of each start origin')
    .addOption(new Option('--include <glob>', "with --crawl: visit only URLs whose path matches (repeatable; '/docs/**')").argParser(collectPatterns))
    .addOption(new Option('--exclude <glob>', "with --crawl: never visit URLs whose path matches (repeatable; '/admin/**')").argParser(collectPatterns))
    .addOption(new Option('--origins <origins>', 'with --crawl: origins the crawl may visit, comma-separated (default: the URLs\' origins)').argParser(collectIds))
    .addOption(new Option('--preset <name>', 'which rules and thresholds apply (default recommended)').choices(PRESET_NAMES))
    .option('--https', 'judge the pages as served over TLS (a proxy in front ends TLS): HSTS and the https checks apply')
    .addOption(new Option('--min-grade <grade>', 'fail a page whose MDN Observatory grade is below this (A+ … F)').choices(GRADES))
    .addOption(new Option('--framework <name>', 'write fixes for this framework (default: guessed from the headers)').choices(FRAMEWORKS))
    .option('--headers-only', 'plain HTTP GETs, no browser (no CSP violations)')
    .addOption(new Option('--header <NAME:VALUE>', 'request header sent with every page load, e.g. "Cookie: sid=…" (repeatable)').argParser(collectHeader))
    .option('--probe-not-found', 'also judge one not-found URL per origin (/expect-secure-headers-not-found-probe): headers sent only on success are caught (default)')
    .option('--no-probe-not-found', 'request no not-found probe')
    .option('--ignore-https-errors', 'accept self-signed and otherwise invalid TLS certificates (staging servers)')
    .addOption(new Option('--format <format>', 'report format (default text)').choices(FORMATS))
    .option('-o, --output <file>', 'write the report to this file (the text report still goes to stdout)')
    .option('--sarif-file-for <file>', 'with --format sarif: the repository file results point at (default: the baseline, else the config file)')
    .option('--sarif-category <name>', 'with --format sarif: the run\'s category (automationDetails.id), one per scanned site')
    .option('--baseline <file>', 'accepted findings and violations: only what is new fails')
    .option('--update-baseline', 'write everything found now to the --baseline file (and exit 0)')
    .addOption(
      new Option('--fail-on <severity>', "fail on findings of this severity or worse (default: the preset's; none: never fail)").choices(FAIL_ON),
    )
    .addOption(new Option('--ignore <ids>', 'finding ids to leave out, comma-separated or repeated (hsts/missing, cookies/*)').argParser(collectIds))
    .addOption(new Option('--timeout <ms>', 'per page load timeout in milliseconds (default 15000)').argParser(positiveInteger('--timeout')))
    .addOption(new Option('--concurrency <n>', 'pages loaded at once (default 4 in a browser, 8 headers-only)').argParser(positiveInteger('--concurrency')))
    .option('--pages <file>', 'check the pages of this list (from `discover`, a JSON array, or one URL a line) instead of URLs')
    .addOption(new Option('--shard <i/n>', 'check only shard i of n of the pages (a stable hash of each URL); join the runs with `merge`').argParser(shardArgument))
    .option('--save-report <file>', 'also save the judged site report for `merge`')
    .option('--verbose', 'in the text report, every page in full (long crawls otherwise show a summary by problem)')
    .option('--config <file>', `read options from this file (default: ${CONFIG_FILES.join(' or ')} in the working directory)`)
    .option('--no-config', 'read no config file, even if one is in the working directory')
    .addHelpText('after', EPILOG)
    .action(async (urls: string[], flags: ScanFlags) => {
      const { header, updateBaseline, config, pages, shard, saveReport, ...settings } = flags;
      await onScan({
        settings: {
          ...settings,
          ...(urls.length ? { urls } : {}),
          ...(header ? { headers: Object.fromEntries(header) } : {}),
        },
        updateBaseline: updateBaseline === true,
        config: config === undefined ? undefined : config,
        ...(pages !== undefined ? { pages } : {}),
        ...(shard !== undefined ? { shard } : {}),
        ...(saveReport !== undefined ? { saveReport } : {}),
      });
    });

  addShardCommands(program, io, { positiveInteger, nonNegativeInteger, failOn: FAIL_ON }, onCode);
  addLearnCommand(program, io, { positiveInteger }, onCode);

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
  const program = buildProgram(fullIo, async (invocation) => {
    code = (await runScan(await resolveRequest(invocation, fullIo.cwd), fullIo)).code;
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
