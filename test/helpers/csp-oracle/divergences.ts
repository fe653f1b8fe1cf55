/**
 * Disagreements between cspAllows and Chromium that are known and written
 * down (docs/csp-chromium-divergences.md): each class is recognised here by
 * what it is, never by case id, so a new kind of disagreement still fails.
 */
import type { Disagreement } from './compare';

export function documentedDivergence(_d: Disagreement): string | undefined {
  return undefined;
}
