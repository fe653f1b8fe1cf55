/**
 * Observatory test "content-security-policy".
 *
 * The Observatory reads CSP its own way, and its score depends on the quirks
 * of that reading, so this module keeps a private reading instead of using
 * src/csp/parse.ts (which reads policies the way browsers do). What differs,
 * all of it facts from @mdn/mdn-http-observatory 1.4.8
 * (src/analyzer/cspParser.js, src/analyzer/tests/csp.js):
 *  - the header is one string: several CSP fields arrive joined by ", " (Node's
 *    http client joins them), so a comma is just part of a source;
 *  - a policy shorter than 6 characters, or a directive repeated in one policy
 *    (other than report-uri / report-to), makes the whole CSP invalid;
 *  - sources are lower-cased and sorted, and a source that starts with the
 *    previous one in that order is dropped (`https:` hides `https://cdn.x`);
 *  - an empty `*-src` directive means 'none'; several policies (header plus
 *    meta tags) are intersected source by source;
 *  - the test then looks at script-src, object-src, style-src, img-src,
 *    media-src (falling back to default-src), and at every other directive
 *    (report-uri included) for http: sources on an https page.
 */
import type { ScoreContext, TestVerdict } from './types';

/** Shortest policy text the Observatory accepts ("img-src" minus one). */
const SHORTEST_POLICY = 6;
const META_FORBIDDEN = ['frame-ancestors', 'report-uri', 'sandbox'];
const REPEATABLE = new Set(['report-uri', 'report-to']);

const BROAD = new Set(['ftp:', 'http:', 'https:', '*', 'http://*', 'http://*.*', 'https://*', 'https://*.*']);
const INLINE = new Set(["'unsafe-inline'", 'data:']);
const BROAD_OR_INLINE = new Set([...BROAD, ...INLINE]);
const PASSIVE = ['img-src', 'media-src'];
const NONCE_OR_HASH_PREFIXES = ["'sha256-", "'sha384-", "'sha512-", "'nonce-"];

/** Directive → its sources, lower case; the Observatory's merged view of all policies. */
export type ObservatoryCsp = Map<string, Set<string>>;

export interface CspReading {
  directives: ObservatoryCsp;
  /** report-uri or report-to appeared twice within one policy. */
  repeatedReportDirective: boolean;
}

class UnreadableCsp extends Error {}

interface Entry {
  source: string;
  policy: number;
  keep: boolean;
}

// The Observatory orders sources with an English collator; adjacency in that order decides what is dropped.
const collate = new Intl.Collator('en').compare;

/**
 * Path-wise comparison of two sources from different policies: `a` (possibly
 * ending in "/", meaning "and below") covers `b`. Undecodable %-escapes make
 * the CSP unreadable, as in the Observatory.
 */
function covers(a: string, b: string): boolean {
  if (a.length === 0) return true;
  if (a === '/' && b.length === 0) return true;
  const prefixOnly = a.endsWith('/');
  const partsA = a.split('/');
  const partsB = b.split('/');
  if (partsA.length > partsB.length) return false;
  if (!prefixOnly && partsA.length !== partsB.length) return false;
  if (prefixOnly) partsA.pop();
  for (let i = 0; i < partsA.length; i++) {
    let left: string;
    let right: string;
    try {
      left = decodeURIComponent(partsA[i]!);
      right = decodeURIComponent(partsB[i] ?? '');
    } catch {
      throw new UnreadableCsp('undecodable escape in a source');
    }
    if (left !== right) return false;
  }
  return true;
}

/**
 * Reads policies into the Observatory's merged map. Throws UnreadableCsp when
 * the Observatory would call the CSP invalid.
 */
function readPolicies(policies: readonly string[]): CspReading {
  const cleaned = policies.map((p) => p.replace(/[\r\n]/g, '').trim());
  const merged = new Map<string, Entry[]>();
  let repeatedReportDirective = false;
  if (cleaned.length === 0) return { directives: new Map(), repeatedReportDirective };
  for (const text of cleaned) {
    if (text.length < SHORTEST_POLICY) throw new UnreadableCsp(`policy too short: ${JSON.stringify(text)}`);
  }
  cleaned.forEach((text, policy) => {
    const seen = new Set<string>();
    for (const part of text.split(';')) {
      const [rawName, ...tokens] = part.trim().split(/\s+/);
      if (!rawName) continue;
      const name = rawName.toLowerCase();
      if (seen.has(name)) {
        if (!REPEATABLE.has(name)) throw new UnreadableCsp(`directive ${name} repeated`);
        repeatedReportDirective = true;
      }
      seen.add(name);
      const first = policy === 0;
      const entries: Entry[] = tokens.map((t) => ({ source: t.trim().toLocaleLowerCase(), policy, keep: first }));
      if (tokens.length === 0 && name.endsWith('-src')) entries.push({ source: "'none'", policy, keep: first });
      // The first policy starts the list; later ones are weighed against what is there.
      const list = first ? entries : [...(merged.get(name) ?? []), ...entries];
      list.sort((x, y) => collate(x.source, y.source));
      for (let i = 1; i < list.length; i++) {
        const cur = list[i]!;
        const prev = list[i - 1]!;
        if (cur.policy === prev.policy && cur.source.startsWith(prev.source)) cur.keep = false;
        if (cur.policy !== prev.policy && covers(prev.source, cur.source)) cur.keep = true;
      }
      const kept = list.filter((e) => e.keep);
      merged.set(name, kept);
      // With more policies to come, a source of the first must be confirmed by a later one.
      if (first && cleaned.length > 1) for (const e of kept) e.keep = false;
    }
  });
  const directives: ObservatoryCsp = new Map();
  for (const [name, entries] of merged) {
    directives.set(name, new Set(entries.length ? entries.map((e) => e.source) : ["'none'"]));
  }
  return { directives, repeatedReportDirective };
}

/** The Observatory's reading of these policies, or undefined where it calls them invalid. */
export function readObservatoryCsp(policies: readonly string[]): CspReading | undefined {
  try {
    return readPolicies(policies);
  } catch (e) {
    if (e instanceof UnreadableCsp) return undefined;
    throw e;
  }
}

const hasNonceOrHash = (sources: Iterable<string>) =>
  [...sources].some((s) => NONCE_OR_HASH_PREFIXES.some((p) => s.startsWith(p)));

export interface CspVerdict extends TestVerdict {
  /** The merged directives when the test ran to its end; x-frame-options reads frame-ancestors from it. */
  directives?: ObservatoryCsp;
}

/**
 * The enforced CSP header as the Observatory receives it: one string, fields
 * joined. Algorithm 5 (1.6.2, mdn/mdn-http-observatory#496) splits it, and
 * each meta policy, on every comma into policies; 4 keeps the commas inside.
 */
function headerPolicies(ctx: ScoreContext): string[] {
  const value = ctx.headers.get('content-security-policy');
  return value === undefined ? [] : splitByAlgorithm(ctx, [value]);
}

function splitByAlgorithm(ctx: ScoreContext, policies: readonly string[]): string[] {
  return ctx.algorithm >= 5 ? policies.flatMap((p) => p.split(',').map((s) => s.trim())) : [...policies];
}

export function testCsp(ctx: ScoreContext): CspVerdict {
  const fromHeader = headerPolicies(ctx);
  const fromMeta = splitByAlgorithm(ctx, ctx.metaCsp);
  const all = readObservatoryCsp([...fromHeader, ...fromMeta]);
  if (!all) return { result: 'csp-header-invalid', pass: false };
  const headerOnly = readObservatoryCsp(fromHeader)?.directives ?? new Map<string, Set<string>>();
  const metaOnly = readObservatoryCsp(fromMeta)?.directives ?? new Map<string, Set<string>>();
  for (const name of META_FORBIDDEN) metaOnly.delete(name);

  if (headerOnly.size + metaOnly.size === 0) {
    // Report-only counts only as a header, never from a meta tag.
    const reportOnly = ctx.headers.get('content-security-policy-report-only');
    return { result: reportOnly ? 'csp-not-implemented-but-reporting-enabled' : 'csp-not-implemented', pass: false };
  }

  const csp = all.directives;
  const any = () => new Set(['*']);
  // These are the map's own sets, not copies: the Observatory edits them in
  // place, and a set shared through default-src is edited for every directive
  // that falls back to it. Parity depends on doing the same.
  const objectSrc = csp.get('object-src') ?? csp.get('default-src') ?? any();
  const scriptSrc = csp.get('script-src') ?? csp.get('default-src') ?? any();
  const styleSrc = csp.get('style-src') ?? csp.get('default-src') ?? any();

  let result: CspVerdict['result'] | undefined;
  const note = (r: CspVerdict['result']) => {
    if (result === undefined) result = r;
  };

  // A nonce or hash makes browsers ignore 'unsafe-inline'.
  for (const list of [scriptSrc, styleSrc]) {
    if (hasNonceOrHash(list) && list.has("'unsafe-inline'")) list.delete("'unsafe-inline'");
  }

  // 'strict-dynamic' with a nonce or hash makes browsers ignore host and scheme sources, 'self' and 'unsafe-inline'.
  if (scriptSrc.has("'strict-dynamic'")) {
    if (hasNonceOrHash(scriptSrc)) {
      for (const s of [...scriptSrc]) {
        if ([...BROAD].some((b) => s.startsWith(b)) || s === "'self'" || s === "'unsafe-inline'") scriptSrc.delete(s);
      }
    } else {
      note('csp-header-invalid');
    }
  }

  const active: string[] = [];
  for (const [name, list] of csp) if (!PASSIVE.includes(name) && name !== 'script-src') active.push(...list);
  active.push(...scriptSrc);
  const passive = PASSIVE.flatMap((name) => [...(csp.get(name) ?? csp.get('default-src') ?? [])]);
  const insecure = (s: string) => s.startsWith('http:') || s.startsWith('ftp:');

  if ([...scriptSrc].some((s) => BROAD_OR_INLINE.has(s)) || [...objectSrc].some((s) => BROAD.has(s))) {
    note('csp-implemented-with-unsafe-inline');
  }
  if (ctx.https && active.some(insecure)) note('csp-implemented-with-insecure-scheme');
  if (scriptSrc.has("'unsafe-eval'") || styleSrc.has("'unsafe-eval'")) note('csp-implemented-with-unsafe-eval');
  if (ctx.https && passive.some(insecure)) note('csp-implemented-with-insecure-scheme-in-passive-content-only');
  if ([...styleSrc].some((s) => BROAD_OR_INLINE.has(s))) note('csp-implemented-with-unsafe-inline-in-style-src-only');
  const defaultSrc = csp.get('default-src');
  note(defaultSrc?.has("'none'") && defaultSrc.size === 1 ? 'csp-implemented-with-no-unsafe-default-src-none' : 'csp-implemented-with-no-unsafe');

  const passing: ReadonlyArray<CspVerdict['result']> = [
    'csp-implemented-with-no-unsafe',
    'csp-implemented-with-no-unsafe-default-src-none',
    'csp-implemented-with-unsafe-inline-in-style-src-only',
    'csp-implemented-with-insecure-scheme-in-passive-content-only',
  ];
  const final = result!;
  const pass = passing.includes(final);
  // A repeated report directive costs a passing policy its bonus (the result changes, the pass stays).
  return {
    result: pass && all.repeatedReportDirective ? 'csp-implemented-but-duplicate-directives' : final,
    pass,
    directives: csp,
  };
}
