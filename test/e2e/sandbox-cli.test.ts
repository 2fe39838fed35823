import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { assertBuilt, spawnBin, wikikit, type BinResult } from './bin.js';

let root: string;
beforeAll(async () => {
  assertBuilt();
  root = await mkdtemp(join(tmpdir(), 'wikikit-e2e-sandbox-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Starts `wikikit sandbox …` (stdout is a pipe, not a terminal) and waits for its first line. */
async function serve(argv: string[]): Promise<{ child: ChildProcess; done: Promise<BinResult>; firstLine: string; output: () => string }> {
  const { child, done } = spawnBin(['sandbox', '--port', '0', ...argv], {});
  let stdout = '';
  child.stdout?.on('data', (d: string) => (stdout += d));
  const deadline = Date.now() + 20_000;
  while (!stdout.includes('\n') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  if (!stdout.includes('\n')) throw new Error(`sandbox did not start: ${(await Promise.race([done, Promise.resolve(undefined)]))?.stderr ?? ''}`);
  return { child, done, firstLine: stdout.split('\n')[0] ?? '', output: () => stdout };
}

async function gql(url: string, token: string, query: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const create = (path: string): string =>
  `mutation { pages { create(content: "# ${path}", description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: "en", path: "${path}", tags: [], title: "${path}") { responseResult { succeeded } page { id } } } }`;

describe('wikikit sandbox', () => {
  it('prints the URL and key but never the admin password when output is not a terminal, and stops cleanly on SIGTERM', async () => {
    const sb = await serve([]);
    const url = /listening on (http:\/\/\S+)/.exec(sb.firstLine)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url ?? ''}/`)).status).toBe(200);
    sb.child.kill('SIGTERM');
    const result = await sb.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Admin password not shown: output is not a terminal');
    expect(result.stderr).toContain('Sandbox stopped.');
    expect(sb.output()).toMatch(/API key \(full access\): \S+/);
    expect(sb.output()).not.toMatch(/Admin login/);
    await expect(fetch(`${url ?? ''}/`)).rejects.toThrow();
  }, 60_000);

  it('--json announces the sandbox as one event, seeds a fresh --data store once, and stops on SIGINT', async () => {
    const data = join(root, 'seeded');
    const seed = join(root, 'seed.json');
    await writeFile(seed, JSON.stringify({ pages: [{ path: 'seeded/home', title: 'Seeded', content: '# Seeded' }] }));
    for (let round = 0; round < 2; round++) {
      const sb = await serve(['--data', data, '--seed', seed, '--token', 'e2e-sandbox-token', '--json']);
      const event = JSON.parse(sb.firstLine) as Record<string, unknown>;
      expect(event).toMatchObject({ type: 'sandbox', wikijsVersion: 2, dataDir: data });
      expect(event).toMatchObject({ token: 'e2e-sandbox-token' });
      expect(event).not.toHaveProperty('adminPassword');
      const list = await gql(String(event['url']), 'e2e-sandbox-token', '{ pages { list { id path } } }');
      // Applied on the fresh store only: the restart keeps one copy, with the same id.
      expect(list.json).toEqual({ data: { pages: { list: [{ id: 1, path: 'seeded/home' }] } } });
      sb.child.kill('SIGINT');
      expect((await sb.done).code).toBe(0);
    }
  }, 60_000);

  it('a bad seed file is a usage error (exit 2) naming the file, and leaves no half-seeded store', async () => {
    const data = join(root, 'bad-seed');
    const seed = join(root, 'bad-seed.json');
    await writeFile(seed, JSON.stringify({ pages: [{ path: 'ok', title: 'Ok', content: '# ok' }, { path: 'bad path', title: 'Bad', content: 'x' }] }));
    const result = await wikikit(['sandbox', '--port', '0', '--data', data, '--seed', seed], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`seed page "bad path"`);
    await writeFile(seed, '{ "pages": [ { "path": 1 } ] }');
    const shape = await wikikit(['sandbox', '--port', '0', '--seed', seed], {});
    expect(shape.code).toBe(2);
    expect(shape.stderr).toContain('pages[0].path must be a string');
    await writeFile(seed, '{ nope');
    expect((await wikikit(['sandbox', '--port', '0', '--seed', seed], {})).stderr).toContain('is not valid JSON');
    const after = await startSandbox({ port: 0, dataDir: data });
    try {
      expect((await gql(after.url, after.token, '{ pages { list { id } } }')).json).toEqual({ data: { pages: { list: [] } } });
    } finally {
      await after.close();
    }
  }, 60_000);

  it('a sandbox killed (SIGKILL) in the middle of writes reopens with every acknowledged page and no reused id', async () => {
    const data = join(root, 'crash');
    const sb = await serve(['--data', data, '--token', 'crash-token', '--json']);
    const url = String((JSON.parse(sb.firstLine) as Record<string, unknown>)['url']);
    const acknowledged: number[] = [];
    let stop = false;
    const writer = async (worker: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await gql(url, 'crash-token', create(`crash/w${worker}-${i}`));
          const id = (r.json as { data?: { pages?: { create?: { page?: { id?: number } } } } }).data?.pages?.create?.page?.id;
          if (typeof id === 'number') acknowledged.push(id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 5));
    sb.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect((await sb.done).signal).toBe('SIGKILL');

    const reopened = await startSandbox({ port: 0, dataDir: data, token: 'crash-token' });
    try {
      const list = (await gql(reopened.url, 'crash-token', '{ pages { list(limit: 100000) { id path } } }')).json as { data: { pages: { list: { id: number }[] } } };
      const ids = list.data.pages.list.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of acknowledged) expect(ids).toContain(id);
      const next = (await gql(reopened.url, 'crash-token', create('crash/after'))).json as { data: { pages: { create: { page: { id: number } } } } };
      expect(next.data.pages.create.page.id).toBeGreaterThan(Math.max(...ids));
    } finally {
      await reopened.close();
    }
  }, 60_000);
});
