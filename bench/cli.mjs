// CLI cold start: `wikikit --version` (median of 10 spawns) next to `node -e 0` measured in the
// same run. Target: < 150 ms. Needs the build (`npm run bench` builds first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin/wikikit.js', import.meta.url));
if (!existsSync(bin)) {
  console.error('bench/cli: dist/bin/wikikit.js is missing; run `npm run build` first');
  process.exit(1);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(args, runs = 10) {
  spawnSync(process.execPath, args); // warm the OS file cache once; node's own caches stay cold per spawn
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return median(samples);
}

const baseline = time(['-e', '0']);
const version = time([bin, '--version']);
const help = time([bin, '--help']);
const fmt = (ms) => `${ms.toFixed(1)} ms`;
console.log('cli cold start (median of 10 spawns)');
console.log(`  node -e 0            ${fmt(baseline)}  (baseline)`);
console.log(`  wikikit --version    ${fmt(version)}  ${(version / baseline).toFixed(2)}× baseline, +${fmt(version - baseline)}  target < 150 ms: ${version < 150 ? 'ok' : 'MISSED'}`);
console.log(`  wikikit --help       ${fmt(help)}  ${(help / baseline).toFixed(2)}× baseline`);

// What the --version path loads (a resolve hook logs every module): it should be the entry
// point, main, stdio and node:fs, nothing else.
const hookDir = mkdtempSync(join(tmpdir(), 'wikikit-bench-cli-'));
try {
  writeFileSync(join(hookDir, 'hooks.mjs'), 'export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(`load ${r.url}\\n`); return r; }\n');
  writeFileSync(join(hookDir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(hookDir, 'hooks.mjs')).href)});\n`);
  const traced = spawnSync(process.execPath, ['--import', join(hookDir, 'register.mjs'), bin, '--version'], { encoding: 'utf8' });
  const modules = traced.stderr.split('\n').filter((l) => l.startsWith('load ')).map((l) => l.slice(5).replace(/^.*\/dist\//, ''));
  console.log(`  --version loads ${modules.length} modules: ${modules.join(', ')}`);
} finally {
  rmSync(hookDir, { recursive: true, force: true });
}
