import { readFileSync } from 'node:fs';

/**
 * A JSON report read without what differs between any two runs of the same
 * check: when and how long (the Date response header among them). Sharded
 * and unsharded runs are compared through it.
 */
export function timelessReport(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'), (key, value) => {
    if (/^(durationMs|startedAt|generatedAt|time|elapsedMs)$/.test(key)) return undefined;
    if (key === 'responseHeaders' && Array.isArray(value)) return value.filter((h: { name?: string }) => h?.name !== 'date');
    return value;
  });
}
