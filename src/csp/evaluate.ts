/**
 * The CSP evaluator: runs the checks in ./checks on parsed policies.
 *
 * - `evaluateCsp` gives what Google's csp-evaluator 1.1.8 gives for the same
 *   policy (same types, severities, directives and values; our own wording),
 *   for CSP versions 1-3, with or without its strict CSP checks. To get the
 *   same answers it reads each policy the way csp-evaluator does (see
 *   `evaluatorView`). Several policies (a header with commas, or an array)
 *   are each judged on their own.
 * - `evaluatePolicies` is our extended mode: policies read as browsers read
 *   them, newer CSP3 names accepted, our own checks added, parser problems
 *   reported, and several policies judged together as browsers enforce them.
 * - `findStaticNonces` looks across responses for a nonce that repeats.
 */
import { UsageError } from '../errors';
import { DEFAULT_CHECKS, EXTENDED_CHECKS, EXTENDED_STRICT_CHECKS, STRICT_CHECKS, type CheckContext, type CspCheck } from './checks';
import { checkBaseUri } from './checks/navigation';
import { weaknessJudge, weaknessKey } from './combine';
import { directiveNameOf, effectiveView, newView, LOOSE_NONCE, normalizeOwnValues, normalizeValues, type CspVersion, type PolicyView } from './checks/view';
import { finding, type CspFinding } from './findings';
import { parseCsp, stripAsciiWhitespace } from './parse';
import type { ParseIssue, Policy } from './types';

export interface EvaluateCspOptions {
  /** The CSP version whose browsers to model: 1, 2 or 3 (the default). */
  version?: CspVersion;
  /** Also run the strict CSP checks (nonces/hashes with 'strict-dynamic', fallbacks, Trusted Types). */
  strict?: boolean;
}

/** Anything a policy may be given as. */
export type CspInput = string | Policy | readonly Policy[];

/** Directives a `<meta>` policy cannot carry (HTML ignores them there). */
const META_IGNORED = ['report-uri', 'frame-ancestors', 'sandbox'];

/**
 * Judge a policy as csp-evaluator does. A string is read as a
 * Content-Security-Policy header value. Parsed policies, and a string with
 * several comma-separated policies, are judged each on its own; their
 * findings carry `policyIndex` and `disposition`. (A string holding one
 * policy gives findings without them, as csp-evaluator does.)
 */
export function evaluateCsp(policy: CspInput, options: EvaluateCspOptions = {}): CspFinding[] {
  const { version, strict } = checkOptions('evaluateCsp', options);
  const context: CheckContext = { extended: false };
  if (typeof policy === 'string') {
    // One header value without a comma is one enforced policy: read its text directly, no full parse needed.
    if (!policy.includes(',')) return runChecks(readLikeCspEvaluator(policy, 'header'), version, strict, context);
    // Several: each part's text is what evaluatorView would read from parseCsp's policy (see headerPolicyTexts).
    const out: CspFinding[] = [];
    headerPolicyTexts(policy).forEach((text, index) => {
      for (const f of runChecks(readLikeCspEvaluator(text, 'header'), version, strict, context)) out.push({ ...f, policyIndex: index, disposition: 'enforce' });
    });
    return out;
  }
  const policies = toPolicies('evaluateCsp', policy);
  const out: CspFinding[] = [];
  policies.forEach((p, index) => {
    const findings = runChecks(evaluatorView(p), version, strict, context);
    for (const f of findings) out.push({ ...f, policyIndex: index, disposition: p.disposition });
  });
  return out;
}

/**
 * The `raw` text of each policy parseCsp(value) gives (the comma-separated
 * parts, stripped, empty ones skipped, one empty policy if nothing is left),
 * without typing their sources: csp-evaluator's reading needs only the text.
 */
function headerPolicyTexts(value: string): string[] {
  const texts = value.split(',').map(stripAsciiWhitespace).filter((part) => part !== '');
  return texts.length > 0 ? texts : [''];
}

/**
 * Judge the policies of one response together, as browsers apply them.
 *
 * Browsers enforce every enforced policy, so a weakness (say 'unsafe-inline'
 * for scripts) only stands where every other enforced policy permits what it
 * is about too (an inline script runs past `img-src 'self'`, which does not
 * govern scripts; see combine.ts). It is reported once, for the first policy
 * that has it. Findings about one policy's own text (syntax, hygiene,
 * advice) are reported for each policy. Report-only policies block nothing:
 * each is judged on its own and its findings are marked
 * `disposition: 'report'`.
 */
export function evaluatePolicies(policies: readonly Policy[], options: EvaluateCspOptions = {}): CspFinding[] {
  const { version, strict } = checkOptions('evaluatePolicies', options);
  if (!Array.isArray(policies)) {
    throw new UsageError(
      `evaluatePolicies(policies): expected an array of parsed policies (from parseCsp), received ${describe(policies)}. ` +
        'To judge a header value, pass parseCsp(value).',
    );
  }
  const list = toPolicies('evaluatePolicies', policies);
  const perPolicy = list.map((p) => extendedFindings(p, version, strict));
  const enforcedCount = list.reduce((n, p) => (p.disposition === 'enforce' ? n + 1 : n), 0);
  // Each finding's weakness, read once; how many enforced policies have each, counted once per policy.
  // One pass each, and a finding is copied only when it is reported: many policies stay linear.
  const keys = perPolicy.map((findings) => findings.map(weaknessKey));
  const holders = new Map<string, number>();
  if (enforcedCount >= 2) {
    keys.forEach((own, index) => {
      if (list[index]?.disposition !== 'enforce') return;
      for (const key of new Set(own)) if (key !== undefined) holders.set(key, (holders.get(key) ?? 0) + 1);
    });
  }
  const judge = weaknessJudge(list, (policyIndex, key) => (keys[policyIndex] ?? []).includes(key), (key) => holders.get(key) === enforcedCount);
  const out: CspFinding[] = [];
  const reportedWeakness = new Set<string>();
  perPolicy.forEach((findings, index) => {
    const policy = list[index];
    if (policy === undefined) return;
    const own = keys[index] ?? [];
    findings.forEach((f, i) => {
      const key = own[i];
      if (policy.disposition === 'enforce' && key !== undefined && enforcedCount >= 2) {
        if (reportedWeakness.has(key) || !judge.stands(f, index, key)) return;
        reportedWeakness.add(key);
      }
      out.push({ ...f, policyIndex: index, disposition: policy.disposition });
    });
  });
  return out;
}

/**
 * A nonce must be new for every response; one seen in several responses can
 * be copied by an attacker into injected markup. Pass the policies of each
 * response (a header value, a policy, or the response's policies); each
 * nonce that appears in more than one response is reported once, with
 * `policyIndex` set to the first response's index.
 */
export function findStaticNonces(responses: ReadonlyArray<CspInput>): CspFinding[] {
  if (!Array.isArray(responses)) {
    throw new UsageError(
      `findStaticNonces(responses): expected an array with the policies of each response (header values or parsed policies), received ${describe(responses)}.`,
    );
  }
  const seen = new Map<string, { first: number; directive: string; count: number }>();
  responses.forEach((response, index) => {
    const inThisResponse = new Set<string>();
    for (const policy of toPolicies(`findStaticNonces(responses[${index}])`, response)) {
      for (const directive of policy.directives) {
        for (const value of directive.values) {
          if (!LOOSE_NONCE.test(value) || inThisResponse.has(value)) continue;
          inThisResponse.add(value);
          const entry = seen.get(value);
          if (entry === undefined) seen.set(value, { first: index, directive: directive.name, count: 1 });
          else entry.count++;
        }
      }
    }
  });
  const out: CspFinding[] = [];
  for (const [value, entry] of seen) {
    if (entry.count < 2) continue;
    out.push({
      ...finding(
        'static-nonce',
        'high',
        entry.directive,
        `The nonce ${value} was sent in ${entry.count} responses; a nonce an attacker can read once lets their injected scripts run everywhere. ` +
          'Generate a fresh random nonce (16+ bytes) for every response and never cache pages that carry one.',
        value,
      ),
      policyIndex: entry.first,
    });
  }
  return out;
}

/**
 * The policy as csp-evaluator reads it. Browsers skip directives with
 * non-ASCII text or malformed names and split only on ASCII whitespace;
 * csp-evaluator keeps such directives, splits on any Unicode whitespace and
 * lower-cases names with Unicode rules. To report what it reports we read
 * the policy's own text its way (a hand-built Policy without `raw` falls
 * back to its directives). Keywords and schemes are lower-cased and repeated
 * values dropped, which its checks depend on.
 */
export function evaluatorView(policy: Policy): PolicyView {
  if (policy.raw === '' && policy.directives.length > 0) return browserView(policy);
  return readLikeCspEvaluator(policy.raw, policy.source);
}

/** JavaScript's \s: what csp-evaluator's trim() and \S+ treat as space (wider than the ASCII whitespace browsers use). */
function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function readLikeCspEvaluator(text: string, source: Policy['source']): PolicyView {
  const directives = new Map<string, string[]>();
  const length = text.length;
  let i = 0;
  while (i <= length) {
    // One directive: up to the next ';'. Tokens are runs of non-space.
    let name: string | undefined;
    let tokens: string[] | undefined;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === 59 /* ; */) break;
      if (isJsSpace(c)) {
        i++;
        continue;
      }
      const start = i;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 59 || isJsSpace(d)) break;
        i++;
      }
      const token = text.slice(start, i);
      if (name !== undefined) {
        (tokens ??= []).push(token);
        continue;
      }
      name = directiveNameOf(token);
      if (directives.has(name)) {
        // A repeated directive is dropped (the first one counts): skip its values without reading them.
        const end = text.indexOf(';', i);
        i = end === -1 ? length : end;
        name = undefined;
      }
    }
    i++;
    if (name !== undefined) directives.set(name, tokens === undefined ? [] : normalizeOwnValues(tokens));
  }
  if (source === 'meta') for (const name of META_IGNORED) directives.delete(name);
  return newView(directives);
}

/** The policy as browsers read it: the parser's directives, keywords and schemes lower-cased, repeats dropped. */
export function browserView(policy: Policy): PolicyView {
  const directives = new Map<string, string[]>();
  for (const d of policy.directives) if (!directives.has(d.name)) directives.set(d.name, normalizeValues(d.values));
  return newView(directives);
}

function runChecks(view: PolicyView, version: CspVersion, strict: boolean, context: CheckContext): CspFinding[] {
  let out: CspFinding[] | undefined;
  if (strict) out = runAll(STRICT_CHECKS, view, context, out);
  return runAll(DEFAULT_CHECKS, effectiveView(view, version), context, out) ?? [];
}

/** Each check's findings after `out`'s; most checks find nothing, and the first list found is kept as the result (no copy). */
function runAll(checks: readonly CspCheck[], view: PolicyView, context: CheckContext, out: CspFinding[] | undefined): CspFinding[] | undefined {
  for (let i = 0; i < checks.length; i++) {
    const found = (checks[i] as CspCheck)(view, context);
    if (found.length === 0) continue;
    if (out === undefined) out = found;
    else for (let j = 0; j < found.length; j++) out.push(found[j] as CspFinding);
  }
  return out;
}

function extendedFindings(policy: Policy, version: CspVersion, strict: boolean): CspFinding[] {
  const view = browserView(policy);
  const context: CheckContext = { extended: true, source: policy.source };
  const out = runChecks(view, version, strict, context);
  for (const check of EXTENDED_CHECKS) appendAll(out, check(view, context));
  if (strict) for (const check of EXTENDED_STRICT_CHECKS) appendAll(out, check(view, context));
  const baseUriReported = out.some((f) => f.type === 'missing-directives' && f.directive === 'base-uri');
  appendAll(out, checkBaseUri(view, baseUriReported));
  for (const issue of policy.issues ?? []) out.push(issueFinding(issue));
  return out;
}

/** push(...items) puts every item on the stack: a long list overflows it. */
function appendAll<T>(out: T[], items: readonly T[]): void {
  for (const item of items) out.push(item);
}

function issueFinding(issue: ParseIssue): CspFinding {
  const directive = issue.directive ?? '';
  switch (issue.kind) {
    case 'duplicate-directive':
      return finding(
        'duplicate-directive',
        'syntax',
        directive,
        `${directive} appears more than once; browsers use the first and ignore "${issue.token}". Merge the sources into one ${directive}.`,
        issue.token,
      );
    case 'empty-directive':
      return finding(
        'empty-directive',
        'info',
        directive,
        `${directive} has no sources, which blocks everything it governs (like 'none'). If that is meant, write ${directive} 'none' to say so; otherwise list the sources.`,
      );
    case 'non-ascii':
      return finding(
        'directive-ignored',
        'syntax',
        directive,
        `"${issue.token}" contains non-ASCII characters (curly quotes, non-breaking spaces, unencoded international names), so browsers ignore the whole directive. ` +
          "Use straight quotes ('self'), plain spaces and punycode host names.",
        issue.token,
      );
    case 'invalid-directive-name':
      return finding(
        'directive-ignored',
        'syntax',
        directive,
        `"${directive}" is not a valid directive name (letters, digits and "-" only), so browsers ignore "${issue.token}". Fix the name${directive.endsWith(':') ? ' (no colon after it)' : ''}.`,
        issue.token,
      );
    case 'ignored-in-meta':
      return finding(
        'directive-ignored',
        'syntax',
        directive,
        `${directive} has no effect in a <meta> policy. Send it in a Content-Security-Policy response header instead.`,
        issue.token,
      );
  }
}

function checkOptions(fn: string, options: unknown): { version: CspVersion; strict: boolean } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new UsageError(`${fn}(policy, options): options must be an object such as { version: 3, strict: true }, received ${describe(options)}.`);
  }
  const { version = 3, strict = false } = options as { version?: unknown; strict?: unknown };
  if (version !== 1 && version !== 2 && version !== 3) {
    throw new UsageError(`${fn}: options.version must be 1, 2 or 3 (the CSP level whose browsers to model), received ${describe(version)}.`);
  }
  if (typeof strict !== 'boolean') {
    throw new UsageError(`${fn}: options.strict must be true or false, received ${describe(strict)}.`);
  }
  return { version, strict };
}

function isPolicy(value: unknown): value is Policy {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as Policy).directives) &&
    typeof (value as Policy).raw === 'string' &&
    ((value as Policy).disposition === 'enforce' || (value as Policy).disposition === 'report')
  );
}

function toPolicies(fn: string, input: unknown): Policy[] {
  if (typeof input === 'string') return parseCsp(input);
  if (isPolicy(input)) return [input];
  if (Array.isArray(input)) {
    input.forEach((item, i) => {
      if (!isPolicy(item)) {
        throw new UsageError(
          `${fn}: item ${i} is not a parsed policy (an object with directives, disposition and raw, as parseCsp returns), received ${describe(item)}.`,
        );
      }
    });
    return input as Policy[];
  }
  throw new UsageError(
    `${fn}: expected a CSP header value (string), a policy from parseCsp, or an array of them, received ${describe(input)}.`,
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string '${value.length > 60 ? value.slice(0, 57) + '...' : value}'`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`;
  return `${typeof value} ${String(value)}`;
}
