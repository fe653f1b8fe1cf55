import type { Finding, HeaderSet } from '../types';
import { OWASP_HEADERS_TO_REMOVE } from './data/disclosure-headers';
import { fixText } from './fix';
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

function removalFix(context: RuleContext, header: string, canonical: string): string {
  if (header === 'server') {
    return fixText(
      {
        action: 'remove',
        header: canonical,
        nginx: 'server_tokens off;  (and proxy_hide_header Server; for upstream servers)',
        talisman: 'Run the app under a production server (gunicorn, uwsgi) behind a proxy that hides Server; the Werkzeug dev server always names itself',
        helmet: 'Express sends no Server header itself; remove it where it is added (the proxy in front)',
      },
      context.framework,
    );
  }
  if (header === 'x-powered-by') {
    return fixText({ action: 'remove', header: canonical, helmet: "app.disable('x-powered-by') (helmet() also removes it by default)" }, context.framework);
  }
  return fixText({ action: 'remove', header: canonical }, context.framework);
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
        fix: removalFix(context, name, label),
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
