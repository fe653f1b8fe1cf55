import type { QueueEntry } from './visit-types';

/**
 * Which URLs are still to visit, in breadth-first order, within the limits.
 * Every URL is taken at most once; a URL cut off by a limit is remembered in
 * `notVisited` so the report can say what was left out and why.
 */
export class Frontier {
  private readonly seen = new Set<string>();
  private readonly queue: QueueEntry[] = [];
  private claimed = 0;
  readonly notVisited = new Set<string>();
  hitMaxPages = false;
  hitMaxDepth = false;

  constructor(
    private readonly maxPages: number,
    private readonly maxDepth: number,
  ) {}

  /** Queues `url` (already normalized, allowed and filtered) unless it was seen or a limit says no. */
  offer(url: string, depth: number, foundOn?: string): void {
    if (this.seen.has(url)) return;
    if (depth > this.maxDepth) {
      this.hitMaxDepth = true;
      this.notVisited.add(url);
      return;
    }
    if (this.claimed + this.queue.length >= this.maxPages) {
      this.hitMaxPages = true;
      this.notVisited.add(url);
      return;
    }
    this.seen.add(url);
    this.notVisited.delete(url);
    this.queue.push(foundOn === undefined ? { url, depth } : { url, depth, foundOn });
  }

  /** Whether `url` was queued or covered already. */
  has(url: string): boolean {
    return this.seen.has(url);
  }

  /** A URL a visit already covered (where a redirect led): never queued after this, and dropped if waiting. */
  cover(url: string): void {
    this.seen.add(url);
    const index = this.queue.findIndex((entry) => entry.url === url);
    if (index !== -1) this.queue.splice(index, 1);
  }

  next(): QueueEntry | undefined {
    const entry = this.queue.shift();
    if (entry) this.claimed++;
    return entry;
  }

  get queued(): number {
    return this.queue.length;
  }

  get visitedOrVisiting(): number {
    return this.claimed;
  }

  get stoppedBy(): 'maxPages' | 'maxDepth' | undefined {
    return this.hitMaxPages ? 'maxPages' : this.hitMaxDepth ? 'maxDepth' : undefined;
  }
}
