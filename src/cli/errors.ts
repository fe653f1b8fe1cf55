/**
 * A usage or setup error: a bad URL, an unknown option, no browser. The CLI
 * prints its message (what was wrong, what was received, what to do) and
 * exits with code 2, never a stack trace.
 */
export class CliError extends Error {
  override name = 'CliError';
}

export const EXIT = {
  /** Everything checked passed (or only accepted / below-threshold problems). */
  pass: 0,
  /** Findings or violations past the threshold, or a page that could not be checked. */
  fail: 1,
  /** Usage or setup error: nothing was judged. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
