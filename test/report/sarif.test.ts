import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { baselineFromSummary, serializeBaseline } from '../../src/cli/baseline';
import type { SiteReport } from '../../src/crawl/types';
import { FINGERPRINT_KEY, formatSarif, LINE_HASH_KEY, type SarifOptions } from '../../src/report/sarif';
import type { RunningServer } from '../helpers/servers';
import { scanFixture, startFixtureSite, summaryOf } from './fixture';
import { checkForGithubUpload, githubLineHashes } from './github-upload-rules';

const schemaPath = join(__dirname, '..', '..', 'node_modules', '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Region }; logicalLocations: Array<{ name: string; fullyQualifiedName: string }> }>;
  partialFingerprints: Record<string, string>;
  baselineState?: string;
  properties: { pageUrl: string; pageKey: string; findingKey?: string; violationKey?: string };
}
interface SarifRule {
  id: string;
  helpUri: string;
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { 'security-severity': string; tags: string[] };
}
interface SarifLog {
  version: string;
  runs: Array<{ tool: { driver: { name: string; rules: SarifRule[] } }; results: SarifResult[]; automationDetails: { id: string } }>;
}

let server: RunningServer;
let browserSite: SiteReport;
let headersSite: SiteReport;
beforeAll(async () => {
  server = await startFixtureSite();
  [browserSite, headersSite] = await Promise.all([scanFixture(server, 'browser'), scanFixture(server, 'headers-only')]);
}, 60_000);
afterAll(() => server.close());

function sarifOf(site: SiteReport, accepted?: Parameters<typeof summaryOf>[1], options?: SarifOptions): SarifLog {
  const log = JSON.parse(formatSarif(summaryOf(site, accepted), options)) as SarifLog;
  const valid = validate(log);
  if (!valid) throw new Error(`SARIF is not valid against sarif-2.1.0.json:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  return log;
}

test('valid SARIF 2.1.0, browser and headers-only', () => {
  expect(sarifOf(browserSite).version).toBe('2.1.0');
  expect(sarifOf(headersSite).runs).toHaveLength(1);
});

test('the schema check is real: a log without a required field is refused', () => {
  const log = sarifOf(headersSite) as unknown as { runs: Array<{ tool?: unknown }> };
  delete log.runs[0]!.tool;
  expect(validate(log)).toBe(false);
});

test('one result per finding and violation; rule ids are the finding ids; levels follow severity', () => {
  const log = sarifOf(browserSite);
  const run = log.runs[0]!;
  const summary = summaryOf(browserSite);
  const expected = summary.pages.flatMap((p) => [
    ...p.findings.map((f) => ({ ruleId: f.finding.id, uri: p.page.finalUrl ?? p.page.url, severity: f.finding.severity })),
    ...p.violations.map((v) => ({ ruleId: v.violation.disposition === 'enforce' ? 'csp-violation/enforced' : 'csp-violation/report-only', uri: p.page.finalUrl ?? p.page.url, severity: undefined })),
  ]);
  expect(run.results.map((r) => ({ ruleId: r.ruleId, uri: r.locations[0]!.physicalLocation.artifactLocation.uri }))).toEqual(
    expected.map(({ ruleId, uri }) => ({ ruleId, uri })),
  );
  const ruleIds = run.tool.driver.rules.map((r) => r.id);
  expect(new Set(ruleIds).size).toBe(ruleIds.length);
  for (const result of run.results) {
    expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  }
  const level = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' } as const;
  run.results.forEach((result, i) => {
    const severity = expected[i]!.severity;
    if (severity) expect(result.level).toBe(level[severity]);
  });
  expect(run.results.some((r) => r.ruleId === 'csp-violation/enforced' && r.level === 'error')).toBe(true);
  expect(run.results.some((r) => r.ruleId === 'csp/missing' && r.level === 'error')).toBe(true);
});

test('fingerprints are unique per page and finding, and stable across runs on another port', async () => {
  const prints = (log: SarifLog) => log.runs[0]!.results.map((r) => [r.partialFingerprints[LINE_HASH_KEY], r.partialFingerprints[FINGERPRINT_KEY]]);
  const first = prints(sarifOf(headersSite, undefined, { file: CONFIG }));
  expect(first.every(([line, old]) => /^[0-9a-f]{16}:\d+$/.test(line!) && old!.length === 32)).toBe(true);
  expect(new Set(first.map(([line]) => line)).size).toBe(first.length);
  const other = await startFixtureSite();
  try {
    expect(other.origin).not.toBe(server.origin);
    const again = prints(sarifOf(await scanFixture(other, 'headers-only'), undefined, { file: CONFIG }));
    expect(again).toEqual(first);
  } finally {
    await other.close();
  }
});

test('with a baseline, results say new or unchanged', () => {
  const all = summaryOf(headersSite);
  const bare = all.pages[1]!;
  const accepted = { pages: { [bare.key]: { findings: bare.findings.map((f) => f.key), violations: [] } } };
  const results = sarifOf(headersSite, accepted).runs[0]!.results;
  const bareUri = bare.page.url;
  expect(results.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === bareUri).every((r) => r.baselineState === 'unchanged')).toBe(true);
  expect(results.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri !== bareUri).every((r) => r.baselineState === 'new')).toBe(true);
  expect(sarifOf(headersSite).runs[0]!.results.every((r) => r.baselineState === undefined)).toBe(true);
});

/** A repository with the two files results can be placed in: the app's header configuration and the baseline. */
const repo = mkdtempSync(join(tmpdir(), 'esh-sarif-repo-'));
const CONFIG_TEXT = [
  "import helmet from 'helmet';",
  '',
  'export const securityHeaders = helmet({',
  '  contentSecurityPolicy: {',
  "    directives: { defaultSrc: [\"'self'\"], 'script-src': [\"'self'\"], objectSrc: [\"'none'\"] },",
  '  },',
  '  strictTransportSecurity: { maxAge: 63072000, includeSubDomains: true },',
  "  referrerPolicy: { policy: 'no-referrer' },",
  '  xContentTypeOptions: true,',
  '});',
  '',
].join('\n');
const CONFIG = { uri: 'src/security-headers.mjs', text: CONFIG_TEXT };
mkdirSync(join(repo, 'src'), { recursive: true });
writeFileSync(join(repo, CONFIG.uri), CONFIG_TEXT);

function baselineArtifact(site: SiteReport) {
  const text = serializeBaseline(baselineFromSummary(summaryOf(site)));
  writeFileSync(join(repo, 'security-baseline.json'), text);
  return { uri: 'security-baseline.json', text };
}

const lineOf = (text: string, n: number) => text.split('\n')[n - 1]!;

describe('placed in a repository file', () => {
  test('in the baseline, each page and finding is its own line, and the columns cover its key', () => {
    const file = baselineArtifact(browserSite);
    const results = sarifOf(browserSite, undefined, { file }).runs[0]!.results;
    expect(results.length).toBeGreaterThan(10);
    const places = new Set<string>();
    for (const r of results) {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      expect(artifactLocation.uri).toBe('security-baseline.json');
      expect(region.endLine).toBe(region.startLine);
      const text = lineOf(file.text, region.startLine).slice(region.startColumn - 1, region.endColumn - 1);
      const key = r.properties.findingKey ?? r.properties.violationKey;
      if (key) expect(JSON.parse(text)).toBe(key);
      else expect(JSON.parse(text)).toBe(r.properties.pageKey); // a page error sits on the page's line
      // The line is inside its page's block: the nearest page key above it is this page.
      const above = file.text.split('\n').slice(0, region.startLine).reverse().find((l) => /^ {4}"/.test(l))!;
      expect(JSON.parse(above.trim().replace(/: \{$/, ''))).toBe(r.properties.pageKey);
      places.add(`${region.startLine}:${region.startColumn}`);
    }
    // One line per page and finding (a key repeated on one page shares its line).
    const distinct = new Set(results.map((r) => `${r.properties.pageKey}\n${r.properties.findingKey ?? r.properties.violationKey}`));
    expect(places.size).toBe(distinct.size);
  });

  test('a finding the baseline does not list sits on its page line; a page it does not know, on "pages"', () => {
    const all = summaryOf(headersSite);
    const bare = all.pages[1]!;
    const text = serializeBaseline({ version: 1, tool: 'expect-secure-headers', pages: { [bare.key]: { findings: [], violations: [] } } });
    const results = sarifOf(headersSite, undefined, { file: { uri: 'b.json', text } }).runs[0]!.results;
    const pageLine = text.split('\n').findIndex((l) => l.includes(JSON.stringify(bare.key))) + 1;
    const pagesLine = text.split('\n').findIndex((l) => l.includes('"pages"')) + 1;
    for (const r of results) expect(r.locations[0]!.physicalLocation.region.startLine).toBe(r.properties.pageKey === bare.key ? pageLine : pagesLine);
  });

  test("in the app's header configuration, on the line that names the header (or the CSP directive)", () => {
    const results = sarifOf(headersSite, undefined, { file: CONFIG }).runs[0]!.results;
    const at = (ruleId: string, directive?: string) =>
      results.find((r) => r.ruleId === ruleId && (directive === undefined || r.message.text.includes(`(${directive})`)))!.locations[0]!.physicalLocation.region;
    const csp = at('csp/missing');
    expect(lineOf(CONFIG_TEXT, csp.startLine)).toContain('contentSecurityPolicy');
    expect(lineOf(CONFIG_TEXT, csp.startLine).slice(csp.startColumn - 1, csp.endColumn - 1)).toBe('contentSecurityPolicy');
    const nosniff = results.find((r) => r.ruleId.startsWith('x-content-type-options/'));
    if (nosniff) expect(lineOf(CONFIG_TEXT, nosniff.locations[0]!.physicalLocation.region.startLine)).toContain('xContentTypeOptions');
    // A CSP finding about one directive points at that directive.
    const directive = results.find((r) => r.ruleId.startsWith('csp/') && / \(script-src\)/.test(r.message.text));
    if (directive) expect(lineOf(CONFIG_TEXT, directive.locations[0]!.physicalLocation.region.startLine)).toContain('script-src');
    // A header the file does not name sits on line 1, its text covered.
    const unnamed = results.find((r) => r.ruleId.startsWith('permissions-policy/'))!.locations[0]!.physicalLocation.region;
    expect(unnamed).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: CONFIG_TEXT.split('\n')[0]!.length + 1 });
  });

  test('the page URL is in the message, the properties and the logical location', () => {
    for (const r of sarifOf(browserSite, undefined, { file: CONFIG }).runs[0]!.results) {
      const url = r.properties.pageUrl;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expect(r.message.text).toContain(url);
      expect(r.locations[0]!.logicalLocations).toEqual([{ name: r.properties.pageKey, fullyQualifiedName: url, kind: 'resource' }]);
    }
  });

  test('rules carry a help link, a full description and markdown help; the run its automationDetails.id', () => {
    const run = sarifOf(browserSite, undefined, { file: CONFIG, category: 'staging-site' }).runs[0]!;
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri).toMatch(/^https:\/\/developer\.mozilla\.org\//);
      expect(rule.fullDescription.text.length).toBeGreaterThan(30);
      expect(rule.help.markdown).toContain(`(${rule.helpUri})`);
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
      expect(rule.properties.tags).toContain('security');
    }
    expect(run.tool.driver.rules.find((r) => r.id === 'csp/missing')!.helpUri).toBe('https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy');
    expect(run.automationDetails.id).toMatch(/^staging-site\/\d{4}-\d\d-\d\dT/);
    expect(sarifOf(browserSite).runs[0]!.automationDetails.id).toMatch(/^expect-secure-headers\//);
  });
});

describe("GitHub's upload action (its rules, re-checked)", () => {
  test('every result is placed on a checkout file and line, and keeps our own line hash', () => {
    const file = baselineArtifact(browserSite);
    for (const options of [{ file }, { file: CONFIG }]) {
      const log = sarifOf(browserSite, undefined, options);
      const check = checkForGithubUpload(log as never, repo);
      expect(check.problems).toEqual([]);
      expect(check.kept).toBe(log.runs[0]!.results.length);
      expect(check.computed).toBe(0);
    }
  });

  test('the check is real: page URLs as locations (the old mapping) are refused', () => {
    const check = checkForGithubUpload(sarifOf(browserSite) as never, repo);
    expect(check.problems.length).toBe(sarifOf(browserSite).runs[0]!.results.length);
    expect(check.problems[0]).toContain('has a scheme other than file:');
  });

  test("why the line hash is ours: the action's own hash of a config line is one value for every page on it", () => {
    const log = sarifOf(headersSite, undefined, { file: CONFIG });
    const hashes = githubLineHashes(CONFIG_TEXT);
    // A rule found on more than one page.
    const results = log.runs[0]!.results;
    const ruleId = results.find((r) => new Set(results.filter((o) => o.ruleId === r.ruleId).map((o) => o.properties.pageKey)).size > 1)!.ruleId;
    const missing = results.filter((r) => r.ruleId === ruleId);
    expect(new Set(missing.map((r) => r.properties.pageKey)).size).toBeGreaterThan(1);
    const computed = new Set(missing.map((r) => hashes.get(r.locations[0]!.physicalLocation.region.startLine)));
    expect(computed.size).toBe(1); // one alert for all pages, had the action computed it
    expect(new Set(missing.map((r) => r.partialFingerprints[LINE_HASH_KEY])).size).toBe(missing.length);
  });

  test('our re-implementation of its line hash: identical lines are told apart by count, CRLF reads as LF', () => {
    const a = githubLineHashes('same\nsame\nother\n');
    expect(a.get(1)).not.toBe(a.get(2));
    expect(a.get(1)!.split(':')[1]).toBe('1');
    expect(githubLineHashes('x  y\r\nz')).toEqual(githubLineHashes('xy\nz'));
    expect([...githubLineHashes('a\nb').keys()]).toEqual([1, 2]);
  });
});

// Microsoft's own validator (the SARIF Multitool, shipped in the package as a self-contained
// linux-x64 binary) checks more than the schema: its SARIF rules, and its GitHub rules
// (GH1001-GH2012), which are off unless a configuration turns them on.
const multitoolTest = process.platform === 'linux' && process.arch === 'x64' ? test : test.skip;
multitoolTest('the SARIF Multitool with its GitHub rules: no errors, no warnings; the old URL mapping fails GH1005', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esh-sarif-'));
  // The package ships the binary without its execute bit; run a copy.
  const tool = join(dir, 'Sarif.Multitool');
  copyFileSync(join(__dirname, '..', '..', 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool'), tool);
  chmodSync(tool, 0o755);
  const env = { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' };
  // The tool's own configuration, every GH rule switched on as an error.
  const config = join(dir, 'config.xml');
  spawnSync(tool, ['export-validation-config', config], { env, timeout: 120_000 });
  const xml = readFileSync(config, 'utf8').replace(/(<Properties Key="GH\d+\.\w+\.Options">\s*<Property Key="RuleEnabled" Value=")Default/g, '$1Error');
  expect(xml.match(/Key="GH\d+\.\w+\.Options">\s*<Property Key="RuleEnabled" Value="Error"/g)!.length).toBeGreaterThanOrEqual(10);
  writeFileSync(config, xml);
  const validate = (name: string, content: string) => {
    const input = join(dir, `${name}.sarif`);
    writeFileSync(input, content);
    const output = join(dir, `${name}.validation.sarif`);
    const run = spawnSync(tool, ['validate', input, '--rule-kind', 'Sarif;Gh;Ghas', '--config', config, '--output', output, '--log', 'ForceOverwrite'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.error).toBeUndefined();
    expect(run.stdout).toContain('Analysis completed successfully');
    const validation = JSON.parse(readFileSync(output, 'utf8')) as { runs: Array<{ results?: Array<{ ruleId: string }> }> };
    return (validation.runs[0]!.results ?? []).map((r) => r.ruleId);
  };
  expect(validate('baseline', formatSarif(summaryOf(browserSite), { file: baselineArtifact(browserSite) }))).toEqual([]);
  expect(validate('config', formatSarif(summaryOf(browserSite), { file: CONFIG }))).toEqual([]);
  expect(new Set(validate('urls', formatSarif(summaryOf(browserSite))))).toEqual(new Set(['GH1005']));
}, 240_000);
