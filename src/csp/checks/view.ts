/**
 * The policy as the checks see it: directive name → source tokens, where
 * keywords and bare schemes are lower case and each token appears once (the
 * way csp-evaluator reads a policy, which its checks rely on), plus helpers
 * that answer "which directive governs scripts here" the way browsers do.
 */

/** A directive map the checks read. Map, not object, so names like `constructor` are ordinary. */
export interface PolicyView {
  directives: Map<string, string[]>;
  /**
   * What the checks keep asking about the directive governing scripts,
   * worked out on first use (see `scriptFacts`). A view is built for one
   * evaluation and its directives are not changed after, so this never goes stale.
   */
  scriptFacts?: ScriptFacts;
  /** The directives governing scripts, and those through which scripts can be loaded: memos as for `scriptFacts`. */
  scriptDirectives?: string[];
  xssDirectives?: string[];
  /** Every value with its directive, in map order: a memo for the checks that read them all (see `everyValue`). */
  valueList?: ValueList;
}

/** The values of all directives in one flat list, `directives[i]` being the directive of `values[i]`. */
export interface ValueList {
  directives: string[];
  values: string[];
}

/**
 * A view of these directives. Every memo field is there from the start
 * (undefined until first use), so all views share one object shape and the
 * checks' reads of `view.directives` stay monomorphic; views that gain
 * fields in different orders would each get a shape of their own.
 */
export function newView(directives: Map<string, string[]>): PolicyView {
  return { directives, scriptFacts: undefined, scriptDirectives: undefined, xssDirectives: undefined, valueList: undefined };
}

/** The directive that governs script-src here, its values, and what they contain. */
export interface ScriptFacts {
  directive: string;
  values: string[];
  nonces: boolean;
  hashes: boolean;
  strictDynamic: boolean;
}

/** CSP version whose browsers' behaviour the effective policy models. */
export type CspVersion = 1 | 2 | 3;

/** Keywords csp-evaluator knows (with quotes). Tokens equal to these, ignoring case, are lower-cased. */
export const KNOWN_KEYWORDS: readonly string[] = [
  "'self'",
  "'none'",
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'wasm-eval'",
  "'wasm-unsafe-eval'",
  "'strict-dynamic'",
  "'unsafe-hashed-attributes'",
  "'unsafe-hashes'",
  "'report-sample'",
  "'block'",
  "'allow'",
  "'inline-speculation-rules'",
];
const KNOWN_KEYWORD_SET: ReadonlySet<string> = new Set(KNOWN_KEYWORDS);
/** The keywords by length: a token is compared with the two or three of its length, with no hashing of the token. */
const KEYWORDS_BY_LENGTH: ReadonlyArray<readonly string[] | undefined> = (() => {
  const byLength: string[][] = [];
  for (const k of KNOWN_KEYWORDS) (byLength[k.length] ??= []).push(k);
  return byLength;
})();

/** The keyword constant a quoted token spells, ignoring case (see `canonicalDirectiveName` for why the constant). */
function canonicalKeyword(token: string): string | undefined {
  const sameLength = KEYWORDS_BY_LENGTH[token.length];
  if (sameLength === undefined) return undefined;
  for (const k of sameLength) if (token === k) return k;
  for (const k of sameLength) if (lowerCaseEquals(token, k)) return k;
  return undefined;
}

/**
 * token.toLowerCase() === keyword, for a lower-case ASCII keyword of the
 * token's length, without making the lower-case copy: most quoted tokens
 * that reach here are nonces and hashes, which differ within a character or
 * two. A non-ASCII character is left to toLowerCase (Unicode case rules map
 * some, like the Kelvin sign, to ASCII letters).
 */
function lowerCaseEquals(token: string, keyword: string): boolean {
  for (let i = 0; i < keyword.length; i++) {
    const c = token.charCodeAt(i);
    const k = keyword.charCodeAt(i);
    if (c === k) continue;
    if (c >= 65 && c <= 90) {
      if (c + 32 === k) continue;
      return false;
    }
    if (c >= 128) return token.toLowerCase() === keyword;
    return false;
  }
  return true;
}

/** Keywords of CSP3 and its drafts that csp-evaluator 1.1.8 does not know; accepted in extended mode. */
export const NEWER_KEYWORDS: ReadonlySet<string> = new Set([
  "'trusted-types-eval'",
  "'report-sha256'",
  "'report-sha384'",
  "'report-sha512'",
  "'unsafe-allow-redirects'",
  "'unsafe-webtransport-hashes'",
]);

/** Directives csp-evaluator knows. */
export const KNOWN_DIRECTIVES: ReadonlySet<string> = new Set([
  'child-src',
  'connect-src',
  'default-src',
  'font-src',
  'frame-src',
  'img-src',
  'media-src',
  'object-src',
  'script-src',
  'script-src-attr',
  'script-src-elem',
  'style-src',
  'style-src-attr',
  'style-src-elem',
  'prefetch-src',
  'manifest-src',
  'worker-src',
  'base-uri',
  'plugin-types',
  'sandbox',
  'disown-opener',
  'form-action',
  'frame-ancestors',
  'navigate-to',
  'report-to',
  'report-uri',
  'block-all-mixed-content',
  'upgrade-insecure-requests',
  'reflected-xss',
  'referrer',
  'require-sri-for',
  'trusted-types',
  'require-trusted-types-for',
  'webrtc',
]);

/** Directives of current specs that csp-evaluator 1.1.8 does not know; accepted in extended mode. */
export const NEWER_DIRECTIVES: ReadonlySet<string> = new Set(['fenced-frame-src']);

const CANONICAL_DIRECTIVE: ReadonlyMap<string, string> = new Map([...KNOWN_DIRECTIVES, ...NEWER_DIRECTIVES].map((n) => [n, n]));

/**
 * A lower-case directive name, as the constant string of the same name when
 * it is a known directive. The checks look names up by literal many times per
 * policy; with the constant as the map key each lookup matches by identity
 * instead of comparing the text of a freshly sliced string.
 */
export function canonicalDirectiveName(lowerName: string): string {
  return CANONICAL_DIRECTIVE.get(lowerName) ?? lowerName;
}

/** The known directive names by length, for `directiveNameOf`. */
const DIRECTIVES_BY_LENGTH: ReadonlyArray<readonly string[] | undefined> = (() => {
  const byLength: string[][] = [];
  for (const name of CANONICAL_DIRECTIVE.keys()) (byLength[name.length] ??= []).push(name);
  return byLength;
})();

/**
 * canonicalDirectiveName(token.toLowerCase()), for a name as written in a
 * policy. The token is compared with the few known names of its length,
 * ignoring case, so the usual names need neither a lower-case copy nor hashing.
 */
export function directiveNameOf(token: string): string {
  const sameLength = DIRECTIVES_BY_LENGTH[token.length];
  if (sameLength !== undefined) {
    // Most names are written in lower case: an exact match first, then ignoring case.
    for (const name of sameLength) if (token === name) return name;
    for (const name of sameLength) if (lowerCaseEquals(token, name)) return name;
  }
  return token.toLowerCase();
}

/** Fetch directives: only these fall back to default-src. */
const FETCH_DIRECTIVES: ReadonlySet<string> = new Set([
  'child-src',
  'connect-src',
  'default-src',
  'font-src',
  'frame-src',
  'img-src',
  'manifest-src',
  'media-src',
  'object-src',
  'script-src',
  'script-src-attr',
  'script-src-elem',
  'style-src',
  'style-src-attr',
  'style-src-elem',
  'worker-src',
]);

/** Directives browsers before CSP3 do not know. */
const CSP3_ONLY_DIRECTIVES: readonly string[] = [
  'report-to',
  'worker-src',
  'manifest-src',
  'trusted-types',
  'require-trusted-types-for',
  'script-src-attr',
  'script-src-elem',
  'style-src-attr',
  'style-src-elem',
];

const URL_SCHEME = /^[a-zA-Z][+a-zA-Z0-9.-]*:$/;
export const STRICT_NONCE = /^'nonce-[a-zA-Z0-9+/_-]+={0,2}'$/;
export const LOOSE_NONCE = /^'nonce-(.+)'$/;
export const STRICT_HASH = /^'(sha256|sha384|sha512)-[a-zA-Z0-9+/_-]+={0,2}'$/;

export function isKnownKeyword(token: string): boolean {
  return KNOWN_KEYWORD_SET.has(token);
}

/**
 * Is `token` exactly one of `byLength[token.length]`? For the per-value
 * syntax checks: most values have no candidate of their length, or differ
 * from it in the first character, so neither hashing nor a string compare runs.
 */
export function isOneOf(token: string, byLength: ReadonlyArray<readonly string[] | undefined>): boolean {
  const sameLength = byLength[token.length];
  if (sameLength === undefined) return false;
  const first = token.charCodeAt(0);
  for (const candidate of sameLength) if (candidate.charCodeAt(0) === first && candidate === token) return true;
  return false;
}

/** Strings grouped by length, for `isOneOf`. */
export function byLength(strings: Iterable<string>): ReadonlyArray<readonly string[] | undefined> {
  const out: string[][] = [];
  for (const s of strings) (out[s.length] ??= []).push(s);
  return out;
}

export function isUrlScheme(token: string): boolean {
  // Most tokens are hosts: the last character rules them out without the regex.
  return token.charCodeAt(token.length - 1) === 58 /* : */ && URL_SCHEME.test(token);
}

/** Bare schemes policies often carry, each to its constant. */
const COMMON_SCHEMES: ReadonlyMap<string, string> = new Map(
  ['https:', 'http:', 'data:', 'blob:', 'wss:', 'ws:', 'filesystem:', 'mediastream:'].map((k) => [k, k]),
);

/** A token as csp-evaluator keeps it: keywords and bare schemes lower case, everything else as sent. */
function normalizeToken(token: string): string {
  const first = token.charCodeAt(0);
  // Only quoted tokens can be keywords; most are already lower case, which saves making a copy.
  // Keywords become their constants, so comparing with a literal is an identity check.
  if (first === 39 /* ' */) return canonicalKeyword(token) ?? token;
  // Only tokens ending in ':' can be bare schemes; the usual ones are taken as their constants without a regex.
  if (token.charCodeAt(token.length - 1) !== 58 /* : */) return token;
  return COMMON_SCHEMES.get(token) ?? (URL_SCHEME.test(token) ? token.toLowerCase() : token);
}

/** Lower-case keywords and bare schemes, keep everything else as sent, drop repeats. */
export function normalizeValues(tokens: readonly string[]): string[] {
  // A Set keeps dropping repeats linear: a directive may hold many thousands of sources.
  if (tokens.length > 16) {
    const seen = new Set<string>();
    for (const token of tokens) seen.add(normalizeToken(token));
    return [...seen];
  }
  const out: string[] = [];
  for (const token of tokens) {
    const value = normalizeToken(token);
    if (!out.includes(value)) out.push(value);
  }
  return out;
}

/**
 * normalizeValues for an array the caller owns and gives up: the result is
 * written into it (one array fewer per directive). For long lists a Set
 * keeps dropping repeats linear.
 */
export function normalizeOwnValues(tokens: string[]): string[] {
  const length = tokens.length;
  if (length > 16) {
    const seen = new Set<string>();
    for (const token of tokens) seen.add(normalizeToken(token));
    return [...seen];
  }
  let kept = 0;
  for (let i = 0; i < length; i++) {
    const value = normalizeToken(tokens[i] as string);
    let repeat = false;
    for (let j = 0; j < kept; j++) {
      if (tokens[j] === value) {
        repeat = true;
        break;
      }
    }
    if (!repeat) tokens[kept++] = value;
  }
  if (kept < length) tokens.length = kept;
  return tokens;
}

/** The directive that governs `name` here: itself, its -src parent, default-src (fetch only), or itself. */
export function effectiveDirective(view: PolicyView, name: string): string {
  const d = view.directives;
  if (d.has(name)) return name;
  if ((name === 'script-src-attr' || name === 'script-src-elem') && d.has('script-src')) return 'script-src';
  if ((name === 'style-src-attr' || name === 'style-src-elem') && d.has('style-src')) return 'style-src';
  return FETCH_DIRECTIVES.has(name) ? 'default-src' : name;
}

/** The governing directives of several names, each once, in first-seen order. */
export function effectiveDirectives(view: PolicyView, names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const e = effectiveDirective(view, name);
    if (!out.includes(e)) out.push(e);
  }
  return out;
}

const NO_VALUES: string[] = [];

/** The values of a directive, or an empty list (shared: do not change it) when the policy has none. */
export function valuesOf(view: PolicyView, directive: string): string[] {
  return view.directives.get(directive) ?? NO_VALUES;
}

/**
 * Every value of the view with its directive, flattened once per view (shared:
 * do not change it). Five checks read every value; walking two arrays is
 * much cheaper for them than iterating the Map and each list in turn.
 */
export function everyValue(view: PolicyView): ValueList {
  return (view.valueList ??= computeValueList(view));
}

function computeValueList(view: PolicyView): ValueList {
  const directives: string[] = [];
  const values: string[] = [];
  view.directives.forEach((list, name) => {
    for (const value of list) {
      directives.push(name);
      values.push(value);
    }
  });
  return { directives, values };
}

/** The script-src facts of a view, computed once per view: about ten checks ask each evaluation. */
export function scriptFacts(view: PolicyView): ScriptFacts {
  return (view.scriptFacts ??= computeScriptFacts(view));
}

function computeScriptFacts(view: PolicyView): ScriptFacts {
  const directive = effectiveDirective(view, 'script-src');
  const values = valuesOf(view, directive);
  let nonces = false;
  let hashes = false;
  let strictDynamic = false;
  // One pass. Nonces, hashes and 'strict-dynamic' are quoted, and the second character tells which regex could match.
  for (const v of values) {
    if (v.charCodeAt(0) !== 39 /* ' */) continue;
    const second = v.charCodeAt(1);
    if (second === 110 /* n */) nonces ||= STRICT_NONCE.test(v);
    else if (second === 115 /* s */) {
      if (v === "'strict-dynamic'") strictDynamic = true;
      else hashes ||= STRICT_HASH.test(v);
    }
  }
  return { directive, values, nonces, hashes, strictDynamic };
}

export function hasScriptNonces(view: PolicyView): boolean {
  return scriptFacts(view).nonces;
}

export function hasScriptHashes(view: PolicyView): boolean {
  return scriptFacts(view).hashes;
}

export function hasStrictDynamic(view: PolicyView): boolean {
  return scriptFacts(view).strictDynamic;
}


/** Directives through which a loose source list lets an attacker run script. */
export const XSS_DIRECTIVES: readonly string[] = ['script-src', 'script-src-attr', 'script-src-elem', 'object-src', 'base-uri'];

/** The directives that govern scripts here, each once (shared: do not change it); several checks ask per view. */
export function scriptDirectives(view: PolicyView): string[] {
  return (view.scriptDirectives ??= computeScriptDirectives(view));
}

/**
 * effectiveDirectives(view, SCRIPT_NAMES), with three Map look-ups: the
 * -attr and -elem forms fall back to script-src, and it to default-src.
 */
function computeScriptDirectives(view: PolicyView): string[] {
  const d = view.directives;
  const base = d.has('script-src') ? 'script-src' : 'default-src';
  const attr = d.has('script-src-attr') ? 'script-src-attr' : base;
  const elem = d.has('script-src-elem') ? 'script-src-elem' : base;
  const out = [base];
  if (attr !== base) out.push(attr);
  if (elem !== base && elem !== attr) out.push(elem);
  return out;
}

/** The directives that govern XSS_DIRECTIVES here, each once (shared: do not change it). */
export function xssDirectives(view: PolicyView): string[] {
  return (view.xssDirectives ??= computeXssDirectives(view));
}

/** effectiveDirectives(view, XSS_DIRECTIVES): the script directives, then object-src's (or default-src), then base-uri, which governs itself. */
function computeXssDirectives(view: PolicyView): string[] {
  const out = scriptDirectives(view).slice();
  const object = view.directives.has('object-src') ? 'object-src' : 'default-src';
  if (!out.includes(object)) out.push(object);
  out.push('base-uri');
  return out;
}

/**
 * The policy as a browser of a given CSP version applies it: CSP2+ ignores
 * 'unsafe-inline' next to a nonce or hash, CSP1 ignores nonces and hashes,
 * CSP3 with 'strict-dynamic' ignores hosts, schemes, 'self' and
 * 'unsafe-inline', older versions ignore 'strict-dynamic' and CSP3-only
 * directives. The security checks judge this view.
 */
export function effectiveView(view: PolicyView, version: CspVersion): PolicyView {
  // Copy-on-write: most policies need no change, and then the view itself is the answer.
  let eff: PolicyView | undefined;
  // Each governing directive once: script-src-attr/-elem often fall back to the same one, and the rules are idempotent.
  for (const directive of scriptDirectives(view)) {
    const values = view.directives.get(directive);
    if (values === undefined) continue;
    const kept = effectiveScriptValues(values, version);
    if (kept === values) continue;
    eff ??= newView(new Map(view.directives));
    eff.directives.set(directive, kept);
  }
  if (version < 3) {
    for (const name of CSP3_ONLY_DIRECTIVES) {
      if ((eff ?? view).directives.has(name)) {
        eff ??= newView(new Map(view.directives));
        eff.directives.delete(name);
      }
    }
  }
  return eff ?? view;
}

/** What of a script directive's (distinct) values a browser of `version` obeys; the same array when all of them. */
function effectiveScriptValues(values: string[], version: CspVersion): string[] {
  let nonceOrHash = false;
  let strictDynamic = false;
  for (const v of values) {
    // Nonces, hashes and 'strict-dynamic' are all quoted.
    if (v.charCodeAt(0) !== 39 /* ' */) continue;
    if (v === "'strict-dynamic'") strictDynamic = true;
    else if (!nonceOrHash) {
      // A nonce starts 'n, a hash 's: only that regex can match.
      const second = v.charCodeAt(1);
      nonceOrHash = (second === 110 && STRICT_NONCE.test(v)) || (second === 115 && STRICT_HASH.test(v));
    }
  }
  if (!nonceOrHash && !strictDynamic) return values;
  const ignored = (v: string): boolean =>
    (nonceOrHash && (version >= 2 ? v === "'unsafe-inline'" : v.startsWith("'nonce-") || v.startsWith("'sha"))) ||
    (strictDynamic && (version >= 3 ? !v.startsWith("'") || v === "'self'" || v === "'unsafe-inline'" : v === "'strict-dynamic'"));
  if (!values.some(ignored)) return values;
  return values.filter((v) => !ignored(v));
}
