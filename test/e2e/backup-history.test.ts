// Issue 15 item 10: a `--with-history` export restores with its history (revisions replayed
// oldest first), and `export x.zip` is refused instead of writing a folder named x.zip.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { wikiJsTarget, type WikiJsTarget } from '../helpers/wikijs-target.js';
import { assertBuilt, ndjson, pageContent, wikikit } from './bin.js';

let source: WikiJsTarget;
let restore: Sandbox;
let root: string;
let envSource: Record<string, string>;
let envRestore: Record<string, string>;
const run = Date.now().toString(36);

beforeAll(async () => {
  assertBuilt();
  source = await wikiJsTarget();
  restore = await startSandbox({ port: 0, quiet: true });
  envSource = { WIKIKIT_URL: source.url, WIKIKIT_TOKEN: source.token };
  envRestore = { WIKIKIT_URL: restore.url, WIKIKIT_TOKEN: restore.token };
  root = await mkdtemp(join(tmpdir(), 'wikikit-e2e-backup-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await restore.close();
  await source.close();
});

async function history(path: string, env: Record<string, string>): Promise<Record<string, unknown>[]> {
  const result = await wikikit(['pages', 'history', path, '--json'], env);
  expect(result.code, result.stderr).toBe(0);
  return ndjson(result.stdout);
}

describe('export --with-history → import', () => {
  it('restores every revision, oldest first, and a second import changes nothing', async () => {
    const path = `bk-${run}/page`;
    for (const body of ['first version', 'second version', 'third version']) {
      const put = await wikikit(['pages', 'put', path, '-', '--title', 'Kept'], envSource, { stdin: `${body}\n` });
      expect(put.code, put.stderr).toBe(0);
    }
    const before = await history(path, envSource);
    expect(before.length).toBeGreaterThanOrEqual(3);

    const backup = join(root, 'with-history.tar.gz');
    const exported = await wikikit(['export', backup, '--with-history', '--prefix', `bk-${run}`], envSource);
    expect(exported.code, exported.stderr).toBe(0);
    const imported = await wikikit(['import', backup, '--json'], envRestore);
    expect(imported.code, imported.stderr).toBe(0);
    expect(ndjson(imported.stdout).find((e) => e['type'] === 'summary')).toMatchObject({ created: 1, revisions: 2, failed: 0 });

    const after = await history(path, envRestore);
    expect(after).toHaveLength(before.length);
    expect(await pageContent(path, envRestore)).toContain('third version');
    // Oldest first: the first revision the restored wiki recorded holds the first version.
    const { WikiJsClient } = await import('../../src/index.js');
    await using client = new WikiJsClient({ url: restore.url, apiKey: restore.token });
    const revisions = await client.asWiki().history(path, { withContent: true });
    expect(revisions.map((r) => r.content?.trim())).toEqual(['third version', 'second version', 'first version']);

    const again = await wikikit(['import', backup, '--json'], envRestore);
    expect(again.code, again.stderr).toBe(0);
    expect(ndjson(again.stdout).find((e) => e['type'] === 'summary')).toMatchObject({ created: 0, unchanged: 1, revisions: 0 });
    expect(await history(path, envRestore)).toHaveLength(before.length);
  }, 180_000);
});

describe('export archive formats', () => {
  it.each(['backup.zip', 'backup.tar', 'backup.tar.bz2', 'backup.7z'])('export %s is refused (exit 2) naming the supported ones, and writes nothing', async (name) => {
    const target = join(root, name);
    const result = await wikikit(['export', target], envSource);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/\.tar\.gz or \.tgz/);
    expect(existsSync(target)).toBe(false);
  }, 30_000);

  it('a folder name with a dot that is no archive extension still exports', async () => {
    const target = join(root, `backup.${run}`);
    const result = await wikikit(['export', target, '--prefix', `bk-${run}`], envSource);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(target, 'manifest.json'))).toBe(true);
  }, 60_000);
});
