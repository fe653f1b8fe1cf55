import { PRESETS, PRESET_NAMES, type PresetName } from './presets';
import type { FindingIdPattern } from './names';
import { responseKind } from './response/kind';
import { BODY_TOO_LONG_FINDING_ID, TOO_LONG_FINDING_ID, withoutOversized } from './response/limits';
import { ACCEPTED_RESPONSES, describeValue, isResponseLike, toHeaderSet, toHeaderSetAsync } from './response/normalize';
import { FINDING_IDS, RULES, detectFramework } from './rules';
import { checkExpectedHeaders, EXPECTED_HEADER_FINDING_IDS, isHeaderExpectation, type HeaderExpectation } from './rules/expected-headers';
import type { Framework, RuleContext } from './rules/types';
import { FRAMEWORK_ALIASES, FRAMEWORKS } from './fixes/types';
import { RESPONSE_KINDS, SEVERITIES, SEVERITY_RANK, type Finding, type ResponseKind, type HeaderSet, type PassedCheck, type Severity, type SkippedCheck } from './types';
export { usesSubresourceIntegrity } from './rules/integrity-policy';
import { UsageError } from './matchers/context';
import { assertBoolean, assertKnownKeys, assertOneOf, assertPlainObject, assertStringArray, didYouMean } from './validate';
import { compareGrades, GRADES, OBSERVATORY_ALGORITHMS, scoreHeaders, type Grade, type ObservatoryAlgorithm, type ObservatoryResult, type RedirectCookies, type RedirectHop, type ScoreOptions } from './score';

export interface AuditOptions {
  /** Which rules and thresholds apply. Default `recommended`. */
  preset?: PresetName;
  /** Per-header expectations: exact string, RegExp, predicate, `true` (present) or `false` (must be absent). */
  headers?: Record<string, HeaderExpectation>;
  /** Finding ids to leave out (`referrer-policy/missing`), or a whole rule (`cookies/*`). */
  ignore?: FindingIdPattern[];
  /** The app is served over TLS even though this response came over http (a proxy ends TLS, or a test). */
  https?: boolean;
  /** The severity from which a finding fails. Default: the preset's. */
  failOn?: Severity;
  /** Require Cross-Origin-Opener-Policy and -Embedder-Policy for cross-origin isolation. */
  crossOriginIsolation?: boolean;
  /** Write fixes for this framework. Default: guessed from the response's headers. */
  framework?: Framework;
  /** The Origin the request was sent with, so a reflected Access-Control-Allow-Origin can be told. */
  requestOrigin?: string;
  /** Fail unless the MDN HTTP Observatory grade (computed offline) is at least this, e.g. 'A'. */
  minGrade?: Grade;
  /** What the response is, when its Content-Type does not say it (or says it wrongly): 'document', 'api', 'script', 'style', 'media' or 'other'. Default: read from Content-Type. */
  kind?: ResponseKind;
  /**
   * The response body, when it is HTML: meta CSP and meta Referrer-Policy then
   * count for the Observatory score as in its scanner, its SRI test runs, and
   * the strict preset asks for Integrity-Policy where the page uses SRI.
   */
  html?: string;
  /** The redirect chain seen when requesting the http:// URL, first hop first, the final response last: the Observatory's redirection test judges it. */
  redirects?: RedirectHop[];
  /** Paths that log the user out (`/logout`, or a prefix ending in `*`): Clear-Site-Data is advised there. */
  logoutPaths?: string[];
  /**
   * The answer to the Observatory's CORS probe (an OPTIONS request with its
   * Origin; `observatoryCorsProbe(url)` sends it), in any accepted response
   * type: the score's CORS test judges it, as the scanner does.
   */
  corsProbe?: unknown;
  /**
   * The redirect responses followed to reach this one, first hop first, with
   * their Set-Cookie fields (`[{ url, setCookie: [...] }]`): the score's
   * cookies test also judges those the scanner's cookie jar keeps, the hops
   * from the first https:// URL on (the http→https hop is left out).
   */
  redirectCookies?: RedirectCookies[];
  /** The Observatory scoring algorithm: 4 (@mdn/mdn-http-observatory 1.4.8, the default) or 5 (1.5.0 to 1.6.x). */
  observatoryAlgorithm?: ObservatoryAlgorithm;
}

export const AUDIT_OPTION_NAMES = [
  'preset',
  'headers',
  'ignore',
  'https',
  'failOn',
  'crossOriginIsolation',
  'framework',
  'requestOrigin',
  'minGrade',
  'kind',
  'html',
  'redirects',
  'logoutPaths',
  'corsProbe',
  'redirectCookies',
  'observatoryAlgorithm',
] as const satisfies ReadonlyArray<keyof AuditOptions>;

const GRADE_FINDING_ID = 'grade/below-minimum';


/** The verdict on one response. */
export interface HeaderReport {
  url?: string;
  status?: number;
  preset: PresetName;
  failOn: Severity;
  /** Whether the rules treated the response as served over TLS. */
  https: boolean;
  /** What the rules judged the response as: a document, an API response, a script… */
  kind: ResponseKind;
  /** Why that kind: `Content-Type application/json`, `kind: 'api' was passed`, `no Content-Type: …`. */
  kindReason: string;
  /** No finding at or above `failOn`. */
  pass: boolean;
  /** Every finding not ignored, worst first. */
  findings: Finding[];
  /** The findings at or above `failOn`: what makes `pass` false. */
  failures: Finding[];
  /** Findings left out by `ignore`. */
  ignored: Finding[];
  passed: PassedCheck[];
  skipped: SkippedCheck[];
  /** The MDN HTTP Observatory score (offline, same scoring), graded as served over https when `https` is set. */
  score: number;
  grade: Grade;
  /** The Observatory's tests behind the score, with what was assumed or not tested. */
  observatory: ObservatoryResult;
}

/** Audits any accepted response type (see ACCEPTED_RESPONSES). Throws a UsageError for bad options. */
export function auditHeaders(response: unknown, options: AuditOptions = {}): HeaderReport {
  const validated = validateAuditOptions(options);
  return auditHeaderSet(toHeaderSet(response), validated);
}

/** Like auditHeaders, and also reads a Playwright page Response (whose full headers need a round trip). */
export async function auditHeadersAsync(response: unknown, options: AuditOptions = {}): Promise<HeaderReport> {
  const validated = validateAuditOptions(options);
  return auditHeaderSet(await toHeaderSetAsync(response), validated);
}

/**
 * The audit proper, on headers already read and options already checked.
 * `scoring` adds what the Observatory score can use besides headers (the
 * page's HTML for its SRI test, the redirects seen).
 */
export function auditHeaderSet(headers: HeaderSet, options: AuditOptions, scoring: Omit<ScoreOptions, 'https'> = {}): HeaderReport {
  const { verdict, scored } = judgeHeaderSet(headers, options, scoring);
  return reportOf(verdict, scored);
}

/** A report without its Observatory score: what the rules decided. */
export type Verdict = Omit<HeaderReport, 'score' | 'grade' | 'observatory'>;

/**
 * The rules' verdict, and the Observatory score as a function that computes
 * it once, on first call. Apart so a caller that reuses a verdict for many
 * identical responses (the crawler) can share one lazy score among them.
 */
export function judgeHeaderSet(received: HeaderSet, options: AuditOptions, scoring: Omit<ScoreOptions, 'https'> = {}): { verdict: Verdict; scored: () => ObservatoryResult } {
  // A header too long to judge is left out of what the rules see and reported instead (never cut).
  const { judged: headers, tooLong } = withoutOversized(received);
  const oversized = new Set(tooLong.map((f) => f.header));
  const preset = PRESETS[options.preset ?? 'recommended'];
  const failOn = options.failOn ?? preset.failOn;
  const https = options.https ?? (headers.url ? headers.url.startsWith('https:') : false);
  const { kind, reason: kindReason } = responseKind(headers, options.kind);
  const html = options.html ?? scoring.html;
  const context: RuleContext = {
    level: preset.level,
    https,
    kind,
    kindReason,
    crossOriginIsolation: options.crossOriginIsolation ?? false,
    requestOrigin: options.requestOrigin,
    framework: options.framework ?? detectFramework(headers),
    ...(html !== undefined ? { html } : {}),
    ...(options.logoutPaths ? { logoutPaths: options.logoutPaths } : {}),
  };

  const isIgnored = (finding: Finding) => ignores(options.ignore, finding);
  const fails = (finding: Finding) => failsAt(failOn, finding);

  const all: Finding[] = [];
  const passed: PassedCheck[] = [];
  const skipped: SkippedCheck[] = [];
  // A check passes when nothing it found reaches the threshold; advice below it is listed apart.
  const record = (check: PassedCheck, found: Finding[]) => {
    // What a rule says of a header left out as too long (say "missing") is not true of the response.
    const kept = oversized.size === 0 ? found : found.filter((f) => !oversized.has(f.header));
    if (!kept.some((f) => !isIgnored(f) && fails(f))) passed.push(check);
    for (const f of kept) all.push(f); // not push(...found): a long list overflows the stack
  };
  for (const f of tooLong) all.push(f);
  for (const rule of RULES) {
    const reason = rule.skip?.(headers, context);
    if (reason !== undefined) skipped.push({ rule: rule.name, header: rule.header, reason });
    else record({ rule: rule.name, header: rule.header, summary: rule.summary }, rule.check(headers, context));
  }
  if (options.headers && Object.keys(options.headers).length > 0) {
    record(
      { rule: 'expected-headers', header: Object.keys(options.headers).join(', '), summary: 'the headers you asked for have the values you asked for' },
      checkExpectedHeaders(headers, options.headers),
    );
  }

  // The Observatory score is computed when asked for (minGrade, or a read of score/grade/observatory), not on every audit.
  const scored = observatoryScorer(headers, options, scoring);
  if (options.minGrade && compareGrades(scored().grade, options.minGrade) < 0) {
    all.push(gradeFinding(scored(), options.minGrade));
  }

  const findings = sortFindings(all.filter((f) => !isIgnored(f)));
  const failures = findings.filter(fails);
  const verdict: Verdict = {
    url: headers.url,
    status: headers.status,
    preset: preset.name,
    failOn,
    https,
    kind,
    kindReason,
    pass: failures.length === 0,
    findings,
    failures,
    ignored: all.filter(isIgnored),
    passed,
    skipped,
  };
  return { verdict, scored };
}

function ignores(ignore: readonly string[] = [], finding: Finding): boolean {
  return ignore.some((id) => id === finding.id || (id.endsWith('/*') && finding.id.startsWith(id.slice(0, -1))));
}

/** A grade below the minGrade the user asked for fails whatever the threshold. */
function failsAt(failOn: Severity, finding: Finding): boolean {
  return finding.id === GRADE_FINDING_ID || SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn];
}

/**
 * Adds a finding about the response that is not about its headers (a body
 * too long to judge) to a report whose lists are its own (the crawl's copies),
 * with the options' ignore list and threshold.
 */
export function addFinding(report: HeaderReport, finding: Finding, options: AuditOptions): void {
  if (ignores(options.ignore, finding)) {
    report.ignored.push(finding);
    return;
  }
  report.findings = sortFindings([...report.findings, finding]);
  if (failsAt(report.failOn, finding)) {
    report.failures = sortFindings([...report.failures, finding]);
    report.pass = false;
  }
}

/**
 * The Observatory score of one response as a function that computes it once,
 * on first call: the audit's html, redirects and algorithm options win over
 * what a caller (the CLI, the crawler) passes in `scoring`.
 */
export function observatoryScorer(headers: HeaderSet, options: AuditOptions, scoring: Omit<ScoreOptions, 'https'> = {}): () => ObservatoryResult {
  const https = options.https ?? (headers.url ? headers.url.startsWith('https:') : false);
  const input: ScoreOptions = { ...scoring, https };
  if (options.html !== undefined) input.html = options.html;
  if (options.redirects !== undefined) input.redirects = options.redirects;
  if (options.observatoryAlgorithm !== undefined) input.algorithm = options.observatoryAlgorithm;
  if (options.corsProbe !== undefined) input.corsResponse = toHeaderSet(options.corsProbe);
  if (options.redirectCookies !== undefined) input.redirectCookies = options.redirectCookies;
  let observatory: ObservatoryResult | undefined;
  return () => (observatory ??= scoreHeaders(headers, input));
}

/** The report: the verdict plus score, grade and Observatory tests as getters, so they cost nothing until read. */
export function reportOf(verdict: Verdict, scored: () => ObservatoryResult): HeaderReport {
  // Getters in a literal are enumerable: JSON.stringify and object spread still see the values.
  return {
    ...verdict,
    get score() {
      return scored().score;
    },
    get grade() {
      return scored().grade;
    },
    get observatory() {
      return scored();
    },
  };
}

/** A grade below `minGrade` is a finding like any other, naming the Observatory tests that cost points. */
function gradeFinding(observatory: ObservatoryResult, minGrade: Grade): Finding {
  const costs = observatory.tests
    .filter((t) => t.modifier < 0)
    .sort((a, b) => a.modifier - b.modifier)
    .map((t) => `${t.name} ${t.modifier}`);
  return {
    id: GRADE_FINDING_ID,
    severity: 'high',
    header: 'observatory-grade',
    received: `${observatory.grade} (score ${observatory.score})`,
    expected: `${minGrade} or better`,
    fix: costs.length ? `Fix what costs points: ${costs.join(', ')}.` : 'See the Observatory tests in the report.',
    message: `the MDN HTTP Observatory grade is ${observatory.grade}, below ${minGrade}`,
  };
}

/** Worst first, then by id, so reports and baselines are stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id) || (a.directive ?? '').localeCompare(b.directive ?? ''),
  );
}

/** Every finding id the audit can produce, for ignore lists and baselines. */
export const ALL_FINDING_IDS: readonly string[] = [...FINDING_IDS, ...EXPECTED_HEADER_FINDING_IDS, GRADE_FINDING_ID, TOO_LONG_FINDING_ID, BODY_TOO_LONG_FINDING_ID];

/** Like assertOneOf, and a name people use for a framework (express, fastify, flask) suggests ours. */
function assertFramework(what: string, value: unknown): asserts value is Framework {
  const alias = typeof value === 'string' ? FRAMEWORK_ALIASES[value.toLowerCase()] : undefined;
  if (alias !== undefined) {
    throw new UsageError(`${what} must be one of ${FRAMEWORKS.map((f) => `"${f}"`).join(', ')}; received "${String(value)}". Did you mean "${alias}"?`);
  }
  assertOneOf(what, value, FRAMEWORKS);
}

/** Checks options and throws a UsageError naming the bad one and the valid choices. */
export function validateAuditOptions(options: unknown, what = 'toHaveSecureHeaders options'): AuditOptions {
  assertPlainObject(what, options);
  if (options === undefined) return {};
  assertKnownKeys(what, options, AUDIT_OPTION_NAMES);
  if (options.preset !== undefined) assertOneOf(`${what}: preset`, options.preset, PRESET_NAMES);
  if (options.failOn !== undefined) assertOneOf(`${what}: failOn`, options.failOn, SEVERITIES);
  if (options.framework !== undefined) assertFramework(`${what}: framework`, options.framework);
  if (options.minGrade !== undefined) assertOneOf(`${what}: minGrade`, options.minGrade, GRADES);
  if (options.kind !== undefined) assertOneOf(`${what}: kind`, options.kind, RESPONSE_KINDS);
  assertBoolean(`${what}: https`, options.https);
  assertBoolean(`${what}: crossOriginIsolation`, options.crossOriginIsolation);
  if (options.requestOrigin !== undefined && typeof options.requestOrigin !== 'string') {
    throw new UsageError(`${what}: requestOrigin must be an origin string like "https://example.com", received ${describeValue(options.requestOrigin)}.`);
  }
  assertStringArray(`${what}: ignore`, options.ignore);
  validateScoringInputs(options, what);
  for (const id of options.ignore ?? []) {
    const rulePrefix = id.endsWith('/*') ? id.slice(0, -1) : undefined;
    const known = rulePrefix ? ALL_FINDING_IDS.some((known) => known.startsWith(rulePrefix)) : ALL_FINDING_IDS.includes(id);
    if (!known) {
      throw new UsageError(
        `${what}: ignore names an unknown finding id "${id}".${didYouMean(id, ALL_FINDING_IDS)} ` +
          `Finding ids look like "hsts/missing"; a whole rule is "hsts/*". All ids are listed in the README.`,
      );
    }
  }
  if (options.headers !== undefined) {
    assertPlainObject(`${what}: headers`, options.headers);
    for (const [name, expectation] of Object.entries(options.headers ?? {})) {
      if (!isHeaderExpectation(expectation)) {
        throw new UsageError(
          `${what}: headers["${name}"] must be a string (exact value), a RegExp, a function (value) => boolean, true (present) or false (absent); received ${describeValue(expectation)}.`,
        );
      }
    }
  }
  return options as AuditOptions;
}

/** html, redirects, logoutPaths and observatoryAlgorithm: what they must be, and what was received. */
function validateScoringInputs(options: Record<string, unknown>, what: string): void {
  if (options.html !== undefined && typeof options.html !== 'string') {
    throw new UsageError(`${what}: html must be the response body as a string (await res.text()), received ${describeValue(options.html)}.`);
  }
  if (options.redirects !== undefined) {
    const hops = options.redirects;
    const bad = !Array.isArray(hops) || hops.length === 0 ? -1 : hops.findIndex((h) => !isRedirectHop(h));
    if (!Array.isArray(hops) || hops.length === 0 || bad !== -1) {
      const received = Array.isArray(hops) && bad >= 0 ? `redirects[${bad}] = ${describeValue(hops[bad])}` : describeValue(hops);
      throw new UsageError(
        `${what}: redirects must be the chain seen when requesting the http:// URL, first hop first and the final response last, as a non-empty array of { url: 'http://…', status: 301 }; received ${received}.`,
      );
    }
  }
  if (options.corsProbe !== undefined && !isResponseLike(options.corsProbe)) {
    throw new UsageError(`${what}: corsProbe must be the answer to the CORS probe (what observatoryCorsProbe(url) returns, or any response: ${ACCEPTED_RESPONSES.join(', ')}); received ${describeValue(options.corsProbe)}.`);
  }
  if (options.redirectCookies !== undefined) {
    const hops = options.redirectCookies;
    const isHop = (h: unknown): boolean => {
      const hop = h as { url?: unknown; setCookie?: unknown } | null;
      return typeof hop === 'object' && hop !== null && typeof hop.url === 'string' && /^https?:\/\//i.test(hop.url) && Array.isArray(hop.setCookie) && hop.setCookie.every((c) => typeof c === 'string');
    };
    const bad = Array.isArray(hops) ? hops.findIndex((h) => !isHop(h)) : -1;
    if (!Array.isArray(hops) || bad !== -1) {
      const received = Array.isArray(hops) ? `redirectCookies[${bad}] = ${describeValue(hops[bad])}` : describeValue(hops);
      throw new UsageError(
        `${what}: redirectCookies must be the redirect responses followed to reach this one, first hop first, as an array of { url: 'https://…', setCookie: ['name=value; Secure'] }; received ${received}.`,
      );
    }
  }
  assertStringArray(`${what}: logoutPaths`, options.logoutPaths);
  for (const path of (options.logoutPaths as string[] | undefined) ?? []) {
    if (!path.startsWith('/')) throw new UsageError(`${what}: logoutPaths holds ${JSON.stringify(path)}; each entry is a path starting with "/", like "/logout" or "/auth/*".`);
  }
  if (options.observatoryAlgorithm !== undefined && !(OBSERVATORY_ALGORITHMS as readonly unknown[]).includes(options.observatoryAlgorithm)) {
    throw new UsageError(
      `${what}: observatoryAlgorithm must be ${OBSERVATORY_ALGORITHMS.join(' or ')} (4: @mdn/mdn-http-observatory 1.4.8, 5: 1.5.0 to 1.6.x); received ${describeValue(options.observatoryAlgorithm)}.`,
    );
  }
}

function isRedirectHop(value: unknown): boolean {
  const hop = value as { url?: unknown; status?: unknown } | null;
  if (typeof hop !== 'object' || hop === null || typeof hop.url !== 'string' || typeof hop.status !== 'number') return false;
  try {
    new URL(hop.url);
    return true;
  } catch {
    return false;
  }
}
