/**
 * A seeded generator of realistic Content-Security-Policy strings for the
 * parity test and the benchmark: real-world shaped policies, framework
 * defaults, bypass hosts from the lists, nonces, hashes, schemes, IPs,
 * typos, and mutations (dropped semicolons, case changes, duplicates,
 * missing quotes). The same seed always gives the same corpus.
 *
 * Commas are never produced: a comma separates policies in a header, which
 * csp-evaluator does not do (see docs/csp-evaluator-divergences.md).
 */
import { ANGULAR_BYPASSES } from '../../src/csp/data/angular';
import { FLASH_BYPASSES } from '../../src/csp/data/flash';
import { JSONP_BYPASSES } from '../../src/csp/data/jsonp';
import { seeded } from '../helpers/seeded';

/** Real-world shaped policies (modelled on what large sites and frameworks send). */
export const REAL_WORLD_POLICIES: readonly string[] = [
  // helmet 8 default (helmet.contentSecurityPolicy.getDefaultDirectives())
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  // Flask-Talisman default (DEFAULT_CSP_POLICY) and its GOOGLE_CSP_POLICY example
  "default-src 'self'; object-src 'none'",
  "font-src 'self' themes.googleusercontent.com *.gstatic.com; frame-src 'self' www.google.com www.youtube.com; script-src 'self' ajax.googleapis.com *.googleanalytics.com *.google-analytics.com; style-src 'self' ajax.googleapis.com fonts.googleapis.com *.gstatic.com; object-src 'none'; default-src 'self' *.gstatic.com",
  // Google's recommended strict CSP
  "object-src 'none'; script-src 'nonce-r4nd0mN0nc3V4lu3==' 'unsafe-inline' 'unsafe-eval' 'strict-dynamic' https: http:; base-uri 'none'; report-uri https://csp.example.com/report",
  "script-src 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' 'strict-dynamic'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'",
  // GitHub-like
  "default-src 'none'; base-uri 'self'; child-src github.com/assets-cdn/worker/ gist.github.com/assets-cdn/worker/; connect-src 'self' uploads.github.com www.githubstatus.com collector.github.com raw.githubusercontent.com api.github.com github-cloud.s3.amazonaws.com wss://alive.github.com; font-src github.githubassets.com; form-action 'self' github.com gist.github.com; frame-ancestors 'none'; frame-src viewscreen.githubusercontent.com notebooks.githubusercontent.com; img-src 'self' data: github.githubassets.com media.githubusercontent.com camo.githubusercontent.com identicons.github.com avatars.githubusercontent.com github-cloud.s3.amazonaws.com *.githubusercontent.com; manifest-src 'self'; media-src github.com user-images.githubusercontent.com/ secured-user-images.githubusercontent.com/; script-src github.githubassets.com; style-src 'unsafe-inline' github.githubassets.com; upgrade-insecure-requests; worker-src github.com/assets-cdn/worker/ gist.github.com/assets-cdn/worker/",
  // Twitter-like
  "connect-src 'self' blob: https://*.giphy.com https://*.pscp.tv https://*.video.pscp.tv https://*.twimg.com https://api.twitter.com https://api-stream.twitter.com https://ads-api.twitter.com https://caps.twitter.com https://media.riffsy.com https://pay.twitter.com https://sentry.io https://ton.twitter.com https://twitter.com https://upload.twitter.com https://www.google-analytics.com https://accounts.google.com/gsi/status https://accounts.google.com/gsi/log wss://*.pscp.tv; default-src 'self'; form-action 'self' https://twitter.com https://*.twitter.com; font-src 'self' https://*.twimg.com; frame-src 'self' https://twitter.com https://mobile.twitter.com https://pay.twitter.com https://cards-frame.twitter.com https://accounts.google.com/ https://recaptcha.net/recaptcha/ https://www.google.com/recaptcha/; img-src 'self' blob: data: https://*.cdn.twitter.com https://ton.twitter.com https://*.twimg.com https://analytics.twitter.com https://cm.g.doubleclick.net https://www.google-analytics.com https://www.periscope.tv https://www.pscp.tv https://media.riffsy.com https://*.giphy.com https://*.pscp.tv https://*.periscope.tv https://prod-periscope-profile.s3-us-west-2.amazonaws.com https://platform-lookaside.fbsbx.com https://scontent.xx.fbcdn.net https://*.googleusercontent.com; manifest-src 'self'; media-src 'self' blob: https://twitter.com https://*.twimg.com https://*.vine.co https://*.pscp.tv https://*.video.pscp.tv https://*.giphy.com https://media.riffsy.com https://dev.twitter.com; object-src 'none'; script-src 'self' 'unsafe-inline' https://*.twimg.com https://recaptcha.net/recaptcha/ https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/ https://client-api.arkoselabs.com/ https://www.google-analytics.com https://twitter.com https://accounts.google.com/gsi/client 'nonce-Y2QwYjQ1ZTctZDM4Zi00ZGQ3' ; style-src 'self' 'unsafe-inline' https://accounts.google.com/gsi/style; worker-src 'self' blob:; report-uri https://twitter.com/i/csp_report?a=O5RXE%3D%3D%3D&ro=false",
  // Facebook-like
  "default-src * data: blob: 'self' 'wasm-unsafe-eval';script-src *.facebook.com *.fbcdn.net *.facebook.net *.google-analytics.com *.google.com 127.0.0.1:* 'unsafe-inline' blob: data: 'self' connect.facebook.net 'unsafe-eval';style-src data: blob: 'unsafe-inline' *;connect-src *.facebook.com facebook.com *.fbcdn.net *.facebook.net wss://*.facebook.com:* wss://*.whatsapp.com:* attachment.fbsbx.com ws://localhost:* blob: *.cdninstagram.com 'self' http://localhost:3103 wss://gateway.facebook.com wss://edge-chat.facebook.com;block-all-mixed-content;upgrade-insecure-requests;",
  // Mozilla-like
  "default-src 'self'; connect-src 'self' *.mozaws.net *.mozilla.org *.mozilla.com www.google-analytics.com; font-src 'self'; frame-src 'self' www.youtube.com; img-src 'self' *.mozilla.net *.mozilla.org data: www.google-analytics.com; script-src 'self' 'sha256-uQWJsmODnvB6uWiAoS0nkc+Dj5dJSWbJHBVQ2v2Ojyg=' www.googletagmanager.com www.google-analytics.com; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; report-uri /csp-violation",
  // Old-school allowlists
  "default-src 'self' https://ajax.googleapis.com https://cdnjs.cloudflare.com; script-src 'self' 'unsafe-inline' 'unsafe-eval' https://ajax.googleapis.com https://cdnjs.cloudflare.com https://www.google.com https://maps.googleapis.com; img-src * data:; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; font-src 'self' https://fonts.gstatic.com",
  "script-src 'self' https://www.googletagmanager.com https://www.google-analytics.com https://ssl.google-analytics.com https://cdn.jsdelivr.net; object-src 'none'; report-to csp-endpoint",
  "default-src https:; script-src https: 'unsafe-inline' 'unsafe-eval'; object-src https://vk.com/swf/; plugin-types application/x-shockwave-flash",
  "upgrade-insecure-requests; block-all-mixed-content; frame-ancestors 'self' https://*.example.com; sandbox allow-scripts allow-same-origin",
  "default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; trusted-types default dompurify 'allow-duplicates'; require-trusted-types-for 'script'",
];

const DIRECTIVES = [
  'default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem', 'style-src-attr',
  'object-src', 'img-src', 'connect-src', 'font-src', 'frame-src', 'child-src', 'worker-src', 'manifest-src', 'media-src',
  'prefetch-src', 'base-uri', 'form-action', 'frame-ancestors', 'navigate-to', 'report-uri', 'report-to', 'sandbox',
  'plugin-types', 'upgrade-insecure-requests', 'block-all-mixed-content', 'require-trusted-types-for', 'trusted-types',
  'reflected-xss', 'referrer', 'disown-opener', 'require-sri-for', 'webrtc',
  // newer or unknown or misspelt
  'fenced-frame-src', 'scirpt-src', 'script-src:', 'default_src', 'img-scr', 'x-unknown', 'policy', 'constructor-src',
];
/** Weighted towards the directives the checks care about. */
const HOT_DIRECTIVES = ['default-src', 'script-src', 'script-src', 'script-src-elem', 'script-src-attr', 'object-src', 'base-uri', 'style-src'];

const KEYWORDS = [
  "'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'", "'unsafe-hashes'", "'report-sample'",
  "'wasm-unsafe-eval'", "'wasm-eval'", "'unsafe-hashed-attributes'", "'block'", "'allow'", "'inline-speculation-rules'",
  "'trusted-types-eval'", "'report-sha256'", "'unsafe-allow-redirects'", "'script'", "'allow-duplicates'", "'foo-bar'", "'selfish'",
];
const SCHEMES = ['https:', 'http:', 'data:', 'blob:', 'wss:', 'ws:', 'filesystem:', 'mediastream:', 'sthInvalid:', 'javascript:'];
const PLAIN_HOSTS = [
  'example.com', 'cdn.example.com', '*.example.com', 'static.example.org/js/', 'api.example.net:8443', 'foo.bar', 'ignore.me.com',
  'localhost', 'localhost:3000', 'fonts.googleapis.com', 'fonts.gstatic.com', 'www.gstatic.com', 'apis.google.com',
  'connect.facebook.net', 'platform.twitter.com', 'js.stripe.com', 'checkout.stripe.com', 'unpkg.com', 'code.jquery.com',
  'stackpath.bootstrapcdn.com', 'www.youtube.com', 'player.vimeo.com', 'maps.googleapis.com', 'cdn.jsdelivr.net/npm/',
  '*', '*.com', '*.*.example.com', 'example.com:*', '*.googleapis.com', '*.google.com', '*.yandex.ru', '*.doubleclick.net',
  'example.com/path/file.js', 'example.com/dir/', 'EXAMPLE.COM', 'Example.com/CaseSensitive', 'no-dot-host',
];
const IPS = ['127.0.0.1', '127.0.0.1:8080', '10.0.0.1', '8.8.8.8', '192.168.1.20/app/', '[::1]', '[2001:db8::1]:443', '127.1', '0x7f.0.0.1', '2130706433', '1.2.3.04'];
/** Tokens csp-evaluator's URL handling throws on (kept rare, so most policies compare). */
const ORACLE_CRASHERS = ['999.1.1.1', '1.2.3.4.5', 'https://', 'example.com:99999', 'ex%zzample.com', 'example.123'];
const REPORT_TARGETS = ['/csp-report', '/csp/test', 'https://csp.example.com/r', 'http://report.example.com/csp', 'https://o0.ingest.sentry.io/api/1/security/?sentry_key=abc', 'csp-endpoint', 'default'];
const SANDBOX = ['allow-scripts', 'allow-same-origin', 'allow-forms', 'allow-popups', 'allow-top-navigation'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

function randomB64(r: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += B64[Math.floor(r() * 64)];
  return s;
}

function bypassHost(r: () => number): string {
  const list = pick(r, [JSONP_BYPASSES, JSONP_BYPASSES, ANGULAR_BYPASSES, FLASH_BYPASSES]);
  const [host, path] = pick(r, list);
  const form = Math.floor(r() * 7);
  if (form === 0) return host;
  if (form === 1) return 'https://' + host;
  if (form === 2) return '//' + host + path;
  if (form === 3) return 'https://' + host + path.replace(/[^/]*$/, '');
  if (form === 4) return '*.' + host.split('.').slice(-2).join('.');
  if (form === 5) return 'http://' + host + ':*';
  return host + path;
}

function nonce(r: () => number): string {
  const form = Math.floor(r() * 8);
  if (form === 0) return `'nonce-${randomB64(r, 3 + Math.floor(r() * 5))}'`; // too short
  if (form === 1) return `'nonce-${randomB64(r, 10)}$!*'`; // bad charset
  if (form === 2) return `nonce-${randomB64(r, 16)}`; // missing quotes
  if (form === 3) return `'NONCE-${randomB64(r, 16)}'`;
  return `'nonce-${randomB64(r, 16 + Math.floor(r() * 12))}${r() < 0.3 ? '==' : ''}'`;
}

function hash(r: () => number): string {
  const alg = pick(r, ['sha256', 'sha384', 'sha512', 'sha1', 'SHA256']);
  const len = alg === 'sha384' ? 64 : alg === 'sha512' ? 86 : 43;
  const form = Math.floor(r() * 6);
  if (form === 0) return `${alg}-${randomB64(r, len)}=`; // missing quotes
  if (form === 1) return `'${alg}-${randomB64(r, 10)}'`; // wrong length
  if (form === 2) return `'${alg}-invalid$'`;
  return `'${alg}-${randomB64(r, len)}${alg === 'sha384' ? '' : alg === 'sha512' ? '==' : '='}'`;
}

function caseMutate(r: () => number, token: string): string {
  const form = Math.floor(r() * 3);
  if (form === 0) return token.toUpperCase();
  if (form === 1) return token.replace(/^./, (c) => c.toUpperCase());
  return token.replace(/[a-z]/g, (c) => (r() < 0.5 ? c.toUpperCase() : c));
}

function value(r: () => number, directive: string): string {
  if (directive === 'report-uri' || directive === 'report-to') return pick(r, REPORT_TARGETS);
  if (directive === 'sandbox' && r() < 0.8) return pick(r, SANDBOX);
  if (directive === 'plugin-types' && r() < 0.8) return pick(r, ['application/x-shockwave-flash', 'application/pdf']);
  if (directive === 'require-trusted-types-for' && r() < 0.8) return "'script'";
  if (directive === 'trusted-types' && r() < 0.7) return pick(r, ['default', 'dompurify', "'allow-duplicates'", "'none'", 'policy1']);
  const kind = r();
  let token: string;
  if (kind < 0.3) token = pick(r, KEYWORDS);
  else if (kind < 0.4) token = nonce(r);
  else if (kind < 0.48) token = hash(r);
  else if (kind < 0.58) token = pick(r, SCHEMES);
  else if (kind < 0.75) token = pick(r, PLAIN_HOSTS);
  else if (kind < 0.88) token = bypassHost(r);
  else if (kind < 0.93) token = pick(r, IPS);
  else if (kind < 0.96) token = pick(r, DIRECTIVES); // a directive name among values: missing semicolon
  else token = pick(r, ['self', 'none', 'unsafe-inline', 'strict-dynamic', 'unsafe-eval', "'self", "self'", "'unsafe-inline", 'http://*', '//*', 'https://*', '*.']);
  if (r() < 0.004) token = pick(r, ORACLE_CRASHERS);
  if (r() < 0.06) token = caseMutate(r, token);
  if (r() < 0.05 && token.startsWith('http')) token = token.replace(/^https?:\/\//, pick(r, ['', 'HTTPS://', 'wss://', 'ftp://']));
  return token;
}

function directive(r: () => number): string {
  const name = r() < 0.6 ? pick(r, HOT_DIRECTIVES) : pick(r, DIRECTIVES);
  const count = Math.floor(r() * r() * 7);
  const values: string[] = [];
  for (let i = 0; i < count; i++) values.push(value(r, name));
  const shownName = r() < 0.05 ? caseMutate(r, name) : name;
  return [shownName, ...values].join(r() < 0.05 ? '  ' : r() < 0.03 ? '\t' : ' ');
}

/** Mutations of a whole policy string. */
function mutate(r: () => number, policy: string): string {
  const form = Math.floor(r() * 8);
  const parts = policy.split(';');
  if (form === 0 && parts.length > 1) {
    // drop one semicolon
    const i = 1 + Math.floor(r() * (parts.length - 1));
    return [...parts.slice(0, i - 1), `${parts[i - 1]} ${parts[i]}`, ...parts.slice(i + 1)].join(';');
  }
  if (form === 1) return policy.replace(/'/g, (q) => (r() < 0.15 ? '' : q)); // drop some quotes
  if (form === 2 && parts.length > 0) return policy + ';' + pick(r, parts); // duplicate a directive
  if (form === 3) return caseMutate(r, policy);
  if (form === 4) return policy + pick(r, [';', '; ', ';;', ' ;  ;', '\t']);
  if (form === 5) return policy.replace(/;/g, () => pick(r, [';', '; ', ' ; ', ';\t']));
  if (form === 6) return parts.filter(() => r() < 0.7).join(';');
  return policy;
}

/** `count` policies from `seed`. Includes the real-world ones first, unmodified. */
export function generateCorpus(seed: number, count: number): string[] {
  const r = seeded(seed);
  const out: string[] = [...REAL_WORLD_POLICIES];
  while (out.length < count) {
    let policy: string;
    const form = r();
    if (form < 0.25) {
      // a real policy with generated directives mixed in
      const base = pick(r, REAL_WORLD_POLICIES).split(';');
      const extra = Array.from({ length: 1 + Math.floor(r() * 3) }, () => directive(r));
      policy = [...base.filter(() => r() < 0.8), ...extra].sort(() => r() - 0.5).join(';');
    } else {
      const n = 1 + Math.floor(r() * 6);
      policy = Array.from({ length: n }, () => directive(r)).join(r() < 0.5 ? '; ' : ';');
    }
    if (r() < 0.5) policy = mutate(r, policy);
    if (r() < 0.3) policy = mutate(r, policy);
    out.push(policy);
  }
  return out.slice(0, count);
}
