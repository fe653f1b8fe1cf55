#!/usr/bin/env node
// The crawler's test site (test/fixtures/site) in a process of its own, for
// bench/crawl.mjs: listens on 127.0.0.1, prints its port on the first line
// of stdout once it listens (test/helpers/app-process.ts waits for it); stops
// on SIGTERM.
import { importSource } from '../import-source.mjs';

const { startSite } = await importSource(["export { startSite } from './test/fixtures/site/server';"]);
const site = await startSite();
console.log(site.port);
process.once('SIGTERM', async () => {
  await site.close();
  process.exit(0);
});
