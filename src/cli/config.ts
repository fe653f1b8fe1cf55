import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from './errors';
import { parseSettings, type ScanSettings } from './settings';

/**
 * The config file: `expect-secure-headers.config.json` or `.mjs` in the
 * working directory, or the file `--config` names. JSON is read as JSON; an
 * .mjs file is imported and its default export (an object, or a function
 * returning one) is the config. Either way it goes through parseSettings.
 */

export const CONFIG_FILES = ['expect-secure-headers.config.json', 'expect-secure-headers.config.mjs'] as const;

export interface LoadedConfig {
  /** As given or found (relative to the working directory when found). */
  file: string;
  settings: ScanSettings;
}

/** The file to read: the one named, else the first of CONFIG_FILES present in `cwd`, else none. */
export function findConfig(cwd: string, named?: string): string | undefined {
  if (named !== undefined) {
    if (!existsSync(resolve(cwd, named))) throw new CliError(`the config file ${named} (--config) does not exist. Pass the path of an ${CONFIG_FILES.join(' or ')} file.`);
    return named;
  }
  const found = CONFIG_FILES.filter((name) => existsSync(resolve(cwd, name)));
  if (found.length > 1) throw new CliError(`both ${found.join(' and ')} are in ${cwd}; keep one, or name the one to use with --config.`);
  return found[0];
}

export async function loadConfig(cwd: string, named?: string): Promise<LoadedConfig | undefined> {
  const file = findConfig(cwd, named);
  if (file === undefined) return undefined;
  const path = resolve(cwd, file);
  let content: unknown;
  if (/\.json$/i.test(path)) {
    try {
      content = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new CliError(`the config file ${file} is not valid JSON (${(error as Error).message}).`);
    }
  } else if (/\.m?js$/i.test(path)) {
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(path).href)) as { default?: unknown };
    } catch (error) {
      throw new CliError(`the config file ${file} could not be imported (${(error as Error).message.split('\n')[0]}).`);
    }
    if (module.default === undefined) throw new CliError(`the config file ${file} has no default export; write \`export default { … }\`.`);
    content = typeof module.default === 'function' ? await (module.default as () => unknown)() : module.default;
  } else {
    throw new CliError(`the config file ${file} is neither .json nor .mjs; name it ${CONFIG_FILES.join(' or ')}.`);
  }
  return { file, settings: parseSettings(content, file) };
}
