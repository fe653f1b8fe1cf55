import { readFileSync } from 'node:fs';
import type { SiteReport } from '../crawl/types';
import { isSiteReport } from '../crawl/types';
import type { PageList } from '../crawl/page-list';
import { inListOrder, type Shard } from '../crawl/shard';
import type { JudgedWith } from '../report/summary';
import { CliError } from './errors';

/**
 * A saved scan: the judged site report and what it was judged with, written
 * by `scan --save-report FILE` and read by `merge`. Shards save one each;
 * merge joins them into the report one unsharded run would have written
 * (pages in the list's order), so the summary, the formats and the baseline
 * comparison run once on the whole site.
 */

export const SAVED_SCAN = 'expect-secure-headers.SavedScan' as const;
export const SAVED_SCAN_VERSION = 1;

export interface SavedScan {
  kind: typeof SAVED_SCAN;
  version: typeof SAVED_SCAN_VERSION;
  toolVersion: string;
  /** Which share of the pages this run checked (1/1 when unsharded). */
  shard: Shard;
  /** The page list the shards divided, when there was one. */
  list?: { hash: string; pages: number };
  /** What the pages were judged with: shards must agree. */
  judged: JudgedWith;
  site: SiteReport;
}

export function savedScan(site: SiteReport, shard: Shard, list: PageList | undefined, judged: SavedScan['judged'], toolVersion: string): SavedScan {
  return {
    kind: SAVED_SCAN,
    version: SAVED_SCAN_VERSION,
    toolVersion,
    shard,
    ...(list ? { list: { hash: list.hash, pages: list.pages.length } } : {}),
    judged,
    site,
  };
}

export function serializeSavedScan(scan: SavedScan): string {
  // JSON.stringify reads the header reports' lazy score getters, so the score travels with the page.
  return `${JSON.stringify(scan)}\n`;
}

export function readSavedScan(file: string): SavedScan {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`cannot read the saved scan ${file} (${reason}). Pass files written by \`scan --save-report FILE\`.`);
  }
  const record = parsed as Partial<SavedScan> | null;
  if (typeof record !== 'object' || record === null || record.kind !== SAVED_SCAN) {
    throw new CliError(`${file} is not a saved scan (no "kind": "${SAVED_SCAN}"). Pass files written by \`scan --save-report FILE\`; a --format json report cannot be merged.`);
  }
  if (record.version !== SAVED_SCAN_VERSION) {
    throw new CliError(`${file} is a saved scan of version ${JSON.stringify(record.version)}; this version of expect-secure-headers reads version ${SAVED_SCAN_VERSION}. Run every shard with the same version.`);
  }
  if (!isSiteReport(record.site) || !record.shard || !record.judged) throw new CliError(`${file} is a damaged saved scan (its site report, shard or options are missing).`);
  return record as SavedScan;
}

/**
 * Joins the shards of one run. Refuses what would give a wrong whole: a shard
 * missing or given twice, shards that divided different page lists (the site
 * was discovered again between them), or pages judged with other options.
 */
export function mergeSavedScans(scans: ReadonlyArray<{ file: string; scan: SavedScan }>): SavedScan {
  if (scans.length === 0) throw new CliError('merge needs at least one saved scan.');
  const [first] = scans;
  const { total } = first!.scan.shard;
  const byIndex = new Map<number, string>();
  for (const { file, scan } of scans) {
    if (scan.shard.total !== total) {
      throw new CliError(`${file} is shard ${scan.shard.index}/${scan.shard.total}, but ${first!.file} is one of ${total}: merge the shards of one run.`);
    }
    const seen = byIndex.get(scan.shard.index);
    if (seen !== undefined) throw new CliError(`shard ${scan.shard.index}/${total} is given twice: ${seen} and ${file}.`);
    byIndex.set(scan.shard.index, file);
    if (scan.list?.hash !== first!.scan.list?.hash) {
      throw new CliError(
        `${file} checked a different page list (${scan.list?.hash ?? 'none'}) than ${first!.file} (${first!.scan.list?.hash ?? 'none'}): ` +
          'the pages were discovered separately and the site changed in between. Discover once (`expect-secure-headers discover … --output pages.json`) and pass the same --pages file to every shard.',
      );
    }
    if (JSON.stringify(scan.judged) !== JSON.stringify(first!.scan.judged)) {
      throw new CliError(`${file} was judged with ${JSON.stringify(scan.judged)}, ${first!.file} with ${JSON.stringify(first!.scan.judged)}: run every shard with the same --preset, --fail-on and --ignore.`);
    }
    if (scan.site.mode !== first!.scan.site.mode) throw new CliError(`${file} ran in ${scan.site.mode} mode, ${first!.file} in ${first!.scan.site.mode} mode: run every shard the same way.`);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new CliError(`shard ${missing.map((i) => `${i}/${total}`).join(', ')} is missing: pass the saved scans of all ${total} shards.`);

  const sites = scans.map((s) => s.scan.site);
  const startedAt = sites.map((s) => s.startedAt).sort()[0]!;
  const warnings = [...new Set(sites.flatMap((s) => s.warnings ?? []))];
  const site: SiteReport = {
    kind: first!.scan.site.kind,
    start: [...new Set(sites.flatMap((s) => s.start))].sort(),
    origins: [...new Set(sites.flatMap((s) => s.origins))].sort(),
    mode: first!.scan.site.mode,
    // The list is sorted, and an unsharded run checks it in that order.
    pages: inListOrder(sites.flatMap((s) => s.pages)),
    notVisited: [...new Set(sites.flatMap((s) => s.notVisited))].sort(),
    startedAt,
    // The shards ran side by side: the run took as long as the longest.
    durationMs: Math.max(...sites.map((s) => s.durationMs)),
  };
  if (warnings.length > 0) site.warnings = warnings;
  return { ...first!.scan, shard: { index: 1, total: 1 }, site };
}
