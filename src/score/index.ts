/** The offline MDN HTTP Observatory score: what src/index.ts re-exports. */
export { scoreHeaders } from './score';
export { GRADES, compareGrades, gradeForScore, isGrade } from './grade';
export { readObservatoryCsp } from './csp';
export type {
  Grade,
  ObservatoryResult,
  ObservatoryResultId,
  ObservatoryTest,
  ObservatoryTestName,
  RedirectHop,
  ScoreOptions,
} from './types';
