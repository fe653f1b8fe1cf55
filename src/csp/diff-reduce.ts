/**
 * What keeps diffCsp linear in the size of the policies (diff.ts asks the
 * matcher about one request per class, and there are about as many classes
 * as sources):
 *
 * - Nonces and hashes that decide alike are one. A nonce listed in exactly
 *   the same directives of the same policies as another is judged like it
 *   by every request, so each such group keeps one member (its first), in
 *   the probes, in the class keys and in the policies the matcher is asked
 *   about. Fifty hashes of one script-src are one class, not fifty times
 *   every URL class.
 * - Each request is judged on the policies cut down to what can decide it:
 *   enforced policies only (report-only ones never block), the directives
 *   of its fallback list (and upgrade-insecure-requests), and of their host
 *   sources only those that could match the URL's host (its name, a
 *   wildcard over a parent name, `*`); scheme sources only those a URL of
 *   its scheme can match. A source that cannot match the URL changes no
 *   answer of the matcher about it (a list left empty, or only 'none',
 *   matches nothing either way), so the answer is the full policy's, at the
 *   cost of what concerns that URL rather than of the whole policy.
 */
import { FALLBACK_LISTS, type EffectiveDirective } from './keywords';
import type { CspRequest } from './match';
import type { Directive, Policy, SourceExpression } from './types';

/** The key two hash sources share when the matcher takes them for the same hash (base64url as base64, padding dropped). */
export function hashGroupKey(algorithm: string, value: string): string {
  return `${algorithm.toLowerCase()}-${value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')}`;
}

/** A request's `hash` (`sha256-…`, quoted or not) as hashGroupKey reads it; the text itself when it is no hash. */
export function requestHashKey(hash: string): string {
  const match = /^'?(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})'?$/i.exec(hash);
  return match ? hashGroupKey(match[1]!, match[2]!) : hash;
}

export interface Groups {
  /** Every nonce named, to its group's first member. */
  nonce: Map<string, string>;
  /** Every hash key (hashGroupKey), to its group's first member's key. */
  hash: Map<string, string>;
  /** The first member of each nonce group, in order of appearance. */
  nonces: string[];
  /** Each hash group's first member, as a request's `hash` (`algorithm-value`), in order of appearance. */
  hashes: string[];
  /** The same, as keys (hashGroupKey). */
  hashKeys: string[];
}

/** Groups the nonces and hashes of `policies` (both sides together) by where they are listed. */
export function groupNoncesAndHashes(policies: readonly Policy[]): Groups {
  const nonceWhere = new Map<string, string[]>();
  const hashWhere = new Map<string, string[]>();
  const hashText = new Map<string, string>();
  policies.forEach((policy, p) => {
    policy.directives.forEach((directive, d) => {
      const place = `${policy.disposition}:${p}:${d}`;
      for (const source of directive.sources) {
        if (source.kind === 'nonce') note(nonceWhere, source.value, place);
        else if (source.kind === 'hash') {
          const key = hashGroupKey(source.algorithm, source.value);
          note(hashWhere, key, place);
          if (!hashText.has(key)) hashText.set(key, `${source.algorithm}-${source.value}`);
        }
      }
    });
  });
  const nonce = firstOfEachGroup(nonceWhere);
  const hash = firstOfEachGroup(hashWhere);
  const hashKeys = [...new Set(hash.values())];
  return { nonce, hash, nonces: [...new Set(nonce.values())], hashes: hashKeys.map((key) => hashText.get(key)!), hashKeys };
}

function note(where: Map<string, string[]>, value: string, place: string): void {
  const list = where.get(value);
  if (!list) where.set(value, [place]);
  else if (list[list.length - 1] !== place) list.push(place);
}

function firstOfEachGroup(where: Map<string, string[]>): Map<string, string> {
  const firstBySignature = new Map<string, string>();
  const out = new Map<string, string>();
  for (const [value, places] of where) {
    const signature = places.join(' ');
    const first = firstBySignature.get(signature);
    if (first === undefined) firstBySignature.set(signature, value);
    out.set(value, first ?? value);
  }
  return out;
}

interface IndexedDirective {
  name: string;
  values: string[];
  /** Keywords, the nonces and hashes that stand for their group, `*`, 'self', and anything else that is no host or scheme. */
  always: SourceExpression[];
  schemes: Map<string, SourceExpression[]>;
  byHost: Map<string, SourceExpression[]>;
  /** `*.example.com` by `example.com`. */
  byWildcard: Map<string, SourceExpression[]>;
}

interface IndexedPolicy {
  policy: Policy;
  directives: Map<string, IndexedDirective>;
}

/** Which directives can decide a request: its fallback list, and the one that rewrites its URL. */
function decidingNames(request: CspRequest): readonly string[] {
  if (request.eval || request.wasmEval) return EVAL_NAMES;
  const name = request.directive.toLowerCase();
  const effective = name === 'script-src' ? 'script-src-elem' : name === 'style-src' ? 'style-src-elem' : name;
  return DECIDING[effective] ?? [effective, 'upgrade-insecure-requests'];
}

const EVAL_NAMES = ['script-src', 'default-src'];
const DECIDING: Record<string, readonly string[]> = Object.fromEntries(
  (Object.keys(FALLBACK_LISTS) as EffectiveDirective[]).map((name) => [name, [...FALLBACK_LISTS[name], 'upgrade-insecure-requests']]),
);

/** Hierarchical URL schemes: a scheme source of any of these may match such a URL (http: matches https:, ws: wss:). */
const NETWORK_SCHEMES = ['http', 'https', 'ws', 'wss', 'ftp'];

/**
 * One side's enforced policies, indexed so that a request's cut-down policies
 * cost what concerns it. `reduce` gives them, cached per directive, host and
 * scheme (a probe URL's class shares them with its neighbours).
 */
export class Reducer {
  private readonly indexed: IndexedPolicy[];
  private readonly cache = new Map<string, readonly Policy[]>();
  /** Per directive list and scheme: each policy cut down with no host source, grouped by what it is cut down to. */
  private readonly hostless = new Map<string, Array<{ policy: Policy; members: number[] }>>();
  /** The policies that name a host (or a wildcard over it), by that host. */
  private readonly byHost = new Map<string, number[]>();
  private readonly byWildcard = new Map<string, number[]>();

  constructor(policies: readonly Policy[], groups: Groups) {
    this.indexed = policies.filter((p) => p.disposition === 'enforce').map((policy) => indexPolicy(policy, groups));
    this.indexed.forEach(({ directives }, i) => {
      for (const directive of directives.values()) {
        for (const host of directive.byHost.keys()) addIndex(this.byHost, host, i);
        for (const host of directive.byWildcard.keys()) addIndex(this.byWildcard, host, i);
      }
    });
  }

  reduce(request: CspRequest): readonly Policy[] {
    const names = decidingNames(request);
    let host = '';
    let scheme = '';
    if (request.url !== undefined && !request.eval && !request.wasmEval) {
      const url = new URL(request.url, request.origin);
      host = url.hostname.toLowerCase();
      scheme = url.protocol.slice(0, -1).toLowerCase();
    }
    const key = `${names[0]}|${host}|${scheme}`;
    let reduced = this.cache.get(key);
    if (!reduced) this.cache.set(key, (reduced = this.build(names, host, scheme)));
    return reduced;
  }

  /**
   * The policies that name the host (or a parent under a wildcard) are cut
   * down one by one; every other policy is cut down to its part without host
   * sources, computed once per directive list and scheme, so a host costs
   * the policies about it, not all of them.
   */
  private build(names: readonly string[], host: string, scheme: string): readonly Policy[] {
    const parents: string[] = [];
    for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) parents.push(host.slice(dot + 1));
    const schemes = schemesFor(scheme);
    const naming = new Set<number>(host === '' ? [] : this.byHost.get(host));
    for (const parent of parents) for (const i of this.byWildcard.get(parent) ?? []) naming.add(i);
    const out: Policy[] = [];
    const seen = new Set<string>();
    const keep = (policy: Policy): void => {
      // Policies cut down to the same thing decide alike: every enforced policy must allow, so one of them is enough.
      const key = policyKey(policy);
      if (seen.has(key)) return;
      seen.add(key);
      out.push(policy);
    };
    for (const group of this.hostlessGroups(names, scheme, schemes)) {
      if (group.members.some((i) => !naming.has(i))) keep(group.policy);
    }
    for (const i of [...naming].sort((a, b) => a - b)) keep(cut(this.indexed[i]!, names, schemes, host, parents));
    return out;
  }

  private hostlessGroups(names: readonly string[], scheme: string, schemes: readonly string[]): Array<{ policy: Policy; members: number[] }> {
    const key = `${names[0]}|${scheme}`;
    let groups = this.hostless.get(key);
    if (groups) return groups;
    const byKey = new Map<string, { policy: Policy; members: number[] }>();
    this.indexed.forEach((indexed, i) => {
      const policy = cut(indexed, names, schemes, '', []);
      const k = policyKey(policy);
      const group = byKey.get(k);
      if (group) group.members.push(i);
      else byKey.set(k, { policy, members: [i] });
    });
    groups = [...byKey.values()];
    this.hostless.set(key, groups);
    return groups;
  }
}

/** The policy's deciding directives with only the sources that could match a URL of this host and schemes. */
function cut({ policy, directives }: IndexedPolicy, names: readonly string[], schemes: readonly string[], host: string, parents: readonly string[]): Policy {
  const kept: Directive[] = [];
  for (const name of names) {
    const directive = directives.get(name);
    if (!directive) continue;
    const sources = [...directive.always];
    for (const s of schemes) sources.push(...(directive.schemes.get(s) ?? []));
    if (host !== '') sources.push(...(directive.byHost.get(host) ?? []));
    for (const parent of parents) sources.push(...(directive.byWildcard.get(parent) ?? []));
    kept.push({ name: directive.name, values: directive.values, sources });
  }
  return { ...policy, directives: kept };
}

function policyKey(policy: Policy): string {
  return policy.directives.map((d) => `${d.name} ${d.values.length === 0 ? '' : 'v'} ${d.sources.map((s) => s.raw).join(' ')}`).join(';');
}

/** The schemes whose scheme sources may match a URL of `scheme`. */
export function schemesFor(scheme: string): readonly string[] {
  return NETWORK_SCHEMES.includes(scheme) ? NETWORK_SCHEMES_FIRST.get(scheme)! : [scheme];
}

const NETWORK_SCHEMES_FIRST = new Map(NETWORK_SCHEMES.map((s) => [s, [s, ...NETWORK_SCHEMES.filter((o) => o !== s)]]));

function addIndex(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

function indexPolicy(policy: Policy, groups: Groups): IndexedPolicy {
  const directives = new Map<string, IndexedDirective>();
  for (const directive of policy.directives) {
    const indexed: IndexedDirective = { name: directive.name, values: directive.values, always: [], schemes: new Map(), byHost: new Map(), byWildcard: new Map() };
    const seenGroups = new Set<string>();
    for (const source of directive.sources) {
      if (source.kind === 'nonce') {
        // One nonce per group: the others are judged as it is.
        const first = groups.nonce.get(source.value) ?? source.value;
        if (first === source.value && !seenGroups.has(`n:${first}`)) {
          seenGroups.add(`n:${first}`);
          indexed.always.push(source);
        }
      } else if (source.kind === 'hash') {
        const key = hashGroupKey(source.algorithm, source.value);
        const first = groups.hash.get(key) ?? key;
        if (first === key && !seenGroups.has(`h:${first}`)) {
          seenGroups.add(`h:${first}`);
          indexed.always.push(source);
        }
      } else if (source.kind === 'scheme') add(indexed.schemes, source.scheme.toLowerCase(), source);
      else if (source.kind === 'host' && !(source.host === '*' && !source.wildcardHost)) {
        add(source.wildcardHost ? indexed.byWildcard : indexed.byHost, source.host.toLowerCase(), source);
      } else indexed.always.push(source);
    }
    directives.set(directive.name, indexed);
  }
  return { policy, directives };
}

function add(map: Map<string, SourceExpression[]>, key: string, source: SourceExpression): void {
  const list = map.get(key);
  if (list) list.push(source);
  else map.set(key, [source]);
}
