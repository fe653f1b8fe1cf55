import type { HeaderSet } from '../types';

/** One header field as received: the name in any case, one value. */
export type HeaderField = readonly [name: string, value: string];

export interface ResponseMeta {
  url?: string;
  status?: number;
}

/**
 * Builds a HeaderSet from fields in the order received. Names compare
 * case-insensitively; every field keeps its own value, so two CSP headers
 * stay two policies and Set-Cookie values are never joined.
 */
/** Header sets made here: their members are known to be strings, so toHeaderSet takes them as they are. */
const own = new WeakSet<HeaderSet>();

export function isOwnHeaderSet(value: object): boolean {
  return own.has(value as HeaderSet);
}

export function createHeaderSet(fields: Iterable<HeaderField>, meta: ResponseMeta = {}): HeaderSet {
  const byName = new Map<string, string[]>();
  for (const [name, value] of fields) {
    const key = name.toLowerCase();
    const values = byName.get(key);
    if (values) values.push(value);
    else byName.set(key, [value]);
  }
  const set: HeaderSet = {
    url: meta.url,
    status: meta.status,
    getAll: (name) => [...(byName.get(name.toLowerCase()) ?? [])],
    get: (name) => byName.get(name.toLowerCase())?.join(', '),
    has: (name) => byName.has(name.toLowerCase()),
    names: () => [...byName.keys()],
  };
  own.add(set);
  return set;
}
