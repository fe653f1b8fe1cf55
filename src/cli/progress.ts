/**
 * A one-line progress bar on stderr, for a terminal only (a CI log would
 * fill with carriage returns). Redrawn in place; cleared when done.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar {
  update(done: number, total: number | undefined, current: string): void;
  done(): void;
}

const WIDTH = 24;

export function progressBar(stream: ProgressStream, enabled = stream.isTTY === true): ProgressBar {
  let drawn = false;
  return {
    update(done, total, current) {
      if (!enabled) return;
      const known = total !== undefined && total > 0 ? Math.max(total, done) : undefined;
      const filled = known ? Math.round((done / known) * WIDTH) : 0;
      const bar = known ? `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${known}` : `${done} pages`;
      const room = Math.max(10, (stream.columns ?? 100) - bar.length - 3);
      const label = current.length > room ? `…${current.slice(-(room - 1))}` : current;
      stream.write(`\r\u001b[2K${bar}  ${label}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
