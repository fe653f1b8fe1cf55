import type { Finding, HeaderSet } from '../types';
import { fixFor } from './fix';
import type { Rule, RuleContext } from './types';
import { finding, ONE_YEAR, quote, splitCommas, TWO_YEARS } from './util';

/**
 * Strict-Transport-Security (RFC 6797). Browsers ignore a malformed header
 * entirely, so malformed is as bad as missing. Six months is the floor the
 * MDN HTTP Observatory uses (15552000 s, its "white lie" for 180 days);
 * a year is what hstspreload.org and OWASP's headers_add.json send; two years
 * is OWASP's cheat-sheet value and our `strict` level (Chromium clamps
 * max-age to a year anyway, kMaxHSTSAgeSecs; other browsers do not).
 */
export const HSTS_FINDING_IDS = [
  'hsts/missing',
  'hsts/empty',
  'hsts/max-age-missing',
  'hsts/max-age-invalid',
  'hsts/duplicate-directive',
  'hsts/invalid-syntax',
  'hsts/max-age-zero',
  'hsts/max-age-too-short',
  'hsts/max-age-below-one-year',
  'hsts/max-age-below-two-years',
  'hsts/include-subdomains-missing',
  'hsts/preload-requirements',
  'hsts/multiple-headers',
  'hsts/unknown-directive',
] as const;

export type HstsFindingId = (typeof HSTS_FINDING_IDS)[number];

const HEADER = 'strict-transport-security';
const SIX_MONTHS = 15552000;

export type HstsParseResult =
  | { ok: true; maxAge: number; includeSubDomains: boolean; preload: boolean; unknown: string[] }
  | { ok: false; problem: 'empty' | 'max-age-missing' | 'max-age-invalid' | 'duplicate-directive' | 'invalid-syntax'; detail: string };

/**
 * Parses one STS field value. Directive names are case-insensitive; values
 * may be tokens or quoted-strings (RFC 6797 §6.1; Chromium and Firefox both
 * accept `max-age="31536000"`). A repeated directive makes the whole header
 * invalid (§6.1: directives appear once), as does a value on a valueless one.
 */
export function parseHsts(value: string): HstsParseResult {
  if (value.trim() === '') return { ok: false, problem: 'empty', detail: 'the header is empty' };
  const seen = new Set<string>();
  let maxAge: number | undefined;
  let includeSubDomains = false;
  let preload = false;
  const unknown: string[] = [];
  for (const raw of value.split(';')) {
    const part = raw.trim();
    if (part === '') continue; // RFC 6797 allows empty directives between semicolons
    const eq = part.indexOf('=');
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    const rawValue = eq === -1 ? undefined : part.slice(eq + 1).trim();
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      return { ok: false, problem: 'invalid-syntax', detail: `${quote(part)} is not a directive` };
    }
    // Chromium (ParseHSTSHeader) and Firefox reject a repeated max-age or includeSubDomains; a repeated
    // preload or unknown directive is ignored by both, so only those two count.
    if ((name === 'max-age' || name === 'includesubdomains') && seen.has(name)) {
      return { ok: false, problem: 'duplicate-directive', detail: `${name} appears more than once` };
    }
    seen.add(name);
    if (name === 'max-age') {
      if (rawValue === undefined) return { ok: false, problem: 'max-age-invalid', detail: 'max-age has no value' };
      const unquoted = unquote(rawValue);
      if (unquoted === undefined || !/^\d+$/.test(unquoted)) {
        return { ok: false, problem: 'max-age-invalid', detail: `max-age=${rawValue} is not a number of seconds` };
      }
      maxAge = Number(unquoted);
    } else if (name === 'includesubdomains' || name === 'preload') {
      if (rawValue !== undefined) return { ok: false, problem: 'invalid-syntax', detail: `${name} takes no value` };
      if (name === 'preload') preload = true;
      else includeSubDomains = true;
    } else if (!unknown.includes(name)) {
      unknown.push(name); // unknown directives are ignored by browsers (§6.1)
    }
  }
  if (maxAge === undefined) return { ok: false, problem: 'max-age-missing', detail: 'max-age is required' };
  return { ok: true, maxAge, includeSubDomains, preload, unknown };
}

function unquote(value: string): string | undefined {
  if (!value.startsWith('"')) return value;
  if (value.length < 2 || !value.endsWith('"')) return undefined;
  return value.slice(1, -1).replace(/\\(.)/g, '$1');
}

function target(context: RuleContext, preload: boolean): { maxAge: number; value: string } {
  const maxAge = context.level === 'strict' ? TWO_YEARS : ONE_YEAR;
  return { maxAge, value: `max-age=${maxAge}; includeSubDomains${preload ? '; preload' : ''}` };
}

/** `has`: the header as sent (undefined: absent; a malformed one counts as nothing set). */
function hstsFix(context: RuleContext, preload: boolean, has?: { maxAge: number; includeSubDomains: boolean; preload: boolean }, foreign = false): string {
  return fixFor({ kind: 'hsts', maxAge: target(context, preload).maxAge, includeSubDomains: true, preload, has, ...(foreign ? { foreign } : {}) }, context);
}

function parsedFirst(value: string): { maxAge: number; includeSubDomains: boolean; preload: boolean } {
  const parsed = parseHsts(value);
  return parsed.ok ? parsed : { maxAge: 0, includeSubDomains: false, preload: false };
}

export function checkHsts(headers: HeaderSet, context: RuleContext): Finding[] {
  const fields = headers.getAll(HEADER).flatMap((v) => splitCommas(v));
  const fix = (preload = false) => hstsFix(context, preload);
  const nothingSet = { maxAge: 0, includeSubDomains: false, preload: false };
  const expected = target(context, false).value;
  const first = fields[0];
  if (first === undefined) {
    return [
      finding({
        id: 'hsts/missing',
        severity: 'high',
        header: HEADER,
        expected,
        fix: fix(),
        message: 'Strict-Transport-Security is missing: browsers will keep trying plain http first',
      }),
    ];
  }
  const findings: Finding[] = [];
  const received = headers.get(HEADER);
  if (fields.length > 1) {
    findings.push(
      finding({
        id: 'hsts/multiple-headers',
        severity: 'low',
        header: HEADER,
        received,
        expected: 'one Strict-Transport-Security header',
        fix: hstsFix(context, false, parsedFirst(first), true),
        message: `Strict-Transport-Security is sent ${fields.length} times; browsers use only the first (RFC 6797 §8.1)`,
      }),
    );
  }
  const parsed = parseHsts(first);
  if (!parsed.ok) {
    findings.push(
      finding({
        id: `hsts/${parsed.problem}`,
        severity: 'high',
        header: HEADER,
        received: first,
        expected,
        fix: hstsFix(context, false, nothingSet, true),
        message: `Strict-Transport-Security is malformed (${parsed.detail}), so browsers ignore it`,
      }),
    );
    return findings;
  }
  const base = { header: HEADER, received: first, fix: hstsFix(context, parsed.preload, parsed) };
  const { maxAge } = parsed;
  if (maxAge === 0) {
    // Nothing else matters once the header switches HSTS off.
    findings.push(finding({ ...base, id: 'hsts/max-age-zero', severity: 'high', expected, message: 'max-age=0 tells browsers to forget HSTS for this host' }));
    return findings;
  }
  if (maxAge < SIX_MONTHS) {
    findings.push(
      finding({ ...base, id: 'hsts/max-age-too-short', severity: 'medium', expected: `max-age of at least ${ONE_YEAR} (a year); under ${SIX_MONTHS} (six months) fails`, message: `max-age=${maxAge} is under six months` }),
    );
  } else if (maxAge < ONE_YEAR) {
    findings.push(
      finding({ ...base, id: 'hsts/max-age-below-one-year', severity: 'low', expected: `max-age of at least ${ONE_YEAR} (a year)`, message: `max-age=${maxAge} is under a year` }),
    );
  } else if (maxAge < TWO_YEARS && context.level === 'strict') {
    findings.push(
      finding({ ...base, id: 'hsts/max-age-below-two-years', severity: 'low', expected: `max-age of at least ${TWO_YEARS} (two years, OWASP)`, message: `max-age=${maxAge} is under the two years the strict level asks for` }),
    );
  }
  if (!parsed.includeSubDomains) {
    findings.push(
      finding({ ...base, id: 'hsts/include-subdomains-missing', severity: 'low', expected, message: 'includeSubDomains is missing: subdomains can still be reached over plain http' }),
    );
  }
  if (parsed.preload && (maxAge < ONE_YEAR || !parsed.includeSubDomains)) {
    const lacking = [maxAge < ONE_YEAR ? `max-age of at least ${ONE_YEAR}` : '', parsed.includeSubDomains ? '' : 'includeSubDomains'].filter(Boolean).join(' and ');
    findings.push(
      finding({
        ...base,
        id: 'hsts/preload-requirements',
        severity: 'medium',
        expected: `max-age=${Math.max(ONE_YEAR, maxAge)}; includeSubDomains; preload`,
        message: `preload is set but the preload list (hstspreload.org) also requires ${lacking}`,
      }),
    );
  }
  for (const name of parsed.unknown) {
    findings.push(
      finding({ ...base, fix: hstsFix(context, parsed.preload, parsed, true), id: 'hsts/unknown-directive', severity: 'info', directive: name, expected, message: `unknown directive ${name} is ignored by browsers` }),
    );
  }
  return findings;
}

export const hstsRule: Rule = {
  name: 'hsts',
  header: HEADER,
  summary: 'Strict-Transport-Security with max-age of at least a year and includeSubDomains',
  skip: (_headers, context) =>
    context.https ? undefined : 'not applicable over plain http; pass https: true if TLS ends at a proxy',
  check: checkHsts,
};
