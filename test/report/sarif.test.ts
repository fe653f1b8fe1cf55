import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { SiteReport } from '../../src/crawl/types';
import { FINGERPRINT_KEY, formatSarif } from '../../src/report/sarif';
import type { RunningServer } from '../helpers/servers';
import { scanFixture, startFixtureSite, summaryOf } from './fixture';

const schemaPath = join(__dirname, '..', '..', 'node_modules', '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
  partialFingerprints: Record<string, string>;
  baselineState?: string;
}
interface SarifLog {
  version: string;
  runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string; defaultConfiguration: { level: string } }> } }; results: SarifResult[] }>;
}

let server: RunningServer;
let browserSite: SiteReport;
let headersSite: SiteReport;
beforeAll(async () => {
  server = await startFixtureSite();
  [browserSite, headersSite] = await Promise.all([scanFixture(server, 'browser'), scanFixture(server, 'headers-only')]);
}, 60_000);
afterAll(() => server.close());

function sarifOf(site: SiteReport, accepted?: Parameters<typeof summaryOf>[1]): SarifLog {
  const log = JSON.parse(formatSarif(summaryOf(site, accepted))) as SarifLog;
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
    ...p.findings.map((f) => ({ ruleId: f.finding.id, uri: p.page.url, severity: f.finding.severity })),
    ...p.violations.map((v) => ({ ruleId: v.violation.disposition === 'enforce' ? 'csp-violation/enforced' : 'csp-violation/report-only', uri: p.page.url, severity: undefined })),
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
  const first = sarifOf(headersSite).runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
  expect(first.every((f) => typeof f === 'string' && f.length === 32)).toBe(true);
  expect(new Set(first).size).toBe(first.length);
  const other = await startFixtureSite();
  try {
    expect(other.origin).not.toBe(server.origin);
    const again = sarifOf(await scanFixture(other, 'headers-only')).runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
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

// Microsoft's own validator (the SARIF Multitool, shipped in the package as a self-contained
// linux-x64 binary) checks more than the schema: its rules for results and locations.
const multitoolTest = process.platform === 'linux' && process.arch === 'x64' ? test : test.skip;
multitoolTest('the SARIF Multitool validates the log with no errors and no warnings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esh-sarif-'));
  // The package ships the binary without its execute bit; run a copy.
  const tool = join(dir, 'Sarif.Multitool');
  copyFileSync(join(__dirname, '..', '..', 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool'), tool);
  chmodSync(tool, 0o755);
  const input = join(dir, 'scan.sarif');
  writeFileSync(input, formatSarif(summaryOf(browserSite)));
  const output = join(dir, 'validation.sarif');
  const run = spawnSync(tool, ['validate', input, '--output', output], {
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.error).toBeUndefined();
  expect(run.stdout).toContain('Analysis completed successfully');
  const validation = JSON.parse(readFileSync(output, 'utf8')) as { runs: Array<{ results?: Array<{ ruleId: string; level?: string; message: unknown }> }> };
  expect(validation.runs[0]!.results ?? []).toEqual([]);
}, 150_000);
