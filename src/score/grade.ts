/**
 * Score → grade, as the Observatory grades. Facts from
 * @mdn/mdn-http-observatory 1.4.8, src/grader/charts.js (GRADE_CHART,
 * MINIMUM_SCORE_FOR_EXTRA_CREDIT) and src/scanner/index.js (how modifiers add up).
 */
import { UsageError } from '../errors';
import type { Grade } from './types';

/** Best first. */
export const GRADES: readonly Grade[] = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'];

/** Bonuses count only when the penalties alone leave this much or more. */
export const EXTRA_CREDIT_THRESHOLD = 90;

export const BASE_SCORE = 100;

/** Lowest score (a multiple of 5) for each grade, best first. */
const GRADE_FLOORS: ReadonlyArray<readonly [number, Grade]> = [
  [100, 'A+'],
  [90, 'A'],
  [85, 'A-'],
  [80, 'B+'],
  [70, 'B'],
  [65, 'B-'],
  [60, 'C+'],
  [50, 'C'],
  [45, 'C-'],
  [40, 'D+'],
  [30, 'D'],
  [25, 'D-'],
  [0, 'F'],
];

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}

function assertGrade(value: unknown, argument: string): asserts value is Grade {
  if (!isGrade(value)) {
    throw new UsageError(
      `compareGrades: ${argument} must be one of ${GRADES.join(', ')}; received ${JSON.stringify(value)}.`,
    );
  }
}

/**
 * Negative when `a` is a worse grade than `b`, 0 when equal, positive when
 * better: `compareGrades(received, minimum) >= 0` means the minimum is met.
 */
export function compareGrades(a: Grade, b: Grade): number {
  assertGrade(a, 'the first grade');
  assertGrade(b, 'the second grade');
  return GRADES.indexOf(b) - GRADES.indexOf(a);
}

/** The grade for a score; the score is rounded down to a multiple of 5 and anything at or over 100 is A+. */
export function gradeForScore(score: number): Grade {
  if (!Number.isFinite(score)) {
    throw new UsageError(`gradeForScore: the score must be a finite number; received ${String(score)}.`);
  }
  const floored = Math.max(score, 0);
  const key = Math.min(floored - (floored % 5), 100);
  for (const [floor, grade] of GRADE_FLOORS) if (key >= floor) return grade;
  return 'F';
}

/**
 * Adds the modifiers to the base. Penalties always count; bonuses only when
 * the score with penalties alone is 90 or more (the Observatory's rule:
 * extra credit is for sites that already earn an A). Never below 0.
 */
export function totalScore(modifiers: readonly number[]): number {
  let withBonuses = BASE_SCORE;
  let penaltiesOnly = BASE_SCORE;
  for (const m of modifiers) {
    withBonuses += m;
    if (m < 0) penaltiesOnly += m;
  }
  const score = penaltiesOnly >= EXTRA_CREDIT_THRESHOLD ? withBonuses : penaltiesOnly;
  return Math.max(score, 0);
}
