import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_FINDING_IDS } from '../../src/audit';

// The README lists every finding id the audit can produce, grouped by rule.
// Run with UPDATE_README=1 to rewrite the list after adding an id.
const README = join(__dirname, '../../README.md');
const START = '<!-- finding-ids:start -->';
const END = '<!-- finding-ids:end -->';

function section(): string {
  const byRule = new Map<string, string[]>();
  for (const id of ALL_FINDING_IDS) {
    const rule = id.split('/')[0]!;
    byRule.set(rule, [...(byRule.get(rule) ?? []), id]);
  }
  const rows = [...byRule].map(([rule, ids]) => `| \`${rule}\` | ${ids.map((id) => `\`${id}\``).join(' ')} |`);
  return [START, '| rule | ids |', '|---|---|', ...rows, END].join('\n');
}

test('the README lists every finding id', () => {
  const text = readFileSync(README, 'utf8');
  const current = text.slice(text.indexOf(START), text.indexOf(END) + END.length);
  if (process.env.UPDATE_README) writeFileSync(README, text.replace(current, section()));
  else expect(current).toBe(section());
});

test('finding ids are unique and well formed', () => {
  expect(new Set(ALL_FINDING_IDS).size).toBe(ALL_FINDING_IDS.length);
  for (const id of ALL_FINDING_IDS) expect(id).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
});

// The README is also the npm page, where a relative link leads nowhere: links
// are absolute, and those into this repository name files that exist.
test('README links work on the npm page', () => {
  const text = readFileSync(README, 'utf8');
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { repository: { url: string } };
  const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  expect(links.filter((link) => !/^(https?:\/\/|#)/.test(link))).toEqual([]);
  const ours = links.filter((link) => link.startsWith(`${repo}/blob/main/`));
  expect(ours.length).toBeGreaterThan(0);
  for (const link of ours) expect(existsSync(join(__dirname, '../..', link.slice(`${repo}/blob/main/`.length)))).toBe(true);
});
