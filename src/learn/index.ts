export { learnCsp, PROBE_POLICY, type LearnCspOptions } from './learn';
export { LEARN_FRAMEWORKS } from './types';
export type { LearnedCsp, LearnedKind, LearnFramework, Need, NeedSite, StrictBlocker, InlineSummary, StillBroken, LearnVerification } from './types';
