import type { CspDisposition, CspSourceLocation, CspViolationKind, CspViolationSource } from './types';

/**
 * One sighting of a violation by one channel, already in a common shape:
 * 1-based locations, `inline`/`eval` spelled as the DOM event spells them.
 * Fields a channel cannot know are left undefined, and the store treats an
 * undefined field as "matches anything" when it merges sightings.
 */
export interface Observation {
  source: CspViolationSource;
  /** The document or worker URL, when the channel tells it (the page-level DevTools issue does not). */
  documentURL?: string;
  scope: 'document' | 'worker';
  directive: string;
  violatedDirective?: string;
  blockedURI: string;
  disposition: CspDisposition;
  location?: CspSourceLocation;
  sample?: string;
  policy?: string;
}

export function kindOf(blockedURI: string): CspViolationKind {
  switch (blockedURI) {
    case 'inline':
      return 'inline';
    case 'eval':
      return 'eval';
    case 'wasm-eval':
      return 'wasm-eval';
    case 'trusted-types-sink':
    case 'trusted-types-policy':
      return 'trusted-types';
    default:
      return /^[a-z][a-z0-9+.-]*:/i.test(blockedURI) ? 'resource' : 'other';
  }
}

/** A location only when it names a file and a real line; 0 or '' mean "unknown" in events and reports. */
export function locationOf(file: unknown, line: unknown, column: unknown): CspSourceLocation | undefined {
  if (typeof file !== 'string' || file === '') return undefined;
  const l = Number(line);
  if (!Number.isFinite(l) || l <= 0) return undefined;
  const c = Number(column);
  return { file, line: l, column: Number.isFinite(c) && c > 0 ? c : 0 };
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function dispositionOf(value: unknown): CspDisposition {
  return value === 'report' ? 'report' : 'enforce';
}

/** The browser asks for /favicon.ico by itself; a blocked favicon says nothing about the page's own code. */
export function isFavicon(blockedURI: string): boolean {
  try {
    return new URL(blockedURI).pathname === '/favicon.ico';
  } catch {
    return false;
  }
}

/** Fragments never reach a server, and the channels disagree on keeping them. */
export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
