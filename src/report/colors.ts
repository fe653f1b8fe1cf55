/**
 * ANSI colours for the text report. Whether to use them is the caller's
 * decision (a TTY and no NO_COLOR); this file only paints.
 */
export type Paint = (text: string) => string;

export interface Colors {
  red: Paint;
  green: Paint;
  yellow: Paint;
  dim: Paint;
  bold: Paint;
}

const ansi = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Paint = (text) => text;

export const ANSI_COLORS: Colors = { red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39), dim: ansi(2, 22), bold: ansi(1, 22) };
export const NO_COLORS: Colors = { red: plain, green: plain, yellow: plain, dim: plain, bold: plain };

/**
 * Colours on when the stream is a terminal and NO_COLOR is unset or empty
 * (https://no-color.org); FORCE_COLOR=1 forces them on (CI logs that render ANSI).
 */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
