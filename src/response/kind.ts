import type { HeaderSet, ResponseKind } from '../types';
import { splitCommas } from './split';

/**
 * What a response is, read from its Content-Type as a browser reads it, so
 * the rules can judge a JSON API response or a stylesheet for what it is.
 * Pure: headers (and the kind a user stated) in, a kind and its reason out.
 */

export interface KindVerdict {
  kind: ResponseKind;
  /** Why, in words a failure message can show: `Content-Type application/json`. */
  reason: string;
}

/** How messages name each kind. */
export const KIND_NAMES: Readonly<Record<ResponseKind, string>> = {
  document: 'a document',
  api: 'an API response',
  script: 'a script',
  style: 'a stylesheet',
  media: 'an image, font or media file',
  other: 'a file that is not a page',
};

// The JavaScript MIME type essences of the MIME Sniffing standard (§4.6), and WebAssembly.
const SCRIPT_TYPES = new Set([
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
  'application/wasm',
]);

const API_TYPES = new Set([
  'application/json',
  'text/json',
  'application/x-ndjson',
  'application/ndjson',
  'application/json-seq',
  'text/event-stream',
  'application/grpc',
  'application/protobuf',
  'application/x-protobuf',
  'application/vnd.google.protobuf',
  'application/cbor',
  'application/msgpack',
  'application/x-msgpack',
]);

// Fonts and media served under application/ types by older servers.
const MEDIA_APPLICATION_TYPES = new Set([
  'application/font-woff',
  'application/font-woff2',
  'application/font-sfnt',
  'application/x-font-ttf',
  'application/x-font-otf',
  'application/x-font-woff',
  'application/vnd.ms-fontobject',
  'application/ogg',
]);

// The MIME Sniffing standard's "unknown MIME type": the browser sniffs the body, which may come out as HTML.
const UNKNOWN_TYPES = new Set(['unknown/unknown', 'application/unknown', '*/*']);

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * The MIME type essence (`type/subtype`, lower-case) of the Content-Type, as
 * Fetch's "extract a MIME type" finds it: of several comma-separated values
 * the last valid one counts. Undefined when there is none.
 */
export function mimeEssence(headers: HeaderSet): string | undefined {
  let essence: string | undefined;
  for (const field of headers.getAll('content-type')) {
    for (const value of splitCommas(field)) {
      const slash = value.indexOf('/');
      const semicolon = value.indexOf(';');
      const end = semicolon === -1 ? value.length : semicolon;
      if (slash === -1 || slash > end) continue;
      const type = value.slice(0, slash).trim().toLowerCase();
      const subtype = value.slice(slash + 1, end).trim().toLowerCase();
      if (!TOKEN.test(type) || !TOKEN.test(subtype)) continue;
      const next = `${type}/${subtype}`;
      if (next !== '*/*' || essence === undefined) essence = next;
    }
  }
  return essence;
}

/** The kind of a valid MIME type essence. */
export function kindOfMime(essence: string): ResponseKind {
  if (essence === 'text/html' || essence === 'application/xhtml+xml' || essence === 'image/svg+xml') return 'document';
  if (essence === 'text/xml' || essence === 'application/xml' || essence.endsWith('+xml')) return 'document';
  if (UNKNOWN_TYPES.has(essence)) return 'document';
  if (API_TYPES.has(essence) || essence.endsWith('+json') || essence.startsWith('application/grpc')) return 'api';
  if (SCRIPT_TYPES.has(essence)) return 'script';
  if (essence === 'text/css') return 'style';
  const type = essence.slice(0, essence.indexOf('/'));
  if (type === 'image' || type === 'audio' || type === 'video' || type === 'font' || MEDIA_APPLICATION_TYPES.has(essence)) return 'media';
  return 'other';
}

/**
 * The response's kind and why. A stated kind wins; a 204 has no body to
 * judge as a page; without a usable Content-Type the browser sniffs the body
 * and may render it as HTML, so it is judged as the most demanding kind.
 */
export function responseKind(headers: HeaderSet, stated?: ResponseKind): KindVerdict {
  if (stated !== undefined) return { kind: stated, reason: `kind: '${stated}' was passed` };
  if (headers.status === 204) return { kind: 'other', reason: 'status 204 has no body' };
  const essence = mimeEssence(headers);
  if (essence === undefined) {
    const received = headers.get('content-type');
    return {
      kind: 'document',
      reason:
        received === undefined
          ? 'no Content-Type: browsers sniff the body and may render it as a page'
          : `Content-Type ${JSON.stringify(received.length > 60 ? `${received.slice(0, 60)}…` : received)} is not a MIME type: browsers sniff the body`,
    };
  }
  const kind = kindOfMime(essence);
  if (kind === 'document' && UNKNOWN_TYPES.has(essence)) return { kind, reason: `Content-Type ${essence}: browsers sniff the body and may render it as a page` };
  if (kind === 'document' && essence !== 'text/html') return { kind, reason: `Content-Type ${essence}: XML and SVG run scripts when opened as a page` };
  return { kind, reason: `Content-Type ${essence}` };
}

/** "judged as an API response (Content-Type application/json)", for messages. */
export function describeKind(verdict: KindVerdict): string {
  return `judged as ${KIND_NAMES[verdict.kind]} (${verdict.reason})`;
}
