// Reading 200 pages' content: wikikit (aliased + JSON-array batched reads) vs the naive loop of
// shared/reference/wikijs-v2-graphql-tutorial-python.fr.txt (one `pages.single` per id, one
// after another). Same server, same run: a fresh sandbox, or WIKIJS_URL + WIKIJS_TOKEN.
// Prints HTTP round trips and wall time of each, and the ratios. Bounded: well under a minute.
import { startSandbox } from '../dist/sandbox/index.js';
import { WikiJsClient } from '../dist/wikijs/index.js';

const N = 200;
const RUNS = 5;

const real = Boolean(process.env.WIKIJS_URL && process.env.WIKIJS_TOKEN);
const sandbox = real ? undefined : await startSandbox({ port: 0, quiet: true });
const url = real ? process.env.WIKIJS_URL.replace(/\/+$/, '').replace(/\/graphql$/, '') : sandbox.url;
const token = real ? process.env.WIKIJS_TOKEN : sandbox.token;
const prefix = `wikikit-bench/${Date.now().toString(36)}`;

let wikikitRequests = 0;
const client = new WikiJsClient({ url, apiKey: token }, { version: 2, transport: { onEvent: (e) => { if (e.type === 'request') wikikitRequests++; } } });

// Sandbox: seed N pages under a unique prefix. Real server: creates cost ~2 s each there, so
// read the pages it already has instead (ids cycled up to N), which keeps the bench bounded.
let ids;
let seededIds = [];
if (real) {
  const existing = (await client.pages.list()).map((p) => p.id);
  if (existing.length === 0) throw new Error('the server has no pages to read');
  ids = Array.from({ length: N }, (_, i) => existing[i % existing.length]);
} else {
  const seeded = await client.pages.createMany(
    Array.from({ length: N }, (_, i) => ({ path: `${prefix}/p${i}`, title: `Bench ${i}`, content: `# Bench ${i}\n\n${'Lorem ipsum dolor sit amet. '.repeat(20)}` })),
    { concurrency: 8 },
  );
  seededIds = seeded.flatMap((r) => (r.ok ? [r.value.id] : []));
  if (seededIds.length !== N) throw new Error(`seeding failed: ${N - seededIds.length} pages missing`);
  ids = seededIds;
}

// The tutorial's query_graphql(), in JavaScript.
let naiveRequests = 0;
async function queryGraphql(query, variables) {
  naiveRequests++;
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}
const SINGLE = 'query($id: Int!) { pages { single(id: $id) { content title description } } }';
// (the tutorial reads content, title and description; wikikit reads the whole page, more bytes)

async function naive() {
  const out = [];
  for (const id of ids) out.push((await queryGraphql(SINGLE, { id })).data.pages.single.content);
  return out;
}
async function wikikit() {
  return (await client.pages.getMany(ids)).map((p) => p.content);
}

await client.testConnection(); // connection + credential check, outside the timings
await naive(); // warm-up, both sides
await wikikit();

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
const times = { naive: [], wikikit: [] };
const trips = { naive: 0, wikikit: 0 };
let same = true;
for (let run = 0; run < RUNS; run++) {
  let before = naiveRequests;
  let t = performance.now();
  const a = await naive();
  times.naive.push(performance.now() - t);
  trips.naive = naiveRequests - before;
  before = wikikitRequests;
  t = performance.now();
  const b = await wikikit();
  times.wikikit.push(performance.now() - t);
  trips.wikikit = wikikitRequests - before;
  same &&= a.length === b.length && a.every((c, i) => c === b[i]);
}

const naiveMs = median(times.naive);
const kitMs = median(times.wikikit);
console.log(`target: ${real ? url : 'sandbox (in-process, loopback)'}; ${N} pages, median of ${RUNS} runs; same content: ${same}`);
console.log(`naive loop (tutorial): ${trips.naive} HTTP round trips, ${naiveMs.toFixed(1)} ms`);
console.log(`wikikit getMany:       ${trips.wikikit} HTTP round trips, ${kitMs.toFixed(1)} ms`);
console.log(`ratio: ${(trips.naive / trips.wikikit).toFixed(1)}x fewer round trips (target >= 10x), ${(naiveMs / kitMs).toFixed(1)}x less time (target >= 5x)`);

if (seededIds.length > 0) await client.pages.deleteMany(seededIds);
await client.close();
await sandbox?.close();
if (!same) process.exitCode = 1;
