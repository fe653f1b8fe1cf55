/**
 * From what the learning crawl saw to policies: pure. Every report-only
 * violation of the deny-everything probe is a need (directive, source, what
 * needed it); inline code is covered by hashes of what the pages carry, or
 * by the site's nonces where every script carries one; what cannot be
 * covered without 'unsafe-inline' is said, with where it is.
 */
import { createHash } from 'node:crypto';
import type { CspViolation } from '../browser/types';
import type { InlineItem, PageInline } from './collect';
import type { InlineSummary, Need, StrictBlocker } from './types';

/** What one page gave the learning crawl. */
export interface PageObservation {
  url: string;
  /** Violations of the probe policy (report-only). */
  violations: CspViolation[];
  inline?: PageInline;
  /** Hashes of inline script / style bodies that were different in a second response of the page. */
  varying: { scripts: string[]; styles: string[] };
  /** The site's own enforced CSP header values. */
  ownPolicies: string[];
  /** The nonce the site's own policy carries for scripts in this response, when it does. */
  ownNonce?: string;
  /** The `<script>` tags of the HTML as served (parser-inserted): a nonce-based strict policy needs a nonce on each, a hash-based one allows only inline ones. */
  parserScripts: Array<{ where: string; nonce: boolean; external: boolean }>;
  /** Frames and workers the DevTools protocol saw. */
  frames: string[];
  workers: string[];
}

export const NONCE_PLACEHOLDER = '{nonce}';
const MAX_HASHES = 40;
const MAX_SITES = 20;

export function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The probe's directive names mapped to the directive a learned policy writes them in. */
const WRITTEN_AS: Record<string, string> = { 'script-src-elem': 'script-src', 'style-src-elem': 'style-src' };
const ORDER = ['default-src', 'script-src', 'script-src-attr', 'style-src', 'style-src-attr', 'img-src', 'font-src', 'connect-src', 'media-src', 'frame-src', 'worker-src', 'manifest-src', 'object-src', 'base-uri', 'form-action', 'frame-ancestors'];

class NeedBook {
  private readonly map = new Map<string, Need>();
  add(directive: string, source: string, page: string, what: string, count = 1): void {
    const key = `${directive} ${source}`;
    const need = this.map.get(key) ?? { directive, source, neededBy: [], count: 0 };
    need.count += count;
    if (need.neededBy.length < MAX_SITES && !need.neededBy.some((n) => n.page === page && n.what === what)) need.neededBy.push({ page, what });
    this.map.set(key, need);
  }
  sources(directive: string): string[] {
    return [...this.map.values()].filter((n) => n.directive === directive).map((n) => n.source);
  }
  list(): Need[] {
    return [...this.map.values()].sort((a, b) => ORDER.indexOf(WRITTEN_AS[a.directive] ?? a.directive) - ORDER.indexOf(WRITTEN_AS[b.directive] ?? b.directive) || a.source.localeCompare(b.source));
  }
}

export interface Built {
  needs: Need[];
  allowlistPolicy: string;
  strict?: { kind: 'nonce' | 'hash'; policy: string };
  strictBlockers: StrictBlocker[];
  inline: { scripts: InlineSummary; styles: InlineSummary; styleAttributes: InlineSummary; eventHandlers: InlineSummary };
}

export function buildPolicies(pages: readonly PageObservation[]): Built {
  const book = new NeedBook();
  const urlsByDirective = new Map<string, Array<{ url: string; page: string }>>();
  const inlineNeeded = new Set<string>();

  for (const page of pages) {
    for (const v of page.violations) {
      const directive = v.directive;
      if (v.kind === 'eval') book.add('script-src-elem', "'unsafe-eval'", page.url, 'eval() / new Function()', v.count);
      else if (v.kind === 'wasm-eval') book.add('script-src-elem', "'wasm-unsafe-eval'", page.url, 'WebAssembly compilation', v.count);
      else if (v.kind === 'inline') inlineNeeded.add(directive);
      // Chromium names data:, blob: … loads by their scheme alone ('data'), which the watcher files as 'other'.
      else if (v.kind === 'resource' || (v.kind === 'other' && /^(data|blob|filesystem|mediastream)$/i.test(v.blockedURI))) {
        const list = urlsByDirective.get(directive) ?? [];
        list.push({ url: v.blockedURI, page: page.url });
        urlsByDirective.set(directive, list);
      }
    }
    // What the DevTools protocol saw, in case a violation was missed (a frame or worker that loaded before the watcher).
    for (const frame of page.frames) if (URL.canParse(frame)) push(urlsByDirective, 'frame-src', { url: frame, page: page.url });
    for (const worker of page.workers) push(urlsByDirective, 'worker-src', { url: worker, page: page.url });
  }

  for (const [directive, loads] of urlsByDirective) {
    for (const [source, group] of groupBySource(loads)) {
      for (const load of group) book.add(directive, source, load.page, load.url);
    }
  }

  const blockers: StrictBlocker[] = [];
  const all = <K extends 'scripts' | 'styles' | 'styleAttributes' | 'handlers' | 'javascriptUrls'>(key: K) =>
    pages.flatMap((p) => (p.inline?.[key] ?? []).map((item) => ({ item, page: p.url })));
  const varyingScripts = new Set(pages.flatMap((p) => p.varying.scripts));
  const varyingStyles = new Set(pages.flatMap((p) => p.varying.styles));

  // Scripts added by script are let through by 'strict-dynamic'; those in the HTML need the nonce.
  const carriesNonces = pages.length > 0 && pages.every((p) => p.ownNonce !== undefined && p.parserScripts.every((s) => s.nonce));
  const scripts = inlineCover(all('scripts'), varyingScripts, inlineNeeded.has('script-src-elem'), 'script-src-elem', book, false);
  const styles = inlineCover(all('styles'), varyingStyles, inlineNeeded.has('style-src-elem'), 'style-src-elem', book, false);
  const styleAttributes = inlineCover(all('styleAttributes'), new Set(), inlineNeeded.has('style-src-attr'), 'style-src-attr', book, true);
  const eventHandlers = inlineCover(all('handlers'), new Set(), inlineNeeded.has('script-src-attr'), 'script-src-attr', book, true);

  for (const { item, page } of all('handlers')) blockers.push({ kind: 'event-handler', page, where: item.where });
  for (const { item, page } of all('javascriptUrls')) blockers.push({ kind: 'javascript-url', page, where: item.where });
  for (const { item, page } of all('scripts')) {
    if (varyingScripts.has(sha256Source(item.text)) && !item.nonce) blockers.push({ kind: 'varying-inline-script', page, where: item.where });
  }
  // Without nonces, the hashes of inline scripts can carry 'strict-dynamic' when the HTML has no other script (an
  // external one would need a nonce, or to be added by an inline loader) and none changes between responses.
  const scriptHashes = book.sources('script-src-elem').filter((s) => s.startsWith("'sha256-"));
  const hashStrict =
    !carriesNonces &&
    pages.length > 0 &&
    scriptHashes.length > 0 &&
    scripts.varying === 0 &&
    scripts.advice === undefined &&
    pages.every((p) => p.parserScripts.every((s) => !s.external));
  if (!carriesNonces && !hashStrict) {
    for (const page of pages) for (const s of page.parserScripts) if (!s.nonce) blockers.push({ kind: 'script-without-nonce', page: page.url, where: s.where });
  }

  const needs = book.list();
  const hasBase = pages.some((p) => p.inline?.hasBase);
  const framedBySelf = pages.some((p) => p.frames.some((f) => URL.canParse(f) && new URL(f).origin === new URL(p.url).origin));
  const base: Record<string, string[]> = { 'default-src': ["'none'"] };
  const directives = new Map<string, string[]>(Object.entries(base));
  for (const need of needs) {
    const name = WRITTEN_AS[need.directive] ?? need.directive;
    const list = directives.get(name) ?? [];
    if (!list.includes(need.source)) list.push(need.source);
    directives.set(name, list);
  }
  directives.set('base-uri', [hasBase ? "'self'" : "'none'"]);
  directives.set('form-action', ["'self'"]);
  directives.set('frame-ancestors', [framedBySelf ? "'self'" : "'none'"]);
  const allowlistPolicy = serialize(directives);

  let strict: Built['strict'];
  if (carriesNonces || hashStrict) {
    const directivesStrict = new Map(directives);
    const kept = (directivesStrict.get('script-src') ?? []).filter((s) => s === "'unsafe-eval'" || s === "'wasm-unsafe-eval'");
    const allowing = carriesNonces ? [`'nonce-${NONCE_PLACEHOLDER}'`] : scriptHashes;
    directivesStrict.set('script-src', [...allowing, "'strict-dynamic'", ...kept]);
    strict = { kind: carriesNonces ? 'nonce' : 'hash', policy: serialize(directivesStrict) };
  }

  return {
    needs,
    allowlistPolicy,
    ...(strict ? { strict } : {}),
    strictBlockers: dedupeBlockers(blockers),
    inline: { scripts, styles, styleAttributes, eventHandlers },
  };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

/**
 * Hashes for the inline code a directive needed, or 'unsafe-inline' when a
 * hash cannot cover it (it changes per response, or there are too many).
 * Attributes need 'unsafe-hashes' beside their hashes.
 */
function inlineCover(
  items: Array<{ item: InlineItem; page: string }>,
  varying: ReadonlySet<string>,
  needed: boolean,
  directive: string,
  book: NeedBook,
  attribute: boolean,
): InlineSummary {
  const hashes = new Map<string, Array<{ item: InlineItem; page: string }>>();
  for (const entry of items) push(hashes, sha256Source(entry.item.text), entry);
  const changing = [...hashes.keys()].filter((h) => varying.has(h));
  const summary: InlineSummary = { distinct: hashes.size, elements: items.length, varying: changing.length };
  if (!needed) return summary;
  const what = directive.startsWith('script') ? (attribute ? 'event handlers' : 'inline scripts') : attribute ? 'style attributes' : 'inline styles';
  if (changing.length > 0 || hashes.size > MAX_HASHES || hashes.size === 0) {
    const first = items[0];
    book.add(directive, "'unsafe-inline'", first?.page ?? '', first?.item.where ?? 'inline code', Math.max(1, items.length));
    summary.advice =
      changing.length > 0
        ? `${changing.length} of the ${what} change with every response (a token or nonce in the text), so no hash covers them: give them the nonce the app sends (Talisman's csp_nonce(), res.locals.nonce) or move them to files.`
        : hashes.size > MAX_HASHES
          ? `${hashes.size} distinct ${what}: too many to hash; move them to files or give them a nonce.`
          : `${what} ran that were not in the page when it settled; 'unsafe-inline' is needed unless they carry the nonce.`;
    return summary;
  }
  if (attribute) book.add(directive, "'unsafe-hashes'", items[0]!.page, items[0]!.item.where, items.length);
  for (const [hash, entries] of hashes) for (const entry of entries) book.add(directive, hash, entry.page, entry.item.where);
  if (attribute) summary.advice = `${hashes.size} distinct ${what}, allowed by hash with 'unsafe-hashes'; moving them to addEventListener / classes removes the need.`;
  return summary;
}

/**
 * The source a set of loads needs: 'self' for the page's own origin, the
 * scheme for data:/blob:, else the origin, or origin and path when every
 * load from that origin shares a path (exact file, or directory).
 */
function groupBySource(loads: ReadonlyArray<{ url: string; page: string }>): Map<string, Array<{ url: string; page: string }>> {
  const byOrigin = new Map<string, Array<{ url: string; page: string; path: string }>>();
  const out = new Map<string, Array<{ url: string; page: string }>>();
  for (const load of loads) {
    const scheme = /^([a-z][a-z0-9+.-]*)(:|$)/i.exec(load.url)?.[1]?.toLowerCase();
    if (!URL.canParse(load.url) || ['data', 'blob', 'filesystem', 'mediastream'].includes(scheme ?? '')) {
      push(out, `${scheme ?? load.url}:`, load);
      continue;
    }
    const url = new URL(load.url);
    if (URL.canParse(load.page) && url.origin === new URL(load.page).origin) {
      push(out, "'self'", load);
      continue;
    }
    push(byOrigin, url.origin, { ...load, path: /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?$/i.test(load.url) ? '' : url.pathname });
  }
  for (const [origin, group] of byOrigin) {
    // Chromium reports some cross-origin loads (frames) by origin alone: those say nothing about the path.
    const known = group.filter((g) => g.path !== '');
    const paths = known.length === group.length ? [...new Set(group.map((g) => g.path))] : known.length > 0 ? [...new Set(known.map((g) => g.path))] : ['/', '/'];
    let source = origin;
    if (paths.length === 1 && paths[0] !== '/') source = `${origin}${paths[0]}`;
    else {
      const dir = commonDirectory(paths);
      if (dir.length > 1) source = `${origin}${dir}`;
    }
    for (const g of group) push(out, source, { url: g.url, page: g.page });
  }
  return out;
}

function commonDirectory(paths: string[]): string {
  const dirs = paths.map((p) => p.slice(0, p.lastIndexOf('/') + 1));
  let prefix = dirs[0] ?? '/';
  for (const dir of dirs) while (!dir.startsWith(prefix)) prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
  return prefix || '/';
}

function serialize(directives: Map<string, string[]>): string {
  return [...directives.entries()]
    .sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

function dedupeBlockers(blockers: StrictBlocker[]): StrictBlocker[] {
  const seen = new Set<string>();
  return blockers.filter((b) => {
    const key = `${b.kind}|${b.page}|${b.where}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The nonce a response's own policy gives scripts (script-src, else default-src), when it gives one. */
export function nonceOf(policies: readonly string[]): string | undefined {
  for (const policy of policies) {
    for (const directive of policy.split(/[;,]/)) {
      const [name, ...values] = directive.trim().split(/\s+/);
      if (!name || !['script-src', 'script-src-elem', 'default-src'].includes(name.toLowerCase())) continue;
      for (const value of values) {
        const match = /^'nonce-([^']+)'$/i.exec(value);
        if (match) return match[1];
      }
    }
  }
  return undefined;
}
