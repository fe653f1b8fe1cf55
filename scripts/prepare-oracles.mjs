// The MDN HTTP Observatory analyzer (a devDependency, used only as a test
// oracle) reads conf/hsts-preload.json, which its install script would
// download. We install without scripts and give it an empty list: the
// preload list only matters for live sites, never for localhost.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const conf = join(root, 'node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json');
if (existsSync(dirname(dirname(conf))) && !existsSync(conf)) {
  mkdirSync(dirname(conf), { recursive: true });
  writeFileSync(conf, '{}\n');
  console.log('prepare-oracles: wrote an empty', conf);
}
