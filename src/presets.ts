import type { RuleLevel } from './rules/types';
import type { Severity } from './types';

export type PresetName = 'recommended' | 'strict';

/**
 * A preset says how demanding the rules are and from which severity a finding fails.
 *
 * Both presets judge a response for its kind (src/response/kind.ts; the
 * table of rules by kind is src/rules/kinds.ts and the README's "Response
 * kinds"):
 * - every kind: HSTS (on https), X-Content-Type-Options, cookies, CORS,
 *   disclosure and deprecated headers, CORP (strict);
 * - `document`: everything, as the presets' descriptions say;
 * - `api`: also framing (X-Frame-Options or CSP frame-ancestors; strict:
 *   DENY or 'none'), Referrer-Policy and Permissions-Policy; a CSP's script
 *   weaknesses are info notes, a missing CSP is info at recommended and low
 *   (fails) at strict, where OWASP's REST guidance sends
 *   `default-src 'none'; frame-ancestors 'none'`; no COOP;
 * - `script`, `style`: no CSP, framing or Permissions-Policy (they run or
 *   apply under the page's); COEP for scripts (workers) with isolation;
 * - `media`: no CSP, framing, Permissions-Policy or Referrer-Policy;
 * - `other`: no CSP or COOP; framing, Referrer-Policy and
 *   Permissions-Policy as for a page.
 */
export interface Preset {
  name: PresetName;
  level: RuleLevel;
  /** Findings at this severity or worse fail the matcher. */
  failOn: Severity;
  description: string;
}

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  recommended: {
    name: 'recommended',
    level: 'recommended',
    failOn: 'medium',
    description:
      'What a sound production app sends. helmet 8 defaults and Flask-Talisman 1.0 defaults (over https) pass; low and info findings are advice.',
  },
  strict: {
    name: 'strict',
    level: 'strict',
    failOn: 'low',
    description:
      "The OWASP Secure Headers Project's recommended values: HSTS two years with includeSubDomains, framing denied, COOP and CORP, Permissions-Policy, no disclosure headers.",
  },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
