import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_FINDING_IDS } from '../../src/audit';
import { KNOWN_DIRECTIVES, NEWER_DIRECTIVES } from '../../src/csp/checks/view';

// src/names.ts holds the finding ids and CSP directive names as string-literal
// unions, so editors complete them and typos fail to compile. It is generated
// from the lists the code checks against; run with UPDATE_NAMES=1 to rewrite it
// after adding an id or a directive.
const FILE = join(__dirname, '../../src/names.ts');

const union = (names: readonly string[]): string => names.map((n) => `\n  | '${n}'`).join('');

function generated(): string {
  const directives = [...KNOWN_DIRECTIVES, ...NEWER_DIRECTIVES].sort();
  return [
    '// Generated from the rules\' id lists and the CSP engine\'s directive list by',
    '// test/docs/names.test.ts (UPDATE_NAMES=1 rewrites it; the test fails when it is stale).',
    '',
    '/** Every finding id the audit can produce (the README lists them by rule). */',
    `export type FindingId =${union(ALL_FINDING_IDS)};`,
    '',
    '/** The rule part of a finding id (read off the ids, so the two never drift). */',
    'export type FindingRule = FindingId extends `${infer Rule}/${string}` ? Rule : never;',
    '',
    '/** What `ignore` takes: one finding id, or every id of a rule (`\'cookies/*\'`). */',
    'export type FindingIdPattern = FindingId | `${FindingRule}/*`;',
    '',
    '/** Every CSP directive name the engine knows. */',
    `export type CspDirectiveName =${union(directives)};`,
    '',
  ].join('\n');
}

test('src/names.ts is generated from the current id and directive lists', () => {
  const text = generated();
  if (process.env.UPDATE_NAMES) writeFileSync(FILE, text);
  expect(readFileSync(FILE, 'utf8')).toBe(text);
});
