#!/usr/bin/env node
// Export of 1,000 and 10,000 pages, peak RSS printed for both. Each export runs in its own child
// process so the figure is the exporter's alone. The source is a generated wiki that builds each
// page on request (it holds nothing), so any growth measured is the exporter's: the sandbox is
// not used here because seeding it with 10,000 pages alone takes minutes.
// Target: peak RSS < 200 MB and flat from 1,000 to 10,000 pages (the ratio is printed).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const self = fileURLToPath(import.meta.url);
const body = `# Title\n\n${'Some body text for the page, long enough to matter. '.repeat(40)}\n`;

function generatedWiki(count) {
  const page = (i) => ({
    id: String(i + 1), path: `bench/s${i % 50}/page-${i}`, title: `Page ${i}`, locale: 'en',
    updatedAt: '2026-01-01T00:00:00.000Z', revision: '2026-01-01T00:00:00.000Z', description: '',
    content: `${body}${i}\n`, format: 'markdown', tags: ['bench'], published: true, private: false, extra: { editor: 'markdown' },
  });
  let roundTrips = 0;
  return {
    kind: 'wikijs-v2', url: 'generated://bench',
    capabilities: { assets: false, history: false, tags: true, locales: true, formats: ['markdown'] },
    get roundTrips() { return roundTrips; },
    async *list() {
      roundTrips++;
      for (let i = 0; i < count; i++) {
        const { content: _c, ...summary } = page(i);
        yield summary;
      }
    },
    async getMany(paths) {
      roundTrips++;
      return new Map(paths.map((p) => [p, page(Number(p.slice(p.lastIndexOf('-') + 1)))]));
    },
    async get(path) { return page(Number(path.slice(path.lastIndexOf('-') + 1))); },
    async close() {},
  };
}

if (process.argv[2] === '--child') {
  const count = Number(process.argv[3]);
  const target = process.argv[4];
  const { exportWiki } = await import('../dist/ops/index.js');
  const wiki = generatedWiki(count);
  const started = performance.now();
  const result = await exportWiki({ wiki, target });
  const ms = performance.now() - started;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const size = (await stat(result.target)).size;
  process.stdout.write(JSON.stringify({ pages: result.pages, failed: result.failed.length, ms, maxRssMb, roundTrips: wiki.roundTrips, archiveKb: size / 1024 }));
  process.exit(0);
}

const work = await mkdtemp(join(tmpdir(), 'wikikit-bench-export-'));
const results = {};
try {
  for (const count of [1000, 10000]) {
    const target = join(work, `export-${count}.tar.gz`);
    const child = spawnSync(process.execPath, [self, '--child', String(count), target], { encoding: 'utf8', timeout: 150_000 });
    if (child.status !== 0) throw new Error(`export child failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout);
    results[count] = r;
    console.log(`export ${count} pages to .tar.gz: exported=${r.pages} failed=${r.failed} round trips=${r.roundTrips} time=${r.ms.toFixed(0)} ms archive=${r.archiveKb.toFixed(0)} KB peak RSS=${r.maxRssMb.toFixed(1)} MB`);
  }
  const ratio = results[10000].maxRssMb / results[1000].maxRssMb;
  console.log(`peak RSS 10,000 / 1,000 pages: ${ratio.toFixed(2)}x (target: flat; < 200 MB: ${results[10000].maxRssMb < 200 ? 'yes' : 'NO'}); time ratio ${(results[10000].ms / results[1000].ms).toFixed(2)}x for 10x the pages`);
  if (results[10000].maxRssMb >= 200) process.exitCode = 1;
} finally {
  await rm(work, { recursive: true, force: true });
}
