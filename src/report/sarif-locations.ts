/**
 * Where in a repository file a SARIF result is placed. GitHub code scanning
 * shows an alert only on a repository-relative file, by line and column, so
 * every result needs a place in a file the team keeps: the baseline (each
 * page and finding has its own line there) or the file that configures the
 * app's headers (the line that names the header). Pure: text in, regions out.
 */

export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  /** One past the last character, as SARIF counts. */
  endColumn: number;
}

/** What a result is about: the page key and, for a finding or violation, its baseline key and header. */
export interface LocationQuery {
  pageKey: string;
  section: 'findings' | 'violations' | 'page';
  key?: string;
  header?: string;
  directive?: string;
}

export type Locator = (query: LocationQuery) => Region;

/** The first non-blank stretch of a line (or column 1 of an empty one). */
function wholeLine(lines: readonly string[], index: number): Region {
  const text = lines[index] ?? '';
  const start = text.search(/\S/);
  const end = text.trimEnd().length;
  return start === -1 ? { startLine: index + 1, startColumn: 1, endLine: index + 1, endColumn: 1 } : { startLine: index + 1, startColumn: start + 1, endLine: index + 1, endColumn: end + 1 };
}

const STRING_LINE = /^(\s*)("(?:[^"\\]|\\.)*")(\s*:)?/;

/**
 * A baseline file as serializeBaseline writes it (one string per line):
 * the entry's own line when the baseline lists it, else its page's line,
 * else the `"pages"` line.
 */
export function baselineLocator(text: string): Locator {
  const lines = text.split(/\r\n|\r|\n/);
  const entries = new Map<string, Region>();
  const pages = new Map<string, Region>();
  let pagesLine: Region | undefined;
  let page: string | undefined;
  let section: string | undefined;
  lines.forEach((line, i) => {
    const m = STRING_LINE.exec(line);
    if (!m) return;
    let value: string;
    try {
      value = JSON.parse(m[2]!) as string;
    } catch {
      return;
    }
    const indent = m[1]!.length;
    const region = { startLine: i + 1, startColumn: indent + 1, endLine: i + 1, endColumn: indent + m[2]!.length + 1 };
    if (m[3] && indent === 2 && value === 'pages') pagesLine = region;
    else if (m[3] && indent === 4) {
      page = value;
      section = undefined;
      pages.set(value, region);
    } else if (m[3] && indent === 6) section = value;
    else if (!m[3] && indent === 8 && page !== undefined && section !== undefined) entries.set(`${page}\n${section}\n${value}`, region);
  });
  const fallback = pagesLine ?? wholeLine(lines, 0);
  return (q) => (q.key !== undefined ? entries.get(`${q.pageKey}\n${q.section}\n${q.key}`) : undefined) ?? pages.get(q.pageKey) ?? fallback;
}

/** Spellings a header has in configuration: `Content-Security-Policy`, `content_security_policy`, `contentSecurityPolicy`. */
function spellings(header: string): string[] {
  const words = header.toLowerCase().split('-');
  const camel = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  const list = [header.toLowerCase(), words.join('_'), camel];
  // The names frameworks use for a header (helmet's option names, Talisman's arguments).
  if (header === 'strict-transport-security') list.push('hsts', 'strictTransportSecurity', 'force_https');
  if (header === 'content-security-policy') list.push('csp');
  if (header === 'x-frame-options') list.push('frameguard', 'frame_options', 'xFrameOptions');
  if (header === 'x-content-type-options') list.push('nosniff', 'noSniff');
  if (header === 'set-cookie') list.push('cookie', 'session_cookie');
  return list;
}

/**
 * Any other file (the app's header configuration): the first line that
 * names the directive (for a CSP finding about one) or the header in one of
 * its spellings, case-insensitively; else line 1.
 */
export function configLocator(text: string): Locator {
  const lines = text.split(/\r\n|\r|\n/);
  const lower = lines.map((l) => l.toLowerCase());
  const memo = new Map<string, Region>();
  const find = (token: string): Region | undefined => {
    const t = token.toLowerCase();
    for (let i = 0; i < lower.length; i++) {
      const at = lower[i]!.indexOf(t);
      if (at !== -1) return { startLine: i + 1, startColumn: at + 1, endLine: i + 1, endColumn: at + t.length + 1 };
    }
    return undefined;
  };
  return (q) => {
    const memoKey = `${q.header ?? ''}\n${q.directive ?? ''}`;
    let region = memo.get(memoKey);
    if (!region) {
      const tokens = [...(q.directive && q.header?.startsWith('content-security-policy') ? [q.directive] : []), ...(q.header ? spellings(q.header) : [])];
      for (const token of tokens) if ((region = find(token))) break;
      region ??= wholeLine(lines, 0);
      memo.set(memoKey, region);
    }
    return region;
  };
}

/** A baseline is told apart by its content, not its name. */
export function isBaselineText(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as { tool?: unknown; pages?: unknown };
    return parsed.tool === 'expect-secure-headers' && typeof parsed.pages === 'object' && parsed.pages !== null;
  } catch {
    return false;
  }
}

export function locatorFor(text: string): Locator {
  return isBaselineText(text) ? baselineLocator(text) : configLocator(text);
}
