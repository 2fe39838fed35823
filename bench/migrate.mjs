// Migrates 500 pages from the local MediaWiki (scripts/mediawiki-start.sh) into an in-process
// Wiki.js sandbox and prints pages/s and where the time goes (read, convert, write).
// Baseline, measured in the same run: reading the same 500 pages from MediaWiki alone.
// Bounded: seeding (first run only) and the migration each stop well inside 90 s.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaWikiClient } from '../dist/mediawiki/index.js';
import { migrate } from '../dist/ops/migrate/index.js';
import { startSandbox } from '../dist/sandbox/index.js';
import { WikiJsClient } from '../dist/wikijs/index.js';

const PAGES = 500;
const DEADLINE = Date.now() + 85_000;

function mwEnv() {
  if (process.env.MW_API_URL && process.env.MW_PASSWORD) return { apiUrl: process.env.MW_API_URL, username: process.env.MW_USERNAME, password: process.env.MW_PASSWORD };
  const file = join(process.env.MW_HOME ?? join(process.env.TMPDIR ?? tmpdir(), 'mediawiki-ci'), 'credentials.env');
  if (!existsSync(file)) return undefined;
  const vars = Object.fromEntries([...readFileSync(file, 'utf8').matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2].replace(/^'(.*)'$/, '$1')]));
  return { apiUrl: vars.MW_API_URL, username: vars.MW_USERNAME, password: vars.MW_PASSWORD };
}

const env = mwEnv();
if (!env) {
  console.log('migrate: skipped (no local MediaWiki; run scripts/mediawiki-start.sh)');
  process.exit(0);
}
const source = new MediaWikiClient({ apiUrl: env.apiUrl, username: env.username, password: env.password });
const titles = Array.from({ length: PAGES }, (_, i) => `Wikikit bench/Migrate ${String(i).padStart(3, '0')}`);
const body = (i) => [
  `== Section ${i} ==`,
  `'''Page ${i}''' links to [[${titles[(i + 1) % PAGES]}]] and [[${titles[(i + 7) % PAGES]}#Section ${(i + 7) % PAGES}|a section]].`,
  '* item one\n** nested\n# numbered',
  '{|\n! A !! B\n|-\n| 1 || 2\n|}',
  `Fact.<ref>Footnote ${i}</ref>`,
  i % 10 === 0 ? '{{Wikikit bench box|n=' + i + '}}' : '',
  '[[Category:Wikikit bench]]',
].join('\n');

// Seed what is missing (a reused wiki keeps them between runs).
let t = performance.now();
await source.edit({ title: 'Template:Wikikit bench box', text: '<div>Box {{{n}}}</div>' });
const present = new Set();
for (let i = 0; i < PAGES; i += 50) for (const page of await source.read(titles.slice(i, i + 50), { content: false })) if (!page.missing) present.add(page.title);
let seeded = 0;
for (let i = 0; i < PAGES && Date.now() < DEADLINE - 45_000; i++) {
  if (present.has(titles[i])) continue;
  await source.edit({ title: titles[i], text: body(i) });
  seeded++;
}
const seedMs = performance.now() - t;

// Baseline: read the same pages from MediaWiki, nothing else.
t = performance.now();
for (let i = 0; i < PAGES; i += 50) await source.read(titles.slice(i, i + 50));
const readOnlyMs = performance.now() - t;

const sandbox = await startSandbox({ port: 0 });
const wikijs = new WikiJsClient({ url: sandbox.url, apiKey: sandbox.token });
t = performance.now();
const report = await migrate({ from: source, to: wikijs.asWiki(), titles, prefix: 'bench' });
const totalMs = performance.now() - t;
await wikijs.close();
await sandbox.close();
await source.close();

const n = report.pages.migrated.length;
const { readMs, convertMs, writeMs } = report.timings;
console.log(`migrate: ${n} pages in ${(totalMs / 1000).toFixed(1)} s → ${((n / totalMs) * 1000).toFixed(1)} pages/s (failed ${report.pages.failed.length}, seeded ${seeded} in ${(seedMs / 1000).toFixed(1)} s)`);
console.log(`migrate: time in read ${(readMs / 1000).toFixed(1)} s (${((readMs / totalMs) * 100).toFixed(0)}%, incl. template expansion), convert ${(convertMs / 1000).toFixed(1)} s (${((convertMs / totalMs) * 100).toFixed(0)}%), write ${(writeMs / 1000).toFixed(1)} s (${((writeMs / totalMs) * 100).toFixed(0)}%)`);
console.log(`migrate: baseline read-only ${(readOnlyMs / 1000).toFixed(1)} s; full migration = ${(totalMs / readOnlyMs).toFixed(1)}× the bare read; convert per page ${(convertMs / Math.max(n, 1)).toFixed(2)} ms; links rewritten ${report.links.rewritten}`);
