import { writeFix, type FixGoal } from '../fixes';
import type { RuleContext } from './types';

/**
 * The rules' way to a fix: a rule says what to achieve (a FixGoal, with what
 * the response already has) and src/fixes/ says it in the words of the
 * framework the user runs.
 */
export function fixFor(goal: FixGoal, context: RuleContext): string {
  return writeFix(goal, context.framework);
}

export { detectFramework } from '../fixes';
