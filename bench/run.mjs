#!/usr/bin/env node
// `npm run bench`: runs every bench/<area>.mjs in turn (each prints its own figures as ratios
// against a baseline measured in the same run). Pass area names to run only those:
//   npm run bench -- sandbox wikijs
// Benchmarks that need the real MediaWiki start it through scripts/mediawiki-start.sh themselves
// and print one line saying why they were skipped when it cannot be started.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.mjs$/, '')))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file}`);
  // wikijs.mjs has a real-server line: 250 page writes on a real Wiki.js take minutes.
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, file)], { stdio: 'inherit', timeout: file === 'wikijs.mjs' ? 1_800_000 : 180_000 });
  if (result.status !== 0) {
    failed++;
    console.log(`bench/${file} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
