import { isSourceKeyword } from './csp/keywords';
import { UsageError } from './matchers/context';
import { describeValue } from './response/normalize';

/**
 * Option checking shared by every entry point. Each message says what was
 * wrong, what was received and what to pass instead, with a "did you mean"
 * when a near name exists.
 */

export function assertPlainObject(what: string, value: unknown): asserts value is Record<string, unknown> | undefined {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${what} must be an object, received ${describeValue(value)}.`);
  }
}

export function assertKnownKeys(what: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new UsageError(`${what}: unknown option "${key}".${didYouMean(key, allowed)} Valid options: ${allowed.join(', ')}.`);
    }
  }
}

export function assertOneOf<T extends string>(what: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    const shown = typeof value === 'string' ? `"${value}"` : describeValue(value);
    const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
    throw new UsageError(`${what} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; received ${shown}.${hint}`);
  }
}

export function assertStringArray(what: string, value: unknown): asserts value is string[] | undefined {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new UsageError(`${what} must be an array of strings, received ${describeValue(value)}.`);
  }
}

export function assertBoolean(what: string, value: unknown): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new UsageError(`${what} must be true or false, received ${describeValue(value)}.`);
  }
}


/** A directive's source expressions as `toHaveCsp({ directives })` takes them: strings, one expression each, keywords quoted. */
export function assertSourceList(what: string, values: unknown): asserts values is string[] {
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
    throw new UsageError(`${what} must be an array of source expressions such as ["'self'", 'https://cdn.example'], received ${describeValue(values)}.`);
  }
  for (const value of values) {
    const bare = value.trim().toLowerCase();
    // Unquoted, a keyword (`self`) or a nonce/hash is a host of that name, as helmet warns too.
    if (isSourceKeyword(bare) || /^(nonce|sha256|sha384|sha512)-/.test(bare)) {
      throw new UsageError(`${what}: "${value}" must be quoted: write "'${value.trim()}'" (unquoted, it names a host).`);
    }
    if (value.trim() === '' || /[\s;,]/.test(value.trim())) {
      throw new UsageError(`${what}: ${JSON.stringify(value)} is not one source expression; pass each one as its own string, e.g. ["'self'", 'https://cdn.example'].`);
    }
  }
}

/** " Did you mean "x"?" when one allowed name is close to `name`, else "". */
export function didYouMean(name: string, allowed: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? ` Did you mean "${best}"?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
