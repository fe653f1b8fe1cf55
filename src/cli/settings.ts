import type { Framework } from '../rules/types';
import { PRESET_NAMES, type PresetName } from '../presets';
import type { FailOn } from '../report/summary';
import { GRADES, type Grade } from '../score';
import { SEVERITIES } from '../types';
import { didYouMean } from '../validate';
import { CliError } from './errors';
import { FORMATS, type ReportFormat } from './outputs';

/**
 * What a scan can be told, from the command line or a config file: one
 * shape, one set of checks. A config key is the option's name in camelCase
 * (`--max-pages` is `maxPages`); the command line wins over the file, and
 * lists (ignore, include, exclude, origins, headers) from both are joined.
 */

export const FAIL_ON: readonly FailOn[] = [...SEVERITIES, 'none'];
export const FRAMEWORKS: readonly Framework[] = ['helmet', 'flask-talisman', 'nginx', 'header'];

/** A per-path change of the audit: pages whose path matches `path` (a glob, `/legacy/**`) are judged with these. */
export interface PathOverride {
  path: string;
  ignore?: string[];
  failOn?: FailOn;
  minGrade?: Grade;
  preset?: PresetName;
  https?: boolean;
  framework?: Framework;
}

export interface ScanSettings {
  urls?: string[];
  crawl?: boolean;
  maxPages?: number;
  maxDepth?: number;
  sitemap?: boolean;
  preset?: PresetName;
  headersOnly?: boolean;
  format?: ReportFormat;
  output?: string;
  baseline?: string;
  failOn?: FailOn;
  ignore?: string[];
  timeout?: number;
  concurrency?: number;
  https?: boolean;
  include?: string[];
  exclude?: string[];
  origins?: string[];
  minGrade?: Grade;
  framework?: Framework;
  /** Request headers sent with every page load (an auth cookie, a token). */
  headers?: Record<string, string>;
  ignoreHttpsErrors?: boolean;
  /** Judge one not-found URL per origin too (default true; `--no-probe-not-found`). */
  probeNotFound?: boolean;
  verbose?: boolean;
  /** The repository file SARIF results are placed in. */
  sarifFileFor?: string;
  /** The SARIF run's category (automationDetails.id is `<category>/`). */
  sarifCategory?: string;
  overrides?: PathOverride[];
}

type Check = (where: string, value: unknown) => unknown;

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? `an array (${JSON.stringify(value).slice(0, 60)})` : `${typeof value} ${JSON.stringify(value)?.slice(0, 60)}`;

const fail = (where: string, wanted: string, value: unknown): never => {
  throw new CliError(`${where} must be ${wanted}; received ${describe(value)}.`);
};

const bool: Check = (where, v) => (typeof v === 'boolean' ? v : fail(where, 'true or false', v));
const text: Check = (where, v) => (typeof v === 'string' && v.trim() !== '' ? v : fail(where, 'a non-empty string', v));
const whole =
  (min: number): Check =>
  (where, v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min ? v : fail(where, `a whole number of ${min} or more`, v);
const oneOf =
  (allowed: readonly string[]): Check =>
  (where, v) => {
    if (typeof v === 'string' && allowed.includes(v)) return v;
    const hint = typeof v === 'string' ? didYouMean(v, allowed) : '';
    throw new CliError(`${where} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; received ${describe(v)}.${hint}`);
  };
const strings: Check = (where, v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : typeof v === 'string' ? [v] : fail(where, 'an array of strings', v);
const headerMap: Check = (where, v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, 'an object of header names to values ({ "cookie": "sid=…" })', v);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(v as Record<string, unknown>)) {
    if (typeof value !== 'string') fail(`${where}[${JSON.stringify(name)}]`, 'a string', value);
    out[checkHeaderName(name, `${where} key`)] = value as string;
  }
  return out;
};

const OVERRIDE_CHECKS: Record<keyof PathOverride, Check> = {
  path: text,
  ignore: strings,
  failOn: oneOf(FAIL_ON),
  minGrade: oneOf(GRADES),
  preset: oneOf(PRESET_NAMES),
  https: bool,
  framework: oneOf(FRAMEWORKS),
};

const overrides: Check = (where, v) => {
  if (!Array.isArray(v)) fail(where, 'an array of { "path": "/legacy/**", "ignore": [...], "failOn": "high" } objects', v);
  return (v as unknown[]).map((item, i) => {
    const at = `${where}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(at, 'an object such as { "path": "/legacy/**", "ignore": ["csp/*"] }', item);
    const record = item as Record<string, unknown>;
    if (record.path === undefined) throw new CliError(`${at} has no "path": name the pages it applies to, e.g. "path": "/legacy/**".`);
    return checkObject(at, record, OVERRIDE_CHECKS);
  });
};

const SETTING_CHECKS: Record<keyof ScanSettings, Check> = {
  urls: strings,
  crawl: bool,
  maxPages: whole(1),
  maxDepth: whole(0),
  sitemap: bool,
  preset: oneOf(PRESET_NAMES),
  headersOnly: bool,
  format: oneOf(FORMATS),
  output: text,
  baseline: text,
  failOn: oneOf(FAIL_ON),
  ignore: strings,
  timeout: whole(1),
  concurrency: whole(1),
  https: bool,
  include: strings,
  exclude: strings,
  origins: strings,
  minGrade: oneOf(GRADES),
  framework: oneOf(FRAMEWORKS),
  headers: headerMap,
  ignoreHttpsErrors: bool,
  probeNotFound: bool,
  verbose: bool,
  sarifFileFor: text,
  sarifCategory: text,
  overrides,
};

export const SETTING_NAMES = Object.keys(SETTING_CHECKS) as Array<keyof ScanSettings>;

function checkObject<T>(where: string, record: Record<string, unknown>, checks: Record<string, Check>): T {
  const names = Object.keys(checks);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const check = checks[key];
    if (!check) throw new CliError(`${where}: unknown key "${key}".${didYouMean(key, names)} Valid keys: ${names.join(', ')}.`);
    if (value === undefined) continue;
    out[key] = check(`${where}: "${key}"`, value);
  }
  return out as T;
}

/** Checks a config file's content; every message names the file and the bad key. */
export function parseSettings(value: unknown, file: string): ScanSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`the config file ${file} must hold an object such as { "preset": "strict", "ignore": ["csp/*"] }; received ${describe(value)}.`);
  }
  return checkObject<ScanSettings>(`config ${file}`, value as Record<string, unknown>, SETTING_CHECKS);
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkHeaderName(name: string, where: string): string {
  if (!TOKEN.test(name)) throw new CliError(`${where} ${JSON.stringify(name)} is not a header name (letters, digits and !#$%&'*+.^_\`|~- only).`);
  return name.toLowerCase();
}

/** `--header "Cookie: sid=abc"`: a name, a colon, a value. */
export function parseHeaderArgument(input: string): [string, string] {
  const colon = input.indexOf(':');
  if (colon <= 0) {
    throw new CliError(`--header must be NAME:VALUE, e.g. --header "Authorization: Bearer abc"; received ${JSON.stringify(input)}.`);
  }
  const value = input.slice(colon + 1).trim();
  // eslint-disable-next-line no-control-regex
  if (/[\r\n\u0000]/.test(value)) throw new CliError(`--header ${JSON.stringify(input)}: a header value cannot hold a line break or NUL.`);
  return [checkHeaderName(input.slice(0, colon).trim(), '--header'), value];
}

/** The command line over the config file: set values win, lists are joined. */
export function mergeSettings(file: ScanSettings, flags: ScanSettings): ScanSettings {
  const merged: ScanSettings = { ...file };
  for (const [key, value] of Object.entries(flags) as Array<[keyof ScanSettings, unknown]>) {
    if (value === undefined) continue;
    const before = merged[key];
    if (Array.isArray(value) && Array.isArray(before) && key !== 'urls') (merged as Record<string, unknown>)[key] = [...before, ...value];
    else if (key === 'headers' && before) merged.headers = { ...(before as Record<string, string>), ...(value as Record<string, string>) };
    else (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
