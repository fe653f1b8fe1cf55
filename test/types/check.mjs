// One type test: the TypeScript compiler on a project (its tsconfig.json, skipLibCheck false), reporting what
// `tsc -p DIR` reports for the files that are ours: the project's own and the package's declarations (resolved
// through node_modules/expect-secure-headers to dist/). The declarations of other packages (@types/node, Playwright,
// Vitest, Jest) are parsed, bound and used as tsc uses them, but not checked each on their own: that was two thirds
// of a project's time (14.7 s of CPU against 5 s here, for the Playwright project), repeated in every project, and
// an error there is that package's, not ours. A conflict of our augmentation with the module it augments is
// reported on our declaration too (TS2428, TS2717, TS2300 name both sides), so it still fails here.
//
// Usage: node test/types/check.mjs DIR (a folder with a tsconfig.json). Exit 0 when clean, 1 with the diagnostics.
import { realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import ts from 'typescript';

const dir = resolve(process.argv[2] ?? '');
const configFile = join(dir, 'tsconfig.json');
const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => report([d]) });
if (!parsed) process.exit(1);
if (parsed.options.skipLibCheck !== false) {
  console.error(`${configFile}: a type test needs "skipLibCheck": false (a user with it must see no error in our declarations)`);
  process.exit(1);
}
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });

/** Ours: not inside any node_modules once symlinks are resolved (the package's own link leads back to the checkout). */
const ours = (file) => !realpathSync(file.fileName).split(sep).includes('node_modules');
const diagnostics = [
  ...parsed.errors,
  ...program.getConfigFileParsingDiagnostics(),
  ...program.getOptionsDiagnostics(),
  ...program.getSyntacticDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...program.getSourceFiles().filter(ours).flatMap((file) => program.getSemanticDiagnostics(file)),
];
const checked = program.getSourceFiles().filter(ours).length;
if (diagnostics.length === 0) {
  console.log(`${checked} of ${program.getSourceFiles().length} files checked, no errors`);
  process.exit(0);
}
report(diagnostics);
process.exit(1);

function report(list) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
  process.stdout.write(ts.formatDiagnostics(ts.sortAndDeduplicateDiagnostics(list), host));
}
