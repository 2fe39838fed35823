import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkTimeout, fixtureSize, wikiJsTarget, type WikiJsTarget } from '../helpers/wikijs-target.js';
import { assertBuilt, ndjson, pageContent, spawnBin, wikikit, writeTree } from './bin.js';

let target: WikiJsTarget;
let env: Record<string, string>;
let root: string;
const run = Date.now().toString(36);

beforeAll(async () => {
  assertBuilt();
  target = await wikiJsTarget();
  env = { WIKIKIT_URL: target.url, WIKIKIT_TOKEN: target.token };
  root = await mkdtemp(join(tmpdir(), 'wikikit-e2e-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await target.close();
});

function page(title: string, body: string): string {
  return `---\ntitle: ${title}\ntags: [e2e]\n---\n\n${body}\n`;
}

const folder = (name: string, files: Record<string, string>): Promise<string> => writeTree(root, name, files);
const wikiContent = (path: string): Promise<string | undefined> => pageContent(path, env);

describe('wikikit sync (built binary against the sandbox)', () => {
  it('push creates pages, then a second push sends nothing', async () => {
    const prefix = `e2e-${run}/basic`;
    const dir = await folder('basic', { 'a.md': page('A', 'alpha'), 'sub/b.md': page('B', 'beta') });
    const first = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const summary = ndjson(first.stdout).find((e) => e['type'] === 'summary');
    expect(summary).toMatchObject({ applied: 2, failed: 0, actions: { created: 2 } });
    expect(await wikiContent(`${prefix}/sub/b`)).toContain('beta');

    const second = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    expect(second.code).toBe(0);
    expect(ndjson(second.stdout).filter((e) => e['type'] === 'change')).toEqual([]);
    expect(ndjson(second.stdout).find((e) => e['type'] === 'summary')).toMatchObject({ applied: 0, failed: 0 });
  }, 120_000);

  it('--dry-run prints a unified diff and changes nothing', async () => {
    const prefix = `e2e-${run}/dry`;
    const dir = await folder('dry', { 'a.md': page('A', 'old text') });
    expect((await wikikit(['sync', 'push', dir, '--prefix', prefix], env)).code).toBe(0);
    await writeFile(join(dir, 'a.md'), page('A', 'new text'));
    const dry = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('-old text');
    expect(dry.stdout).toContain('+new text');
    expect(dry.stderr).toContain('nothing was changed');
    expect(await wikiContent(`${prefix}/a`)).toContain('old text');
    // …and the real run afterwards still has the change to make (the dry run recorded nothing).
    const real = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    expect(ndjson(real.stdout).find((e) => e['type'] === 'summary')).toMatchObject({ actions: { updated: 1 } });
  }, 120_000);

  it('push refuses to overwrite a page changed on the wiki (exit 3, diff), --force settles it', async () => {
    const prefix = `e2e-${run}/conflict-push`;
    const dir = await folder('conflict-push', { 'a.md': page('A', 'base') });
    expect((await wikikit(['sync', 'push', dir, '--prefix', prefix], env)).code).toBe(0);
    // Someone edits the page on the wiki, and we edit the file.
    const edit = await wikikit(['pages', 'put', `${prefix}/a`, '-'], env, { stdin: 'edited on the wiki\n' });
    expect(edit.code, edit.stderr).toBe(0);
    await writeFile(join(dir, 'a.md'), page('A', 'edited locally'));

    const push = await wikikit(['sync', 'push', dir, '--prefix', prefix], env);
    expect(push.code).toBe(3);
    expect(push.stdout).toContain('conflict');
    expect(push.stdout).toContain('-edited on the wiki');
    expect(push.stdout).toContain('+edited locally');
    expect(await wikiContent(`${prefix}/a`)).toContain('edited on the wiki');

    const forced = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--force'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await wikiContent(`${prefix}/a`)).toContain('edited locally');
  }, 120_000);

  it('pull refuses to overwrite a file changed locally (exit 3, diff)', async () => {
    const prefix = `e2e-${run}/conflict-pull`;
    const dir = await folder('conflict-pull', { 'a.md': page('A', 'base') });
    expect((await wikikit(['sync', 'push', dir, '--prefix', prefix], env)).code).toBe(0);
    expect((await wikikit(['pages', 'put', `${prefix}/a`, '-'], env, { stdin: 'wiki side\n' })).code).toBe(0);
    await writeFile(join(dir, 'a.md'), page('A', 'local side'));

    const pull = await wikikit(['sync', 'pull', dir, '--prefix', prefix], env);
    expect(pull.code).toBe(3);
    expect(pull.stdout).toContain('-local side');
    expect(pull.stdout).toContain('+wiki side');
    expect(await readFile(join(dir, 'a.md'), 'utf8')).toContain('local side');
  }, 120_000);

  it('pull brings new wiki pages into an empty folder', async () => {
    const prefix = `e2e-${run}/pull`;
    const src = await folder('pull-src', { 'x.md': page('X', 'ex'), 'deep/y.md': page('Y', 'why') });
    expect((await wikikit(['sync', 'push', src, '--prefix', prefix], env)).code).toBe(0);
    const dest = join(root, 'pull-dest');
    const pull = await wikikit(['sync', 'pull', dest, '--prefix', prefix], env);
    expect(pull.code, pull.stderr).toBe(0);
    expect(await readFile(join(dest, 'deep', 'y.md'), 'utf8')).toContain('why');
    expect(await readFile(join(dest, 'x.md'), 'utf8')).toMatch(/title: X/);
  }, 120_000);

  it('an interrupted push (Ctrl-C) resumes where it stopped, without conflicts or duplicate writes', async () => {
    const prefix = `e2e-${run}/resume`;
    // 150 pages on the sandbox; 10 on a real Wiki.js, which needs 2-15 s per created page (see fixtureSize).
    const total = fixtureSize(target, 150, 10);
    const files: Record<string, string> = {};
    for (let i = 0; i < total; i++) files[`p${String(i).padStart(3, '0')}.md`] = page(`Page ${i}`, `body ${i}`);
    const dir = await folder('resume', files);
    const { child, done } = spawnBin(['sync', 'push', dir, '--prefix', prefix, '--concurrency', '1'], env);
    // Interrupt as soon as the first change has been recorded in the state file.
    const stateFile = join(dir, '.wikikit-sync.json');
    while (!existsSync(stateFile) && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    const first = await done;
    expect(first.code, first.stderr).not.toBe(0);
    expect(first.stderr).toMatch(/not started \(interrupted\)/);

    const resumed = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const events = ndjson(resumed.stdout);
    expect(events.filter((e) => e['type'] === 'conflict')).toEqual([]);
    const created = (events.find((e) => e['type'] === 'summary')?.['actions'] as Record<string, number>)['created'] ?? 0;
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(total);

    const again = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    expect(ndjson(again.stdout).find((e) => e['type'] === 'summary')).toMatchObject({ applied: 0, failed: 0 });
    const listed = await wikikit(['pages', 'ls', '--prefix', prefix, '--json'], env);
    expect(ndjson(listed.stdout)).toHaveLength(total);
  }, bulkTimeout(120_000, 300_000));

  it('a push killed outright (crash) also resumes cleanly', async () => {
    const prefix = `e2e-${run}/crash`;
    // 60 pages on the sandbox; 8 on a real Wiki.js (2-15 s per created page, see fixtureSize).
    const total = fixtureSize(target, 60, 8);
    const files: Record<string, string> = {};
    for (let i = 0; i < total; i++) files[`c${i}.md`] = page(`Crash ${i}`, `body ${i}`);
    const dir = await folder('crash', files);
    const { child, done } = spawnBin(['sync', 'push', dir, '--prefix', prefix, '--concurrency', '1'], env);
    const stateFile = join(dir, '.wikikit-sync.json');
    while (!existsSync(stateFile) && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await done;
    const resumed = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ndjson(resumed.stdout).filter((e) => e['type'] === 'conflict')).toEqual([]);
    const listed = await wikikit(['pages', 'ls', '--prefix', prefix, '--json'], env);
    expect(ndjson(listed.stdout)).toHaveLength(total);
  }, bulkTimeout(120_000, 300_000));

  it('refuses paths that escape the folder: a crafted plan and a symlink out of DIR', async () => {
    const prefix = `e2e-${run}/escape`;
    const outside = join(root, 'outside');
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'secret.md'), page('Secret', 'must not be pushed'));
    const dir = await folder('escape', { 'ok.md': page('Ok', 'fine') });
    await symlink(join(outside, 'secret.md'), join(dir, 'link.md'));
    const push = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    const listed = ndjson((await wikikit(['pages', 'ls', '--prefix', prefix, '--json'], env)).stdout).map((e) => e['path']);
    expect(listed).toEqual([`${prefix}/ok`]);
    expect(push.stdout).not.toContain('must not be pushed');

    // A plan (e.g. edited by hand) that writes outside its folder is refused, nothing written.
    const planFile = join(root, 'evil-plan.json');
    const plan = {
      version: 1,
      job: 'sync-pull',
      wiki: { kind: 'wikijs-v2', url: target.url },
      dir,
      prefix,
      createdAt: new Date().toISOString(),
      changes: [{ kind: 'write-file', path: `${prefix}/x`, file: '../../escaped.md', fileContent: 'pwned', baseFileHash: null }],
      conflicts: [],
      skipped: [],
    };
    await writeFile(planFile, JSON.stringify(plan));
    const applied = await wikikit(['apply', planFile], env);
    expect(applied.code).not.toBe(0);
    expect(existsSync(join(root, '..', 'escaped.md'))).toBe(false);
    expect(existsSync(join(dir, '..', '..', 'escaped.md'))).toBe(false);
  }, 120_000);

  it('--plan writes a plan that `apply` carries out, refusing pages whose base moved', async () => {
    const prefix = `e2e-${run}/plan`;
    const dir = await folder('plan', { 'a.md': page('A', 'v1'), 'b.md': page('B', 'v1') });
    expect((await wikikit(['sync', 'push', dir, '--prefix', prefix], env)).code).toBe(0);
    await writeFile(join(dir, 'a.md'), page('A', 'v2'));
    await writeFile(join(dir, 'b.md'), page('B', 'v2'));
    const planFile = join(root, 'plan.json');
    const planned = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--plan', planFile], env);
    expect(planned.code, planned.stderr).toBe(0);
    expect(await wikiContent(`${prefix}/a`)).toContain('v1');
    // b moves on the wiki after the plan was made.
    expect((await wikikit(['pages', 'put', `${prefix}/b`, '-'], env, { stdin: 'someone else\n' })).code).toBe(0);
    const applied = await wikikit(['apply', planFile, '--json'], env);
    expect(applied.code).toBe(3);
    expect(await wikiContent(`${prefix}/a`)).toContain('v2');
    expect(await wikiContent(`${prefix}/b`)).toContain('someone else');
    expect(ndjson(applied.stdout).find((e) => e['type'] === 'failed')).toMatchObject({ path: `${prefix}/b`, error: { category: 'conflict' } });
  }, 120_000);

  it('no secret appears in any output, even with --verbose', async () => {
    const dir = await folder('secret', { 'a.md': page('A', 'x') });
    const outputs = await Promise.all([
      wikikit(['sync', 'push', dir, '--prefix', `e2e-${run}/secret`, '--verbose'], env),
      wikikit(['doctor', '--verbose'], env),
      wikikit(['pages', 'ls', '--json', '--verbose'], env),
      wikikit(['doctor'], { ...env, WIKIKIT_TOKEN: `${target.token}x` }),
    ]);
    for (const result of outputs) {
      expect(result.stdout + result.stderr).not.toContain(target.token);
    }
    expect(outputs[1]?.code).toBe(0);
    expect(outputs[1]?.stdout).toMatch(/✓ server: /);
    // doctor says in one line what is wrong.
    expect(outputs[3]?.code).toBe(4);
    expect(outputs[3]?.stdout.split('\n').filter((l) => l.startsWith('✗'))).toEqual([expect.stringMatching(/^✗ problem: the API key in WIKIKIT_TOKEN was refused by /)]);
  }, 120_000);
});
