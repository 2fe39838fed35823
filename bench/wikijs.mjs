// Wiki.js 2: wikikit against the naive loop of shared/reference/wikijs-v2-graphql-tutorial-python.fr.txt
// (one request per page, one after another), same server, same run:
//   - read: the content of 200 pages (wikikit: aliased + JSON-array batched `getMany`);
//   - create: 50 pages in 5 folders (wikikit: `createMany`, its default concurrency and checks).
// Two lines: a fresh in-process sandbox, and a REAL Wiki.js 2.5.314 — WIKIJS_URL + WIKIJS_TOKEN, or
// else one started by scripts/wikijs-start.sh (its own WIKIJS_HOME; set WIKIKIT_BENCH_REAL=0 to skip).
// Prints HTTP round trips and wall time of each side and their ratios. A real server renders every
// write in a spawned worker process (seconds per page), so the real line takes minutes.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../dist/sandbox/index.js';
import { WikiJsClient } from '../dist/wikijs/index.js';

const READ = Number(process.env.WIKIKIT_BENCH_READ ?? 200);
const CREATE = 50;
const FOLDERS = 5;
const READ_RUNS = 5;
const here = dirname(fileURLToPath(import.meta.url));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The tutorial's query_graphql(), in JavaScript: one POST per call, counted. */
function naiveClient(url, token) {
  const state = { requests: 0 };
  state.query = async (query, variables) => {
    state.requests++;
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };
  return state;
}

const SINGLE = 'query($id: Int!) { pages { single(id: $id) { content title description } } }';
// (the tutorial reads content, title and description; wikikit reads the whole page, more bytes)
const CREATE_ONE = `mutation($path: String!, $title: String!, $content: String!) { pages { create(path: $path, title: $title, content: $content,
  description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: "en", tags: []) { responseResult { succeeded message } page { id } } } }`;

const pageInput = (prefix, i) => ({ path: `${prefix}/f${i % FOLDERS}/p${i}`, title: `Bench ${i}`, content: `# Bench ${i}\n\n${'Lorem ipsum dolor sit amet. '.repeat(20)}` });

async function measure(label, url, token, { seedReads }) {
  const prefix = `wikikit-bench/${Date.now().toString(36)}`;
  let kitRequests = 0;
  const client = new WikiJsClient({ url, apiKey: token }, { version: 2, transport: { onEvent: (e) => { if (e.type === 'request') kitRequests++; } } });
  const naive = naiveClient(url, token);
  await client.testConnection(); // connection + credential check, outside the timings
  const made = [];

  // --- create: naive loop first, then createMany, each into its own folder tree
  let t = performance.now();
  let before = naive.requests;
  const naiveFailed = [];
  for (let i = 0; i < CREATE; i++) {
    const input = pageInput(`${prefix}/naive`, i);
    const answer = await naive.query(CREATE_ONE, input);
    const result = answer.data?.pages?.create;
    // The loop takes the server's word, as the tutorial does (and goes on with the next page).
    if (result?.responseResult?.succeeded) made.push(result.page.id);
    else naiveFailed.push(input.path);
  }
  const naiveCreate = { ms: performance.now() - t, trips: naive.requests - before };
  // A real server under concurrent writes reports some creates failed that it did store
  // (its tree-rebuild job races): count them, and keep them for the read and the clean-up.
  const storedAnyway = (await client.pages.getMany({ paths: naiveFailed })).filter((p) => p !== undefined);
  made.push(...storedAnyway.map((p) => p.id));
  t = performance.now();
  before = kitRequests;
  const created = await client.pages.createMany(Array.from({ length: CREATE }, (_, i) => pageInput(`${prefix}/kit`, i)));
  const kitCreate = { ms: performance.now() - t, trips: kitRequests - before };
  const failed = created.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`createMany: ${failed.length} of ${CREATE} failed: ${failed[0].error.message}`);
  made.push(...created.map((r) => r.value.id));

  // --- read: distinct pages only (a repeated id would let a cache or de-duplication flatter either side)
  if (seedReads > 0) {
    const seeded = await client.pages.createMany(Array.from({ length: seedReads }, (_, i) => pageInput(`${prefix}/read`, i)), { concurrency: 8 });
    made.push(...seeded.flatMap((r) => (r.ok ? [r.value.id] : [])));
  }
  const ids = [...new Set(made)].slice(0, READ);
  const naiveRead = async () => {
    const out = [];
    for (const id of ids) out.push((await naive.query(SINGLE, { id })).data.pages.single.content);
    return out;
  };
  const kitRead = async () => (await client.pages.getMany(ids)).map((p) => p.content);
  await naiveRead(); // warm-up, both sides
  await kitRead();
  const times = { naive: [], kit: [] };
  const trips = { naive: 0, kit: 0 };
  let same = true;
  for (let run = 0; run < READ_RUNS; run++) {
    before = naive.requests;
    t = performance.now();
    const a = await naiveRead();
    times.naive.push(performance.now() - t);
    trips.naive = naive.requests - before;
    before = kitRequests;
    t = performance.now();
    const b = await kitRead();
    times.kit.push(performance.now() - t);
    trips.kit = kitRequests - before;
    same &&= a.length === b.length && a.every((c, i) => c === b[i]);
  }

  const n = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\n[${label}] ${url}`);
  console.log(`  read ${ids.length} pages (median of ${READ_RUNS}), same content: ${same}`);
  console.log(`    naive loop: ${trips.naive} round trips, ${n(median(times.naive))};  wikikit getMany: ${trips.kit} round trips, ${n(median(times.kit))}`);
  console.log(`    ratio: ${(trips.naive / trips.kit).toFixed(1)}x fewer round trips, ${(median(times.naive) / median(times.kit)).toFixed(1)}x less time`);
  console.log(`  create ${CREATE} pages in ${FOLDERS} folders (once each)`);
  console.log(`    naive loop: ${naiveCreate.trips} round trips, ${n(naiveCreate.ms)}, ${naiveFailed.length} reported failed (${storedAnyway.length} of them stored anyway);  wikikit createMany: ${kitCreate.trips} round trips, ${n(kitCreate.ms)}, 0 failed`);
  console.log(`    ratio: ${(naiveCreate.trips / kitCreate.trips).toFixed(1)}x fewer round trips, ${(naiveCreate.ms / kitCreate.ms).toFixed(2)}x less time (Wiki.js has no bulk create: one mutation per page either way)`);
  await client.pages.deleteMany(made);
  await client.close();
  return same;
}

/** The real server: from the environment, or started by the project script; undefined + reason otherwise. */
function realServer() {
  if (process.env.WIKIJS_URL && process.env.WIKIJS_TOKEN) return { url: process.env.WIKIJS_URL.replace(/\/+$/, '').replace(/\/graphql$/, ''), token: process.env.WIKIJS_TOKEN };
  if (process.env.WIKIKIT_BENCH_REAL === '0') return { skipped: 'WIKIKIT_BENCH_REAL=0' };
  const started = spawnSync('bash', [join(here, '..', 'scripts', 'wikijs-start.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  if (started.status !== 0) return { skipped: (started.stderr.trim().split('\n').filter((l) => l.includes('ERROR')).pop() ?? started.stderr.trim().split('\n').pop() ?? `exit ${started.status}`).trim() };
  const value = (name) => /^export [A-Z_]+=(.*)$/m.exec(started.stdout.split('\n').find((l) => l.startsWith(`export ${name}=`)) ?? '')?.[1]?.replace(/^'(.*)'$/, '$1');
  return { url: value('WIKIJS_URL'), token: value('WIKIJS_TOKEN') };
}

let ok = true;
const sandbox = await startSandbox({ port: 0, quiet: true });
try {
  ok &&= await measure('sandbox (in-process, loopback)', sandbox.url, sandbox.token, { seedReads: Math.max(0, READ - 2 * CREATE) });
} finally {
  await sandbox.close();
}
const real = realServer();
if (real.url && real.token) {
  ok &&= await measure('real Wiki.js 2.5.314', real.url, real.token, { seedReads: Math.max(0, READ - 2 * CREATE) });
} else {
  console.log(`\n[real Wiki.js 2.5.314] skipped: ${real.skipped}`);
}
console.log('\n(each ratio is measured in this run, on this machine; when it is shared, absolute times mean little)');
if (!ok) process.exitCode = 1;
