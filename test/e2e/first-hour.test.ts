// Issue 15 "Also": pull keeps the front matter a file had; doctor reports a key that cannot
// delete and names WIKIKIT_TOKEN (not the profile) when the refused key came from there; a
// Wiki.js path whose first segment is a locale is refused with the path to use instead.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WikiJsClient } from '../../src/index.js';
import { wikiJsTarget, type WikiJsTarget } from '../helpers/wikijs-target.js';
import { assertBuilt, ndjson, wikikit, writeTree } from './bin.js';

let target: WikiJsTarget;
let env: Record<string, string>;
let root: string;
const run = Date.now().toString(36);

beforeAll(async () => {
  assertBuilt();
  target = await wikiJsTarget();
  env = { WIKIKIT_URL: target.url, WIKIKIT_TOKEN: target.token };
  root = await mkdtemp(join(tmpdir(), 'wikikit-e2e-first-hour-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await target.close();
});

describe('sync pull keeps the front matter keys the file had', () => {
  it('a short front matter stays short after a pull of a wiki edit; a key the wiki set is added', async () => {
    const prefix = `fh-${run}/short`;
    const short = '---\ntitle: Short\n---\n\nfirst\n';
    const dir = await writeTree(root, 'short', { 'a.md': short });
    expect((await wikikit(['sync', 'push', dir, '--prefix', prefix], env)).code).toBe(0);
    const edit = await wikikit(['pages', 'put', `${prefix}/a`, '-'], env, { stdin: 'edited on the wiki\n' });
    expect(edit.code, edit.stderr).toBe(0);
    const pull = await wikikit(['sync', 'pull', dir, '--prefix', prefix], env);
    expect(pull.code, pull.stderr).toBe(0);
    expect(await readFile(join(dir, 'a.md'), 'utf8')).toBe('---\ntitle: Short\n---\n\nedited on the wiki\n');
    // Nothing to push back: the pulled file is what the wiki holds.
    const push = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    expect(ndjson(push.stdout).find((e) => e['type'] === 'summary')).toMatchObject({ applied: 0 });

    const tag = await wikikit(['pages', 'put', `${prefix}/a`, '-', '--tag', 'ops'], env, { stdin: 'edited again\n' });
    expect(tag.code, tag.stderr).toBe(0);
    expect((await wikikit(['sync', 'pull', dir, '--prefix', prefix], env)).code).toBe(0);
    expect(await readFile(join(dir, 'a.md'), 'utf8')).toBe('---\ntitle: Short\ntags:\n  - ops\n---\n\nedited again\n');
  }, 120_000);
});

describe('doctor', () => {
  it('names WIKIKIT_TOKEN, not the profile, when the refused key came from the environment', async () => {
    const config = join(root, 'doctor-config.json');
    await writeFile(config, JSON.stringify({ version: 1, current: 'sb', profiles: { sb: { kind: 'wikijs', url: target.url, token: target.token } } }));
    const bad = await wikikit(['doctor'], { WIKIKIT_CONFIG: config, WIKIKIT_TOKEN: 'not-a-valid-key' });
    expect(bad.code).toBe(4);
    expect(bad.stdout).toContain('the API key in WIKIKIT_TOKEN was refused');
    expect(bad.stdout).toContain('set WIKIKIT_TOKEN to it');
    expect(bad.stdout).not.toContain('wikikit config add');
    const fine = await wikikit(['doctor'], { WIKIKIT_CONFIG: config });
    expect(fine.code, fine.stdout + fine.stderr).toBe(0);
    expect(fine.stdout).toContain('permissions: the key may write and delete pages');
  }, 60_000);

  it('reports a key whose group cannot delete pages (exit 4)', async () => {
    await using admin = new WikiJsClient({ url: target.url, apiKey: target.token });
    const group = await admin.groups.create(`writers-${run}`);
    // Reading one page takes manage:pages (or delete:pages) in 2.5.314, in the group's permissions
    // and its page rules alike: read:pages + write:pages alone get 6013 on every page.
    const roles = ['read:pages', 'write:pages', 'manage:pages'];
    await admin.groups.update(group.id, { permissions: [...roles, 'write:groups'], pageRules: [{ id: 'all', deny: false, match: 'START', roles, path: '', locales: [] }] });
    const { key } = await admin.authentication.createApiKey({ name: `no-delete-${run}`, expiration: '1y', fullAccess: false, group: group.id });
    const result = await wikikit(['doctor'], { WIKIKIT_URL: target.url, WIKIKIT_TOKEN: key });
    expect(result.code, result.stdout + result.stderr).toBe(4);
    expect(result.stdout).toMatch(/✗ permissions: the key's group lacks delete:pages/);
    expect(result.stderr).not.toContain('everything looks fine');
  }, 60_000);
});

describe('a Wiki.js path that starts with a locale', () => {
  it('is refused before anything is written, saying which path and --locale to use', async () => {
    const put = await wikikit(['pages', 'put', 'en/newcomer', '-'], env, { stdin: 'hello\n' });
    expect(put.code).toBe(2);
    expect(put.stderr).toContain('path "en/newcomer" starts with "en", which Wiki.js reads as a locale');
    expect(put.stderr).toContain('write "newcomer" with --locale en instead');
    const listed = await wikikit(['pages', 'ls', '--json'], env);
    expect(ndjson(listed.stdout).map((e) => e['path'])).not.toContain('en/newcomer');
    const mv = await wikikit(['pages', 'mv', 'whatever', 'pt-br/guide'], env);
    expect(mv.code).toBe(2);
    expect(mv.stderr).toContain('write "guide" with --locale pt-br instead');
  }, 60_000);
});
