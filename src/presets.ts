import type { RuleLevel } from './rules/types';
import type { Severity } from './types';

export type PresetName = 'recommended' | 'strict';

/** A preset says how demanding the rules are and from which severity a finding fails. */
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
