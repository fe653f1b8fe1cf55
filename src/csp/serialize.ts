/**
 * Canonical text of a parsed policy: `name v1 v2; name2 v3`. Directive names
 * are already lower case; keywords are lower-cased (`'SELF'` → `'self'`), as
 * are the `'nonce-` / `'sha256-` prefixes (their values keep their case);
 * every other token is kept as received. Parsing the result gives the same
 * directives, and serializing again gives the same text.
 */
import type { Directive, Policy, SourceExpression } from './types';

export function serializeCsp(policy: Policy): string {
  if (policy === null || typeof policy !== 'object' || !Array.isArray((policy as Partial<Policy>).directives)) {
    throw new Error(
      `serializeCsp(policy): expected a Policy as returned by parseCsp (an object with a directives array), received ${
        policy === null ? 'null' : typeof policy
      }.`,
    );
  }
  return policy.directives.map(serializeDirective).join('; ');
}

export function serializeDirective(directive: Directive): string {
  const tokens = directive.values.map((value, index) => {
    const source = directive.sources[index];
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
