#!/usr/bin/env node
// bench/mediawiki.mjs — wikikit's MediaWikiClient vs mwn (3.x) on the same local MediaWiki 1.39, one run.
//
//   npm run bench -- mediawiki                                   # its own wiki: ${TMPDIR:-/tmp}/mediawiki-bench on port 8090
//   MW_HOME=/tmp/mediawiki-k MW_PORT=8081 npm run bench -- mediawiki   # another one (MW_SERVER_WORKERS too)
//
// The wiki is started through scripts/mediawiki-start.sh (installed on first use; MW_HOME / MW_PORT /
// MW_SERVER_WORKERS passed on; its own wiki gets one php -S worker per CPU, as a production server
// would use every core). `node scripts/mediawiki-probe.mjs` says what the server can run in parallel. It is not the test wiki by default: 10,000 extra pages slow its suites down;
// the 10,000 read pages are seeded once with scripts/mediawiki-maint.sh importDump.php (≈9 pages/s on
// a loaded 2-core machine: ~20 min the first time, kept for later runs).
//
// reads: the wikitext of the same pages, 1,000, 5,000 (memory only) and 10,000 of them, each measurement in its own child
//        process (so peak RSS is that read's alone), alternating libraries, best of 3 at 1,000:
//        - wikikit `client.readStream(titles)`: GET action=query prop=revisions
//          rvprop=ids|timestamp|content|contentmodel rvslots=main curtimestamp, up to 500 titles a batch
//          (apihighlimits; 50 without) and as many as fit an 8,000-byte URL, up to maxConcurrent
//          batches in flight, pages yielded as batches land and then dropped by the consumer. GET,
//          because MediaWiki on SQLite runs every POST in BEGIN IMMEDIATE (one at a time);
//        - mwn `bot.read(titles)` (massQuery): POST action=query prop=revisions rvprop=content|timestamp
//          rvslots=main redirects=1, 500 titles a batch (apihighlimits), one batch after the other, every
//          answer kept until all are in.
//        Both accept gzip and keep connections alive; the bench prints whether the server used either.
//        Memory: peak RSS of each read, and whether the 10,000-page read completes with V8's old space
//        capped at 24 MB (what is kept alive, not what the garbage collector has not yet returned).
// edits: 200 `appendtext` edits per library in two rounds (wikikit, mwn, mwn, wikikit; job queue drained
//        before each), 4 in flight on 20 pages (never 2 on one page at once:
//        with several php -S workers, SQLite and MediaWiki's page lock deadlock on same-page edits,
//        see /work/shared/mediawiki/NOTES.md "Concurrency"), then read back: every line exactly once.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Mwn } from 'mwn';
import { MediaWikiClient } from '../dist/mediawiki/index.js';
import { dumpXml, readTitle, seedText } from './support/mediawiki-seed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SMALL = 1000;
const MID = 5000;
const LARGE = 10_000;
const EDITS = 200;
const EDIT_PAGES = 20;
const CONCURRENCY = 4;
const HEAP_CAP_MB = 24;

function parseExports(text) {
  return Object.fromEntries([...text.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2].replace(/^'(.*)'$/, '$1')]));
}

/** The wiki from scripts/mediawiki-start.sh (started when not running), or exit 0 saying why not. */
function startWiki() {
  const own = process.env.MW_HOME === undefined ? { MW_HOME: join(process.env.TMPDIR ?? tmpdir(), 'mediawiki-bench'), MW_PORT: process.env.MW_PORT ?? '8090', MW_SERVER_WORKERS: process.env.MW_SERVER_WORKERS ?? String(availableParallelism()) } : {};
  try {
    return parseExports(execFileSync('bash', [join(here, '../scripts/mediawiki-start.sh')], { encoding: 'utf8', env: { ...process.env, ...own }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 }));
  } catch (error) {
    const reason = String(error.stderr ?? error.message).trim().split('\n').filter((l) => l.includes('ERROR')).at(-1) ?? 'start script failed';
    console.log(`bench/mediawiki SKIPPED: the local MediaWiki cannot be started (${reason}); run: bash scripts/mediawiki-start.sh (as root on Debian 12)`);
    process.exit(0);
  }
}

function client(env) {
  return new MediaWikiClient({ apiUrl: env.MW_API_URL, username: env.MW_USERNAME, password: env.MW_PASSWORD }, { transport: { maxConcurrent: CONCURRENCY, timeoutMs: 120_000, totalTimeoutMs: 600_000 } });
}

function mwnBot(env) {
  return Mwn.init({ apiUrl: env.MW_API_URL, username: env.MW_USERNAME, password: env.MW_PASSWORD, userAgent: 'wikikit-bench (mwn baseline)', silent: true, defaultParams: { assert: 'user', maxlag: 5 } });
}

const titlesUpTo = (n) => Array.from({ length: n }, (_, i) => readTitle(i));

// ------------------------------------------------------------------ child: one timed read
if (process.argv[2] === '--child') {
  const [, , , lib, count] = process.argv;
  const env = JSON.parse(process.env.BENCH_MW_ENV);
  const titles = titlesUpTo(Number(count));
  let pages = 0;
  let chars = 0;
  let seconds;
  let rssBefore;
  if (lib === 'wikikit') {
    const kit = client(env);
    await kit.login();
    rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    for await (const page of kit.readStream(titles)) {
      if (page.content) pages++;
      chars += page.content?.length ?? 0;
    }
    seconds = (performance.now() - t0) / 1000;
    await kit.close();
  } else {
    const bot = await mwnBot(env);
    rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const all = await bot.read(titles);
    seconds = (performance.now() - t0) / 1000;
    for (const page of all) {
      const content = page.revisions?.[0]?.content;
      if (content) pages++;
      chars += content?.length ?? 0;
    }
  }
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ lib, count: Number(count), pages, chars, seconds, maxRssMB, rssBeforeMB: rssBefore / 2 ** 20 })}\n`);
  process.exit(0);
}

// ------------------------------------------------------------------ parent
const deadline = setTimeout(() => {
  console.log('bench/mediawiki: exceeded its deadline, aborting');
  process.exit(1);
}, Number(process.env.BENCH_DEADLINE_S ?? 900) * 1000);
deadline.unref();

const env = startWiki();
const kit = client(env);
const me = await kit.login();
const batch = await kit.batchSize();
const workers = env.MW_SERVER_WORKERS ?? '1';

// What the server does with gzip and keep-alive (php -S: neither, as it turns out).
const probe = await fetch(`${env.MW_API_URL}?action=query&meta=siteinfo&format=json`, { headers: { 'accept-encoding': 'gzip' } });
await probe.arrayBuffer();
const wire = `server answers: content-encoding ${probe.headers.get('content-encoding') ?? 'none'}, connection ${probe.headers.get('connection') ?? 'keep-alive'}`;

// --- seed the read pages once (not timed): importDump.php when the wiki is local, else API edits
async function seed() {
  const missing = [];
  for await (const page of kit.readStream(titlesUpTo(LARGE), { content: false })) if (page.missing) missing.push(Number(page.requested.slice(-5)));
  if (missing.length === 0) return;
  const t0 = performance.now();
  console.log(`seeding ${missing.length} read pages (one time; kept in ${env.MW_HOME ?? 'the wiki'}) ...`);
  if (local) {
    const dir = mkdtempSync(join(tmpdir(), 'wikikit-bench-'));
    const file = join(dir, 'seed.xml');
    writeFileSync(file, [...dumpXml(missing)].join(''));
    // --no-updates: links tables are not needed to read wikitext back; it halves the time.
    maint(true, 'importDump.php', '--no-updates', file);
    rmSync(dir, { recursive: true, force: true });
  } else {
    await pool(missing, CONCURRENCY, (i) => kit.edit({ title: readTitle(i), text: seedText(i) }));
  }
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
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

// --- edits
// Every edit queues jobs (htmlCacheUpdate) that MediaWiki runs at the end of later requests
// ($wgJobRunRate = 1): the queue is emptied before each timed phase (local wiki), and the libraries
// take turns going first, so neither pays for the other's jobs.
const local = Boolean(env.MW_HOME && existsSync(join(env.MW_HOME, '.installed')));
const maint = (show, ...args) => execFileSync('bash', [join(here, '../scripts/mediawiki-maint.sh'), ...args], { env: { ...process.env, MW_HOME: env.MW_HOME }, stdio: ['ignore', 'ignore', show ? 'inherit' : 'ignore'] });
/** Empties the job queue (runJobs.php) when the wiki is local; over the API it could not keep up. */
function drainJobs() {
  if (local) maint(false, 'runJobs.php');
}

const run = Date.now().toString(36);
async function editPhase(name, round, appendLine) {
  // Job i goes to page i % 20 and a pool of 4 takes jobs in order, so the 4 in flight are on 4 different pages.
  const jobs = Array.from({ length: EDITS / 2 }, (_, i) => ({ title: `Wikikit bench/edit/${run}/${name}/${i % EDIT_PAGES}`, line: `#${round}-${i}` }));
  await drainJobs();
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
  return { seconds: (performance.now() - t0) / 1000, failures, jobs };
}

/** Every line appended exactly once? (read back after both rounds) */
async function verify(phases) {
  const jobs = phases.flatMap((phase) => phase.jobs);
  const pages = await kit.read([...new Set(jobs.map((job) => job.title))]);
  const counts = new Map();
  for (const page of pages) for (const line of (page.content ?? '').split('\n')) if (/^#\d+-\d+$/.test(line)) counts.set(line, (counts.get(line) ?? 0) + 1);
  const seconds = phases.reduce((sum, phase) => sum + phase.seconds, 0);
  return {
    rate: jobs.length / seconds,
    lost: jobs.filter((job) => !counts.has(job.line)).length,
    duplicated: [...counts.values()].filter((count) => count > 1).length,
    failures: phases.reduce((sum, phase) => sum + phase.failures, 0),
  };
}

// --- reads, each in a child process
function child(lib, count, nodeFlags = [], stderr = 'inherit') {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), '--child', lib, String(count)], { env: { ...process.env, BENCH_MW_ENV: JSON.stringify(env) }, stdio: ['ignore', 'pipe', stderr] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${lib} read of ${count} exited ${code}`));
      const result = JSON.parse(out.trim().split('\n').at(-1));
      if (result.pages !== count) return reject(new Error(`${lib} read ${result.pages} pages with text, expected ${count}`));
      resolve(result);
    });
  });
}

await seed();
const bot = await mwnBot(env);
const kitEdit = (title, text) => kit.edit({ title, appendtext: text, summary: 'bench' });
const mwnEdit = (title, text) => bot.request({ action: 'edit', title, appendtext: text, summary: 'bench', bot: true, token: bot.csrfToken });
const kitPhases = [await editPhase('wikikit', 1, kitEdit)];
const mwnPhases = [await editPhase('mwn', 1, mwnEdit)];
mwnPhases.push(await editPhase('mwn', 2, mwnEdit));
kitPhases.push(await editPhase('wikikit', 2, kitEdit));
const kitEdits = await verify(kitPhases);
const mwnEdits = await verify(mwnPhases);

// The edits above queued jobs that later requests would run (and lock the database for): reads start on an empty queue.
drainJobs();
await child('wikikit', SMALL); // warm-up: caches filled for both
await child('mwn', SMALL);
const small = { wikikit: [], mwn: [] };
for (let round = 0; round < 3; round++) {
  const order = round % 2 === 0 ? ['wikikit', 'mwn'] : ['mwn', 'wikikit'];
  for (const lib of order) small[lib].push(await child(lib, SMALL));
}
const mid = {};
const large = {};
for (const lib of ['mwn', 'wikikit']) mid[lib] = await child(lib, MID);
for (const lib of ['wikikit', 'mwn']) large[lib] = await child(lib, LARGE);
// The live set, not just the peak: the same 10,000-page read with V8's old space capped at 24 MB.
const capped = {};
for (const lib of ['wikikit', 'mwn']) capped[lib] = await child(lib, LARGE, [`--max-old-space-size=${HEAP_CAP_MB}`], 'ignore').then(() => 'completed', () => 'ran out of memory');
await kit.close();

const best = (results) => results.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const rate = (r) => r.count / r.seconds;
const kitSmall = best(small.wikikit);
const mwnSmall = best(small.mwn);
const f1 = (n) => n.toFixed(1);
const readRatio = rate(kitSmall) / rate(mwnSmall);
const largeRatio = rate(large.wikikit) / rate(large.mwn);
const editRatio = kitEdits.rate / mwnEdits.rate;

console.log(`MediaWiki ${env.MW_API_URL}: php -S workers ${workers}; ${wire}; job queue ${local ? 'emptied before each edit phase and before the reads' : 'not emptied (remote wiki)'}`);
console.log(`account ${me.name}: apihighlimits ${me.rights.includes('apihighlimits') ? 'yes' : 'no'} → ${batch} titles a batch (wikikit: as many of them as fit an 8,000-byte GET URL); client concurrency ${CONCURRENCY} (wikikit maxConcurrent, mwn edit pool)`);
console.log(`edits  wikikit ${f1(kitEdits.rate)} edits/s (lost ${kitEdits.lost}, duplicated ${kitEdits.duplicated}, failed ${kitEdits.failures})`);
console.log(`edits  mwn     ${f1(mwnEdits.rate)} edits/s (lost ${mwnEdits.lost}, duplicated ${mwnEdits.duplicated}, failed ${mwnEdits.failures})`);
console.log(`edits  ratio wikikit/mwn ${editRatio.toFixed(2)}x (target >= 1.2x, zero lost/duplicated)`);
console.log(`reads  ${SMALL} pages: wikikit ${f1(rate(kitSmall))} pages/s, mwn ${f1(rate(mwnSmall))} pages/s (best of 3), ratio ${readRatio.toFixed(2)}x (target >= 2x)`);
console.log(`reads  ${LARGE} pages: wikikit ${f1(rate(large.wikikit))} pages/s, mwn ${f1(rate(large.mwn))} pages/s, ratio ${largeRatio.toFixed(2)}x`);
const rss = (lib) => `${f1(small[lib][0].rssBeforeMB)} → ${f1(best(small[lib]).maxRssMB)} → ${f1(mid[lib].maxRssMB)} → ${f1(large[lib].maxRssMB)} MB`;
console.log(`memory ${LARGE} pages with the heap capped at ${HEAP_CAP_MB} MB (--max-old-space-size): wikikit ${capped.wikikit}, mwn ${capped.mwn}`);
console.log(`memory peak RSS (loaded+logged in → ${SMALL} → ${MID} → ${LARGE} pages): wikikit ${rss('wikikit')}; mwn ${rss('mwn')}`);
if (kitEdits.lost + kitEdits.duplicated + kitEdits.failures > 0) process.exitCode = 1;
