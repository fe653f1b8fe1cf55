import { auditHeaderSet, validateAuditOptions, type AuditOptions } from '../audit';
import type { SiteReport } from '../crawl/types';
import { compilePattern, type UrlTest } from '../crawl/url';
import { UsageError } from '../matchers/context';
import { createHeaderSet } from '../response/header-set';
import { CliError } from './errors';
import type { PathOverride } from './settings';

/**
 * Per-path overrides from the config file: pages whose path matches are
 * judged again, from the header fields the scan kept, with the audit
 * options changed as the override says. Every override that matches applies,
 * in the order written (later keys win; ignore lists are joined).
 */

export interface CompiledOverride {
  path: string;
  test: UrlTest;
  override: PathOverride;
}

export function compileOverrides(overrides: readonly PathOverride[], base: AuditOptions): CompiledOverride[] {
  return overrides.map((override, i) => {
    if (!override.path.startsWith('/')) {
      throw new CliError(`config "overrides"[${i}].path must be a path glob starting with "/" ("/legacy/**"); received ${JSON.stringify(override.path)}.`);
    }
    const compiled = { path: override.path, test: compilePattern(override.path), override };
    // Bad ids and the like are refused before any page is requested.
    auditFor([compiled], base, `config "overrides"[${i}]`);
    return compiled;
  });
}

function matching(overrides: readonly CompiledOverride[], url: string): CompiledOverride[] {
  return overrides.filter((o) => o.test(url));
}

/** The merged override for a page, or undefined when none matches. */
export function overrideFor(overrides: readonly CompiledOverride[], url: string): PathOverride | undefined {
  const found = matching(overrides, url);
  if (found.length === 0) return undefined;
  const merged: PathOverride = { path: found.map((o) => o.path).join(', ') };
  for (const { override } of found) {
    const { path: _path, ignore, ...rest } = override;
    Object.assign(merged, rest);
    if (ignore) merged.ignore = [...(merged.ignore ?? []), ...ignore];
  }
  return merged;
}

function auditFor(overrides: readonly CompiledOverride[], base: AuditOptions, what: string, url?: string): AuditOptions {
  const merged = url === undefined ? overrides[0]!.override : overrideFor(overrides, url);
  if (!merged) return base;
  const { path: _path, failOn, ignore, ...rest } = merged;
  const options: AuditOptions = { ...base, ...rest };
  if (ignore) options.ignore = [...(base.ignore ?? []), ...(ignore as NonNullable<AuditOptions['ignore']>)]; // from a config file: validated with the options
  if (failOn !== undefined) {
    if (failOn === 'none') delete options.failOn;
    else options.failOn = failOn;
  }
  try {
    return validateAuditOptions(options, what);
  } catch (error) {
    if (error instanceof UsageError) throw new CliError(error.message);
    throw error;
  }
}

/** The site with the pages an override matches judged again; pages without their header fields keep their verdict. */
export function applyOverrides(site: SiteReport, overrides: readonly CompiledOverride[], base: AuditOptions): SiteReport {
  if (overrides.length === 0) return site;
  return {
    ...site,
    pages: site.pages.map((page) => {
      const url = page.finalUrl ?? page.url;
      if (!page.responseHeaders || !page.headers || matching(overrides, url).length === 0) return page;
      const audit = auditFor(overrides, base, 'config "overrides"', url);
      const headers = createHeaderSet(page.responseHeaders, { url, ...(page.status !== undefined ? { status: page.status } : {}) });
      return { ...page, headers: auditHeaderSet(headers, audit) };
    }),
  };
}
