/**
 * A seeded generator of realistic (policies, requests) pages for the
 * Chromium differential test of `cspAllows`: each page has one to three
 * policies (enforced and report-only, in one header or several) and a few
 * dozen requests of every kind a page makes (images, scripts and styles by
 * URL, inline and by attribute, with and without nonces and hashes,
 * parser-inserted or not; fetch and WebSocket; fonts, media, objects,
 * frames, workers; eval and WebAssembly). Sources are drawn from the same
 * small world as the requests (a few hosts on three ports, wildcards,
 * paths, schemes, 'self', the page's nonces and hashes), so most requests
 * are near a source and the edges (port, scheme upgrade, path segment,
 * wildcard depth) are tried often.
 */
import { createHash } from 'node:crypto';
import { seeded, type Rng } from '../seeded';

/** The loopback ports the three servers listen on; the generator writes them as placeholders. */
export interface OracleWorld {
  ports: readonly [number, number, number];
}

export type OracleDirective =
  | 'img-src'
  | 'script-src-elem'
  | 'script-src-attr'
  | 'style-src-elem'
  | 'style-src-attr'
  | 'connect-src'
  | 'font-src'
  | 'media-src'
  | 'object-src'
  | 'frame-src'
  | 'worker-src'
  | 'script-src';

/** How the page makes the request, which decides how Chromium's verdict is observed. */
export type OracleHow =
  | 'img'
  | 'script'
  | 'link'
  | 'fetch'
  | 'websocket'
  | 'font'
  | 'audio'
  | 'object'
  | 'iframe'
  | 'worker'
  | 'inline-script'
  | 'inline-style'
  | 'style-attr'
  | 'handler'
  | 'eval'
  | 'wasm';

export interface OracleCase {
  id: string;
  how: OracleHow;
  directive: OracleDirective;
  /** For fetches: the URL requested (before any upgrade-insecure-requests). */
  url?: string;
  nonce?: string;
  /** For inline content: the text the browser hashes. */
  content?: string;
  /** sha256 of `content`, base64, as cspAllows takes it. */
  hash?: string;
  /** Written in the HTML (true) or added by script (false). */
  parserInserted: boolean;
}

export interface OraclePolicy {
  text: string;
  disposition: 'enforce' | 'report';
}

export interface OraclePage {
  id: number;
  /** The page's origin, e.g. http://a.test:PORT. */
  origin: string;
  policies: OraclePolicy[];
  /** How the enforced policies are sent: one header field with commas, or one field each. */
  oneHeader: boolean;
  cases: OracleCase[];
}

const HOSTS = ['a.test', 'b.test', 'sub.b.test', 'x.sub.b.test', 'c.test'] as const;
const PATHS = ['/r/x', '/r/y', '/p/q/x', '/p/', '/q'] as const;
const NONCES = ['n0nceAAA', 'n0nceBBB'] as const;

const FETCH_KINDS: ReadonlyArray<[OracleHow, OracleDirective, number]> = [
  ['img', 'img-src', 10],
  ['script', 'script-src-elem', 9],
  ['link', 'style-src-elem', 5],
  ['fetch', 'connect-src', 5],
  ['websocket', 'connect-src', 5],
  ['font', 'font-src', 3],
  ['audio', 'media-src', 2],
  ['object', 'object-src', 2],
  ['iframe', 'frame-src', 5],
  ['worker', 'worker-src', 3],
];
const INLINE_KINDS: ReadonlyArray<[OracleHow, OracleDirective, number]> = [
  ['inline-script', 'script-src-elem', 6],
  ['inline-style', 'style-src-elem', 3],
  ['style-attr', 'style-src-attr', 3],
  ['handler', 'script-src-attr', 3],
];

/** Directives a policy may hold, with weights: fallbacks (default-src, script-src, child-src) are common. */
const POLICY_DIRECTIVES: ReadonlyArray<[string, number]> = [
  ['default-src', 8],
  ['script-src', 7],
  ['script-src-elem', 2],
  ['script-src-attr', 2],
  ['style-src', 4],
  ['style-src-elem', 2],
  ['style-src-attr', 2],
  ['img-src', 4],
  ['connect-src', 4],
  ['font-src', 2],
  ['media-src', 1],
  ['object-src', 2],
  ['frame-src', 3],
  ['child-src', 2],
  ['worker-src', 2],
];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function weighted<T>(rng: Rng, items: ReadonlyArray<readonly [...unknown[]]>): T {
  const total = items.reduce((sum, item) => sum + (item[item.length - 1] as number), 0);
  let roll = rng() * total;
  for (const item of items) {
    roll -= item[item.length - 1] as number;
    if (roll < 0) return item as unknown as T;
  }
  return items[items.length - 1] as unknown as T;
}

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('base64');
}

/** The same digest written the ways Chromium accepts: base64 or base64url, with or without `=` padding. */
function hashSource(rng: Rng, content: string): string {
  let value = sha256(content);
  if (rng() < 0.3) value = value.replace(/\+/g, '-').replace(/\//g, '_');
  if (rng() < 0.4) value = value.replace(/=+$/, '');
  return `'sha256-${value}'`;
}

class PageBuilder {
  readonly cases: OracleCase[] = [];
  private readonly frameOrigins = new Set<string>();
  private readonly opaqueKinds = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly world: OracleWorld,
    readonly pageId: number,
    readonly origin: URL,
  ) {}

  private port(): string {
    const roll = this.rng();
    if (roll < 0.15) return '';
    return String(this.world.ports[Math.floor(this.rng() * 3)]);
  }

  /** A URL near the page and near the sources: one of few hosts, ports and paths. */
  url(how: OracleHow, id: string): string | undefined {
    const rng = this.rng;
    const query = `?c=${id}&k=${how}`;
    if (how === 'worker') {
      // Workers must be same-origin (or blob:/data:).
      const roll = rng();
      if (roll < 0.15) return this.opaque('blob', how) ? 'blob:' : undefined;
      if (roll < 0.25) return this.opaque('data', how) ? 'data:text/javascript,postMessage(1)' : undefined;
      return `${this.origin.origin}${pick(rng, PATHS)}${query}`;
    }
    if ((how === 'img' || how === 'link' || how === 'script' || how === 'font') && rng() < 0.06) {
      if (!this.opaque('data', how)) return undefined;
      return how === 'img' ? 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' : how === 'link' ? 'data:text/css,p{}' : how === 'font' ? 'data:font/woff2;base64,AAAA' : 'data:text/javascript,1';
    }
    let scheme: string;
    if (how === 'websocket') scheme = rng() < 0.7 ? 'ws' : 'wss';
    else scheme = rng() < 0.75 ? 'http' : 'https';
    const host = rng() < 0.3 ? this.origin.hostname : pick(rng, HOSTS);
    let port = rng() < 0.3 ? this.origin.port : this.port();
    if (how === 'iframe' || how === 'object') {
      // A blocked frame is reported by origin only: one frame per host and port, so each report names its case.
      const key = `${host}:${port}`;
      if (this.frameOrigins.has(key)) return undefined;
      this.frameOrigins.add(key);
    }
    if (port !== '' && Number(port) === 0) port = '';
    return `${scheme}://${host}${port === '' ? '' : `:${port}`}${pick(rng, PATHS)}${query}`;
  }

  /** data: and blob: URLs are reported by scheme only: one of each per directive and page. */
  private opaque(scheme: string, how: OracleHow): boolean {
    const key = `${scheme} ${how === 'websocket' ? 'fetch' : how}`;
    if (this.opaqueKinds.has(key)) return false;
    this.opaqueKinds.add(key);
    return true;
  }

  add(how: OracleHow, directive: OracleDirective): void {
    const rng = this.rng;
    const id = `p${this.pageId}c${this.cases.length}`;
    const inline = INLINE_KINDS.some(([h]) => h === how);
    const parserInserted = how === 'inline-script' || how === 'script' || how === 'link' ? rng() < 0.6 : how === 'inline-style' || how === 'style-attr' || how === 'handler';
    const c: OracleCase = { id, how, directive, parserInserted };
    if (how === 'inline-script' || how === 'inline-style' || how === 'script' || how === 'link') {
      if (rng() < 0.35) c.nonce = rng() < 0.8 ? NONCES[0] : pick(rng, NONCES);
    }
    if (inline) {
      c.content =
        how === 'inline-script' || how === 'handler'
          ? `__ran.push('${id}')`
          : how === 'inline-style'
            ? `#m-${id}{width:7px}`
            : 'width:7px';
      // Style attributes share their text; a unique one per case keeps console messages apart.
      if (how === 'style-attr') c.content = `width:${7 + this.cases.length}px`;
      c.hash = sha256(c.content);
    } else if (how !== 'eval' && how !== 'wasm') {
      const url = this.url(how, id);
      if (url === undefined) return;
      c.url = url;
    }
    this.cases.push(c);
  }
}

/** A source expression near the page's requests. */
function source(rng: Rng, world: OracleWorld, page: PageBuilder, directive: string): string {
  const roll = rng();
  const scriptish = directive.startsWith('script') || directive === 'default-src' || directive === 'worker-src' || directive === 'child-src';
  const styleish = directive.startsWith('style') || directive === 'default-src';
  if (roll < 0.12) return "'self'";
  if (roll < 0.17 && (scriptish || styleish)) return "'unsafe-inline'";
  if (roll < 0.2 && scriptish) return pick(rng, ["'unsafe-eval'", "'wasm-unsafe-eval'", "'strict-dynamic'"]);
  if (roll < 0.25 && (scriptish || styleish)) return `'nonce-${rng() < 0.85 ? NONCES[0] : NONCES[1]}'`;
  if (roll < 0.3 && (scriptish || styleish)) {
    const inline = page.cases.filter((c) => c.content !== undefined);
    if (inline.length > 0) return hashSource(rng, pick(rng, inline).content as string);
  }
  if (roll < 0.32 && (scriptish || styleish)) return "'unsafe-hashes'";
  if (roll < 0.34) return "'none'";
  if (roll < 0.42) return pick(rng, ['http:', 'https:', 'ws:', 'wss:', 'data:', 'blob:']);
  if (roll < 0.45) return '*';
  // A host source: [scheme://]host[:port][/path]
  const schemeRoll = rng();
  const scheme = schemeRoll < 0.45 ? '' : schemeRoll < 0.7 ? 'http://' : schemeRoll < 0.85 ? 'https://' : schemeRoll < 0.93 ? 'ws://' : 'wss://';
  const hostRoll = rng();
  const host = hostRoll < 0.12 ? '*.b.test' : hostRoll < 0.17 ? '*.sub.b.test' : hostRoll < 0.2 ? '*' : hostRoll < 0.45 ? page.origin.hostname : pick(rng, HOSTS);
  const portRoll = rng();
  const port = portRoll < 0.4 ? '' : portRoll < 0.5 ? ':*' : portRoll < 0.56 ? ':80' : `:${world.ports[Math.floor(rng() * 3)]}`;
  const pathRoll = rng();
  const path = pathRoll < 0.7 ? '' : pick(rng, ['/r/', '/r/x', '/p/', '/p/q/', '/q', '/']);
  return `${scheme}${host}${port}${path}`;
}

function policy(rng: Rng, world: OracleWorld, page: PageBuilder): string {
  const count = 1 + Math.floor(rng() * 4);
  const names = new Set<string>();
  for (let i = 0; i < count; i++) names.add(weighted<[string, number]>(rng, POLICY_DIRECTIVES)[0]);
  const parts = [...names].map((name) => {
    const sources = new Set<string>();
    const n = 1 + Math.floor(rng() * 4);
    for (let i = 0; i < n; i++) sources.add(source(rng, world, page, name));
    return `${name} ${[...sources].join(' ')}`;
  });
  if (rng() < 0.12) parts.push('upgrade-insecure-requests');
  return parts.join('; ');
}

/** `count` pages of about `perPage` cases each, the same for the same seed and ports. */
export function generatePages(seed: number, world: OracleWorld, count: number, perPage = 50): OraclePage[] {
  const rng = seeded(seed);
  const pages: OraclePage[] = [];
  for (let id = 0; id < count; id++) {
    const originHost = rng() < 0.7 ? 'a.test' : pick(rng, ['b.test', 'sub.b.test']);
    const origin = new URL(`http://${originHost}:${world.ports[rng() < 0.7 ? 0 : 1]}`);
    const builder = new PageBuilder(rng, world, id, origin);
    builder.add('eval', 'script-src');
    builder.add('wasm', 'script-src');
    while (builder.cases.length < perPage) {
      const [how, directive] = rng() < 0.7 ? weighted<[OracleHow, OracleDirective, number]>(rng, FETCH_KINDS) : weighted<[OracleHow, OracleDirective, number]>(rng, INLINE_KINDS);
      builder.add(how, directive);
    }
    const policyCount = rng() < 0.55 ? 1 : rng() < 0.75 ? 2 : 3;
    const policies: OraclePolicy[] = [];
    const texts = new Set<string>();
    for (let i = 0; i < policyCount; i++) {
      const text = policy(rng, world, builder);
      if (texts.has(text)) continue;
      texts.add(text);
      policies.push({ text, disposition: i > 0 && rng() < 0.35 ? 'report' : 'enforce' });
    }
    pages.push({ id, origin: origin.origin, policies, oneHeader: rng() < 0.4, cases: builder.cases });
  }
  return pages;
}
