// Issue 15 items 3, 4 and 5: one folder synced to two wikis keeps a base for each; file names
// and contents that are not UTF-8 text are skipped or refused, never uploaded as U+FFFD; Ctrl-C
// exits 130 and the log lists only the writes that happened.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { fixtureSize, wikiJsTarget, type WikiJsTarget } from '../helpers/wikijs-target.js';
import { assertBuilt, ndjson, pageContent, spawnBin, wikikit, writeTree } from './bin.js';

let staging: WikiJsTarget;
let prod: Sandbox;
let root: string;
let envStaging: Record<string, string>;
let envProd: Record<string, string>;
const run = Date.now().toString(36);

beforeAll(async () => {
  assertBuilt();
  staging = await wikiJsTarget();
  // Always a sandbox of its own, so the two targets are two different wikis.
  prod = await startSandbox({ port: 0, quiet: true });
  envStaging = { WIKIKIT_URL: staging.url, WIKIKIT_TOKEN: staging.token };
  envProd = { WIKIKIT_URL: prod.url, WIKIKIT_TOKEN: prod.token };
  root = await mkdtemp(join(tmpdir(), 'wikikit-e2e-state-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await prod.close();
  await staging.close();
});

const page = (title: string, body: string): string => `---\ntitle: ${title}\n---\n\n${body}\n`;
const summaryOf = (stdout: string): Record<string, unknown> | undefined => ndjson(stdout).find((e) => e['type'] === 'summary');

describe('one folder, two wikis (item 3)', () => {
  it('pushes to staging and prod keep separate bases: status stays clean and a local edit is no conflict on either', async () => {
    const docs = `st-${run}/docs`;
    const v3 = `st-${run}/v3`;
    const dir = await writeTree(root, 'two-wikis', { 'a.md': page('A', 'alpha'), 'b.md': page('B', 'beta') });
    expect((await wikikit(['sync', 'push', dir, '--prefix', docs], envStaging)).code).toBe(0);
    const toProd = await wikikit(['sync', 'push', dir, '--prefix', v3, '--json'], envProd);
    expect(toProd.code, toProd.stderr).toBe(0);
    expect(summaryOf(toProd.stdout)).toMatchObject({ actions: { created: 2 } });

    // Staging's base survived the push to prod.
    const status = await wikikit(['sync', 'status', dir, '--prefix', docs, '--json'], envStaging);
    expect(status.code, status.stderr).toBe(0);
    expect(ndjson(status.stdout).filter((e) => e['type'] === 'status')).toEqual([]);
    expect(status.stderr).toContain('2 file(s), 0 out of step');

    await writeFile(join(dir, 'a.md'), page('A', 'alpha, edited'));
    for (const [env, prefix] of [[envStaging, docs], [envProd, v3]] as const) {
      const push = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
      expect(push.code, push.stderr).toBe(0);
      expect(summaryOf(push.stdout)).toMatchObject({ applied: 1, actions: { updated: 1 } });
      expect(await pageContent(`${prefix}/a`, env)).toContain('alpha, edited');
    }
    const state = JSON.parse(await readFile(join(dir, '.wikikit-sync.json'), 'utf8')) as { version: number; targets: { wiki: string; prefix: string }[] };
    expect(state.version).toBe(2);
    expect(state.targets.map((t) => [t.wiki, t.prefix]).sort()).toEqual([[prod.url, v3], [staging.url, docs]].sort());
  }, 180_000);

  it('a version-1 state file (one wiki) is read as that wiki\'s base and kept when a second wiki is added', async () => {
    const docs = `st-${run}/legacy`;
    const dir = await writeTree(root, 'legacy', { 'a.md': page('A', 'one') });
    expect((await wikikit(['sync', 'push', dir, '--prefix', docs], envStaging)).code).toBe(0);
    // Rewrite the state the way the previous release wrote it.
    const file = join(dir, '.wikikit-sync.json');
    const v2 = JSON.parse(await readFile(file, 'utf8')) as { targets: [{ wiki: string; prefix: string; files: unknown; assets: unknown }] };
    const { wiki, prefix, files, assets } = v2.targets[0];
    await writeFile(file, JSON.stringify({ version: 1, wiki, prefix, files, assets }));

    const status = await wikikit(['sync', 'status', dir, '--prefix', docs], envStaging);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toContain('1 file(s), 0 out of step');
    expect((await wikikit(['sync', 'push', dir, '--prefix', docs], envProd)).code).toBe(0);
    await writeFile(join(dir, 'a.md'), page('A', 'two'));
    const push = await wikikit(['sync', 'push', dir, '--prefix', docs, '--json'], envStaging);
    expect(push.code, push.stderr).toBe(0);
    expect(summaryOf(push.stdout)).toMatchObject({ actions: { updated: 1 } });
  }, 180_000);
});

describe('names and contents that are not UTF-8 text (item 4)', () => {
  it('skips a non-UTF-8 file name with a warning naming its bytes, refuses binary and non-UTF-8 pages, pushes the rest', async () => {
    const prefix = `st-${run}/bytes`;
    const dir = await writeTree(root, 'bytes', { 'ok.md': page('Ok', 'fine') });
    // "café.md" in Latin-1: the name is the bytes 63 61 66 E9 2E 6D 64.
    await writeFile(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.md')]), page('Cafe', 'latin-1 name'));
    await writeFile(join(dir, 'latin1.md'), Buffer.concat([Buffer.from('---\ntitle: L\n---\n\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    await writeFile(join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));

    const push = await wikikit(['sync', 'push', dir, '--prefix', prefix], envStaging);
    expect(push.stderr).not.toContain('This is a bug');
    expect(push.stderr).toContain('caf\\xE9.md');
    expect(push.stderr).toMatch(/skipped caf\\xE9\.md: the name is not valid UTF-8/);
    expect(push.stderr).toMatch(/refused latin1\.md: the content is not valid UTF-8/);
    expect(push.stderr).toMatch(/refused binary\.md: the file is binary/);
    expect(push.code, push.stderr).toBe(1); // refusals are failures a CI job must see
    const listed = await wikikit(['pages', 'ls', '--prefix', prefix, '--json'], envStaging);
    expect(ndjson(listed.stdout).map((e) => e['path'])).toEqual([`${prefix}/ok`]);
    const all = await wikikit(['grep', '\uFFFD', '--prefix', prefix], envStaging);
    expect(all.code).toBe(1); // no page holds U+FFFD
  }, 120_000);
});

describe('Ctrl-C during a sync (item 5)', () => {
  it('exits 130, lists only the pages really created, and the summary adds up', async () => {
    const prefix = `st-${run}/sigint`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`p${String(i).padStart(3, '0')}.md`] = page(`Page ${i}`, `body ${i}`);
    const dir = await writeTree(root, 'sigint', files);
    const { child, done } = spawnBin(['sync', 'push', dir, '--prefix', prefix, '--concurrency', '1'], envStaging);
    const stateFile = join(dir, '.wikikit-sync.json');
    while (!existsSync(stateFile) && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    const createdLines = result.stdout.split('\n').filter((l) => l.startsWith('created '));
    // The write in flight when Ctrl-C came is cut off: it counts as failed (the next run
    // re-reads it), never as created.
    const summary = /(\d+) created(?:, (\d+) failed)?, (\d+) not started \(interrupted\)/.exec(result.stderr);
    expect(summary, result.stderr).not.toBeNull();
    const created = Number(summary?.[1]);
    const failed = Number(summary?.[2] ?? 0);
    expect(created).toBeGreaterThan(0);
    expect(failed).toBeLessThanOrEqual(1);
    expect(created + failed + Number(summary?.[3])).toBe(150);
    expect(createdLines).toHaveLength(created);
    expect(result.stdout).not.toMatch(/^create /m);
    const listed = ndjson((await wikikit(['pages', 'ls', '--prefix', prefix, '--json'], envStaging)).stdout).length;
    expect(listed).toBeGreaterThanOrEqual(created);
    expect(listed).toBeLessThanOrEqual(created + failed);
  }, 180_000);

  it('export interrupted by Ctrl-C exits 130 too, and the next run resumes', async () => {
    const prefix = `st-${run}/export-src`;
    // A real Wiki.js creates about 0.5 pages/s, so it gets 8 pages; read 2 per request, most of
    // the export is still unwritten when the first journal line appears, which is all Ctrl-C needs.
    const total = fixtureSize(staging, 120, 8);
    const files: Record<string, string> = {};
    for (let i = 0; i < total; i++) files[`e${String(i).padStart(3, '0')}.md`] = page(`Export ${i}`, `body ${i}`);
    const dir = await writeTree(root, 'export-src', files);
    expect((await wikikit(['sync', 'push', dir, '--prefix', prefix], envStaging)).code).toBe(0);
    const target = join(root, 'export-out');
    const { child, done } = spawnBin(['export', target, '--prefix', prefix, '--with-history', '--batch-size', '2'], envStaging);
    const journal = join(target, '.export-journal.ndjson');
    while (!(existsSync(journal) && (await readFile(journal, 'utf8')).length > 0) && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    const again = await wikikit(['export', target, '--prefix', prefix, '--json'], envStaging);
    expect(again.code, again.stderr).toBe(0);
    const summary = summaryOf(again.stdout);
    expect(summary).toMatchObject({ pages: total });
    expect(Number(summary?.['resumed'])).toBeGreaterThan(0);
  }, 180_000);
});
