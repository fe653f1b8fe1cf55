import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { call, PAGE_SCRIPTS } from '../../src/browser/page-script';

// The page scripts run in the page, as written (src/browser/page-script.ts says
// why). What the page has is the DOM and the language; any other name, such as a
// bundler's `_nullishCoalesce` helper, is a ReferenceError there. TypeScript
// checks each script as a JavaScript file with only those libraries loaded and
// reports every name it cannot find.

const NAME_NOT_FOUND = new Set([2304, 2552, 2580, 2581, 2582, 2583, 2584, 2591, 2592, 2593]);
const LIBS = ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'];

/** Per script: its free identifiers and syntax errors, as TypeScript reports them (one program for all: the DOM library is big). */
function check(sources: Record<string, string>): Record<string, { free: string[]; syntax: string[] }> {
  const files = new Map(Object.entries(sources).map(([name, source]) => [`/page/${name}.js`, `var script = ${source};\n`]));
  const options: ts.CompilerOptions = { allowJs: true, checkJs: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: LIBS, types: [], noImplicitAny: false };
  const host = ts.createCompilerHost(options);
  const { readFile, fileExists, getSourceFile } = host;
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.getSourceFile = (name, version) => {
    const text = files.get(name);
    return text === undefined ? getSourceFile.call(host, name, version) : ts.createSourceFile(name, text, version);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const message = (d: ts.Diagnostic): string => ts.flattenDiagnosticMessageText(d.messageText, '\n');
  return Object.fromEntries(
    Object.keys(sources).map((name) => {
      const file = program.getSourceFile(`/page/${name}.js`)!;
      return [
        name,
        {
          free: program.getSemanticDiagnostics(file).filter((d) => NAME_NOT_FOUND.has(d.code)).map(message),
          syntax: program.getSyntacticDiagnostics(file).map(message),
        },
      ];
    }),
  );
}

// What the CommonJS build once made of a page function: the check must see it.
const LOWERED = 'function (a) { return _nullishCoalesce(a, function () { return process.env; }); }';
let results: ReturnType<typeof check>;
beforeAll(() => {
  results = check({ ...PAGE_SCRIPTS, lowered: LOWERED });
});

describe('page scripts', () => {
  test.each(Object.keys(PAGE_SCRIPTS))('%s uses only what a page has, and parses', (name) => {
    expect(results[name]).toEqual({ free: [], syntax: [] });
  });

  test('the check finds a bundler helper the page lacks (what the CommonJS build once put there)', () => {
    expect(results.lowered!.free).toEqual([expect.stringContaining('_nullishCoalesce'), expect.stringContaining("process")]);
  });

  test('each script is a function expression, called with its arguments as JSON', () => {
    for (const source of Object.values(PAGE_SCRIPTS)) expect(source).toMatch(/^function \w+\(/);
    expect(call('function f(a, b) {}', 'x"y', 2)).toBe('(function f(a, b) {})("x\\"y", 2)');
  });
});

// Only page-script.ts may hand code to a page: a function passed to evaluate()
// or addInitScript() is serialised from the bundle, helpers and all.
test('src/ hands pages only the scripts of page-script.ts', () => {
  const root = join(__dirname, '../../src');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
    });
  const offenders: string[] = [];
  for (const file of files(root)) {
    const text = readFileSync(file, 'utf8');
    const calls = text.matchAll(/\.(evaluate|evaluateHandle|evaluateAll|addInitScript|waitForFunction|\$eval|\$\$eval)(?:<[^>(]*>)?\(\s*([^\s,)]+)/g);
    for (const [whole, method, first] of calls) {
      if (method === 'evaluate' && /Csp|Policies/.test(whole)) continue; // evaluateCsp and friends are ours, not Playwright's
      if (!first!.startsWith('call(')) offenders.push(`${relative(root, file)}: .${method}(${first}`);
    }
  }
  expect(offenders).toEqual([]);
});
