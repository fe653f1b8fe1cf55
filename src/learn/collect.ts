/**
 * What learning reads from a page once it settled: its inline scripts and
 * styles (the text a hash covers), style attributes, event handlers and
 * javascript: URLs with where they are, and which scripts carry a nonce.
 * `collectInline` runs in the page (no closures over Node values).
 */

export interface InlineItem {
  text: string;
  /** Shortened element, e.g. `<button onclick="go()">`. */
  where: string;
  nonce: boolean;
}

export interface PageInline {
  scripts: InlineItem[];
  /** External scripts: whether they carry a nonce. */
  externalScripts: Array<{ src: string; nonce: boolean }>;
  styles: InlineItem[];
  styleAttributes: InlineItem[];
  handlers: InlineItem[];
  javascriptUrls: InlineItem[];
  hasBase: boolean;
  /** A nonce value the page's elements carry (script.nonce), when one does. */
  nonce?: string;
}

/**
 * Runs in the page (source text, as the watcher's page code is, so no build
 * can put bundler helpers in it): returns a PageInline.
 */
export const COLLECT_INLINE = `function collectInline() {
  function short(el) {
    var html = el.outerHTML;
    var end = html.indexOf('>');
    var tag = end < 0 ? html : html.slice(0, end + 1);
    return tag.length > 120 ? tag.slice(0, 117) + '\u2026>' : tag;
  }
  function isJs(type) {
    var t = (type || '').trim().toLowerCase();
    return t === '' || t === 'module' || t === 'text/javascript' || t === 'application/javascript' || t === 'text/ecmascript';
  }
  var out = { scripts: [], externalScripts: [], styles: [], styleAttributes: [], handlers: [], javascriptUrls: [], hasBase: document.querySelector('base[href]') !== null };
  document.querySelectorAll('script').forEach(function (script) {
    if (!isJs(script.getAttribute('type'))) return;
    var nonce = script.nonce || '';
    if (nonce && !out.nonce) out.nonce = nonce;
    if (script.hasAttribute('src')) out.externalScripts.push({ src: script.src, nonce: nonce !== '' });
    else out.scripts.push({ text: script.textContent || '', where: short(script), nonce: nonce !== '' });
  });
  document.querySelectorAll('style').forEach(function (style) {
    out.styles.push({ text: style.textContent || '', where: short(style), nonce: (style.nonce || '') !== '' });
  });
  document.querySelectorAll('*').forEach(function (el) {
    for (var i = 0; i < el.attributes.length; i++) {
      var attr = el.attributes[i];
      var name = attr.name.toLowerCase();
      if (name === 'style') out.styleAttributes.push({ text: attr.value, where: short(el), nonce: false });
      else if (name.indexOf('on') === 0) out.handlers.push({ text: attr.value, where: short(el), nonce: false });
      else if ((name === 'href' || name === 'src' || name === 'action' || name === 'formaction') && /^\\s*javascript:/i.test(attr.value)) {
        out.javascriptUrls.push({ text: attr.value, where: short(el), nonce: false });
      }
    }
  });
  return out;
}`;

/** Inline `<script>` and `<style>` bodies as the HTML has them (the parser does not decode entities there, so this is the text a hash covers). */
export function inlineBodies(html: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = match[1] ?? '';
    if (/\bsrc\s*=/i.test(attrs)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    if (type && !['module', 'text/javascript', 'application/javascript', 'text/ecmascript'].includes(type)) continue;
    scripts.push(match[2] ?? '');
  }
  for (const match of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) styles.push(match[1] ?? '');
  return { scripts, styles };
}

/** The `<script>` tags the HTML itself has (parser-inserted), whether each carries a nonce attribute, and whether it loads a file. */
export function parserScripts(html: string): Array<{ where: string; nonce: boolean; external: boolean }> {
  const out: Array<{ where: string; nonce: boolean; external: boolean }> = [];
  for (const match of html.matchAll(/<script\b[^>]*>/gi)) {
    const tag = match[0];
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1]?.toLowerCase();
    if (type && !['module', 'text/javascript', 'application/javascript', 'text/ecmascript'].includes(type)) continue;
    out.push({ where: tag.length > 120 ? `${tag.slice(0, 117)}…>` : tag, nonce: /\snonce\s*=/i.test(tag), external: /\ssrc\s*=/i.test(tag) });
  }
  return out;
}
