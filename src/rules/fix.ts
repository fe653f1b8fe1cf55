import type { HeaderSet } from '../types';
import type { Framework } from './types';

/**
 * What a finding's fix should achieve, in header terms, plus optional
 * framework-specific wording. Each rule says *what* to send; this module says
 * it in the words of the framework the user runs (Flask-Talisman option,
 * helmet option, nginx directive) or as a plain header line.
 */
export type FixSpec =
  | {
      action: 'set';
      /** Header name as it should be written: `Strict-Transport-Security`. */
      header: string;
      value: string;
      /** Framework hints; when absent a generic per-framework way to set a header is used. */
      helmet?: string;
      talisman?: string;
      nginx?: string;
    }
  | {
      action: 'remove';
      header: string;
      helmet?: string;
      talisman?: string;
      nginx?: string;
    }
  | {
      /** Free text, for fixes that are not one header line (cookie attributes, CORS logic). */
      action: 'text';
      text: string;
      helmet?: string;
      talisman?: string;
      nginx?: string;
    };

/** The fix text for a finding, in the framework's words when it is known. */
export function fixText(spec: FixSpec, framework?: Framework): string {
  switch (framework) {
    case 'helmet':
      return spec.helmet ?? genericHelmet(spec);
    case 'flask-talisman':
      return spec.talisman ?? genericTalisman(spec);
    case 'nginx':
      return spec.nginx ?? genericNginx(spec);
    case 'header':
    case undefined:
      return headerLine(spec);
  }
}

function headerLine(spec: FixSpec): string {
  if (spec.action === 'set') return `${spec.header}: ${spec.value}`;
  if (spec.action === 'remove') return `Do not send ${spec.header}`;
  return spec.text;
}

// Helmet covers most headers; for the rest, an Express middleware line does the job.
function genericHelmet(spec: FixSpec): string {
  if (spec.action === 'set') return `res.setHeader(${js(spec.header)}, ${js(spec.value)})`;
  if (spec.action === 'remove') return `res.removeHeader(${js(spec.header)})`;
  return spec.text;
}

// Talisman has no option for every header; Flask's after_request hook covers the rest.
function genericTalisman(spec: FixSpec): string {
  if (spec.action === 'set') return `@app.after_request: response.headers[${py(spec.header)}] = ${py(spec.value)}`;
  if (spec.action === 'remove') return `@app.after_request: response.headers.pop(${py(spec.header)}, None)`;
  return spec.text;
}

function genericNginx(spec: FixSpec): string {
  if (spec.action === 'set') return `add_header ${spec.header} ${nginxString(spec.value)} always;`;
  if (spec.action === 'remove') return `proxy_hide_header ${spec.header};`;
  return spec.text;
}

function js(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function py(value: string): string {
  return js(value);
}

function nginxString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Guesses the framework a response came from, so fixes can be worded for it
 * when the user did not say. App-level signatures win over the proxy in front.
 */
export function detectFramework(headers: HeaderSet): Framework | undefined {
  if (looksLikeHelmet(headers)) return 'helmet';
  const server = headers.get('server') ?? '';
  // Werkzeug serves Flask apps; Talisman is how Flask apps set security headers, so its options are the fix.
  if (/^\s*werkzeug\b/i.test(server)) return 'flask-talisman';
  if (/^\s*nginx\b/i.test(server)) return 'nginx';
  // Behind another server (gunicorn, a proxy), only Talisman's full default signature tells.
  if (looksLikeTalisman(headers)) return 'flask-talisman';
  return undefined;
}

// helmet 8 sends these together by default; Express alone sends X-Powered-By (helmet removes it).
function looksLikeHelmet(headers: HeaderSet): boolean {
  if (/^\s*express\s*$/i.test(headers.get('x-powered-by') ?? '')) return true;
  const signature = [
    headers.get('origin-agent-cluster')?.trim() === '?1',
    headers.get('x-dns-prefetch-control')?.trim().toLowerCase() === 'off',
    headers.get('x-download-options')?.trim().toLowerCase() === 'noopen',
    headers.get('x-permitted-cross-domain-policies')?.trim().toLowerCase() === 'none',
  ];
  return signature.filter(Boolean).length >= 3;
}

// Flask-Talisman 1.0 defaults all together: X-XSS-Protection "1; mode=block", strict-origin-when-cross-origin, SAMEORIGIN, a default-src 'self' CSP.
function looksLikeTalisman(headers: HeaderSet): boolean {
  const xss = headers.get('x-xss-protection')?.replace(/\s+/g, '').toLowerCase();
  const csp = headers.get('content-security-policy')?.trim();
  const referrer = headers.get('referrer-policy')?.trim().toLowerCase();
  return (
    xss === '1;mode=block' &&
    referrer === 'strict-origin-when-cross-origin' &&
    headers.get('x-frame-options')?.trim().toUpperCase() === 'SAMEORIGIN' &&
    (csp === undefined || csp.includes("default-src 'self'"))
  );
}
