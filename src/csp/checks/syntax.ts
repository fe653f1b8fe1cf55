/**
 * Syntax checks: unknown directive names, directive names found among the
 * values (a forgotten semicolon), and keywords that are misspelt or lack
 * their single quotes. Facts from csp-evaluator's parser checks; in extended
 * mode names from newer CSP drafts are accepted too.
 */
import { finding, type CspFinding } from '../findings';
import type { CheckContext } from './types';
import { byLength, everyValue, isOneOf, KNOWN_DIRECTIVES, KNOWN_KEYWORDS, NEWER_DIRECTIVES, NEWER_KEYWORDS, STRICT_HASH, STRICT_NONCE, type PolicyView } from './view';

function isKnownDirective(name: string, context: CheckContext): boolean {
  return KNOWN_DIRECTIVES.has(name) || (context.extended && NEWER_DIRECTIVES.has(name));
}

const KNOWN_DIRECTIVES_BY_LENGTH = byLength(KNOWN_DIRECTIVES);
const NEWER_DIRECTIVES_BY_LENGTH = byLength(NEWER_DIRECTIVES);

/** isKnownDirective for a value of a directive: most values are hosts, which this rules out without hashing them. */
function isKnownDirectiveValue(value: string, context: CheckContext): boolean {
  return isOneOf(value, KNOWN_DIRECTIVES_BY_LENGTH) || (context.extended && isOneOf(value, NEWER_DIRECTIVES_BY_LENGTH));
}

export function checkUnknownDirective(view: PolicyView, context: CheckContext): CspFinding[] {
  const out: CspFinding[] = [];
  for (const name of view.directives.keys()) {
    if (isKnownDirective(name, context)) continue;
    out.push(
      finding(
        'unknown-directive',
        'syntax',
        name,
        name.endsWith(':')
          ? `"${name}" ends in a colon; directive names are written without one. Write "${name.slice(0, -1)}".`
          : `"${name}" is not a CSP directive, so browsers ignore it. Check the spelling against the CSP specification or remove it.`,
      ),
    );
  }
  return out;
}

export function checkMissingSemicolon(view: PolicyView, context: CheckContext): CspFinding[] {
  const out: CspFinding[] = [];
  // One flat list of every value (shared by the checks that read them all), not the Map and each list in turn.
  const { directives, values } = everyValue(view);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const directive = directives[i] as string;
    // Directive names are bare words: quoted tokens, URLs and schemes never are.
    if (value.charCodeAt(0) === 39 || !isKnownDirectiveValue(value, context)) continue;
    out.push(
      finding(
        'missing-semicolon',
        'syntax',
        directive,
        `"${value}" is a directive name inside ${directive}'s value, so its sources are being read as part of ${directive}. Put a ";" before "${value}".`,
        value,
      ),
    );
  }
  return out;
}

const BARE_KEYWORDS = byLength(KNOWN_KEYWORDS.map((k) => k.slice(1, -1)));
const BARE_NEWER_KEYWORDS = byLength([...NEWER_KEYWORDS].map((k) => k.slice(1, -1)));
const KEYWORDS_BY_LENGTH = byLength(KNOWN_KEYWORDS);
const BARE_HASH = /^(sha256|sha384|sha512)-/;

export function checkInvalidKeyword(view: PolicyView, context: CheckContext): CspFinding[] {
  const out: CspFinding[] = [];
  const { directives, values } = everyValue(view);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const directive = directives[i] as string;
    const first = value.charCodeAt(0);
    if (
      first !== 39 /* ' */ &&
      (isOneOf(value, BARE_KEYWORDS) ||
        (context.extended && isOneOf(value, BARE_NEWER_KEYWORDS)) ||
        (first === 110 /* n */ && value.startsWith('nonce-')) ||
        (first === 115 /* s */ && BARE_HASH.test(value)))
    ) {
      out.push(
        finding(
          'invalid-keyword',
          'syntax',
          directive,
          `"${value}" lacks its single quotes, so it is read as a host name. Write '${value}'.`,
          value,
        ),
      );
      continue;
    }
    if (first !== 39) continue;
    // Keywords were read as their constants (see normalizeValues); hashes start 'sha, nonces 'n.
    const second = value.charCodeAt(1);
    if (directive === 'require-trusted-types-for') {
      if (value === "'script'") continue;
    } else if (directive === 'trusted-types') {
      if (value === "'allow-duplicates'" || value === "'none'") continue;
    } else if (
      isOneOf(value, KEYWORDS_BY_LENGTH) ||
      (second === 115 && STRICT_HASH.test(value)) ||
      (second === 110 && STRICT_NONCE.test(value)) ||
      (context.extended && NEWER_KEYWORDS.has(value.toLowerCase()))
    ) {
      continue;
    }
    out.push(
      finding(
        'invalid-keyword',
        'syntax',
        directive,
        `${value} is not a keyword browsers know in ${directive}, so it is ignored. Check its spelling and quotes ('self', 'none', 'nonce-...', 'sha256-...').`,
        value,
      ),
    );
  }
  return out;
}
