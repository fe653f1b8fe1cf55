/**
 * Canonical text of a parsed policy: `name v1 v2; name2 v3`. Directive names
 * are already lower case; keywords are lower-cased (`'SELF'` → `'self'`), as
 * are the `'nonce-` / `'sha256-` prefixes (their values keep their case);
 * every other token is kept as received. Parsing the result gives the same
 * directives, and serializing again gives the same text.
 */
import { UsageError } from '../errors';
import type { Directive, Policy, SourceExpression } from './types';

export function serializeCsp(policy: Policy): string {
  if (policy === null || typeof policy !== 'object' || !Array.isArray((policy as Partial<Policy>).directives)) {
    throw new UsageError(
      `serializeCsp(policy): expected a Policy as returned by parseCsp (an object with a directives array), received ${describe(policy)}.`,
    );
  }
  policy.directives.forEach((directive: unknown, index) => checkDirective(directive, index));
  return policy.directives.map(serializeDirective).join('; ');
}

/** A directive as parseCsp makes it: a name, its values (strings) and their parsed sources. */
function checkDirective(directive: unknown, index: number): void {
  const where = `serializeCsp(policy): policy.directives[${index}]`;
  const accepted = "a directive as parseCsp returns it ({ name: 'script-src', values: [\"'self'\"], sources: [...] })";
  if (directive === null || typeof directive !== 'object') throw new UsageError(`${where} is ${describe(directive)}; expected ${accepted}.`);
  const d = directive as Partial<Record<keyof Directive, unknown>>;
  if (typeof d.name !== 'string') throw new UsageError(`${where}.name is ${describe(d.name)}; expected ${accepted}.`);
  if (!Array.isArray(d.values) || !d.values.every((v) => typeof v === 'string')) {
    throw new UsageError(`${where}.values is ${describe(d.values)}; expected an array of strings, in ${accepted}.`);
  }
  if (d.sources !== undefined && !Array.isArray(d.sources)) throw new UsageError(`${where}.sources is ${describe(d.sources)}; expected an array (or leave it out), in ${accepted}.`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') return 'a Promise (an `await` is missing)';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export function serializeDirective(directive: Directive): string {
  const tokens = directive.values.map((value, index) => {
    const source = directive.sources?.[index];
    return source !== undefined && source.raw === value ? canonicalToken(source) : value;
  });
  return [directive.name, ...tokens].join(' ');
}

function canonicalToken(source: SourceExpression): string {
  switch (source.kind) {
    case 'keyword':
      return `'${source.keyword}'`;
    case 'nonce':
      return `'nonce-${source.value}'`;
    case 'hash':
      return `'${source.algorithm}-${source.value}'`;
    case 'scheme':
      return `${source.scheme}:`;
    case 'host':
    case 'unknown':
      return source.raw;
  }
}
