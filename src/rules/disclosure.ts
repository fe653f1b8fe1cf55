import type { Finding, HeaderSet } from '../types';
import { OWASP_HEADERS_TO_REMOVE } from './data/disclosure-headers';
import { fixFor } from './fix';
import type { Rule, RuleContext } from './types';
import { byLevel, finding, revealsVersion } from './util';

/**
 * Headers that tell an attacker what software (and which version) to aim
 * at: the OWASP Secure Headers Project's remove list (see
 * data/disclosure-headers.ts). Advice at the recommended level (the Werkzeug
 * dev server behind Flask-Talisman always sends `Server: Werkzeug/x
 * Python/y`); at strict a version number is medium and any of them low.
 */
export const DISCLOSURE_FINDING_IDS = [
  'disclosure/server-version',
  'disclosure/server',
  'disclosure/x-powered-by',
  'disclosure/version-header',
  'disclosure/header',
] as const;

type Id = (typeof DISCLOSURE_FINDING_IDS)[number];

function removalFix(context: RuleContext, canonical: string, received: string): string {
  return fixFor({ kind: 'remove', header: canonical, received }, context);
}

function canonicalName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}

export function checkDisclosure(headers: HeaderSet, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const name of headers.names()) {
    if (!OWASP_HEADERS_TO_REMOVE.includes(name)) continue;
    const received = headers.get(name) ?? '';
    const versioned = revealsVersion(received);
    const label = canonicalName(name);
    let id: Id;
    if (name === 'server') id = versioned ? 'disclosure/server-version' : 'disclosure/server';
    else if (name === 'x-powered-by') id = 'disclosure/x-powered-by';
    else id = versioned ? 'disclosure/version-header' : 'disclosure/header';
    const severity =
      id === 'disclosure/x-powered-by' ? byLevel(context, 'low', versioned ? 'medium' : 'low') : versioned ? byLevel(context, 'low', 'medium') : byLevel(context, 'info', 'low');
    findings.push(
      finding({
        id,
        severity,
        header: name,
        received,
        expected: 'absent (or no product and version)',
        fix: removalFix(context, label, received),
        message: versioned ? `${label} reveals software and version (${received})` : `${label} reveals the server stack (${received})`,
      }),
    );
  }
  return findings;
}

export const disclosureRule: Rule = {
  name: 'disclosure',
  header: 'server, x-powered-by, …',
  summary: 'no headers reveal the server software or its version (OWASP remove list)',
  check: checkDisclosure,
};
