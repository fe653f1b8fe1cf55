import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Kills the Chromium browsers this process started (not their renderers, and
 * whatever wraps them: Debian's chromium-headless-shell is a shell script that
 * runs the browser as its child, so descendants are searched, not only children).
 */
export function killChromiumBrowsers(root: number = process.pid): void {
  for (const pid of descendants(root)) {
    let command: string;
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // gone already
    }
    if (/chrom/i.test(command) && !command.includes('--type=') && !command.startsWith('/bin/sh')) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

function descendants(pid: number): number[] {
  let children: number[];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}
