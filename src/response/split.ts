/*
 * Shared by the response layer (Content-Type) and the rules (every header
 * whose fields a proxy or fetch may have joined).
 */

/** Splits a header value on commas outside double quotes: the fields a proxy or fetch joined. */
export function splitCommas(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && quoted && i + 1 < value.length) {
      current += ch + value[i + 1]!;
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts;
}
