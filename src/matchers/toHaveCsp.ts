import { cspAllows, type CspDecision, type CspRequest } from '../csp/match';
import { FALLBACK_LISTS, type EffectiveDirective } from '../csp/keywords';
import type { CspDirectiveName } from '../names';
import { diffCsp, type CspChange } from '../csp/diff';
import { parseCsp } from '../csp/parse';
import { existsSync, readFileSync } from 'node:fs';
import { evaluatePolicies } from '../csp/evaluate';
import { CSP_FINDING_TYPES, CSP_SEVERITY_ORDER, type CspFinding, type CspFindingType, type CspSeverity } from '../csp/findings';
import { serializeCsp } from '../csp/serialize';
import type { Policy } from '../csp/types';
import { KNOWN_DIRECTIVES, NEWER_DIRECTIVES } from '../csp/checks/view';
import { isPlaywrightPageResponse, toHeaderSet, toHeaderSetAsync, describeValue } from '../response/normalize';
import type { HeaderSet } from '../types';
import { assertBoolean, assertKnownKeys, assertOneOf, assertPlainObject, assertSourceList, assertStringArray, didYouMean } from '../validate';
import { isSiteReport } from '../crawl/types';
import { createHeaderSet } from '../response/header-set';
import { policiesOf } from '../rules/csp-policies';
import { UsageError, type MatcherContext, type MatcherResult } from './context';
import { siteCspResult, siteMatcherResult } from './site';
import { count, hint, palette, quote, sections, type Palette } from './format';

/** A request for `allows`/`blocks`: `origin` defaults to the response's own origin. */
export type CspRequestInput = Omit<CspRequest, 'origin' | 'directive'> & {
  /** The request's directive (script-src and style-src are read as their -elem forms; script-src is the one for eval). */
  directive: EffectiveDirective | 'script-src' | 'style-src';
  origin?: string;
};

export interface CspExpectation {
  /** Judge the report-only policy (Content-Security-Policy-Report-Only) instead of the enforced one. */
  reportOnly?: boolean;
  /** Directives that must hold these source expressions (all of them; others may be there too unless `exact`). */
  directives?: Partial<Record<CspDirectiveName, string[]>>;
  /** With `directives`: each named directive must hold exactly these values, no more. */
  exact?: boolean;
  /** Requests the policy must allow, decided by the source matcher. */
  allows?: CspRequestInput[];
  /** Requests the policy must block. */
  blocks?: CspRequestInput[];
  /**
   * Require a strict (nonce- or hash-based) CSP: csp-evaluator's strict checks
   * also run, and fail from `strict-csp` severity (its advice to add fallbacks
   * for pre-CSP3 browsers is left out).
   */
  strict?: boolean;
  /** The worst finding severity allowed. Default `medium` (so `high` and `syntax` fail), `medium-maybe` with `strict`. */
  maxSeverity?: CspSeverity;
  /** Finding types to leave out, e.g. `['script-allowlist-bypass']`. */
  ignore?: CspFindingType[];
  /**
   * The recorded policy this one may not be weaker than: a header value, a
   * file holding one (one policy per line, `#` comments), or what parseCsp
   * returns. Fails with what the policy now allows that the recorded one did
   * not (diffCsp; every nonce counts as the per-response one).
   */
  noWeakerThan?: string | Policy | Policy[];
}

/**
 * Strict checks that ask for fallbacks for browsers older than CSP3
 * ('unsafe-inline' and https: next to a nonce): advice on compatibility,
 * not on strength, so `strict: true` does not fail on them.
 */
const BACKWARD_COMPATIBILITY_ADVICE: readonly CspFindingType[] = ['unsafe-inline-fallback', 'allowlist-fallback'];

/** What allows/blocks requests may name (cspAllows reads script-src and style-src as their -elem forms). */
const REQUEST_DIRECTIVES: readonly string[] = [...Object.keys(FALLBACK_LISTS), 'script-src', 'style-src'];
const OPTION_NAMES = ['reportOnly', 'directives', 'exact', 'allows', 'blocks', 'strict', 'maxSeverity', 'ignore', 'noWeakerThan'] as const satisfies ReadonlyArray<
  keyof CspExpectation
>;
const REQUEST_KEYS = ['directive', 'url', 'origin', 'nonce', 'hash', 'inline', 'eval', 'wasmEval', 'parserInserted', 'redirected'] as const;

/**
 * `expect(responseOrPolicy).toHaveCsp(expected?)`: an enforced (or, with
 * `reportOnly`, a report-only) CSP is there, holds what is asked, allows and
 * blocks what is asked, and has no finding worse than `maxSeverity`.
 */
export function toHaveCsp(this: MatcherContext, received: unknown, expected?: CspExpectation): MatcherResult | Promise<MatcherResult> {
  if (isSiteReport(received)) return siteMatcherResult(this, 'toHaveCsp', siteCspResult(received, expected));
  const options = validateCspExpectation(expected);
  if (isPlaywrightPageResponse(received)) {
    return toHeaderSetAsync(received).then((headers) => judge(this, headers, options));
  }
  return judge(this, typeof received === 'string' ? policyStringHeaders(received, options) : toHeaderSet(received), options);
}

/** A bare policy string is taken as the header the options ask about. */
function policyStringHeaders(policy: string, options: CspExpectation): HeaderSet {
  return createHeaderSet([[options.reportOnly ? 'content-security-policy-report-only' : 'content-security-policy', policy]]);
}

/** One problem found by toHaveCsp, in the words of the message. */
type Problem =
  | { kind: 'missing'; text: string }
  | { kind: 'directive'; directive: string; text: string }
  | { kind: 'request'; text: string; decision: CspDecision }
  | { kind: 'finding'; finding: CspFinding }
  | { kind: 'weaker'; change: CspChange };

function judge(context: MatcherContext, headers: HeaderSet, options: CspExpectation): MatcherResult {
  const disposition = options.reportOnly ? 'report' : 'enforce';
  const header = options.reportOnly ? 'Content-Security-Policy-Report-Only' : 'Content-Security-Policy';
  const policies = policiesOf(headers, disposition);
  const problems: Problem[] = [];
  const checks: string[] = [];

  if (policies.length === 0) {
    const other = options.reportOnly ? 'Content-Security-Policy' : 'Content-Security-Policy-Report-Only';
    const hasOther = headers.has(other);
    problems.push({
      kind: 'missing',
      text:
        `no ${header} header` +
        (hasOther ? ` (there is a ${other}${options.reportOnly ? '' : ', which only reports; pass { reportOnly: true } to judge it, or enforce it'})` : ''),
    });
  } else {
    checks.push(`${count(policies.length, 'policy')} present`);
    problems.push(...directiveProblems(policies, options));
    if (options.directives) checks.push(`directives hold ${Object.keys(options.directives).join(', ')}`);
    problems.push(...requestProblems(policies, headers, options));
    if (options.allows?.length || options.blocks?.length) checks.push('requests allowed and blocked as asked');
    const maxSeverity = options.maxSeverity ?? (options.strict ? 'medium-maybe' : 'medium');
    const limit = CSP_SEVERITY_ORDER.indexOf(maxSeverity);
    const ignored = new Set<CspFindingType>([...(options.ignore ?? []), ...(options.strict ? BACKWARD_COMPATIBILITY_ADVICE : [])]);
    const findings = evaluatePolicies(policies, { strict: options.strict ?? false }).filter(
      (f) => !ignored.has(f.type) && CSP_SEVERITY_ORDER.indexOf(f.severity) < limit,
    );
    if (options.strict && !policies.some(isNonceOrHashBased)) {
      problems.push({
        kind: 'missing',
        text:
          "not a strict CSP: script-src (or default-src) holds no 'nonce-…' or 'sha256-…' source. " +
          "A strict policy reads like script-src 'nonce-{random}' 'strict-dynamic'; object-src 'none'; base-uri 'none'",
      });
    }
    problems.push(...findings.map((finding) => ({ kind: 'finding' as const, finding })));
    if (options.noWeakerThan !== undefined) {
      const recorded = recordedPolicies(options.noWeakerThan);
      const origin = headers.url ? safeOrigin(headers.url) : undefined;
      const diff = diffCsp(recorded, policies.map(asEnforced), { anyNonce: true, ...(origin ? { origin } : {}) });
      problems.push(...diff.loosened.map((change) => ({ kind: 'weaker' as const, change })));
      checks.push(`no weaker than ${recorded.map(serializeCsp).join(', ')}`);
    }
    checks.push(`no finding worse than ${maxSeverity}${options.strict ? ' (strict CSP checks)' : ''}`);
  }

  const colours = palette(context);
  // Each policy ends with ';' (still valid CSP): a line ending in a source like `…/a.js:1:2` would read as a stack frame.
  const shownPolicies = policies.map((p, i) => `  ${policies.length > 1 ? `[${i}] ` : ''}${colours.received(p.directives.length > 0 ? `${serializeCsp(p)};` : '(empty policy)')}`).join('\n');
  const subject = headers.url ? `the CSP of ${headers.url}` : 'the CSP';
  return {
    pass: problems.length === 0,
    name: 'toHaveCsp',
    message: () =>
      problems.length === 0
        ? sections(
            hint(context, 'toHaveCsp', 'expected'),
            `Expected ${subject} to fail, but it passed: ${checks.join('; ')}.`,
            shownPolicies && `Policy:\n${shownPolicies}`,
          )
        : sections(
            hint(context, 'toHaveCsp', 'expected'),
            `${subject[0]!.toUpperCase()}${subject.slice(1)} has ${count(problems.length, 'problem')}:`,
            problems.map((p) => formatProblem(p, colours)).join('\n'),
            shownPolicies && `Policy judged (${header}):\n${shownPolicies}`,
          ),
  };
}

/** Scripts are governed by nonces or hashes: the first of script-src-elem, script-src, default-src present decides. */
function isNonceOrHashBased(policy: Policy): boolean {
  const governing = ['script-src-elem', 'script-src', 'default-src']
    .map((name) => policy.directives.find((d) => d.name === name))
    .find((d) => d !== undefined);
  return governing?.sources.some((s) => s.kind === 'nonce' || s.kind === 'hash') ?? false;
}

function directiveProblems(policies: Policy[], options: CspExpectation): Problem[] {
  const problems: Problem[] = [];
  for (const [name, wanted] of Object.entries(options.directives ?? {})) {
    const directive = name.toLowerCase();
    // With several policies, one that holds the directive as asked is enough: "has what is asked".
    const holders = policies.map((p) => p.directives.find((d) => d.name === directive));
    const satisfied = holders.some((d) => d && hasValues(d.values, wanted, options.exact ?? false));
    if (satisfied) continue;
    const present = holders.find((d) => d !== undefined);
    const missingValues = present ? wanted.filter((w) => !present.values.some((v) => sameToken(v, w))) : wanted;
    const extra = present && options.exact ? present.values.filter((v) => !wanted.some((w) => sameToken(v, w))) : [];
    problems.push({
      kind: 'directive',
      directive,
      text: !present
        ? `${directive} is missing; expected it to hold ${wanted.join(' ')}`
        : [
            missingValues.length && `${directive} lacks ${missingValues.join(' ')}`,
            extra.length && `${directive} also holds ${extra.join(' ')} (exact: true)`,
          ]
            .filter(Boolean)
            .join('; ') + ` — it is "${present.values.join(' ')}"`,
    });
  }
  return problems;
}

/** Keywords compare case-insensitively, as browsers do; hosts and paths as written. */
function sameToken(a: string, b: string): boolean {
  return a === b || (a.startsWith("'") && a.toLowerCase() === b.toLowerCase());
}

function hasValues(values: string[], wanted: string[], exact: boolean): boolean {
  const all = wanted.every((w) => values.some((v) => sameToken(v, w)));
  return exact ? all && values.every((v) => wanted.some((w) => sameToken(v, w))) : all;
}

function requestProblems(policies: Policy[], headers: HeaderSet, options: CspExpectation): Problem[] {
  const problems: Problem[] = [];
  const defaultOrigin = headers.url ? safeOrigin(headers.url) : undefined;
  const judgeRequests = (requests: CspRequestInput[] | undefined, wantAllowed: boolean, key: 'allows' | 'blocks') => {
    for (const [index, input] of (requests ?? []).entries()) {
      const origin = input.origin ?? defaultOrigin;
      if (!origin) {
        throw new UsageError(
          `toHaveCsp: ${key}[${index}] needs an "origin" (the protected page's origin, for 'self'), because the response has no URL. ` +
            `Pass e.g. { directive: '${input.directive}', url: '…', origin: 'https://example.com' }.`,
        );
      }
      // Report-only policies decide nothing in the browser, but with reportOnly they are what is judged.
      const judged = options.reportOnly ? policies.map((p) => ({ ...p, disposition: 'enforce' as const })) : policies;
      const decision = cspAllows(judged, { ...input, origin } as CspRequest);
      if (decision.allowed !== wantAllowed) {
        problems.push({ kind: 'request', text: `expected ${describeRequest(input)} to be ${wantAllowed ? 'allowed' : 'blocked'}, but it is ${decision.allowed ? 'allowed' : 'blocked'}`, decision });
      }
    }
  };
  judgeRequests(options.allows, true, 'allows');
  judgeRequests(options.blocks, false, 'blocks');
  return problems;
}

function describeRequest(request: CspRequestInput): string {
  const what = request.url ?? (request.eval ? 'eval()' : request.wasmEval ? 'WebAssembly compilation' : request.inline ? 'an inline script/style' : 'the request');
  const extra = [request.nonce && `nonce ${request.nonce}`, request.hash && `hash ${request.hash}`].filter(Boolean).join(', ');
  return `${request.directive} ${what}${extra ? ` (${extra})` : ''}`;
}

function formatProblem(problem: Problem, colours: Palette): string {
  switch (problem.kind) {
    case 'missing':
    case 'directive':
      return `  ✕ ${problem.text}`;
    case 'request': {
      const reasons = problem.decision.decidedBy.map((d) => `      ${colours.dim(`policy ${d.policyIndex} (${d.disposition}), ${d.directive ?? 'no directive applies'}:`)} ${d.reason}`);
      return [`  ✕ ${problem.text}`, ...reasons].join('\n');
    }
    case 'weaker':
      return `  ✕ weaker than recorded: ${problem.change.text}`;
    case 'finding': {
      const f = problem.finding;
      const where = `${f.directive}${f.value ? ` ${quote(f.value)}` : ''}`;
      return `  ✕ ${where}  ${colours.dim(`[${f.type}, ${f.severity}]`)}\n      ${f.description}`;
    }
  }
}

/** The judged policies are compared as enforced: with reportOnly it is the report-only one that is judged. */
function asEnforced(policy: Policy): Policy {
  return policy.disposition === 'enforce' ? policy : { ...policy, disposition: 'enforce' };
}

/** The recorded policy: a header value, a file holding one, or parsed policies (checked by validateCspExpectation). */
function recordedPolicies(value: string | Policy | Policy[]): Policy[] {
  if (typeof value !== 'string') return (Array.isArray(value) ? value : [value]).map(asEnforced);
  if (!looksLikeFile(value)) return parseCsp(value);
  const lines = readFileSync(value, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return lines.length === 0 ? parseCsp('') : parseCsp(lines);
}

/** A string without ';' or whitespace that names an existing file is that file; anything else is a policy. */
function looksLikeFile(value: string): boolean {
  return !/[;\s]/.test(value.trim()) && existsSync(value);
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function validateCspExpectation(expected: unknown): CspExpectation {
  const what = 'toHaveCsp options';
  assertPlainObject(what, expected);
  if (expected === undefined) return {};
  assertKnownKeys(what, expected, OPTION_NAMES);
  assertBoolean(`${what}: reportOnly`, expected.reportOnly);
  assertBoolean(`${what}: exact`, expected.exact);
  assertBoolean(`${what}: strict`, expected.strict);
  if (expected.maxSeverity !== undefined) assertOneOf(`${what}: maxSeverity`, expected.maxSeverity, CSP_SEVERITY_ORDER);
  assertStringArray(`${what}: ignore`, expected.ignore);
  for (const type of expected.ignore ?? []) {
    if (!CSP_FINDING_TYPES.includes(type as CspFindingType)) {
      throw new UsageError(
        `${what}: ignore names an unknown finding type "${type}".${didYouMean(type, CSP_FINDING_TYPES)} ` +
          `Finding types are csp-evaluator's, without the "csp/" of the audit's ids: ${CSP_FINDING_TYPES.join(', ')}.`,
      );
    }
  }
  if (expected.directives !== undefined) {
    assertPlainObject(`${what}: directives`, expected.directives);
    for (const [name, values] of Object.entries(expected.directives ?? {})) {
      const known = [...KNOWN_DIRECTIVES, ...NEWER_DIRECTIVES];
      if (!known.includes(name.toLowerCase())) {
        throw new UsageError(`${what}: directives names an unknown directive "${name}".${didYouMean(name, known)} Known directives: ${known.join(', ')}.`);
      }
      assertSourceList(`${what}: directives["${name}"]`, values);
    }
  }
  if (expected.noWeakerThan !== undefined) validateRecorded(`${what}: noWeakerThan`, expected.noWeakerThan);
  for (const key of ['allows', 'blocks'] as const) {
    const list = expected[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new UsageError(`${what}: ${key} must be an array of requests like { directive: 'script-src', url: 'https://cdn.example/x.js' }, received ${describeValue(list)}.`);
    list.forEach((request, index) => {
      assertPlainObject(`${what}: ${key}[${index}]`, request);
      assertKnownKeys(`${what}: ${key}[${index}]`, request as Record<string, unknown>, REQUEST_KEYS);
      if (typeof (request as { directive?: unknown }).directive !== 'string') {
        throw new UsageError(`${what}: ${key}[${index}] needs a "directive" such as 'script-src' or 'img-src', received ${describeValue(request)}.`);
      }
      const directive = (request as { directive: string }).directive;
      if (!REQUEST_DIRECTIVES.includes(directive)) {
        throw new UsageError(
          `${what}: ${key}[${index}].directive "${directive}" is not a directive a request is judged by.${didYouMean(directive, REQUEST_DIRECTIVES)} ` +
            `Pass one of: ${REQUEST_DIRECTIVES.join(', ')}.`,
        );
      }
    });
  }
  return expected as CspExpectation;
}

function validateRecorded(what: string, value: unknown): void {
  const isPolicy = (p: unknown) => p !== null && typeof p === 'object' && Array.isArray((p as Partial<Policy>).directives);
  if (typeof value === 'string') {
    if (value.trim() === '') throw new UsageError(`${what} is an empty string. Pass the recorded policy ("script-src 'self'; object-src 'none'") or a file that holds it.`);
    const pathLike = !/[;\s]/.test(value.trim()) && /[\\/]|\.(csp|txt|json)$/i.test(value);
    if (pathLike && !existsSync(value)) throw new UsageError(`${what}: the file "${value}" does not exist. Pass a file that holds the recorded policy, or the policy itself.`);
    const recorded = looksLikeFile(value) ? recordedPolicies(value) : parseCsp(value);
    if (recorded.every((p) => p.directives.length === 0)) {
      throw new UsageError(`${what} holds no directive (received ${describeValue(value)}). Pass the recorded policy, e.g. "default-src 'self'; script-src 'self' https://cdn.example".`);
    }
    return;
  }
  if (isPolicy(value) || (Array.isArray(value) && value.length > 0 && value.every(isPolicy))) return;
  throw new UsageError(`${what} must be a policy string, a file holding one, or what parseCsp() returns, received ${describeValue(value)}.`);
}
