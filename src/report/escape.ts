/**
 * Escaping for the XML and HTML reports. Header values come from the server
 * under test and may hold anything: `<script>`, quotes, `]]>`, control bytes.
 */

// XML 1.0 allows tab, LF, CR and everything from U+0020 up, except lone surrogates and U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Bidirectional controls (embeddings, overrides, isolates, marks): a server
 * can put U+202E in a header or a violation sample to make a report show
 * text in another order than it has. Every format shows them as their code
 * point instead, so what is read is what was sent.
 */
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function neutralizeBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** What one report value may hold; past it, the rest is counted, not repeated (a 1 MB URL in every result). */
export const MAX_REPORT_VALUE = 2048;

export function capValue(text: string, max = MAX_REPORT_VALUE): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** The five markup characters and what XML cannot hold (shown as U+FFFD); `apostrophe` is the one spelling that differs. */
function escapeMarkup(value: unknown, apostrophe: string): string {
  return neutralizeBidi(capValue(String(value)))
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, apostrophe);
}

/** Text or attribute value for XML: the five entities, and characters XML cannot hold shown as U+FFFD. */
export function escapeXml(value: unknown): string {
  return escapeMarkup(value, '&apos;');
}

/** Text or a quoted attribute value for HTML (&apos; is not an HTML 4 entity, so the numeric one). */
export function escapeHtml(value: unknown): string {
  return escapeMarkup(value, '&#39;');
}
