/**
 * A one-line progress bar on stderr, for a terminal only (a CI log would
 * fill with carriage returns). Redrawn in place; cleared when done. It shows
 * the elapsed time and, once a few pages are done, an estimate of the time
 * left. A crawl's total grows as links are found: until it is final it is
 * shown as `~N` and never goes down, so the bar does not jump back.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar {
  /** `final`: the total can no longer change (a list of URLs, or a crawl that reached its page limit). */
  update(done: number, total: number | undefined, current: string, final?: boolean): void;
  done(): void;
}

const WIDTH = 24;

/** `42s`, `3m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function progressBar(stream: ProgressStream, enabled = stream.isTTY === true, now: () => number = Date.now): ProgressBar {
  let drawn = false;
  let shownTotal = 0;
  const began = now();
  return {
    update(done, total, current, final = false) {
      if (!enabled) return;
      if (total !== undefined && total > 0) shownTotal = final ? Math.max(total, done) : Math.max(shownTotal, total, done);
      const known = shownTotal > 0 ? shownTotal : undefined;
      const elapsed = now() - began;
      const filled = known ? Math.round((done / known) * WIDTH) : 0;
      const count = known ? `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${final ? '' : '~'}${known}` : `${done} pages`;
      // An estimate from the pace so far, once there is a pace to go by.
      const left = known && done >= 2 && done < known ? ` ~${formatDuration((elapsed / done) * (known - done))} left` : '';
      const bar = `${count} ${formatDuration(elapsed)}${left}`;
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
