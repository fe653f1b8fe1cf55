import type { HeaderSet } from '../types';
import type { Framework } from './types';

/**
 * Guesses the framework a response came from, so fixes can be worded for it
 * when the user did not say. App-level signatures win over the proxy in
 * front. What can be told from headers alone:
 * - helmet: X-Powered-By: Express, or three of helmet 8's default-only
 *   headers (Origin-Agent-Cluster ?1, X-DNS-Prefetch-Control off,
 *   X-Download-Options noopen, X-Permitted-Cross-Domain-Policies none).
 *   @fastify/helmet and koa-helmet send the same headers, so they read as
 *   helmet: pass `framework: 'fastify-helmet'` or `'koa-helmet'`.
 * - Flask (Talisman): Server: Werkzeug, or Talisman's full default set;
 *   X-XSS-Protection "1; mode=block" tells 1.0, a Permissions-Policy of only
 *   browsing-topics=() or interest-cohort=() (1.1's default) tells 1.1.
 * - Django: its cookies (csrftoken, sessionid), or runserver's
 *   Server: WSGIServer with Django's defaults (X-Frame-Options DENY,
 *   Referrer-Policy same-origin). Django 6's own CSP looks like any other:
 *   pass `framework: 'django-6'`.
 * - nginx: Server: nginx.
 */
export function detectFramework(headers: HeaderSet): Framework | undefined {
  if (looksLikeHelmet(headers)) return 'helmet';
  const server = headers.get('server') ?? '';
  if (/^\s*werkzeug\b/i.test(server) || looksLikeTalisman(headers)) return talismanVersion(headers);
  if (looksLikeDjango(headers, server)) return 'django';
  if (/^\s*nginx\b/i.test(server)) return 'nginx';
  return undefined;
}

function lower(headers: HeaderSet, name: string): string | undefined {
  return headers.get(name)?.trim().toLowerCase();
}

// helmet 8 sends these together by default; Express alone sends X-Powered-By (helmet removes it).
function looksLikeHelmet(headers: HeaderSet): boolean {
  if (/^\s*express\s*$/i.test(headers.get('x-powered-by') ?? '')) return true;
  const signature = [
    lower(headers, 'origin-agent-cluster') === '?1',
    lower(headers, 'x-dns-prefetch-control') === 'off',
    lower(headers, 'x-download-options') === 'noopen',
    lower(headers, 'x-permitted-cross-domain-policies') === 'none',
  ];
  return signature.filter(Boolean).length >= 3;
}

// Flask-Talisman defaults all together: strict-origin-when-cross-origin, SAMEORIGIN, a default-src 'self' CSP, and 1.0's X-XSS-Protection or 1.1's Permissions-Policy.
function looksLikeTalisman(headers: HeaderSet): boolean {
  const csp = headers.get('content-security-policy')?.trim();
  return (
    talismanVersion(headers) !== 'flask-talisman' &&
    lower(headers, 'referrer-policy') === 'strict-origin-when-cross-origin' &&
    headers.get('x-frame-options')?.trim().toUpperCase() === 'SAMEORIGIN' &&
    (csp === undefined || csp.includes("default-src 'self'"))
  );
}

function talismanVersion(headers: HeaderSet): Framework {
  if (headers.get('x-xss-protection')?.replace(/\s+/g, '').toLowerCase() === '1;mode=block') return 'flask-talisman-1.0';
  const pp = lower(headers, 'permissions-policy');
  if (pp === 'browsing-topics=()' || pp === 'interest-cohort=()') return 'flask-talisman-1.1';
  return 'flask-talisman';
}

function looksLikeDjango(headers: HeaderSet, server: string): boolean {
  if (headers.getAll('set-cookie').some((c) => /^\s*(csrftoken|sessionid)=/.test(c))) return true;
  return /^\s*wsgiserver\//i.test(server) && headers.get('x-frame-options')?.trim().toUpperCase() === 'DENY' && lower(headers, 'referrer-policy') === 'same-origin';
}
