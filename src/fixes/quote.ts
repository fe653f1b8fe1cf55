/** String literals in the languages fixes are written in. */

/** A single-quoted JavaScript or Python string. */
export function sq(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A double-quoted string for nginx, or Python when the value holds single quotes (CSP keywords). */
export function dq(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Python: double quotes when the value has single quotes ('self'), else single. */
export function py(value: string): string {
  return value.includes("'") && !value.includes('"') ? `"${value.replace(/\\/g, '\\\\')}"` : sq(value);
}

export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/** helmet's camelCase directive keys: script-src → scriptSrc. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_m, letter: string) => letter.toUpperCase());
}

/** A CSP value list as text, the nonce marker shown as the header has it. */
export function cspValue(values: readonly string[], nonce = "'nonce-{random per response}'"): string {
  return values.map((v) => (v === "'nonce'" ? nonce : v)).join(' ');
}
