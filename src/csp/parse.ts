/**
 * CSP Level 3 parsing, as browsers do it:
 * https://w3c.github.io/webappsec-csp/#parse-serialized-policy
 *
 * Choices where the spec leaves room, or where we keep more than a browser:
 * - A header value is a comma-separated list of policies (the `1#` ABNF list
 *   rule): empty parts between commas are skipped, as the list rule says.
 *   But a header value that is empty or only whitespace still yields ONE
 *   policy with no directives, so the caller can report "empty CSP header".
 *   (Browsers drop policies with an empty directive set; such a policy allows
 *   everything, and `cspAllows` treats it so.)
 * - A directive name with characters outside [a-z0-9-] is skipped with an
 *   `invalid-directive-name` issue, as Chromium does (the spec would keep it
 *   as an unknown directive, which has no effect either way).
 * - `source: 'meta'` drops report-uri, frame-ancestors and sandbox, as HTML
 *   does, and records each as an `ignored-in-meta` issue so the caller can
 *   warn. (A `<meta>` report-only policy is ignored by browsers altogether;
 *   we parse what we are given and leave that judgement to the caller.)
 * Nothing here throws on any string: bad input becomes issues.
 */
import { UsageError } from '../errors';
import { META_IGNORED_DIRECTIVES, NON_SOURCE_LIST_DIRECTIVES, VALUELESS_DIRECTIVES } from './keywords';
import { parseSourceExpression } from './source-expression';
import type { Directive, Disposition, ParseIssue, Policy, PolicySource, SourceExpression } from './types';

export interface ParseCspOptions {
  /** `enforce` (Content-Security-Policy, the default) or `report` (Content-Security-Policy-Report-Only). */
  disposition?: Disposition;
  /** `header` (the default) or `meta` (a `<meta http-equiv>` tag's content). */
  source?: PolicySource;
}

/** ASCII whitespace per the Infra standard: TAB, LF, FF, CR, SPACE (not VT, not NBSP). */
const ASCII_WHITESPACE = /[\t\n\f\r ]+/;
const NON_ASCII = /[^\x00-\x7f]/;
const DIRECTIVE_NAME = /^[a-z0-9-]+$/;

const isAsciiWhitespace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/**
 * Strips leading and trailing ASCII whitespace. A loop, not a regex: a
 * trailing-whitespace regex retries from every space of a long inner run,
 * which is quadratic in what a server can send.
 */
export function stripAsciiWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isAsciiWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isAsciiWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

export function splitOnAsciiWhitespace(text: string): string[] {
  const stripped = stripAsciiWhitespace(text);
  return stripped === '' ? [] : stripped.split(ASCII_WHITESPACE);
}

/**
 * Parse one or more CSP header values. Each string is one header field
 * value; each may hold several comma-separated policies. Returns one Policy
 * per policy, in order.
 */
export function parseCsp(value: string | readonly string[], options: ParseCspOptions = {}): Policy[] {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new UsageError(
      `parseCsp(value, options): options must be an object such as { disposition: 'report', source: 'meta' } (or left out), received ${describe(options)}.`,
    );
  }
  const disposition = checkOption('disposition', options.disposition, ['enforce', 'report'], 'enforce');
  const source = checkOption('source', options.source, ['header', 'meta'], 'header');
  const values: readonly unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [value];
  const policies: Policy[] = [];
  values.forEach((headerValue, index) => {
    if (typeof headerValue !== 'string') {
      const where = typeof value === 'string' || !Array.isArray(value) ? 'parseCsp(value)' : `parseCsp(value[${index}])`;
      throw new UsageError(
        `${where}: expected a CSP header value (a string) or an array of them, received ${describe(headerValue)}.`,
      );
    }
    const parts = headerValue.split(',').map(stripAsciiWhitespace);
    const nonEmpty = parts.filter((part) => part !== '');
    // An empty header still counts as a (useless) policy; see the file comment.
    for (const part of nonEmpty.length > 0 ? nonEmpty : ['']) {
      policies.push(parsePolicy(part, disposition, source));
    }
  });
  return policies;
}

/** Parse one serialized policy (no comma splitting). */
export function parsePolicy(serialized: string, disposition: Disposition = 'enforce', source: PolicySource = 'header'): Policy {
  const directives: Directive[] = [];
  const issues: ParseIssue[] = [];
  const seen = new Set<string>();

  for (const piece of serialized.split(';')) {
    const token = stripAsciiWhitespace(piece);
    if (token === '') continue;
    const [rawName = '', ...values] = token.split(ASCII_WHITESPACE);
    const name = asciiLowerCase(rawName);
    if (NON_ASCII.test(token)) {
      issues.push(withDirective({ kind: 'non-ascii', token }, NON_ASCII.test(name) ? undefined : name));
      continue;
    }
    if (!DIRECTIVE_NAME.test(name)) {
      issues.push({ kind: 'invalid-directive-name', directive: name, token });
      continue;
    }
    if (seen.has(name)) {
      issues.push({ kind: 'duplicate-directive', directive: name, token });
      continue;
    }
    seen.add(name);
    if (source === 'meta' && META_IGNORED_DIRECTIVES.has(name)) {
      issues.push({ kind: 'ignored-in-meta', directive: name, token });
      continue;
    }
    if (values.length === 0 && !VALUELESS_DIRECTIVES.has(name)) {
      issues.push({ kind: 'empty-directive', directive: name, token });
    }
    directives.push({ name, values, sources: typeSources(name, values) });
  }

  return { directives, disposition, source, raw: stripAsciiWhitespace(serialized), issues };
}

/** The directive called `name` (any case), or undefined when the policy has none. */
export function getDirective(policy: Policy, name: string): Directive | undefined {
  const wanted = asciiLowerCase(name);
  return policy.directives.find((directive) => directive.name === wanted);
}

function typeSources(name: string, values: string[]): SourceExpression[] {
  if (NON_SOURCE_LIST_DIRECTIVES.has(name)) return values.map((raw) => ({ kind: 'unknown', raw }));
  return values.map(parseSourceExpression);
}

function withDirective(issue: ParseIssue, directive: string | undefined): ParseIssue {
  return directive === undefined || directive === '' ? issue : { ...issue, directive };
}

/** Lower-case A-Z only, as the Infra standard's "ASCII lowercase" does (no locale, no Unicode folding). */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

function checkOption<T extends string>(name: string, received: unknown, allowed: readonly T[], fallback: T): T {
  if (received === undefined) return fallback;
  if (typeof received === 'string' && (allowed as readonly string[]).includes(received)) return received as T;
  throw new UsageError(
    `parseCsp options.${name}: expected ${allowed.map((a) => `'${a}'`).join(' or ')}, received ${describe(received)}.`,
  );
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function') return 'a Promise (an `await` is missing)';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
