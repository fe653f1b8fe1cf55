import type { CspViolationLog } from './types';

/**
 * Which pages and contexts are watched, so `expect(page).toHaveNoCspViolations()`
 * finds the log. Kept on globalThis under a registered symbol: the ESM and
 * CommonJS builds (or src and dist) loaded side by side must share it.
 */
const KEY = Symbol.for('expect-secure-headers.cspWatchRegistry');

function registry(): WeakMap<object, CspViolationLog[]> {
  const g = globalThis as unknown as Record<symbol, WeakMap<object, CspViolationLog[]> | undefined>;
  return (g[KEY] ??= new WeakMap());
}

/** A stopped log stays registered: what it saw can still be asserted on. */
export function register(target: object, log: CspViolationLog): void {
  const logs = registry().get(target) ?? [];
  logs.push(log);
  registry().set(target, logs);
}

/** The logs watching `target` (a page or a context), newest first. */
export function logsFor(target: object): CspViolationLog[] {
  return [...(registry().get(target) ?? [])].reverse();
}
