#!/usr/bin/env node
// bench/mediawiki.mjs — wikikit's MediaWikiClient vs mwn on the same local MediaWiki 1.39, one run:
//   edits: 200 `appendtext` edits each (20 pages × 10 unique lines, concurrency 4), verified by
//          reading back: every line present exactly once (zero lost, zero duplicated);
//   reads: the wikitext of the same 1,000 pages, each library's batched read, best of 2 rounds
//          after one warm-up round each (alternating order, so caches favour neither).
// Prints edits/s and pages/s for each and the ratios. Bounded: gives up after 150 s.
// Needs `npm run build` (imports ../dist) and the wiki from scripts/mediawiki-start.sh (started
// here when not running; when that is impossible it prints one line saying why and exits 0).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Mwn } from 'mwn';
import { MediaWikiClient } from '../dist/mediawiki/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const EDITS = 200;
const EDIT_PAGES = 20;
const READ_PAGES = 1000;
const CONCURRENCY = 4;
const deadline = setTimeout(() => {
  console.log('bench/mediawiki: exceeded 150 s, aborting');
  process.exit(1);
}, Number(process.env.BENCH_DEADLINE_S ?? 150) * 1000);
deadline.unref();

function credentials() {
  const file = join(process.env.MW_HOME ?? join(process.env.TMPDIR ?? tmpdir(), 'mediawiki-ci'), 'credentials.env');
  const parse = (text) => Object.fromEntries([...text.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2].replace(/^'(.*)'$/, '$1')]));
  try {
    return parse(execFileSync('bash', [join(here, '../scripts/mediawiki-start.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 }));
  } catch (error) {
    if (existsSync(file)) return parse(readFileSync(file, 'utf8'));
    const reason = String(error.stderr ?? error.message).trim().split('\n').filter((l) => l.includes('ERROR')).at(-1) ?? 'start script failed';
    console.log(`bench/mediawiki SKIPPED: the local MediaWiki cannot be started (${reason})`);
    process.exit(0);
  }
}

async function pool(items, concurrency, worker) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const index = next++;
      await worker(items[index], index);
    }
  }));
}

const env = credentials();
const apiUrl = env.MW_API_URL;
const kit = new MediaWikiClient({ apiUrl, username: env.MW_USERNAME, password: env.MW_PASSWORD }, { transport: { maxConcurrent: CONCURRENCY } });
const mwn = await Mwn.init({ apiUrl, username: env.MW_USERNAME, password: env.MW_PASSWORD, userAgent: 'wikikit-bench (mwn baseline)', silent: true, defaultParams: { assert: 'user', maxlag: 5 } });
await kit.login();

// --- seed the 1,000 read pages once (kept across runs; not timed)
const readTitles = Array.from({ length: READ_PAGES }, (_, i) => `Wikikit bench/read/${String(i).padStart(4, '0')}`);
const existing = await kit.read(readTitles, { content: false });
const missing = existing.filter((page) => page.missing).map((page) => page.requested);
if (missing.length > 0) {
  const t0 = performance.now();
  await pool(missing, CONCURRENCY, (title) => kit.edit({ title, text: `== ${title} ==\n${'Seed text for the read benchmark. '.repeat(20)}\n[[Category:Wikikit bench]]` }));
  console.log(`seeded ${missing.length} read pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// --- edits
const run = Date.now().toString(36);
async function editBench(name, appendLine) {
  const jobs = Array.from({ length: EDITS }, (_, i) => ({ title: `Wikikit bench/edit/${run}/${name}/${i % EDIT_PAGES}`, line: `#${i}` }));
  const t0 = performance.now();
  let failures = 0;
  await pool(jobs, CONCURRENCY, async (job) => {
    try {
      await appendLine(job.title, `\n${job.line}`);
    } catch (error) {
      failures++;
      console.log(`${name} edit failed: ${error.message}`);
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  // Verify: every line exactly once across the pages.
  const titles = [...new Set(jobs.map((job) => job.title))];
  const pages = await kit.read(titles);
  const counts = new Map();
  for (const page of pages) for (const line of (page.content ?? '').split('\n')) if (/^#\d+$/.test(line)) counts.set(line, (counts.get(line) ?? 0) + 1);
  const lost = jobs.filter((job) => !counts.has(job.line)).length;
  const duplicated = [...counts.values()].filter((count) => count > 1).length;
  return { rate: EDITS / seconds, seconds, lost, duplicated, failures };
}

const kitEdits = await editBench('wikikit', (title, text) => kit.edit({ title, appendtext: text, summary: 'bench' }));
const mwnEdits = await editBench('mwn', (title, text) => mwn.request({ action: 'edit', title, appendtext: text, summary: 'bench', bot: true, token: mwn.csrfToken }));

// --- reads
async function timeRead(fn) {
  const t0 = performance.now();
  const pages = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const withText = pages.filter((page) => typeof page === 'string' ? page.length > 0 : (page.content ?? page.revisions?.[0]?.content ?? '').length > 0).length;
  if (withText !== READ_PAGES) throw new Error(`read returned ${withText} pages with text, expected ${READ_PAGES}`);
  return READ_PAGES / seconds;
}
const readKit = () => timeRead(() => kit.read(readTitles));
const readMwn = () => timeRead(() => mwn.read(readTitles));
await readKit();
await readMwn();
const kitReads = [];
const mwnReads = [];
for (let round = 0; round < 2; round++) {
  if (round % 2 === 0) {
    kitReads.push(await readKit());
    mwnReads.push(await readMwn());
  } else {
    mwnReads.push(await readMwn());
    kitReads.push(await readKit());
  }
}
const kitRead = Math.max(...kitReads);
const mwnRead = Math.max(...mwnReads);

const fmt = (n) => n.toFixed(1);
console.log(`MediaWiki ${apiUrl} — concurrency ${CONCURRENCY}`);
console.log(`edits  wikikit ${fmt(kitEdits.rate)} edits/s (lost ${kitEdits.lost}, duplicated ${kitEdits.duplicated}, failed ${kitEdits.failures})`);
console.log(`edits  mwn     ${fmt(mwnEdits.rate)} edits/s (lost ${mwnEdits.lost}, duplicated ${mwnEdits.duplicated}, failed ${mwnEdits.failures})`);
console.log(`edits  ratio wikikit/mwn ${(kitEdits.rate / mwnEdits.rate).toFixed(2)}x (target >= 1x, zero lost/duplicated)`);
console.log(`reads  wikikit ${fmt(kitRead)} pages/s   mwn ${fmt(mwnRead)} pages/s   ratio ${(kitRead / mwnRead).toFixed(2)}x (target >= 2x)`);
await kit.close();
if (kitEdits.lost + kitEdits.duplicated + kitEdits.failures > 0) process.exitCode = 1;
