/** Misuse of the watcher (a bypassCSP context, an unknown option, something that is not a page): what was wrong, what was received, what to do instead. */
export class CspWatchError extends Error {
  override name = 'CspWatchError';
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') {
    return 'a Promise (an `await` is missing: await the call that returned it, e.g. `await browser.newPage()`, and pass its value)';
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'}) with keys ${Object.keys(value as object).slice(0, 6).join(', ') || '(none)'}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
