/**
 * Several enforced policies, judged together. A browser enforces every one
 * of them, so a weakness one policy has only stands if the others permit
 * it too; and a policy that does not govern a resource type (no directive
 * of its fallback list) permits everything of that type. Each weakness is
 * turned into the requests it is about ("an inline script", "a script from
 * https://attacker.invalid", "eval") and the source matcher answers whether
 * the other policies allow them: the decision rests on what the policies
 * actually permit, not on what findings they happen to share.
 */
import type { CspFinding } from './findings';
import { prepareCspRequest, preparedAllows, type CspRequest, type PreparedCspRequest } from './match';
import { parsePolicy } from './parse';
import { parseSourceExpression } from './source-expression';
import type { Policy } from './types';

/** The synthetic page the probes ask about, and a host no policy lists. */
const PAGE = 'https://protected.invalid';
const ATTACKER = 'attacker.invalid';

export type ProbeRequest = Omit<CspRequest, 'origin'>;

/**
 * The requests a weakness is about. `any`: the weakness stands while one of
 * them is allowed (a `https:` in default-src is a weakness for scripts or
 * for objects); `all`: only while every one is (a missing script-src means
 * scripts from anywhere and inline ones).
 */
export interface WeaknessProbe {
  mode: 'any' | 'all';
  requests: ProbeRequest[];
}

/** Finding types about what a policy permits; the rest are about a policy's own text and are reported per policy. */
const WEAKNESS_TYPES: ReadonlySet<string> = new Set([
  'script-unsafe-inline',
  'script-unsafe-eval',
  'script-unsafe-hashes',
  'plain-url-schemes',
  'plain-wildcard',
  'missing-directives',
  'script-allowlist-bypass',
  'object-allowlist-bypass',
  'strict-dynamic',
  'require-trusted-types-for-scripts',
  'style-unsafe-inline',
  'style-wildcard',
  'style-data-uri',
  'frame-ancestors-wildcard',
  'form-action-missing',
  'base-uri-missing',
]);

/** The weakness a finding stands for (findings of the same weakness share it); undefined for findings about a policy's own text. */
export function weaknessKey(f: CspFinding): string | undefined {
  if (!WEAKNESS_TYPES.has(f.type)) return undefined;
  if (f.type === 'strict-dynamic' || f.type === 'require-trusted-types-for-scripts') return f.type;
  return f.value === undefined ? `${f.type} ${f.directive}` : `${f.type} ${f.value.toLowerCase()}`;
}

/** The fetch types a directive's URL weakness reaches (default-src: scripts and plugins, the XSS ones). */
function urlTypes(directive: string, style: boolean): string[] {
  if (style) return ['style-src-elem'];
  switch (directive) {
    case 'script-src':
    case 'script-src-elem':
      return ['script-src-elem'];
    case 'object-src':
      return ['object-src'];
    case 'base-uri':
      return ['base-uri'];
    case 'frame-ancestors':
      return ['frame-ancestors'];
    case 'default-src':
      return ['script-src-elem', 'object-src'];
    default:
      return [];
  }
}

/** The inline types a directive's 'unsafe-inline' reaches. */
function inlineTypes(directive: string, kind: 'script' | 'style'): string[] {
  if (directive.endsWith('-elem')) return [`${kind}-src-elem`];
  if (directive.endsWith('-attr')) return [`${kind}-src-attr`];
  return [`${kind}-src-elem`, `${kind}-src-attr`];
}

/** An attacker's URL that a scheme source or wildcard allows. */
function attackerUrl(value: string, type: string): string | undefined {
  const v = value.toLowerCase();
  if (v === 'data:') return type === 'style-src-elem' ? 'data:text/css,p{}' : 'data:text/javascript,alert(1)';
  if (v === 'https:' || v === 'http:') return `${v}//${ATTACKER}/x.js`;
  if (v === '*' || v === 'https://*') return `https://${ATTACKER}/x.js`;
  if (v === 'http://*') return `http://${ATTACKER}/x.js`;
  return undefined;
}

/** A URL a source expression allows ('self' or a host source), to ask the other policies about. */
function urlOfSource(value: string): string | undefined {
  if (value.toLowerCase() === "'self'") return `${PAGE}/x.js`;
  const source = parseSourceExpression(value);
  if (source.kind !== 'host') return attackerUrl(value, 'script-src-elem');
  const host = source.host === '*' ? ATTACKER : source.wildcardHost ? `probe.${source.host}` : source.host;
  const port = source.port === undefined || source.port === '*' ? '' : `:${source.port}`;
  const path = source.path === undefined || source.path === '' ? '/x.js' : source.path.endsWith('/') ? `${source.path}x.js` : source.path;
  const url = `${source.scheme ?? 'https'}://${host}${port}${path}`;
  return URL.canParse(url) ? url : undefined;
}

function any(requests: Array<ProbeRequest | undefined>): WeaknessProbe | undefined {
  const defined = requests.filter((r): r is ProbeRequest => r !== undefined);
  return defined.length === 0 ? undefined : { mode: 'any', requests: defined };
}

function fetches(types: string[], url: (type: string) => string | undefined): WeaknessProbe | undefined {
  return any(types.map((directive) => {
    const u = url(directive);
    return u === undefined ? undefined : { directive, url: u };
  }));
}

/**
 * What a weakness finding of `policy` is about, as requests. Undefined when
 * it cannot be put as requests (Trusted Types, a source we cannot turn into
 * a URL): such a weakness is then judged by whether every enforced policy
 * reports it.
 */
export function weaknessProbe(f: CspFinding, policy: Policy): WeaknessProbe | undefined {
  const value = f.value ?? '';
  switch (f.type) {
    case 'script-unsafe-inline':
      return any(inlineTypes(f.directive, 'script').map((directive) => ({ directive, inline: true })));
    case 'style-unsafe-inline':
      return any(inlineTypes(f.directive, 'style').map((directive) => ({ directive, inline: true })));
    case 'script-unsafe-eval':
      return { mode: 'any', requests: [{ directive: 'script-src', eval: true }] };
    case 'script-unsafe-hashes': {
      const directive = policy.directives.find((d) => d.name === f.directive);
      const hashes = (directive?.sources ?? []).flatMap((s) => (s.kind === 'hash' ? [`${s.algorithm}-${s.value}`] : []));
      // Without a listed hash the keyword allows no handler by itself: ask about one no policy lists.
      const asked = hashes.length > 0 ? hashes : [`sha256-${'A'.repeat(43)}=`];
      return any(asked.map((hash) => ({ directive: 'script-src-attr', inline: true, hash })));
    }
    case 'plain-url-schemes':
    case 'plain-wildcard':
      return fetches(urlTypes(f.directive, false), (type) => attackerUrl(value, type));
    case 'style-wildcard':
    case 'style-data-uri':
      return fetches(['style-src-elem'], (type) => attackerUrl(f.type === 'style-data-uri' ? 'data:' : value, type));
    case 'frame-ancestors-wildcard':
      return fetches(['frame-ancestors'], () => attackerUrl(value, 'frame-ancestors')?.replace(/x\.js$/, ''));
    case 'script-allowlist-bypass':
      return fetches(urlTypes(f.directive, false).filter((t) => t === 'script-src-elem'), () => urlOfSource(value));
    case 'object-allowlist-bypass':
      return fetches(['object-src'], () => urlOfSource(value));
    case 'missing-directives':
      if (f.directive === 'object-src') return fetches(['object-src'], () => `https://${ATTACKER}/x.swf`);
      if (f.directive === 'base-uri') return fetches(['base-uri'], () => `https://${ATTACKER}/`);
      if (f.directive === 'script-src') {
        return { mode: 'all', requests: [{ directive: 'script-src-elem', url: `https://${ATTACKER}/x.js` }, { directive: 'script-src-elem', inline: true }] };
      }
      return undefined;
    case 'form-action-missing':
      return fetches(['form-action'], () => `https://${ATTACKER}/`);
    case 'base-uri-missing':
      return fetches(['base-uri'], () => `https://${ATTACKER}/`);
    case 'strict-dynamic': {
      // "The allowlist is what protects scripts": does it still let a parser-inserted script in?
      const directive = policy.directives.find((d) => d.name === f.directive);
      const urls = (directive?.values ?? []).filter((v) => !v.startsWith("'")).map(urlOfSource);
      return any(urls.map((url) => (url === undefined ? undefined : { directive: 'script-src-elem', url })));
    }
    default:
      return undefined;
  }
}

export interface WeaknessJudge {
  /**
   * Does weakness `f` (its key `key`), reported for `policies[index]`, stand
   * when all the enforced policies apply? The probes the reporting policy
   * itself allows are asked of the others together. When it allows none
   * (the check saw something the matcher does not model), and for
   * weaknesses that cannot be put as requests, each other policy must
   * report the same weakness or permit what it is about.
   */
  stands(f: CspFinding, index: number, key: string): boolean;
}

/**
 * A judge over one response's policies. Each policy's verdict on a probe is
 * worked out once, and the policy that last said no is asked first: with
 * many policies, most weaknesses are settled by one look-up, so judging
 * stays about linear in the number of policies.
 */
export function weaknessJudge(
  policies: readonly Policy[],
  hasKey: (policyIndex: number, key: string) => boolean,
  everyEnforcedHasKey: (key: string) => boolean,
): WeaknessJudge {
  const enforced = policies.flatMap((p, i) => (p.disposition === 'enforce' ? [i] : []));
  // One enforced upgrade-insecure-requests upgrades the requests every policy judges.
  const upgrades = enforced.some((i) => policies[i]?.directives.some((d) => d.name === 'upgrade-insecure-requests'));
  const context = upgrades ? [parsePolicy('upgrade-insecure-requests')] : [];
  // Each probe is read once (its URL parsed) and asked of every policy: reading it per policy was most of a small policy's
  // cost. Policies with the same directives give the same verdicts, so a header of many copies of one policy asks once.
  interface Probe {
    prepared: PreparedCspRequest;
    byPolicy: Map<string, boolean>;
  }
  const probes = new Map<string, Probe>();
  const shapes: Array<string | undefined> = [];
  const shapeOf = (i: number): string => (shapes[i] ??= policyShape(policies[i] as Policy));
  let lastNo = -1;
  const probeOf = (request: ProbeRequest): Probe => {
    const id = JSON.stringify(request);
    let probe = probes.get(id);
    if (probe === undefined) probes.set(id, (probe = { prepared: prepareCspRequest({ ...request, origin: PAGE } as CspRequest), byPolicy: new Map() }));
    return probe;
  };
  const verdictOf = (i: number, probe: Probe): boolean => {
    const shape = shapeOf(i);
    let verdict = probe.byPolicy.get(shape);
    if (verdict === undefined) probe.byPolicy.set(shape, (verdict = preparedAllows([policies[i] as Policy, ...context], probe.prepared)));
    return verdict;
  };
  const allowedBy = (i: number, request: ProbeRequest): boolean => verdictOf(i, probeOf(request));
  /** Does every enforced policy but `index` pass `test`? The last one that failed is tried first. */
  const everyOther = (index: number, test: (i: number) => boolean): boolean => {
    if (lastNo !== -1 && lastNo !== index && !test(lastNo)) return false;
    for (const i of enforced) {
      if (i === index || i === lastNo) continue;
      if (!test(i)) {
        lastNo = i;
        return false;
      }
    }
    return true;
  };
  return {
    stands(f, index, key) {
      const own = policies[index];
      if (own === undefined) return false;
      const probe = weaknessProbe(f, own);
      if (probe === undefined) return everyEnforcedHasKey(key);
      const ownAllowed = probe.requests.filter((r) => allowedBy(index, r));
      if (ownAllowed.length > 0) {
        const passes = (r: ProbeRequest) => {
          const probe = probeOf(r);
          return everyOther(index, (i) => verdictOf(i, probe));
        };
        return probe.mode === 'any' ? ownAllowed.some(passes) : ownAllowed.every(passes);
      }
      const asked = probe.requests.map(probeOf);
      const permits = (i: number) => (probe.mode === 'any' ? asked.some((p) => verdictOf(i, p)) : asked.every((p) => verdictOf(i, p)));
      return everyOther(index, (i) => hasKey(i, key) || permits(i));
    },
  };
}

/** What a policy's verdicts depend on: its disposition and its directives as written (two policies alike here decide alike). */
function policyShape(policy: Policy): string {
  let shape = policy.disposition;
  for (const directive of policy.directives) shape += `;${directive.name} ${directive.values.join(' ')}`;
  return shape;
}
