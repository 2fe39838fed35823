#!/usr/bin/env node
// Sync of 1,000 Markdown files into an empty sandbox, then a no-change re-sync.
// Prints writes, read round trips per 100 pages and wall time; the re-sync time is reported as a
// ratio of the first run (the baseline measured in the same process). Targets: re-sync sends
// 0 writes, <= 1 read round trip per 100 pages, < 3 s.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../dist/sandbox/index.js';
import { WikiJsClient } from '../dist/wikijs/index.js';
import { runSync } from '../dist/ops/index.js';

const FILES = Number(process.env.BENCH_SYNC_FILES ?? 1000);
const WRITE = /create|update|delete|move|upload/i;

const sandbox = await startSandbox({ port: 0, quiet: true });
const dir = await mkdtemp(join(tmpdir(), 'wikikit-bench-sync-'));
let writes = 0;
let reads = 0;
const client = new WikiJsClient({ url: sandbox.url, apiKey: sandbox.token }, {
  cache: false,
  transport: {
    maxConcurrent: 8,
    onEvent: (e) => {
      if (e.type !== 'response') return;
      if (WRITE.test(e.operation)) writes++;
      else reads++;
    },
  },
});
const wiki = client.asWiki();
try {
  for (let i = 0; i < FILES; i++) {
    const folder = join(dir, `section-${i % 10}`);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `page-${i}.md`), `---\ntitle: Page ${i}\ntags: [bench]\n---\n\n# Page ${i}\n\n${'Lorem ipsum dolor sit amet. '.repeat(20)}\n`);
  }
  const run = async (label) => {
    writes = 0;
    reads = 0;
    const started = performance.now();
    const result = await runSync({ wiki, dir, direction: 'push', prefix: 'bench', concurrency: 8 });
    const ms = performance.now() - started;
    const failed = result.report?.failed.length ?? 0;
    console.log(`${label}: changes=${result.plan.changes.length} failed=${failed} writes=${writes} reads=${reads} reads/100 pages=${((reads * 100) / FILES).toFixed(2)} time=${ms.toFixed(0)} ms`);
    return { ms, writes, reads, failed };
  };
  const first = await run(`first push (${FILES} files)`);
  const second = await run('no-change re-sync');
  console.log(`re-sync / first-run time ratio: ${(second.ms / first.ms).toFixed(4)} (writes=${second.writes}, target 0; reads/100 pages=${((second.reads * 100) / FILES).toFixed(2)}, target <= 1; ${second.ms < 3000 ? 'under' : 'OVER'} 3 s)`);
  if (first.failed > 0 || second.writes !== 0) process.exitCode = 1;
} finally {
  await wiki.close();
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
}
