/**
 * Lookup of the bypass lists (jsonp.ts, angular.ts, flash.ts) by host.
 *
 * Each list is indexed once, on first use: a Map from host to its entries for
 * exact hosts, and one from each parent domain to its subdomains' entries for
 * `*.` hosts, so a lookup is one Map get and never parses a URL. The first entry in list order wins, as in csp-evaluator, which
 * matters because some hosts only count when eval is allowed.
 */
import { ANGULAR_BYPASSES } from './angular';
import { FLASH_BYPASSES } from './flash';
import { JSONP_BYPASSES } from './jsonp';

export type BypassListName = 'jsonp' | 'angular' | 'flash';

export interface BypassEntry {
  host: string;
  path: string;
}

interface BypassIndex {
  byHost: Map<string, BypassEntry[]>;
  /** For `*.` sources: each parent domain of a listed host (`b.c` and `c` for `a.b.c`) to its subdomain entries, in list order. */
  byParent: Map<string, BypassEntry[]>;
}

function addTo(map: Map<string, BypassEntry[]>, key: string, entry: BypassEntry): void {
  const bucket = map.get(key);
  if (bucket === undefined) map.set(key, [entry]);
  else bucket.push(entry);
}

const SOURCES: Record<BypassListName, ReadonlyArray<readonly [string, string]>> = {
  jsonp: JSONP_BYPASSES,
  angular: ANGULAR_BYPASSES,
  flash: FLASH_BYPASSES,
};

// One slot per list, filled on first use (read on every lookup: plain fields, not a Map).
const built: Record<BypassListName, BypassIndex | undefined> = { jsonp: undefined, angular: undefined, flash: undefined };

function indexOf(list: BypassListName): BypassIndex {
  let index = built[list];
  if (index === undefined) {
    const ordered = SOURCES[list].map(([host, path]) => ({ host, path }));
    const byHost = new Map<string, BypassEntry[]>();
    const byParent = new Map<string, BypassEntry[]>();
    for (const entry of ordered) {
      addTo(byHost, entry.host, entry);
      for (let dot = entry.host.indexOf('.'); dot !== -1; dot = entry.host.indexOf('.', dot + 1)) {
        addTo(byParent, entry.host.slice(dot + 1), entry);
      }
    }
    index = { byHost, byParent };
    built[list] = index;
  }
  return index;
}

/**
 * A source's path covers an entry's path when it is the root, ends in `/` and
 * is a prefix, or is exactly equal (CSP path matching).
 */
function pathCovers(sourcePath: string, entryPath: string): boolean {
  if (sourcePath === '/') return true;
  return sourcePath.endsWith('/') ? entryPath.startsWith(sourcePath) : entryPath === sourcePath;
}

/**
 * The first listed entry that an allowed source covers.
 * @param host lower-case host of the source, without a `*.` prefix
 * @param wildcard whether the source was `*.host` (then only subdomains match)
 * @param path the source's path, `/` when it has none
 */
export function findBypass(list: BypassListName, host: string, wildcard: boolean, path: string): BypassEntry | undefined {
  const index = indexOf(list);
  // `*.host` covers the entries of its subdomains only, which the parent index holds in list order.
  const bucket = (wildcard ? index.byParent : index.byHost).get(host);
  if (bucket === undefined) return undefined;
  for (const entry of bucket) if (pathCovers(path, entry.path)) return entry;
  return undefined;
}
