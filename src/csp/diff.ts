/**
 * `diffCsp(before, after)`: what `after` allows that `before` did not, and
 * the reverse, judged by the source matcher (match.ts), not by the text.
 *
 * How: the requests a policy can tell apart are finite once its source
 * expressions are known. Every URL falls in a class by which of the
 * expressions (of both sides) it matches; inline code by which nonce or hash
 * it carries; a script by whether the parser inserted it. We build one
 * request per class that can occur, for every effective directive, ask
 * `cspAllows` about it under both sides, and keep the classes where the
 * answers differ. So fallbacks, wildcards, schemes, 'self', nonces, hashes,
 * 'strict-dynamic' and several policies mean what the matcher says they
 * mean, and a reordering or an equivalent rewrite is no change.
 *
 * Directives that are not about requests (sandbox, upgrade-insecure-requests,
 * block-all-mixed-content, require-trusted-types-for, trusted-types) are
 * compared by their tokens.
 */
import { UsageError } from '../errors';
import { FALLBACK_LISTS, type EffectiveDirective } from './keywords';
import { groupNoncesAndHashes, hashGroupKey, Reducer, requestHashKey, schemesFor, type Groups } from './diff-reduce';
import { cspAllows, type CspRequest } from './match';
import { parseCsp } from './parse';
import type { Policy, SourceExpression } from './types';
import { selfOriginOf, urlMatchesExpression, type SelfOrigin } from './url-match';

export type CspDiffInput = string | Policy | readonly Policy[];

export interface CspDiffOptions {
  /**
   * The protected page's origin, which `'self'` and schemeless sources mean.
   * Default `https://site.invalid` (a name no policy uses), so `'self'` on
   * both sides is the same and `'self'` vs a named host is a change.
   */
  origin?: string;
  /**
   * Read every `'nonce-…'` as the same per-response nonce, so two responses
   * of one nonce-based policy (each with its fresh nonce) are no change.
   * Default false.
   */
  anyNonce?: boolean;
}

/** What kind of request a change is about. */
export type CspChangeKind = 'url' | 'inline' | 'eval' | 'wasm-eval' | 'directive';

export interface CspChange {
  /** `loosened`: after allows it and before blocked it. `tightened`: the reverse. */
  direction: 'loosened' | 'tightened';
  kind: CspChangeKind;
  /** The directive(s) that decide on the allowing side (`script-src`, `default-src`…), as written there. */
  directive: string;
  /** The requests' effective directives (`script-src-elem`, `worker-src`…). */
  effectiveDirectives: string[];
  /** The source expressions that allow it on the allowing side (one per enforced policy that names one). */
  allowedBy: string[];
  /** A few of the requests judged differently (one per class, at most five). */
  examples: CspRequest[];
  /** How many request classes this change covers. */
  classes: number;
  /** One line for a message: `script-src now also allows https://cdn.example (it did not)`. */
  text: string;
}

export interface CspDiff {
  /** True when after allows something before did not. */
  weaker: boolean;
  /** True when before allowed something after does not. */
  stronger: boolean;
  /** Neither weaker nor stronger: the same requests are allowed. */
  same: boolean;
  /** What after allows that before did not. */
  loosened: CspChange[];
  /** What before allowed that after does not. */
  tightened: CspChange[];
  /**
   * The class key of every request class judged differently, with its
   * direction (see `cspRequestClass`): the diff in full, for tools.
   */
  classes: Record<string, 'loosened' | 'tightened'>;
}

const DEFAULT_ORIGIN = 'https://site.invalid';
const OTHER_HOST = 'other.invalid';
const OTHER_NONCE = 'not-a-listed-nonce';
const OTHER_HASH = 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const MAX_EXAMPLES = 5;
const EFFECTIVE = Object.keys(FALLBACK_LISTS) as EffectiveDirective[];
const TOKEN_DIRECTIVES = ['sandbox', 'upgrade-insecure-requests', 'block-all-mixed-content', 'require-trusted-types-for', 'trusted-types'] as const;

/**
 * Compares two policies (a header value, a Policy, or several policies as
 * parseCsp returns them). Only enforced policies allow or block, so
 * report-only ones in either list change nothing.
 */
export function diffCsp(before: CspDiffInput, after: CspDiffInput, options: CspDiffOptions = {}): CspDiff {
  // The options first: readSides reads options.anyNonce.
  const origin = readOrigin(options);
  const sides = readSides(before, after, options);
  const self = selfOriginOf(new URL(origin));
  const vocabulary = vocabularyOf(sides, self);
  const loosened = new Grouper('loosened');
  const tightened = new Grouper('tightened');
  const classes: CspDiff['classes'] = {};
  // Each request is judged on what of each side can decide it (diff-reduce.ts), so a class costs what concerns it.
  const cutBefore = new Reducer(sides.before, vocabulary.groups);
  const cutAfter = new Reducer(sides.after, vocabulary.groups);

  for (const request of probeRequests(vocabulary, origin)) {
    const beforeCut = cutBefore.reduce(request);
    const afterCut = cutAfter.reduce(request);
    const was = cspAllows(beforeCut, request).allowed;
    const now = cspAllows(afterCut, request).allowed;
    if (was === now) continue;
    const direction = now ? 'loosened' : 'tightened';
    const key = classKey(vocabulary, request);
    if (classes[key] !== undefined) continue;
    classes[key] = direction;
    (now ? loosened : tightened).add(request, now ? afterCut : beforeCut, self);
  }
  const directiveChanges = tokenChanges(sides);
  const loose = [...loosened.changes(), ...directiveChanges.filter((c) => c.direction === 'loosened')];
  const tight = [...tightened.changes(), ...directiveChanges.filter((c) => c.direction === 'tightened')];
  return { weaker: loose.length > 0, stronger: tight.length > 0, same: loose.length === 0 && tight.length === 0, loosened: loose, tightened: tight, classes };
}

/**
 * The class a request falls in for this pair of policies: two requests of
 * one class are judged alike by every policy of either side. `diff.classes`
 * holds the classes judged differently.
 */
export function cspRequestClass(before: CspDiffInput, after: CspDiffInput, request: CspRequest, options: CspDiffOptions = {}): string {
  const origin = readOrigin(options);
  const sides = readSides(before, after, options);
  const self = selfOriginOf(new URL(origin));
  return classKey(vocabularyOf(sides, self), { ...request, origin });
}

// ---------------------------------------------------------------------------
// The vocabulary: every source expression, nonce and hash either side names

interface Sides {
  before: readonly Policy[];
  after: readonly Policy[];
}

interface Vocabulary {
  self: SelfOrigin;
  /** Host, scheme and 'self' expressions of every directive of either side, deduplicated by text. */
  urlExpressions: SourceExpression[];
  /** One nonce per group of nonces that decide alike (diff-reduce.ts). */
  nonces: string[];
  /** One hash per group, as a request's `hash` (`algorithm-value`). */
  hashes: string[];
  groups: Groups;
  hasPaths: boolean;
  /** Which urlExpressions a URL's host can match, so a URL's class costs the expressions about its host, not all of them. */
  candidates: CandidateIndex;
}

interface CandidateIndex {
  /** 'self' and host `*`: they can match any host. */
  anyHost: number[];
  /** Scheme sources by their scheme (a URL tries those schemesFor its scheme). */
  byScheme: Map<string, number[]>;
  /** Exact host expressions by their host. */
  byHost: Map<string, number[]>;
  /** `*.example.com` expressions by `example.com`. */
  byWildcard: Map<string, number[]>;
}

function vocabularyOf(sides: Sides, self: SelfOrigin): Vocabulary {
  const byRaw = new Map<string, SourceExpression>();
  const all = [...sides.before, ...sides.after];
  for (const policy of all) {
    for (const directive of policy.directives) {
      for (const source of directive.sources) {
        if (source.kind === 'host' || source.kind === 'scheme' || (source.kind === 'keyword' && source.keyword === 'self')) {
          byRaw.set(source.kind === 'keyword' ? "'self'" : source.raw.toLowerCase(), source);
        }
      }
    }
  }
  const urlExpressions = [...byRaw.values()];
  const groups = groupNoncesAndHashes(all);
  return {
    self,
    urlExpressions,
    candidates: indexByHost(urlExpressions),
    nonces: groups.nonces,
    hashes: groups.hashes,
    groups,
    hasPaths: urlExpressions.some((e) => e.kind === 'host' && e.path !== undefined && e.path !== '' && e.path !== '/'),
  };
}

function indexByHost(expressions: readonly SourceExpression[]): CandidateIndex {
  const index: CandidateIndex = { anyHost: [], byScheme: new Map(), byHost: new Map(), byWildcard: new Map() };
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  expressions.forEach((e, i) => {
    if (e.kind === 'scheme') add(index.byScheme, e.scheme.toLowerCase(), i);
    else if (e.kind !== 'host' || (e.host === '*' && !e.wildcardHost)) index.anyHost.push(i);
    else if (e.wildcardHost) add(index.byWildcard, e.host, i);
    else add(index.byHost, e.host, i);
  });
  return index;
}

function classKey(vocabulary: Vocabulary, request: CspRequest): string {
  const directive = effectiveOf(request.directive);
  if (request.eval) return `${directive}|eval`;
  if (request.wasmEval) return `${directive}|wasm-eval`;
  // A nonce or hash stands for its group: those of one group are judged alike.
  const { groups } = vocabulary;
  const nonce = request.nonce === undefined ? '-' : String(groups.nonces.indexOf(groups.nonce.get(request.nonce) ?? '\0'));
  const hash = request.hash === undefined ? '-' : String(groups.hashKeys.indexOf(groups.hash.get(requestHashKey(request.hash)) ?? '\0'));
  const parser = directive === 'script-src-elem' ? (request.parserInserted === false ? 'dyn' : 'parser') : '';
  if (request.url === undefined) return `${directive}|inline|${nonce}|${hash}|${parser}`;
  let url = new URL(request.url, request.origin);
  // As the matcher does: frame-ancestors compares the embedding page's origin, not its URL.
  if (directive === 'frame-ancestors' && url.origin !== 'null') url = new URL(url.origin);
  const matched = urlClass(vocabulary, url, request.redirected === true);
  return `${directive}|url|${matched}|${nonce}|${hash}|${parser}`;
}

function effectiveOf(directive: string): string {
  const name = directive.toLowerCase();
  return name === 'script-src' ? 'script-src-elem' : name === 'style-src' ? 'style-src-elem' : name;
}

// ---------------------------------------------------------------------------
// One request per class that can occur

function* probeRequests(vocabulary: Vocabulary, origin: string): Generator<CspRequest> {
  const nonces = [undefined, ...vocabulary.nonces, OTHER_NONCE];
  const hashes = [undefined, ...vocabulary.hashes, OTHER_HASH];
  // One URL per class: many probe URLs match the same expressions.
  const urls = probeUrls(vocabulary);
  const fetchesOf = (list: string[]) =>
    (vocabulary.hasPaths ? [false, true] : [false]).flatMap((redirected) =>
      distinctBy(list, (url) => urlClass(vocabulary, new URL(url), redirected)).map((url) => ({ url, redirected })),
    );
  const fetches = fetchesOf(urls);
  // frame-ancestors is judged on the embedding page's origin (as the matcher does), so its classes are those of origins.
  const ancestors = fetchesOf([...new Set(urls.map((url) => (new URL(url).origin === 'null' ? url : new URL(url).origin)))]);
  for (const directive of EFFECTIVE) {
    const scriptElem = directive === 'script-src-elem';
    const elem = scriptElem || directive === 'style-src-elem';
    const attr = directive === 'script-src-attr' || directive === 'style-src-attr';
    if (elem || attr) {
      for (const nonce of elem ? nonces : [undefined]) {
        for (const hash of hashes) {
          for (const parserInserted of scriptElem ? [true, false] : [undefined]) {
            yield strip({ directive, origin, inline: true, nonce, hash, parserInserted });
          }
        }
      }
    }
    if (attr) continue;
    for (const { url, redirected } of directive === 'frame-ancestors' ? ancestors : fetches) {
      for (const nonce of elem ? nonces : [undefined]) {
        for (const hash of scriptElem ? hashes : [undefined]) {
          for (const parserInserted of scriptElem ? [true, false] : [undefined]) {
            yield strip({ directive, origin, url, nonce, hash, parserInserted, redirected: redirected || undefined });
          }
        }
      }
    }
  }
  yield { directive: 'script-src', origin, eval: true };
  yield { directive: 'script-src', origin, wasmEval: true };
}

/**
 * The URL's class: which of the vocabulary's expressions it matches, as their
 * indexes. Only the expressions that could match its host are tried (those
 * about any host, its own name, a wildcard over one of its parent names), so
 * a long policy's many hosts cost per URL what concerns that URL.
 */
function urlClass(vocabulary: Vocabulary, url: URL, redirected: boolean): string {
  const { anyHost, byScheme, byHost, byWildcard } = vocabulary.candidates;
  const host = url.hostname.toLowerCase();
  const tried = [...anyHost, ...(byHost.get(host) ?? [])];
  for (const scheme of schemesFor(url.protocol.slice(0, -1).toLowerCase())) tried.push(...(byScheme.get(scheme) ?? []));
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) tried.push(...(byWildcard.get(host.slice(dot + 1)) ?? []));
  const matched = tried.filter((i) => urlMatchesExpression(url, vocabulary.urlExpressions[i]!, vocabulary.self, { redirected }));
  return matched.sort((a, b) => a - b).join(',');
}

function distinctBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (!seen.has(k)) seen.set(k, item);
  }
  return [...seen.values()];
}

function strip(request: CspRequest): CspRequest {
  for (const key of Object.keys(request) as Array<keyof CspRequest>) if (request[key] === undefined) delete request[key];
  return request;
}

/**
 * URLs that between them fall in every class the expressions can tell
 * apart: per host (each named host, a subdomain or two of each wildcard,
 * the page's own host, a stranger), the schemes, ports and paths the
 * expressions that could match that host name, and their neighbours.
 */
function probeUrls(vocabulary: Vocabulary): string[] {
  const { self, urlExpressions } = vocabulary;
  const hostExpressions = urlExpressions.filter((e): e is Extract<SourceExpression, { kind: 'host' }> => e.kind === 'host' && e.host !== '*');
  const schemes = new Set(['http', 'https', 'ws', 'wss', self.scheme]);
  for (const e of urlExpressions) {
    if (e.kind === 'scheme') schemes.add(e.scheme);
    if (e.kind === 'host' && e.scheme) schemes.add(e.scheme.toLowerCase());
  }
  const hosts = new Set<string>([self.host, OTHER_HOST].filter(Boolean));
  for (const e of hostExpressions) {
    if (e.wildcardHost) {
      hosts.add(e.host);
      hosts.add(`x.${e.host}`);
      hosts.add(`y.x.${e.host}`);
    } else hosts.add(e.host);
  }
  const urls = new Set<string>();
  for (const host of hosts) {
    const relevant = hostExpressions.filter((e) => (e.wildcardHost ? host.endsWith(`.${e.host}`) : e.host === host));
    const ports = new Set(['', '80', '443', '1']);
    if (host === self.host && self.port !== '') ports.add(self.port);
    for (const e of relevant) if (e.port !== undefined && e.port !== '*') ports.add(e.port);
    const paths = new Set(['/', '/other']);
    for (const e of relevant) for (const path of pathNeighbours(e.path)) paths.add(path);
    for (const scheme of schemes) {
      if (!isHierarchical(scheme)) continue;
      for (const port of ports) {
        for (const path of paths) urls.add(`${scheme}://${host}${port === '' ? '' : `:${port}`}${path}`);
      }
    }
  }
  for (const scheme of schemes) if (!isHierarchical(scheme)) urls.add(opaqueUrl(scheme, self));
  for (const scheme of ['data', 'blob', 'filesystem', 'javascript']) urls.add(opaqueUrl(scheme, self));
  return [...urls].filter((url) => URL.canParse(url));
}

function pathNeighbours(path: string | undefined): string[] {
  if (path === undefined || path === '' || path === '/') return [];
  const parent = path.endsWith('/') ? path : path.slice(0, path.lastIndexOf('/') + 1);
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return [path, `${trimmed}/x`, `${trimmed}x`, `${parent}other`, trimmed, `${path}x/y`];
}

function isHierarchical(scheme: string): boolean {
  return scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss' || scheme === 'ftp';
}

function opaqueUrl(scheme: string, self: SelfOrigin): string {
  if (scheme === 'data') return 'data:text/plain,x';
  if (scheme === 'blob') return `blob:${self.opaque ? 'null' : `${self.scheme}://${self.host}${self.port ? `:${self.port}` : ''}`}/00000000-0000-0000-0000-000000000000`;
  if (scheme === 'filesystem') return `filesystem:${self.scheme}://${self.host}/temporary/x`;
  if (scheme === 'javascript') return 'javascript:void(0)';
  return `${scheme}:x`;
}

// ---------------------------------------------------------------------------
// Grouping the classes into changes a person reads

class Grouper {
  private readonly groups = new Map<string, CspChange>();
  constructor(private readonly direction: CspChange['direction']) {}

  add(request: CspRequest, allowing: readonly Policy[], self: SelfOrigin): void {
    const kind: CspChangeKind = request.eval ? 'eval' : request.wasmEval ? 'wasm-eval' : request.url === undefined ? 'inline' : 'url';
    const effective = effectiveOf(request.directive);
    const governing = governingDirectives(allowing, kind === 'eval' || kind === 'wasm-eval' ? 'eval' : effective);
    const allowedBy = grants(allowing, request, kind, governing, self);
    const directive = governing.length > 0 ? governing.join(', ') : kind === 'eval' || kind === 'wasm-eval' ? 'script-src' : effective;
    const key = `${kind}|${directive}|${allowedBy.join(' ')}`;
    const change = this.groups.get(key);
    if (!change) {
      this.groups.set(key, { direction: this.direction, kind, directive, effectiveDirectives: [effective], allowedBy, examples: [request], classes: 1, text: '' });
      return;
    }
    change.classes++;
    if (!change.effectiveDirectives.includes(effective)) change.effectiveDirectives.push(effective);
    if (change.examples.length < MAX_EXAMPLES && !change.examples.some((e) => e.url === request.url && effectiveOf(e.directive) === effective)) change.examples.push(request);
  }

  changes(): CspChange[] {
    return [...this.groups.values()].map((change) => ({ ...change, text: changeText(change) }));
  }
}

/** The directive names that decide `effective` in each enforced policy (deduplicated). */
function governingDirectives(policies: readonly Policy[], effective: string): string[] {
  const list: readonly string[] = effective === 'eval' ? ['script-src', 'default-src'] : (FALLBACK_LISTS as Record<string, readonly string[]>)[effective] ?? [];
  const names = new Set<string>();
  for (const policy of policies) {
    if (policy.disposition !== 'enforce') continue;
    const found = list.find((name) => policy.directives.some((d) => d.name === name));
    if (found) names.add(found);
  }
  return [...names];
}

/** The source expressions that let the request through on the allowing side. */
function grants(policies: readonly Policy[], request: CspRequest, kind: CspChangeKind, governing: string[], self: SelfOrigin): string[] {
  const found = new Set<string>();
  for (const policy of policies) {
    if (policy.disposition !== 'enforce') continue;
    const directive = policy.directives.find((d) => governing.includes(d.name));
    if (!directive) continue;
    const sources = directive.sources;
    const keyword = (word: string) => sources.find((s) => s.kind === 'keyword' && s.keyword === word);
    let grant: SourceExpression | undefined;
    if (kind === 'eval') grant = keyword('unsafe-eval');
    else if (kind === 'wasm-eval') grant = keyword('wasm-unsafe-eval') ?? keyword('unsafe-eval');
    else {
      if (request.nonce !== undefined) grant = sources.find((s) => s.kind === 'nonce' && s.value === request.nonce);
      if (!grant && request.hash !== undefined) grant = sources.find((s) => s.kind === 'hash' && hashGroupKey(s.algorithm, s.value) === requestHashKey(request.hash!));
      if (!grant && kind === 'inline') grant = keyword('unsafe-inline');
      if (!grant && kind === 'url' && request.parserInserted === false) grant = keyword('strict-dynamic');
      if (!grant && kind === 'url') {
        const url = new URL(request.url!, request.origin);
        grant = sources.find((s) => urlMatchesExpression(url, s, self, { redirected: request.redirected === true }));
      }
    }
    if (grant) found.add(grant.kind === 'keyword' ? `'${grant.keyword}'` : grant.raw);
  }
  return [...found];
}

const INLINE_WHAT: Record<string, string> = {
  'script-src-elem': 'inline scripts',
  'script-src-attr': 'event handler attributes',
  'style-src-elem': 'inline styles',
  'style-src-attr': 'style attributes',
};

/** What the requests of a change are, in words: a few URLs, or the kinds of inline code. */
function describeWhat(change: CspChange): string {
  if (change.kind === 'eval') return 'eval() and new Function()';
  if (change.kind === 'wasm-eval') return 'WebAssembly compilation';
  if (change.kind === 'inline') return change.effectiveDirectives.map((d) => INLINE_WHAT[d] ?? d).join(', ');
  const urls = [...new Set(change.examples.map((e) => e.url!))];
  const shown = urls.slice(0, 3).join(', ');
  const dynamic = change.allowedBy.includes("'strict-dynamic'") ? ' (scripts added by script)' : '';
  return `${shown}${urls.length > 3 ? ' …' : ''}${dynamic}`;
}

function changeText(change: CspChange): string {
  const what = describeWhat(change);
  const effective = change.effectiveDirectives.filter((d) => d !== change.directive);
  const label = effective.length > 0 && change.kind !== 'eval' && change.kind !== 'wasm-eval' ? `${change.directive} (for ${effective.join(', ')})` : change.directive;
  const through = change.allowedBy.length > 0 ? change.allowedBy.join(' and ') : '';
  return change.direction === 'loosened'
    ? `${label} now also allows ${what}${through ? ` through ${through}` : ' (nothing restricts it)'}; it did not`
    : `${label} no longer allows ${what}${through ? ` (it did through ${through})` : ' (nothing restricted it before)'}`;
}

// ---------------------------------------------------------------------------
// Directives compared by their tokens

function tokenChanges(sides: Sides): CspChange[] {
  const changes: CspChange[] = [];
  const change = (direction: CspChange['direction'], directive: string, text: string): void => {
    changes.push({ direction, kind: 'directive', directive, effectiveDirectives: [], allowedBy: [], examples: [], classes: 1, text });
  };
  for (const name of TOKEN_DIRECTIVES) {
    const was = tokensOf(sides.before, name);
    const now = tokensOf(sides.after, name);
    if (was === undefined && now === undefined) continue;
    if (now === undefined) {
      change('loosened', name, `${name} is gone (it was "${[name, ...was!].join(' ')}")`);
      continue;
    }
    if (was === undefined) {
      change('tightened', name, `${name} is new: "${[name, ...now].join(' ')}"`);
      continue;
    }
    // sandbox lists what it allows; the others list what they require or permit.
    const permissive = name === 'sandbox' || name === 'trusted-types';
    const added = now.filter((t) => !was.includes(t));
    const removed = was.filter((t) => !now.includes(t));
    if (added.length > 0) change(permissive ? 'loosened' : 'tightened', name, `${name} now also has ${added.join(' ')}`);
    if (removed.length > 0) change(permissive ? 'tightened' : 'loosened', name, `${name} no longer has ${removed.join(' ')}`);
  }
  return changes;
}

/** The directive's tokens, lower case, over every enforced policy; undefined when none has it. */
function tokensOf(policies: readonly Policy[], name: string): string[] | undefined {
  const found = policies.filter((p) => p.disposition === 'enforce').flatMap((p) => p.directives.filter((d) => d.name === name));
  if (found.length === 0) return undefined;
  return [...new Set(found.flatMap((d) => d.values.map((v) => (name === 'trusted-types' ? v : v.toLowerCase()))))].sort();
}

// ---------------------------------------------------------------------------
// Input

const ANY_NONCE = '{nonce}';

function readSides(before: CspDiffInput, after: CspDiffInput, options: CspDiffOptions): Sides {
  const read = (value: CspDiffInput, name: 'before' | 'after') => {
    const policies = readSide(value, name);
    return options.anyNonce === true ? policies.map(withAnyNonce) : policies;
  };
  return { before: read(before, 'before'), after: read(after, 'after') };
}

function withAnyNonce(policy: Policy): Policy {
  return {
    ...policy,
    directives: policy.directives.map((directive) => ({
      ...directive,
      sources: directive.sources.map((source) => (source.kind === 'nonce' ? { kind: 'nonce', value: ANY_NONCE, raw: `'nonce-${ANY_NONCE}'` } : source)),
    })),
  };
}

function readSide(value: CspDiffInput, name: 'before' | 'after'): readonly Policy[] {
  if (typeof value === 'string') return parseCsp(value);
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  list.forEach((policy, index) => {
    const ok = policy !== null && typeof policy === 'object' && Array.isArray((policy as Partial<Policy>).directives);
    if (!ok) {
      const where = Array.isArray(value) ? `${name}[${index}]` : name;
      throw new UsageError(`diffCsp: ${where} is not a policy (received ${describeValue(policy)}). Pass a Content-Security-Policy header value, or what parseCsp() returns.`);
    }
  });
  return list as readonly Policy[];
}

function readOrigin(options: CspDiffOptions): string {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new UsageError(`diffCsp: options must be an object such as { origin: 'https://example.com' }, received ${describeValue(options)}.`);
  const origin = options.origin ?? DEFAULT_ORIGIN;
  if (typeof origin !== 'string' || !URL.canParse(origin)) {
    throw new UsageError(`diffCsp: options.origin must be an absolute URL such as 'https://example.com' (what 'self' means), received ${describeValue(origin)}.`);
  }
  return new URL(origin).origin === 'null' ? origin : new URL(origin).origin;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
