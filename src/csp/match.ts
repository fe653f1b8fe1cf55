/**
 * Does a set of policies allow a request? A pure re-implementation of the
 * CSP3 checks browsers run (https://w3c.github.io/webappsec-csp/):
 * - fetches: "Should request be blocked by CSP?" with the effective
 *   directive's fallback list, script directives' nonce / integrity /
 *   'strict-dynamic' steps, and URL matching (url-match.ts);
 * - inline script and style: "Should element's inline type behavior be
 *   blocked?", i.e. 'unsafe-inline' (ignored next to nonces, hashes and, for
 *   scripts, 'strict-dynamic'), nonces, hashes, 'unsafe-hashes';
 * - eval and WebAssembly compilation (script-src, else default-src);
 * - `upgrade-insecure-requests` in an enforced policy: enforced policies
 *   judge http: and ws: request URLs as the https: and wss: URLs the browser
 *   fetches instead; report-only policies judge the URL as written (Chromium
 *   checks them before it upgrades).
 * Every policy is judged on its own. Only enforced policies decide
 * `allowed`; report-only ones are listed in `decidedBy` all the same.
 * Where CSP3's text and Chromium differ we do as Chromium 156 does
 * (docs/csp-chromium-divergences.md); test/browser/csp-oracle.pw.ts checks
 * the answers against the browser.
 */
import { UsageError } from '../errors';
import { FALLBACK_LISTS, isEffectiveDirective, type EffectiveDirective } from './keywords';
import { asciiLowerCase, parseCsp } from './parse';
import type { Directive, Disposition, HashAlgorithm, Policy, SourceExpression } from './types';
import { findMatchingSource, selfOriginOf, type SelfOrigin } from './url-match';

export interface CspRequest {
  /**
   * The request's effective directive: `script-src-elem`, `script-src-attr`,
   * `style-src-elem`, `style-src-attr`, `img-src`, `connect-src`, `font-src`,
   * `media-src`, `manifest-src`, `object-src`, `frame-src`, `worker-src`,
   * `frame-ancestors`, `form-action`, `base-uri`. `script-src` and
   * `style-src` are read as their `-elem` forms (and `script-src` is the one
   * to name for eval).
   */
  directive: string;
  /** The URL fetched (absolute, or a path starting with '/' read against `origin`). For frame-ancestors: the embedding page. */
  url?: string;
  /** The protected document's origin (or any URL on it), for 'self' and schemeless sources. */
  origin: string;
  /** The element's nonce attribute value (without `'nonce-` and quotes). */
  nonce?: string;
  /** `sha256-…` (or sha384/sha512): the inline content's hash, or with `url` the script's integrity metadata. */
  hash?: string;
  /** Ask about inline content (a `<script>`/`<style>` body, an event handler, a style attribute) instead of a URL. */
  inline?: boolean;
  /** Ask whether eval() / new Function() may run (directive: 'script-src'). */
  eval?: boolean;
  /** Ask whether WebAssembly may compile (directive: 'script-src'). */
  wasmEval?: boolean;
  /** For 'strict-dynamic': was the script written in the HTML (true, the default for scripts) or added by script (false)? */
  parserInserted?: boolean;
  /** The fetch followed a redirect: source paths are then ignored, as CSP3 says. */
  redirected?: boolean;
}

/**
 * Requests `upgrade-insecure-requests` rewrites before the enforced policies
 * judge them: subresources and frame navigations, not the embedder
 * (frame-ancestors) or a <base> URL. Chromium 156 checks some requests
 * itself before its fetch layer upgrades them, so they are judged as
 * written: a dedicated worker's script and media (<audio>/<video>).
 * fetch() is checked twice (see judgeAll); a WebSocket URL is upgraded
 * first, then checked.
 */
const NOT_UPGRADED: ReadonlySet<string> = new Set(['frame-ancestors', 'base-uri', 'worker-src', 'media-src']);
/** Checked by Chromium's browser process, where 'self' is the page's origin read as a host source. */
const NAVIGATIONS: ReadonlySet<string> = new Set(['frame-src']);

export interface CspPolicyVerdict {
  policyIndex: number;
  disposition: Disposition;
  /** The directive that applied after fallback; undefined when none of the fallback list is in the policy. */
  directive: string | undefined;
  allowed: boolean;
  reason: string;
}

export interface CspDecision {
  /** True when every enforced policy allows the request (report-only policies never block). */
  allowed: boolean;
  /** One verdict per policy, in order, enforced and report-only. */
  decidedBy: CspPolicyVerdict[];
  /** The first enforced policy that blocks, when one does. */
  blockedBy?: { policyIndex: number; directive: string; disposition: Disposition };
}

type InlineDirective = 'script-src-elem' | 'script-src-attr' | 'style-src-elem' | 'style-src-attr';

interface RequestHash {
  algorithm: HashAlgorithm;
  /** base64url normalised to base64 and the `=` padding dropped, as Chromium compares hashes. */
  value: string;
  raw: string;
}

type Question =
  | {
      kind: 'fetch';
      effective: EffectiveDirective;
      url: URL;
      nonce: string | undefined;
      integrity: RequestHash | undefined;
      parserInserted: boolean;
      redirected: boolean;
      /** The URL as asked, when upgrade-insecure-requests changed it. */
      upgradedFrom?: string;
    }
  | {
      kind: 'inline';
      effective: InlineDirective;
      nonce: string | undefined;
      hash: RequestHash | undefined;
      parserInserted: boolean;
    }
  | { kind: 'eval' }
  | { kind: 'wasm-eval' };

const FETCH_DIRECTIVES = Object.keys(FALLBACK_LISTS).filter((name) => !name.endsWith('-attr'));
const INLINE_DIRECTIVES: readonly InlineDirective[] = ['script-src-elem', 'script-src-attr', 'style-src-elem', 'style-src-attr'];
const NOT_ABOUT_REQUESTS = new Set([
  'sandbox',
  'report-uri',
  'report-to',
  'upgrade-insecure-requests',
  'block-all-mixed-content',
  'trusted-types',
  'require-trusted-types-for',
  'webrtc',
  'plugin-types',
]);

const HASH_RE = /^'?(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})'?$/i;

/**
 * Would these policies allow the request? `policies` is what parseCsp
 * returned (one Policy or several) or a Content-Security-Policy header value
 * (parsed as enforced). Throws an Error naming the problem for a request
 * that cannot be answered (unknown directive, missing origin, bad URL, …).
 */
export function cspAllows(policies: Policy | readonly Policy[] | string, request: CspRequest): CspDecision {
  const list = toPolicies(policies);
  const { question: asked, self } = readRequest(request);
  const verdicts = judgeAll(list, asked, upgradeInsecure(list, asked), self);
  const decidedBy = list.map((policy, policyIndex) => ({ policyIndex, disposition: policy.disposition, ...verdicts[policyIndex]! }));
  const blocking = decidedBy.find((verdict) => verdict.disposition === 'enforce' && !verdict.allowed);
  const decision: CspDecision = { allowed: blocking === undefined, decidedBy };
  if (blocking !== undefined && blocking.directive !== undefined) {
    decision.blockedBy = { policyIndex: blocking.policyIndex, directive: blocking.directive, disposition: blocking.disposition };
  }
  return decision;
}

/** A request read once (checked, its URL parsed): for callers that ask many policies about the same request. */
export interface PreparedCspRequest {
  readonly question: Question;
  readonly self: SelfOrigin;
}

/** Reads and checks `request` as cspAllows does (the same UsageErrors), for preparedAllows. */
export function prepareCspRequest(request: CspRequest): PreparedCspRequest {
  return readRequest(request);
}

/**
 * cspAllows(policies, request).allowed for a request read once: the engine's
 * own callers (the several-policies judge, diffCsp) ask the same few requests
 * of many policies, where reading the request each time was most of the cost.
 * `policies` must be parsed policies (not checked here).
 */
export function preparedAllows(policies: readonly Policy[], prepared: PreparedCspRequest): boolean {
  const { question, self } = prepared;
  const verdicts = judgeAll(policies, question, upgradeInsecure(policies, question), self);
  return verdicts.every((verdict, i) => verdict.allowed || policies[i]!.disposition !== 'enforce');
}

/**
 * Each policy's verdict, as Chromium 156 orders its checks when
 * upgrade-insecure-requests rewrote the URL: report-only policies judge the
 * URL as written (they are checked before the upgrade), enforced ones the
 * upgraded URL. A WebSocket is upgraded before any check, so every policy
 * judges the wss: URL. fetch() (a connect-src http: URL) checks every policy on the
 * URL as written first, and only when none of the enforced ones blocked it
 * are they asked again about the upgraded URL.
 */
function judgeAll(list: readonly Policy[], asked: Question, upgraded: Question, self: SelfOrigin): Verdict[] {
  if (upgraded === asked) return list.map((policy) => judge(policy, asked, self));
  if (asked.kind === 'fetch' && asked.url.protocol === 'ws:') return list.map((policy) => judge(policy, upgraded, self));
  if (asked.kind === 'fetch' && asked.effective === 'connect-src' && asked.url.protocol === 'http:') {
    const first = list.map((policy) => judge(policy, asked, self));
    const stopped = first.some((verdict, i) => list[i]!.disposition === 'enforce' && !verdict.allowed);
    return list.map((policy, i) => (policy.disposition === 'report' || stopped ? first[i]! : judge(policy, upgraded, self)));
  }
  return list.map((policy) => judge(policy, policy.disposition === 'enforce' ? upgraded : asked, self));
}

// ---------------------------------------------------------------------------
// Judging one policy

interface Verdict {
  directive: string | undefined;
  allowed: boolean;
  reason: string;
}

function judge(policy: Policy, question: Question, self: SelfOrigin): Verdict {
  if (question.kind === 'eval' || question.kind === 'wasm-eval') return judgeEval(policy, question.kind);
  const fallback: readonly string[] = FALLBACK_LISTS[question.effective];
  const directive = fallback.map((name) => findDirective(policy, name)).find((found) => found !== undefined);
  if (directive === undefined) {
    const none = fallback.length === 1 ? `no ${fallback[0]} directive` : `none of ${fallback.join(', ')}`;
    return { directive: undefined, allowed: true, reason: `No directive applies: the policy has ${none}, so it does not restrict this.` };
  }
  const label = directive.name === question.effective ? directive.name : `${directive.name} (fell back from ${question.effective})`;
  const verdict = question.kind === 'fetch' ? judgeFetch(question, directive, label, self) : judgeInline(question, directive, label);
  if (question.kind === 'fetch' && question.upgradedFrom !== undefined) {
    verdict.reason += ` (upgrade-insecure-requests turned '${question.upgradedFrom}' into this URL.)`;
  }
  return { directive: directive.name, ...verdict };
}

/** An enforced `upgrade-insecure-requests` makes the browser fetch https:/wss: instead of http:/ws: (port 80 becoming 443). */
function upgradeInsecure(policies: readonly Policy[], question: Question): Question {
  if (question.kind !== 'fetch' || NOT_UPGRADED.has(question.effective)) return question;
  const scheme = question.url.protocol;
  if (scheme !== 'http:' && scheme !== 'ws:') return question;
  const upgrades = policies.some((p) => p.disposition === 'enforce' && p.directives.some((d) => d.name === 'upgrade-insecure-requests'));
  if (!upgrades) return question;
  const url = new URL(question.url.href);
  const port = url.port;
  url.protocol = scheme === 'http:' ? 'https:' : 'wss:';
  if (port === '80') url.port = '';
  return { ...question, url, upgradedFrom: question.url.href };
}

function judgeEval(policy: Policy, kind: 'eval' | 'wasm-eval'): Verdict {
  const directive = findDirective(policy, 'script-src') ?? findDirective(policy, 'default-src');
  const what = kind === 'eval' ? 'eval() and new Function()' : 'WebAssembly compilation';
  const isAre = kind === 'eval' ? 'are' : 'is';
  if (directive === undefined) {
    return { directive: undefined, allowed: true, reason: `No directive applies: the policy has neither script-src nor default-src, so ${what} ${isAre} not restricted.` };
  }
  const label = directive.name === 'script-src' ? 'script-src' : 'default-src (fell back from script-src)';
  const keywords = keywordsOf(directive.sources);
  if (keywords.has('unsafe-eval')) return { directive: directive.name, allowed: true, reason: `${label} has 'unsafe-eval', which allows ${what}.` };
  if (kind === 'wasm-eval' && keywords.has('wasm-unsafe-eval')) {
    return { directive: directive.name, allowed: true, reason: `${label} has 'wasm-unsafe-eval', which allows ${what}.` };
  }
  const needed = kind === 'eval' ? "'unsafe-eval'" : "'wasm-unsafe-eval' or 'unsafe-eval'";
  const trustedTypes =
    kind === 'eval' && keywords.has('trusted-types-eval')
      ? " ('trusted-types-eval' only lets TrustedScript values through when Trusted Types are enforced, not plain strings)"
      : '';
  return { directive: directive.name, allowed: false, reason: `${label} has no ${needed}, so ${what} ${isAre} blocked${trustedTypes}.` };
}

function judgeFetch(question: Extract<Question, { kind: 'fetch' }>, directive: Directive, label: string, self: SelfOrigin): Omit<Verdict, 'directive'> {
  const sources = directive.sources;
  const shown = `'${question.url.href}'`;
  const scriptLike = question.effective === 'script-src-elem' || question.effective === 'worker-src';

  if ((scriptLike || question.effective === 'style-src-elem') && question.nonce !== undefined) {
    const nonce = findNonce(sources, question.nonce);
    if (nonce) return { allowed: true, reason: `Nonce '${question.nonce}' matches ${nonce.raw} in ${label}.` };
  }
  if (scriptLike && question.integrity !== undefined) {
    const hash = findHash(sources, question.integrity);
    if (hash) return { allowed: true, reason: `Integrity metadata ${question.integrity.raw} matches ${hash.raw} in ${label}.` };
  }
  if (scriptLike && keywordsOf(sources).has('strict-dynamic')) {
    if (question.parserInserted) {
      return {
        allowed: false,
        reason:
          `${label} has 'strict-dynamic', so a parser-inserted script (written in the HTML) needs a matching nonce or hash; ` +
          `host and scheme sources are ignored${question.nonce === undefined ? '' : ` and nonce '${question.nonce}' matches none`}. ` +
          `Pass parserInserted: false for a script added by another script.`,
      };
    }
    return { allowed: true, reason: `${label} has 'strict-dynamic', which allows a script added by an already trusted script (not parser-inserted).` };
  }

  const match = findMatchingSource(question.url, sources, self, { redirected: question.redirected, navigation: NAVIGATIONS.has(question.effective) });
  if (match) return { allowed: true, reason: `${shown} matches ${describeMatch(match, self)} in ${label}.` };
  return { allowed: false, reason: `${shown} matches no source in ${label}${emptyListHint(directive)}.` };
}

function judgeInline(question: Extract<Question, { kind: 'inline' }>, directive: Directive, label: string): Omit<Verdict, 'directive'> {
  const sources = directive.sources;
  const keywords = keywordsOf(sources);
  const isScript = question.effective.startsWith('script');
  const isElement = question.effective.endsWith('-elem');
  const what = INLINE_WHAT[question.effective];
  const hasNonceOrHash = sources.some((source) => source.kind === 'nonce' || source.kind === 'hash');
  // Chromium: 'strict-dynamic' switches 'unsafe-inline' off in a script directive and in
  // default-src, whatever falls back to it (styles too); in style-src it does nothing.
  const strictDynamic = (isScript || directive.name === 'default-src') && keywords.has('strict-dynamic');

  // "Does a source list allow all inline behavior for type?"
  if (keywords.has('unsafe-inline') && !hasNonceOrHash && !strictDynamic) {
    return { allowed: true, reason: `${label} has 'unsafe-inline', which allows ${what}.` };
  }
  if (isElement && question.nonce !== undefined) {
    const nonce = findNonce(sources, question.nonce);
    if (nonce) return { allowed: true, reason: `Nonce '${question.nonce}' matches ${nonce.raw} in ${label}.` };
  }
  const unsafeHashes = keywords.has('unsafe-hashes');
  if (isElement || unsafeHashes) {
    if (strictDynamic && question.effective === 'script-src-elem' && !question.parserInserted) {
      return { allowed: true, reason: `${label} has 'strict-dynamic', which allows an inline script added by an already trusted script (not parser-inserted).` };
    }
    if (question.hash !== undefined) {
      const hash = findHash(sources, question.hash);
      if (hash) {
        const via = isElement ? '' : " (with 'unsafe-hashes', which lets hashes cover attributes)";
        return { allowed: true, reason: `Hash ${question.hash.raw} matches ${hash.raw} in ${label}${via}.` };
      }
    }
  }
  return { allowed: false, reason: `${capitalise(what)} is blocked by ${label}: ${whyInlineBlocked(question, sources, keywords, isElement, strictDynamic, hasNonceOrHash)}.` };
}

const INLINE_WHAT: Readonly<Record<InlineDirective, string>> = {
  'script-src-elem': 'an inline <script>',
  'script-src-attr': 'an inline event handler (onclick=…)',
  'style-src-elem': 'an inline <style>',
  'style-src-attr': 'a style attribute',
};

function whyInlineBlocked(
  question: Extract<Question, { kind: 'inline' }>,
  sources: readonly SourceExpression[],
  keywords: ReadonlySet<string>,
  isElement: boolean,
  strictDynamic: boolean,
  hasNonceOrHash: boolean,
): string {
  const reasons: string[] = [];
  if (keywords.has('unsafe-inline')) {
    const because = [hasNonceOrHash ? 'a nonce or hash' : '', strictDynamic ? "'strict-dynamic'" : ''].filter(Boolean).join(' and ');
    reasons.push(`'unsafe-inline' is ignored because the list also has ${because}`);
  }
  if (question.nonce !== undefined) {
    reasons.push(isElement ? `nonce '${question.nonce}' matches no 'nonce-…' source` : 'nonces never apply to attributes');
  }
  if (question.hash !== undefined) {
    const listed = findHash(sources, question.hash) !== undefined;
    if (listed && !isElement) reasons.push(`hash ${question.hash.raw} is listed, but hashes only cover attributes when 'unsafe-hashes' is present too`);
    else if (!listed) reasons.push(`hash ${question.hash.raw} matches no hash source`);
  }
  if (strictDynamic && question.effective === 'script-src-elem' && question.parserInserted && !keywords.has('unsafe-inline')) {
    reasons.push("'strict-dynamic' only exempts scripts that are not parser-inserted");
  }
  if (reasons.length === 0) reasons.push("it has no 'unsafe-inline', matching nonce or matching hash");
  return reasons.join('; ');
}

// ---------------------------------------------------------------------------
// Source-list helpers

function findDirective(policy: Policy, name: string): Directive | undefined {
  return policy.directives.find((directive) => directive.name === name);
}

function keywordsOf(sources: readonly SourceExpression[]): Set<string> {
  return new Set(sources.flatMap((source) => (source.kind === 'keyword' ? [source.keyword] : [])));
}

/** CSP3 "Does nonce match source list?": an exact, case-sensitive string match. */
function findNonce(sources: readonly SourceExpression[], nonce: string): SourceExpression | undefined {
  return nonce === '' ? undefined : sources.find((source) => source.kind === 'nonce' && source.value === nonce);
}

function findHash(sources: readonly SourceExpression[], hash: RequestHash): SourceExpression | undefined {
  return sources.find(
    (source) => source.kind === 'hash' && source.algorithm === hash.algorithm && normaliseBase64(source.value) === hash.value,
  );
}

/** base64url to base64 without `=` padding: Chromium decodes hash sources forgivingly, so padded and unpadded forms match. */
function normaliseBase64(value: string): string {
  return value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
}

function describeMatch(match: SourceExpression, self: SelfOrigin): string {
  if (match.kind === 'keyword' && match.keyword === 'self') {
    return `'self' (${self.scheme}://${self.host}${self.port === '' ? '' : `:${self.port}`})`;
  }
  return match.raw;
}

function emptyListHint(directive: Directive): string {
  if (directive.values.length === 0) return ' (the directive is empty, which allows nothing)';
  if (directive.sources.length === 1 && directive.sources[0]?.kind === 'keyword' && directive.sources[0].keyword === 'none') {
    return " ('none' allows nothing)";
  }
  return '';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------
// Reading and checking the caller's input

function toPolicies(policies: Policy | readonly Policy[] | string): readonly Policy[] {
  if (typeof policies === 'string') return parseCsp(policies);
  const list: readonly unknown[] = Array.isArray(policies) ? policies : [policies];
  list.forEach((policy, index) => {
    if (!isPolicy(policy)) {
      const where = Array.isArray(policies) ? `policies[${index}]` : 'policies';
      throw new UsageError(
        `cspAllows: ${where} is not a Policy (received ${describe(policy)}). Pass what parseCsp() returns, or a Content-Security-Policy header value as a string.`,
      );
    }
  });
  return list as readonly Policy[];
}

function isPolicy(value: unknown): value is Policy {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<Policy>;
  return (
    Array.isArray(candidate.directives) &&
    (candidate.disposition === 'enforce' || candidate.disposition === 'report') &&
    candidate.directives.every((d) => d !== null && typeof d === 'object' && typeof d.name === 'string' && Array.isArray(d.sources))
  );
}

function readRequest(request: CspRequest): { question: Question; self: SelfOrigin } {
  if (request === null || typeof request !== 'object') {
    throw new UsageError(`cspAllows: expected a request object such as { directive: 'script-src-elem', url: 'https://cdn.example.com/app.js', origin: 'https://example.com' }, received ${describe(request)}.`);
  }
  const self = readOrigin(request.origin);
  const asked = readDirectiveName(request.directive);
  for (const flag of ['inline', 'eval', 'wasmEval', 'parserInserted', 'redirected'] as const) {
    if (request[flag] !== undefined && typeof request[flag] !== 'boolean') {
      throw new UsageError(`cspAllows: request.${flag} must be true or false, received ${describe(request[flag])}.`);
    }
  }
  const nonce = readNonce(request.nonce);
  const hash = readHash(request.hash);

  const kinds = [
    request.url !== undefined ? 'url' : '',
    request.inline === true ? 'inline: true' : '',
    request.eval === true ? 'eval: true' : '',
    request.wasmEval === true ? 'wasmEval: true' : '',
  ].filter(Boolean);
  if (kinds.length > 1) {
    throw new UsageError(
      `cspAllows: a request asks one thing at a time, received ${kinds.join(' and ')}. Pass url for a fetch, inline: true for inline script or style, or eval: true / wasmEval: true.`,
    );
  }

  if (request.eval === true || request.wasmEval === true) {
    const flag = request.eval === true ? 'eval' : 'wasmEval';
    if (asked !== 'script-src') {
      throw new UsageError(`cspAllows: ${flag} is governed by script-src (falling back to default-src), received directive '${asked}'. Pass directive: 'script-src'.`);
    }
    if (nonce !== undefined || hash !== undefined) {
      throw new UsageError(`cspAllows: nonces and hashes do not apply to ${flag}; only 'unsafe-eval'${flag === 'wasmEval' ? " or 'wasm-unsafe-eval'" : ''} does. Remove nonce/hash from the request.`);
    }
    return { question: { kind: request.eval === true ? 'eval' : 'wasm-eval' }, self };
  }

  const attribute = asked === 'script-src-attr' || asked === 'style-src-attr';
  // Attributes and nonce/hash-only questions can only be about inline content.
  const inline = request.inline === true || (request.url === undefined && (attribute || nonce !== undefined || hash !== undefined));
  if (inline) return { question: readInline(asked, nonce, hash, request.parserInserted), self };

  if (request.url === undefined) {
    throw new UsageError(
      `cspAllows: the request asks nothing. Pass url (e.g. url: 'https://cdn.example.com/app.js') for a fetch, inline: true for inline script or style, or eval: true / wasmEval: true.`,
    );
  }
  return { question: readFetch(asked, request, self, nonce, hash), self };
}

function readOrigin(origin: unknown): SelfOrigin {
  if (origin === undefined || origin === null || origin === '') {
    throw new UsageError(`cspAllows: request.origin is missing. Pass the protected page's origin, e.g. origin: 'https://example.com' (it is what 'self' means).`);
  }
  if (typeof origin !== 'string') {
    throw new UsageError(`cspAllows: request.origin must be a string such as 'https://example.com', received ${describe(origin)}.`);
  }
  const url = URL.canParse(origin) ? new URL(origin) : undefined;
  if (url === undefined) {
    throw new UsageError(`cspAllows: request.origin '${origin}' is not an absolute URL. Pass the page's origin with its scheme, e.g. 'https://example.com'.`);
  }
  return selfOriginOf(url);
}

function readDirectiveName(directive: unknown): string {
  if (typeof directive !== 'string' || directive === '') {
    throw new UsageError(`cspAllows: request.directive must name the request's directive, e.g. 'script-src-elem', 'img-src' or 'connect-src', received ${describe(directive)}.`);
  }
  const name = asciiLowerCase(directive.trim());
  if (name === 'script-src' || name === 'style-src' || isEffectiveDirective(name)) return name;
  if (name === 'default-src') {
    throw new UsageError(`cspAllows: 'default-src' is a fallback, not a kind of request. Name the request's own directive (script-src-elem, img-src, connect-src, …); default-src is used when the policy lacks it.`);
  }
  if (name === 'child-src') {
    throw new UsageError(`cspAllows: 'child-src' is only a fallback for frames and workers. Pass directive: 'frame-src' for an iframe or 'worker-src' for a worker.`);
  }
  if (NOT_ABOUT_REQUESTS.has(name)) {
    throw new UsageError(`cspAllows: '${name}' does not allow or block requests by URL, so cspAllows cannot answer for it. Read it with getDirective(policy, '${name}') instead.`);
  }
  throw new UsageError(`cspAllows: unknown directive '${directive}'. Pass one of: ${[...Object.keys(FALLBACK_LISTS), 'script-src', 'style-src'].join(', ')}.`);
}

function readNonce(nonce: unknown): string | undefined {
  if (nonce === undefined) return undefined;
  if (typeof nonce !== 'string' || nonce === '') {
    throw new UsageError(`cspAllows: request.nonce must be the element's non-empty nonce attribute value, received ${describe(nonce)}. Leave it out for an element without a nonce.`);
  }
  if (nonce.startsWith("'")) {
    throw new UsageError(`cspAllows: request.nonce '${nonce}' looks like a source expression. Pass the element's nonce attribute value only, e.g. 'abc123' for 'nonce-abc123'.`);
  }
  return nonce;
}

function readHash(hash: unknown): RequestHash | undefined {
  if (hash === undefined) return undefined;
  const match = typeof hash === 'string' ? HASH_RE.exec(hash) : null;
  if (match === null) {
    throw new UsageError(`cspAllows: request.hash must look like 'sha256-<base64>' (or sha384-/sha512-), received ${describe(hash)}.`);
  }
  const algorithm = (match[1] ?? '').toLowerCase() as HashAlgorithm;
  const value = match[2] ?? '';
  return { algorithm, value: normaliseBase64(value), raw: `'${algorithm}-${value}'` };
}

function readInline(asked: string, nonce: string | undefined, hash: RequestHash | undefined, parserInserted: boolean | undefined): Question {
  const effective = asked === 'script-src' ? 'script-src-elem' : asked === 'style-src' ? 'style-src-elem' : asked;
  if (!(INLINE_DIRECTIVES as readonly string[]).includes(effective)) {
    throw new UsageError(`cspAllows: inline content is governed by script-src-elem, script-src-attr, style-src-elem or style-src-attr, received directive '${asked}'. Pass one of those (or a url to ask about a fetch).`);
  }
  if (nonce !== undefined && effective.endsWith('-attr')) {
    throw new UsageError(`cspAllows: ${effective} is about attributes, which cannot carry a nonce. Leave nonce out (only hashes, with 'unsafe-hashes', cover attributes).`);
  }
  return { kind: 'inline', effective: effective as InlineDirective, nonce, hash, parserInserted: parserInserted ?? true };
}

function readFetch(asked: string, request: CspRequest, self: SelfOrigin, nonce: string | undefined, hash: RequestHash | undefined): Question {
  const effective = asked === 'script-src' ? 'script-src-elem' : asked === 'style-src' ? 'style-src-elem' : asked;
  if (!isEffectiveDirective(effective) || effective.endsWith('-attr')) {
    throw new UsageError(`cspAllows: ${asked} governs inline attributes, which fetch nothing. Pass inline: true (with a hash) instead of url, or a fetch directive: ${FETCH_DIRECTIVES.join(', ')}.`);
  }
  if (nonce !== undefined && effective !== 'script-src-elem' && effective !== 'style-src-elem') {
    throw new UsageError(`cspAllows: nonces only apply to <script> and <style>/<link rel=stylesheet> elements (script-src-elem, style-src-elem), received directive '${asked}'. Leave nonce out.`);
  }
  if (hash !== undefined && effective !== 'script-src-elem') {
    throw new UsageError(`cspAllows: with a url, hash is a script's integrity metadata and only applies to script-src-elem, received directive '${asked}'. Leave hash out.`);
  }
  let url = readUrl(request.url, self);
  // frame-ancestors compares the embedding document's origin, not its full URL.
  if (effective === 'frame-ancestors' && url.origin !== 'null') url = new URL(url.origin);
  return {
    kind: 'fetch',
    effective,
    url,
    nonce,
    integrity: hash,
    // Workers are never parser-inserted; a <script src> in the HTML is.
    parserInserted: effective === 'script-src-elem' ? (request.parserInserted ?? true) : false,
    redirected: request.redirected === true,
  };
}

function readUrl(url: unknown, self: SelfOrigin): URL {
  if (typeof url !== 'string' || url === '') {
    throw new UsageError(`cspAllows: request.url must be a URL string such as 'https://cdn.example.com/app.js', received ${describe(url)}.`);
  }
  if (URL.canParse(url)) return new URL(url);
  // A path is read against the page's origin, as a browser would; a bare
  // "cdn.example.com/x.js" is refused rather than guessed.
  if (url.startsWith('/') && !self.opaque) {
    const base = `${self.scheme}://${self.host}${self.port === '' ? '' : `:${self.port}`}/`;
    if (URL.canParse(url, base)) return new URL(url, base);
  }
  throw new UsageError(`cspAllows: request.url '${url}' is not a URL. Pass an absolute URL such as 'https://cdn.example.com/app.js', or a path starting with '/' to mean the page's own origin.`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value)}`;
}
