import { validateAuditOptions, type AuditOptions } from '../audit';
import type { SiteReport } from '../crawl/types';
import { UsageError } from '../errors';
import { PRESETS, type PresetName } from '../presets';
import { summarize, type FailOn } from '../report/summary';
import type { Framework } from '../rules/types';
import type { Grade } from '../score';
import { resolve } from 'node:path';
import { readBaseline } from './baseline';
import { CliError } from './errors';
import { applyOverrides, compileOverrides, overrideFor } from './overrides';
import type { PathOverride } from './settings';
import { VERSION } from './version';

/** What judging a site against the threshold needs: the audit's words, per-path overrides, the baseline. */
export interface JudgeRequest {
  preset: PresetName;
  failOn?: FailOn;
  ignore: string[];
  baseline?: string;
  updateBaseline: boolean;
  https?: boolean;
  minGrade?: Grade;
  framework?: Framework;
  overrides?: PathOverride[];
}

/**
 * A loaded site judged against the threshold, the per-path overrides and the
 * baseline (read unless it is being written): the one summary that `scan`,
 * `merge` and the Playwright reporter all report. Kept apart from scan.ts so
 * the reporter does not load the crawler and the browser launcher.
 */
export function judgeSite(loaded: SiteReport, request: JudgeRequest, cwd: string) {
  const audit = auditOptions(request);
  const overrides = compileOverrides(request.overrides ?? [], audit);
  const baselineFile = request.baseline ? resolve(cwd, request.baseline) : undefined;
  const accepted = baselineFile && !request.updateBaseline ? readBaseline(baselineFile) : undefined;
  const site = applyOverrides(loaded, overrides, audit);
  const failOn: FailOn = request.failOn ?? (audit.failOn as FailOn | undefined) ?? PRESETS[audit.preset ?? 'recommended'].failOn;
  const summary = summarize(site, {
    preset: request.preset,
    failOn,
    toolVersion: VERSION,
    ...(accepted && baselineFile ? { baseline: { file: request.baseline!, accepted } } : {}),
    ...(overrides.length ? { failOnFor: (url: string) => overrideFor(overrides, url)?.failOn } : {}),
  });
  return { site, summary, failOn, accepted, baselineFile };
}

/** The audit options of a scan's words, checked: a bad --ignore id is a usage error naming the flag. */
export function auditOptions(request: Pick<JudgeRequest, 'preset' | 'failOn' | 'ignore' | 'https' | 'minGrade' | 'framework'>): AuditOptions {
  const options: AuditOptions = { preset: request.preset };
  if (request.failOn && request.failOn !== 'none') options.failOn = request.failOn;
  if (request.ignore.length) options.ignore = request.ignore as NonNullable<AuditOptions['ignore']>; // strings from the command line: checked just below
  if (request.https) options.https = true;
  if (request.minGrade) options.minGrade = request.minGrade;
  if (request.framework) options.framework = request.framework;
  try {
    return validateAuditOptions(options, 'scan');
  } catch (error) {
    if (error instanceof UsageError) throw new CliError(error.message.replace(/^scan: ignore/, '--ignore'));
    throw error;
  }
}
