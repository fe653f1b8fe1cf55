import type { Finding, Severity } from '../types';
import type { RuleContext } from './types';

/** Seconds in the durations the HSTS and other rules compare against. */
export const ONE_YEAR = 31536000;
export const TWO_YEARS = 63072000;

/**
 * Picks a severity by level: many findings are advice for a sound production
 * app (`recommended`) but part of the bar at `strict`.
 */
export function byLevel(context: RuleContext, recommended: Severity, strict: Severity): Severity {
  return context.level === 'strict' ? strict : recommended;
}

export { splitCommas } from '../response/split';

/** Quoted for messages: long values are cut so a hostile header cannot flood a terminal. */
export function quote(value: string, max = 200): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut);
}

/** A value that looks like it names a software version: `nginx/1.25.3`, `4.0.30319`, `PHP/8.2`. */
export function revealsVersion(value: string): boolean {
  // `\d\.\d`, not `\d+\.\d+`: the same strings, without retrying every digit of a long run.
  return /\d\.\d/.test(value) || /\/\s*v?\d/.test(value);
}

/** Removes the `received` key when absent, so findings print and compare cleanly. */
export function finding(input: Finding): Finding {
  const out: Finding = { ...input };
  if (out.received === undefined) delete out.received;
  if (out.directive === undefined) delete out.directive;
  return out;
}
