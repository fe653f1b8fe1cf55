/**
 * The headers and values the OWASP Secure Headers Project recommends sending.
 * Source: OWASP Secure Headers Project, ci/headers_add.json in
 * github.com/OWASP/www-project-secure-headers (last_update_utc
 * 2026-07-19 05:44:10, 13 headers). The strict level follows it where a
 * header applies to the response (see each rule); kept as data so a refresh
 * is one file.
 */
export const OWASP_HEADERS_TO_ADD_SOURCE = {
  url: 'https://github.com/OWASP/www-project-secure-headers/blob/master/ci/headers_add.json',
  lastUpdateUtc: '2026-07-19 05:44:10',
} as const;

export interface OwaspHeader {
  name: string;
  value: string;
}

export const OWASP_HEADERS_TO_ADD: readonly OwaspHeader[] = [
  { name: "Cache-Control", value: "no-store, max-age=0" },
  { name: "Clear-Site-Data", value: "\"cache\",\"cookies\",\"storage\"" },
  { name: "Content-Security-Policy", value: "default-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests" },
  { name: "Cross-Origin-Embedder-Policy", value: "require-corp" },
  { name: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { name: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { name: "Permissions-Policy", value: "accelerometer=(), autoplay=(), camera=(), cross-origin-isolated=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(self), usb=(), web-share=(), xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(), gamepad=(), hid=(), idle-detection=(), interest-cohort=(), serial=(), unload=()" },
  { name: "Referrer-Policy", value: "no-referrer" },
  { name: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
  { name: "X-Content-Type-Options", value: "nosniff" },
  { name: "X-DNS-Prefetch-Control", value: "off" },
  { name: "X-Frame-Options", value: "deny" },
  { name: "X-Permitted-Cross-Domain-Policies", value: "none" },
];

/** The OWASP value of one header (case-insensitive name); throws if the list has none, so a refresh that drops one is caught by the tests. */
export function owaspValue(name: string): string {
  const entry = OWASP_HEADERS_TO_ADD.find((h) => h.name.toLowerCase() === name.toLowerCase());
  if (!entry) throw new Error(`the OWASP add list has no ${name}`);
  return entry.value;
}
