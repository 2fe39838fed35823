#!/usr/bin/env node
// Fault runs at the sizes: 1,000 mixed Wiki.js operations, a 500-file sync push plus an
// edit round with 20 pages changed by another writer, a 500-page export then import, 200
// MediaWiki edits (edit / appendtext / update(transform)), a 5 MB chunked upload — each through
// the fault proxy (test/tools/fault-proxy.ts), the final state read directly from the server.
// The runs are the vitest files test/faults/*.contract.test.ts and *.mediawiki.test.ts with
// FAULTS_SIZE=full; this prints their figure lines and fails when any run lost, duplicated or
// overwrote anything. Targets: the sandbox (default) or a real Wiki.js (WIKIJS_URL +
// WIKIJS_TOKEN), and the real MediaWiki (started by the mediawiki project's globalSetup).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'wikikit-bench-faults-'));
const report = join(dir, 'figures.ndjson');
const env = { ...process.env, FAULTS_SIZE: 'full', FAULTS_REPORT: report };
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const runs = [
  ['--project', 'contract', 'test/faults/wikijs.contract.test.ts'],
  ['--project', 'mediawiki', 'test/faults/mediawiki.mediawiki.test.ts'],
];
let status = 0;
for (const args of runs) {
  const result = spawnSync(process.execPath, [vitest, 'run', ...args, '--reporter=dot'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 1_500_000 });
  if (result.status !== 0) status = 1;
}
const figures = existsSync(report) ? readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
console.log('(machine shared with other engineers: times are indicative only)');
for (const f of figures) {
  const injected = Object.entries(f.injected).map(([k, v]) => `${k} ${v}`).join(', ');
  const exit = f.exitCode === undefined ? '' : `, exit ${f.exitCode}→${f.rerunExitCode} after ${f.reruns} rerun(s)`;
  console.log(`${f.run} [${f.target}]\n  operations ${f.operations} · faults injected ${f.faults} (${injected})\n  lost ${f.lost} · duplicated ${f.duplicated} · stale overwrites ${f.stale} · wrong content ${f.wrongContent} · failures reported with their item ${f.failuresReported} (unreported ${f.failuresUnreported})${exit} · retries ${f.retries} · time ${(f.ms / 1000).toFixed(1)} s`);
  if (f.lost + f.duplicated + f.stale + f.wrongContent + f.failuresUnreported > 0) status = 1;
}
if (figures.length === 0) {
  console.log('no fault run reported figures');
  status = 1;
}
rmSync(dir, { recursive: true, force: true });
process.exitCode = status;
