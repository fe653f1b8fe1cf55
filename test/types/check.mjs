// One type test: the TypeScript compiler on a project (its tsconfig.json, skipLibCheck false), reporting what
// `tsc -p DIR` reports for the files that are ours: the project's own and the package's declarations (resolved
// through node_modules/expect-secure-headers to dist/). The declarations of other packages (@types/node, Playwright,
// Vitest, Jest) are parsed, bound and used as tsc uses them, but not checked each on their own: that was two thirds
// of a project's time (14.7 s of CPU against 5 s here, for the Playwright project), repeated in every project, and
// an error there is that package's, not ours. A conflict of our augmentation with the module it augments is
// reported on our declaration too (TS2428, TS2717, TS2300 name both sides), so it still fails here.
//
// run.mjs checks all its projects in one process with one createChecker(): a process per project loaded the
// compiler and parsed and bound lib.*.d.ts, @types/node and the runners' declarations again in each (most of the
// step's CPU). The checker's compiler host hands a program the SourceFile an earlier program parsed, as
// TypeScript's own DocumentRegistry does across the projects of an editor, but only when nothing that shapes a
// parse or a bind can differ (see sourceFileKey), since the binder binds a file once and keeps its symbols on it.
// The programs run one after another, never side by side: a program sets per-program fields (fileName,
// originalFileName, packageJsonScope) on the files it loads, right for it until the next one loads them.
//
// Usage: node test/types/check.mjs DIR (a folder with a tsconfig.json). Exit 0 when clean, 1 with the diagnostics.
import { realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Options left out of the cache key: they choose which files a program has (lib, types) or name the config file,
 * and neither the parser nor the binder reads them. Every other option is in the key, whole: TypeScript's own rule
 * (ts.sourceFileAffectingCompilerOptions, what the DocumentRegistry keys its buckets on) misses some the binder
 * reads: `strict` (alwaysStrict's default) and preserveConstEnums (and isolatedModules, verbatimModuleSyntax, which
 * imply it). Keyed by that rule, a project with preserveConstEnums checked after one without reused its bind and
 * lost a TS7027 (unreachable code: a const enum after a throw) that tsc reports; so we do not rely on it.
 */
const NOT_PARSE_OR_BIND = new Set(['lib', 'types', 'configFilePath']);
for (const option of ts.sourceFileAffectingCompilerOptions ?? []) {
  if (NOT_PARSE_OR_BIND.has(option.name)) throw new Error(`check.mjs: ${option.name} shapes a parse (TypeScript says so); keep it in the cache key`);
}

/**
 * A file's cache key: its name, how the program asks it parsed (language version, module format as the nearest
 * package.json and its extension make it, JSDoc parsing mode) and the program's options but those above.
 */
function sourceFileKey(fileName, options, sourceFileOptions) {
  const { languageVersion, impliedNodeFormat, jsDocParsingMode } = typeof sourceFileOptions === 'object' ? sourceFileOptions : { languageVersion: sourceFileOptions };
  const kept = Object.keys(options).filter((name) => !NOT_PARSE_OR_BIND.has(name)).sort().map((name) => [name, options[name]]);
  return JSON.stringify([fileName, languageVersion, impliedNodeFormat, jsDocParsingMode, kept]);
}

/** Ours: not inside any node_modules once symlinks are resolved (the package's own link leads back to the checkout). */
const ours = (file) => !realpathSync(file.fileName).split(sep).includes('node_modules');

/** Returns check(dir) → { ok, output }, output being what `node check.mjs DIR` prints. Its checks share parsed files. */
export function createChecker() {
  const cache = new Map();
  const hostFor = (options) => {
    const host = ts.createCompilerHost(options);
    const parse = host.getSourceFile;
    host.getSourceFile = (fileName, sourceFileOptions, onError, shouldCreateNewSourceFile) => {
      if (shouldCreateNewSourceFile) return parse(fileName, sourceFileOptions, onError, true);
      const key = sourceFileKey(fileName, options, sourceFileOptions);
      if (cache.has(key)) return cache.get(key);
      const file = parse(fileName, sourceFileOptions, onError);
      if (file) cache.set(key, file);
      return file;
    };
    return host;
  };

  const check = (dir) => {
    let output = '';
    const report = (list) => {
      const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
      output += ts.formatDiagnostics(ts.sortAndDeduplicateDiagnostics(list), host);
    };
    const configFile = join(dir, 'tsconfig.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => report([d]) });
    if (!parsed) return { ok: false, output };
    if (parsed.options.skipLibCheck !== false) {
      return { ok: false, stderr: true, output: `${configFile}: a type test needs "skipLibCheck": false (a user with it must see no error in our declarations)\n` };
    }
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences, host: hostFor(parsed.options) });
    const diagnostics = [
      ...parsed.errors,
      ...program.getConfigFileParsingDiagnostics(),
      ...program.getOptionsDiagnostics(),
      ...program.getSyntacticDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...program.getSourceFiles().filter(ours).flatMap((file) => program.getSemanticDiagnostics(file)),
    ];
    const checked = program.getSourceFiles().filter(ours).length;
    if (diagnostics.length === 0) return { ok: true, output: `${checked} of ${program.getSourceFiles().length} files checked, no errors\n` };
    report(diagnostics);
    return { ok: false, output };
  };
  return { check };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ok, output, stderr } = createChecker().check(resolve(process.argv[2] ?? ''));
  (stderr ? process.stderr : process.stdout).write(output);
  process.exit(ok ? 0 : 1);
}
