/**
 * `wikikit --version` is the path shells and scripts hit most: it must load nothing but the
 * entry point, `main` and the stdio glue (no commander, no clients, no GraphQL). Checked with
 * a module-resolve hook on the BUILT binary; its speed is measured in bench/cli.mjs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, assertBuilt } from './bin.js';

let dir: string;
beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'wikikit-cold-'));
  // writeSync: the hooks run on their own thread, and on Node 24 an async stderr write from there
  // is lost when the short-lived process exits.
  await writeFile(
    join(dir, 'hooks.mjs'),
    "import { writeSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); writeSync(2, `load ${r.url}\\n`); return r; }\n",
  );
  await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function loaded(args: string[]): { stdout: string; modules: string[] } {
  const result = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), BIN, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  expect(result.status, result.stderr).toBe(0);
  const modules = result.stderr
    .split('\n')
    .filter((l) => l.startsWith('load '))
    .map((l) => l.slice(5).replace(/^.*\/dist\//, 'dist/'));
  return { stdout: result.stdout, modules };
}

describe('wikikit --version cold path', () => {
  it('prints the version and loads only the entry point, main and stdio', () => {
    const { stdout, modules } = loaded(['--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(modules.sort()).toEqual(['dist/bin/wikikit.js', 'dist/cli/main.js', 'dist/cli/stdio.js', 'node:fs']);
  });

  it('--help loads commander but no client, transport or command module', () => {
    const { modules } = loaded(['--help']);
    expect(modules.some((m) => m.includes('commander'))).toBe(true);
    // errors.js needs the redaction helpers (dist/transport/redact.js) and nothing else of the transport.
    expect(modules.filter((m) => /dist\/(wikijs|mediawiki|sandbox|ops)\/|dist\/transport\/(?!redact)|dist\/cli\/commands\/|graphql|undici/.test(m))).toEqual([]);
  });
});
