import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { SarifArtifact } from '../report/sarif';
import { CliError } from './errors';

/**
 * Reads `file` (relative to `cwd`) and names it relative to the repository
 * that holds it (the nearest directory with a `.git`), else to `cwd`.
 */
export function resolveArtifact(file: string, cwd: string): SarifArtifact {
  const path = resolve(cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`the SARIF location file ${file} does not exist (or is not a file). Pass --sarif-file-for with a file in the repository: the app's header configuration, or the baseline.`);
  let root = dirname(path);
  while (!existsSync(resolve(root, '.git')) && dirname(root) !== root) root = dirname(root);
  if (!existsSync(resolve(root, '.git'))) root = cwd;
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new CliError(`the SARIF location file ${file} is outside the repository at ${root}; GitHub places results only on files of the repository.`);
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), text: readFileSync(path, 'utf8') };
}

