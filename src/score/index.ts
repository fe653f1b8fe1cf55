/** The offline MDN HTTP Observatory score: what src/index.ts re-exports. */
export { ALGORITHM_RELEASES, OBSERVATORY_ALGORITHMS, scoreHeaders } from './score';
export { GRADES, compareGrades, gradeForScore, isGrade } from './grade';
export { readObservatoryCsp } from './csp';
export { observatoryCorsProbe } from './probe';
export type {
  Grade,
  ObservatoryAlgorithm,
  ObservatoryResult,
  ObservatoryResultId,
  ObservatoryTest,
  ObservatoryTestName,
  RedirectCookies,
  RedirectHop,
  ScoreOptions,
} from './types';
