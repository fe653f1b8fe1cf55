import { Option, type Command } from 'commander';
import type { Browser } from '@playwright/test';
import { learnCsp } from '../learn/learn';
import { LEARN_FRAMEWORKS, type LearnedCsp, type LearnedKind, type LearnFramework } from '../learn/types';
import { UsageError } from '../matchers/context';
import { launchChromium } from './browser';
import { CliError, EXIT, type ExitCode } from './errors';
import type { CliIo } from './scan';
import { parseTargetUrls } from './urls';

/**
 * `learn-csp URL [--crawl] [--origins CDN] [--framework flask-talisman]`: learns the site's
 * policy in Chromium, prints it, what needed each source, the verification
 * (the policy enforced on every page) and the framework's configuration.
 * Exit 0 when the verification saw no violation, 1 when something still breaks.
 */

interface Parsers {
  positiveInteger: (name: string) => (value: string) => number;
}

interface LearnFlags {
  crawl?: boolean;
  maxPages?: number;
  framework?: LearnFramework;
  enforce?: boolean;
  timeout?: number;
  origins?: string[];
}

const commaList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

export function addLearnCommand(program: Command, io: CliIo, parse: Parsers, onCode: (code: ExitCode) => void): void {
  program
    .command('learn-csp')
    .description('learn the tightest CSP a site needs in Chromium (report-only probe), verify it by enforcing it, and write it for a framework')
    .argument('<url...>', 'absolute http(s) URLs; without --crawl only these pages are learned from')
    .option('--crawl', 'follow links from the URLs within their origins')
    .addOption(new Option('--max-pages <n>', 'with --crawl: learn from at most this many pages (default 50)').argParser(parse.positiveInteger('--max-pages')))
    .addOption(new Option('--framework <name>', 'write the policy as this framework configures it (default: the header line)').choices(LEARN_FRAMEWORKS))
    .addOption(
      new Option('--origins <origins>', "other origins the pages load from (a CDN, an API), comma-separated: their loads are let through, so what they load in turn is learned too; only the URLs' origins are crawled").argParser(commaList),
    )
    .option('--enforce', 'write the enforcing configuration (default: Content-Security-Policy-Report-Only first, as the guides roll it out)')
    .addOption(new Option('--timeout <ms>', 'per page load timeout in milliseconds (default 15000)').argParser(parse.positiveInteger('--timeout')))
    .action(async (urls: string[], flags: LearnFlags) => {
      const start = parseTargetUrls(urls);
      const siteOrigins = new Set(start.map((u) => new URL(u).origin));
      // The crawler may reach the listed origins (so a CDN's stylesheet loads its fonts), but navigates only the site's own.
      const reach = flags.origins?.length ? { origins: [...siteOrigins, ...flags.origins], include: (url: string) => siteOrigins.has(new URL(url).origin) } : {};
      const browser: Browser = await launchChromium(io.env);
      let learned: LearnedCsp;
      try {
        learned = await learnCsp({
          start,
          browser,
          ...reach,
          ...(flags.crawl ? {} : { maxDepth: 0 }),
          ...(flags.maxPages !== undefined ? { maxPages: flags.maxPages } : {}),
          ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
        });
      } catch (error) {
        if (error instanceof UsageError) throw new CliError(error.message);
        throw error;
      } finally {
        await browser.close().catch(() => undefined);
      }
      if (learned.pages.length === 0) {
        io.stderr.write('expect-secure-headers: no page could be loaded, so nothing was learned. Check the URL and that the server is running.\n');
        onCode(EXIT.usage);
        return;
      }
      io.stdout.write(formatLearned(learned, flags.framework ?? 'header', flags.enforce === true));
      onCode(learned.verification.violations === 0 ? EXIT.pass : EXIT.fail);
    });
}

const KIND_LABEL: Record<LearnedKind, string> = {
  nonce: "nonce-based strict; {nonce} is the app's per-response nonce",
  hash: "hash-based strict: the inline scripts' hashes and 'strict-dynamic'",
  allowlist: 'exact allowlist',
};

export function formatLearned(learned: LearnedCsp, framework: LearnFramework, enforce: boolean): string {
  const lines: string[] = [];
  lines.push(`Learned from ${learned.pages.length} page(s), ${learned.violationsSeen} load(s) and inline use(s) seen, in ${learned.durationMs} ms.`);
  lines.push('', `Policy (${KIND_LABEL[learned.kind]}):`, `  ${learned.policy}`);
  if (learned.kind !== 'allowlist') lines.push('', 'Allowlist variant:', `  ${learned.allowlistPolicy}`);
  lines.push('', 'What needed each source:');
  for (const need of learned.needs) {
    const first = need.neededBy[0];
    const more = need.count > 1 ? ` (${need.count}×${need.neededBy.length > 1 ? `, ${need.neededBy.length} places` : ''})` : '';
    lines.push(`  ${need.directive} ${need.source}${more}${first ? ` — ${first.what} on ${first.page}` : ''}`);
  }
  for (const [label, summary] of Object.entries(learned.inline)) {
    if (summary.advice) lines.push(`  ${label}: ${summary.advice}`);
  }
  if (learned.strictBlockers.length > 0) {
    lines.push('', 'What keeps a strict (nonce-based) policy out of reach:');
    for (const b of learned.strictBlockers.slice(0, 20)) lines.push(`  ${b.kind}: ${b.where} on ${b.page}`);
    if (learned.strictBlockers.length > 20) lines.push(`  … and ${learned.strictBlockers.length - 20} more`);
  }
  if (learned.notLoaded.length > 0) {
    const origins = [...new Set(learned.notLoaded.map((u) => (URL.canParse(u) ? new URL(u).origin : u)))];
    lines.push('', `Not loaded while learning (their origins are not reachable; pass --origins ${origins.join(',')} to learn what they load in turn):`);
    for (const url of learned.notLoaded.slice(0, 10)) lines.push(`  ${url}`);
    if (learned.notLoaded.length > 10) lines.push(`  … and ${learned.notLoaded.length - 10} more`);
  }
  const v = learned.verification;
  lines.push('', v.violations === 0 ? `Verified: enforced on ${v.pages} page(s), no violation.` : `Verification: enforced on ${v.pages} page(s), ${v.violations} still break:`);
  for (const broken of v.stillBroken) lines.push(`  ✕ ${broken.page}: ${broken.directive} ${broken.blocked}${broken.sample ? ` (${broken.sample})` : ''}`);
  if (learned.findings.length > 0) {
    lines.push('', "The policy's own findings:");
    for (const f of learned.findings) lines.push(`  ${f.severity} ${f.directive}${f.value ? ` ${f.value}` : ''}: ${f.description}`);
  }
  lines.push('', `${framework}${enforce ? '' : ' (report-only first)'}:`, ...learned.fix(framework, { enforce }).split('\n').map((l) => `  ${l}`), '');
  return lines.join('\n');
}
