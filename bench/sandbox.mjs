// Sandbox figures on loopback: start-up to first answer, creates/s, reads/s, searches/s and the
// sandbox's RSS at 10,000 pages, next to the real Wiki.js 2.5.314 figure from
// shared/wikijs/v2/observed-behaviour.md (0.56 creates/s sequential) and to a baseline measured
// in the same run: `GET /healthz` on the same server (the HTTP floor of this machine).
// The sandbox runs in its own process (as `wikikit sandbox` does), so client and server do not
// share one event loop and the RSS is the server's own. Bounded: about 30-50 s.
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

if (process.argv[2] === '--child') {
  const t0 = performance.now();
  const { startSandbox } = await import('../dist/sandbox/index.js');
  const sb = await startSandbox({ port: 0, quiet: true });
  process.send({ url: sb.url, token: sb.token, readyMs: performance.now() - t0 });
  process.on('message', (m) => {
    if (m === 'rss') {
      globalThis.gc?.();
      process.send({ rss: process.memoryUsage().rss });
    } else if (m === 'close') {
      void sb.close().then(() => process.exit(0));
    }
  });
} else {
  await main();
}

async function main() {
  const REAL_CREATES_PER_S = 0.56;
  const PAGES = 10_000;
  const DEADLINE = Date.now() + 55_000;

  const t0 = performance.now();
  const child = fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages = [];
  const waiters = [];
  child.on('message', (m) => (waiters.length > 0 ? waiters.shift()(m) : messages.push(m)));
  const nextMessage = () => (messages.length > 0 ? Promise.resolve(messages.shift()) : new Promise((r) => waiters.push(r)));
  const { url, token, readyMs } = await nextMessage();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const target = new URL(url);

  function request(method, path, body) {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request({
        agent, host: target.hostname, port: target.port, method, path,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (e) {
            reject(e);
          }
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
  const gql = (query, variables) => request('POST', '/graphql', { query, variables });

  await gql('{ pages { list(limit: 1) { id } } }');
  const startupMs = performance.now() - t0;

  async function rate(n, concurrency, op) {
    let next = 0;
    const start = performance.now();
    const worker = async () => {
      while (next < n) await op(next++);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return n / ((performance.now() - start) / 1000);
  }

  const CREATE = 'mutation ($p: String!, $t: String!) { pages { create(content: "# Bench\\n\\nA small page with a [link](/bench/seq/1).", description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: "en", path: $p, tags: ["bench"], title: $t) { responseResult { succeeded } page { id } } } }';
  let failures = 0;
  const create = async (path, title) => {
    const r = await gql(CREATE, { p: path, t: title });
    if (r.data?.pages?.create?.responseResult?.succeeded !== true) failures++;
  };

  const createsSeq = await rate(1000, 1, (i) => create(`bench/seq/${i}`, `Seq ${i}`));
  const createsPar = await rate(1000, 8, (i) => create(`bench/par/${i}`, `Par ${i}`));
  // Fill to 10,000 pages with batched creates (JSON-array batching, as the real server accepts).
  let made = 2000;
  while (made < PAGES && Date.now() < DEADLINE - 20_000) {
    const batch = [];
    for (let j = 0; j < 50 && made < PAGES; j++, made++) batch.push({ query: CREATE, variables: { p: `bench/fill/${made}`, t: `Fill ${made}` } });
    const out = await request('POST', '/graphql', batch);
    for (const r of out) if (r.data?.pages?.create?.responseResult?.succeeded !== true) failures++;
  }
  // The floor is measured warm (after the creates), right before the reads it is compared with.
  await rate(500, 1, () => request('GET', '/healthz'));
  const floorSeq = await rate(2000, 1, () => request('GET', '/healthz'));
  const READ = 'query ($id: Int!) { pages { single(id: $id) { id path title content render tags { tag } updatedAt } } }';
  const readsSeq = await rate(3000, 1, (i) => gql(READ, { id: 1 + (i % made) }));
  const readsPar = await rate(6000, 8, (i) => gql(READ, { id: 1 + (i % made) }));
  const searches = await rate(200, 1, (i) => gql('query ($q: String!) { pages { search(query: $q) { totalHits } } }', { q: `Seq ${i}` }));
  const lists = await rate(50, 1, () => gql('{ pages { list { id path title tags } } }'));
  child.send('rss');
  const { rss } = await nextMessage();
  child.send('close');
  agent.destroy();

  const f = (n) => n.toFixed(1);
  const vsFloor = (n, floor) => `${f((100 * n) / floor)}% of the HTTP floor`;
  console.log('sandbox (Wiki.js 2 emulation, in-memory, own process, loopback)');
  console.log(`  start-up to first answer : ${f(startupMs)} ms incl. node boot (${f(readyMs)} ms import + startSandbox)   (target < 1000 ms)`);
  console.log(`  baseline GET /healthz    : ${f(floorSeq)}/s (1 client, warm; no GraphQL)`);
  console.log(`  creates/s, 1 client      : ${f(createsSeq)}   = ${f(createsSeq / REAL_CREATES_PER_S)}x the real server's ${REAL_CREATES_PER_S}/s, ${vsFloor(createsSeq, floorSeq)}   (target >= 200)`);
  console.log(`  creates/s, 8 clients     : ${f(createsPar)}`);
  console.log(`  reads/s (pages.single), 1 client  : ${f(readsSeq)}   ${vsFloor(readsSeq, floorSeq)}   (target >= 2000)`);
  console.log(`  reads/s (pages.single), 8 clients : ${f(readsPar)}`);
  console.log(`  searches/s (db engine)   : ${f(searches)}   over ${made} pages`);
  console.log(`  full lists/s             : ${f(lists)}   over ${made} pages`);
  console.log(`  sandbox RSS at ${made} pages : ${f(rss / 1024 / 1024)} MB   (failed creates: ${failures})`);
}
