import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBigSite, type BigSite } from '../fixtures/big-site';
import { timelessReport } from '../helpers/timeless';
import { runBin, runHere } from './run-cli';

/**
 * Sharded scans: a site of a thousand pages (SHARD_SITE_SIZE for more), discovered once, checked by
 * four shards running as four processes side by side (the real executable), joined by `merge` (run in this
 * process, as the other commands here are: a child costs half a second of CPU before it starts).
 * The merged report must be the unsharded run's, apart from timings, and so
 * must the baseline verdict.
 */

// 1,000 pages by default: the partition and the merge are the same at 2,000 (`SHARD_SITE_SIZE=2000` runs it; it
// passed), and the larger site was the biggest single cost of the unit tests (about 35 s of CPU).
const SIZE = Number(process.env.SHARD_SITE_SIZE ?? 1000);
let site: BigSite;
let dir: string;
let list: string;

beforeAll(async () => {
  site = await startBigSite(SIZE);
  dir = mkdtempSync(join(tmpdir(), 'esh-shard-'));
  list = join(dir, 'pages.json');
  const discovered = await runHere(['discover', site.url('/'), '--max-pages', '5000', '--output', list]);
  expect(discovered).toMatchObject({ code: 0 });
}, 120_000);
afterAll(() => site.close());


const shardRun = (i: number, n: number, ...extra: string[]) =>
  runBin(['scan', '--pages', list, '--headers-only', '--shard', `${i}/${n}`, '--save-report', join(dir, `shard-${i}-of-${n}.json`), ...extra]);

test('discover lists every page once, sorted, from a crawl', () => {
  const written = JSON.parse(readFileSync(list, 'utf8'));
  expect(written.kind).toBe('expect-secure-headers.PageList');
  expect(written.pages).toHaveLength(SIZE + 1);
  expect([...written.pages].sort()).toEqual(written.pages);
  expect(new Set(written.pages).size).toBe(SIZE + 1);
  expect(written.hash).toMatch(/^[0-9a-f]{16}$/);
});

test('four shards in four processes, merged, give the unsharded report and baseline verdict', async () => {
  // The site is checked twice, not three times: the merged shards record the baseline, and the one unsharded run is
  // judged against it with one page taken out, so it gives both the report and the scan side of the verdict.
  const shards = await Promise.all([1, 2, 3, 4].map((i) => shardRun(i, 4)));
  const counts = shards.map((s) => Number(new RegExp(`: (\\d+) of ${SIZE + 1} page`).exec(s.stderr)?.[1]));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(SIZE + 1);
  for (const count of counts) expect(count).toBeGreaterThan(SIZE / 8); // a fair share each
  for (const shard of shards) expect(shard.code).toBe(1);

  const files = [1, 2, 3, 4].map((i) => join(dir, `shard-${i}-of-4.json`));
  const baseline = join(dir, 'baseline.json');
  expect((await runHere(['merge', ...files, '--baseline', baseline, '--update-baseline'])).code).toBe(0);
  expect((await runHere(['merge', ...files, '--baseline', baseline])).code).toBe(0);
  const accepted = JSON.parse(readFileSync(baseline, 'utf8'));
  expect(Object.keys(accepted.pages)).toHaveLength(SIZE + 1);
  delete accepted.pages['/p/7'];
  writeFileSync(baseline, JSON.stringify(accepted));

  const full = await runHere(['scan', '--pages', list, '--headers-only', '--format', 'json', '--output', join(dir, 'full.json'), '--baseline', baseline]);
  const merged = await runHere(['merge', ...files.reverse(), '--format', 'json', '--output', join(dir, 'merged.json'), '--baseline', baseline]);
  expect(JSON.stringify(JSON.parse(readFileSync(join(dir, 'full.json'), 'utf8')))).toContain('x-content-type-options/missing');
  expect(timelessReport(join(dir, 'merged.json'))).toEqual(timelessReport(join(dir, 'full.json')));
  // The same baseline verdict both ways: /p/7's findings are new to the baseline.
  expect(full.code).toBe(1);
  expect(merged.code).toBe(1);
  const mergedText = await runHere(['merge', ...files, '--baseline', baseline]);
  expect(mergedText.code).toBe(1);
  expect(mergedText.stdout).toContain('/p/7');
}, 240_000);

test('merge refuses a missing shard, a shard given twice, and shards of different page lists', async () => {
  const small = join(dir, 'small-pages.json');
  writeFileSync(small, JSON.stringify(JSON.parse(readFileSync(list, 'utf8')).pages.slice(0, 60)));
  for (const i of [1, 2]) await runHere(['scan', '--pages', small, '--headers-only', '--shard', `${i}/3`, '--save-report', join(dir, `shard-${i}-of-3.json`)]);
  const missing = await runHere(['merge', join(dir, 'shard-1-of-3.json'), join(dir, 'shard-2-of-3.json')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('shard 3/3 is missing');

  const twice = await runHere(['merge', join(dir, 'shard-1-of-3.json'), join(dir, 'shard-1-of-3.json')]);
  expect(twice.code).toBe(2);
  expect(twice.stderr).toContain('shard 1/3 is given twice');

  // A list discovered again after the site changed: shard 3 divides another list.
  const other = join(dir, 'other-pages.json');
  writeFileSync(other, JSON.parse(readFileSync(list, 'utf8')).pages.slice(0, 50).join('\n'));
  await runHere(['scan', '--pages', other, '--headers-only', '--shard', '3/3', '--save-report', join(dir, 'shard-3-of-3.json')]);
  const mixed = await runHere(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}-of-3.json`))]);
  expect(mixed.code).toBe(2);
  expect(mixed.stderr).toContain('checked a different page list');

  const notSaved = await runHere(['merge', join(dir, 'full.json')]);
  expect(notSaved.code).toBe(2);
  expect(notSaved.stderr).toContain('is not a saved scan');
}, 120_000);

test('bad --shard values are usage errors that say what to pass', async () => {
  for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0']) {
    const run = await runHere(['scan', site.url('/'), '--headers-only', '--shard', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--shard must be INDEX/TOTAL');
  }
});

test('a shard with no page of a small list passes, having checked nothing', async () => {
  const one = join(dir, 'one.txt');
  writeFileSync(one, `# one page\n${site.url('/p/3')}\n`);
  const runs = await Promise.all([1, 2].map((i) => runHere(['scan', '--pages', one, '--headers-only', '--shard', `${i}/2`])));
  expect(runs.map((r) => r.code).sort()).toEqual([0, 0]);
  expect(runs.map((r) => /: (\d) of 1 page/.exec(r.stderr)?.[1]).sort()).toEqual(['0', '1']);
});
