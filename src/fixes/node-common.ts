import type { FixGoal } from './types';
import { sq } from './quote';

/**
 * What the three Node frameworks write alike: a cookie's options object and
 * the CORS package to use, in each one's words elsewhere.
 */
export function cookieOptions(goal: Extract<FixGoal, { kind: 'cookie' }>, extra: string[] = []): string {
  return `{ ${[goal.secure ? 'secure: true' : '', goal.httpOnly ? 'httpOnly: true' : '', `sameSite: ${sq(goal.sameSite.toLowerCase())}`, "path: '/'", ...extra].filter(Boolean).join(', ')} }`;
}

/** Appends a note in parentheses, when there is one. */
export function withNote(code: string, note: string | undefined): string {
  return note ? `${code}  (${note})` : code;
}
