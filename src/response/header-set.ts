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
export function createHeaderSet(fields: Iterable<HeaderField>, meta: ResponseMeta = {}): HeaderSet {
  const byName = new Map<string, string[]>();
  for (const [name, value] of fields) {
    const key = name.toLowerCase();
    const values = byName.get(key);
    if (values) values.push(value);
    else byName.set(key, [value]);
  }
  return {
    url: meta.url,
    status: meta.status,
    getAll: (name) => [...(byName.get(name.toLowerCase()) ?? [])],
    get: (name) => byName.get(name.toLowerCase())?.join(', '),
    has: (name) => byName.has(name.toLowerCase()),
    names: () => [...byName.keys()],
  };
}
