/**
 * Flash files on hosts that sites might allow for plugins: such a SWF can run script in the embedding page.
 *
 * Source (facts only): Google csp-evaluator 1.1.8, allowlist_bypasses/flash.ts
 * (https://github.com/google/csp-evaluator). Each entry is [host, path] as a URL
 * parser reads the listed address; order is kept because the first match wins.
 */
export const FLASH_BYPASSES: ReadonlyArray<readonly [host: string, path: string]> = [
  ["vk.com", "/swf/video.swf"],
  ["ajax.googleapis.com", "/ajax/libs/yui/2.8.0r4/build/charts/assets/charts.swf"],
];
