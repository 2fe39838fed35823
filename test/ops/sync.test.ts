import { mkdtemp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import { applySyncPlan, planSync, runSync, syncStatus } from '../../src/ops/sync.js';
import { loadPlan, parsePlan, savePlan, serializePlan } from '../../src/ops/plan.js';
import type { SyncPlan } from '../../src/ops/sync.js';
import { executePlan } from '../../src/ops/execute-plan.js';
import { MemoryWiki } from '../helpers/memory-wiki.js';

let dir: string;
let outside: string;
let wiki: MemoryWiki;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wikikit-sync-'));
  outside = await mkdtemp(join(tmpdir(), 'wikikit-outside-'));
  wiki = new MemoryWiki();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

async function put(rel: string, text: string): Promise<void> {
  await mkdir(join(dir, rel, '..'), { recursive: true });
  await writeFile(join(dir, rel), text);
}

const doc = (title: string, body: string): string => `---\ntitle: ${title}\ntags: [a]\n---\n\n${body}\n`;

describe('push', () => {
  it('creates pages under the prefix with front matter applied, then a re-run writes and reads nothing', async () => {
    await put('guide.md', doc('Guide', '# Guide\nhello'));
    await put('sub/deep.md', '# Deep\n\nno front matter');
    const first = await runSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    expect(first.report?.failed).toEqual([]);
    expect([...wiki.pages.keys()].sort()).toEqual(['docs/guide', 'docs/sub/deep']);
    expect(wiki.pages.get('docs/guide')?.page).toMatchObject({ title: 'Guide', tags: ['a'], content: '# Guide\nhello\n' });
    expect(wiki.pages.get('docs/sub/deep')?.page.title).toBe('Deep');

    wiki.resetCounts();
    const second = await runSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    expect(second.plan.changes).toEqual([]);
    expect(second.plan.conflicts).toEqual([]);
    expect(wiki.writes()).toBe(0);
    expect(wiki.counts.getMany + wiki.counts.get).toBe(0);
    expect(wiki.counts.list).toBe(1);
  });

  it('never overwrites a page changed on the wiki since the last sync: conflict with a diff, force settles it', async () => {
    await put('alpha.md', doc('A', 'one'));
    await runSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    wiki.seed({ path: 'docs/alpha', content: 'edited on the wiki\n' });
    await put('alpha.md', doc('A', 'edited locally'));

    const result = await runSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    expect(result.plan.changes).toEqual([]);
    expect(result.plan.conflicts).toHaveLength(1);
    expect(result.plan.conflicts[0]?.diff).toContain('-edited on the wiki');
    expect(result.plan.conflicts[0]?.diff).toContain('+edited locally');
    expect(wiki.pages.get('docs/alpha')?.page.content).toBe('edited on the wiki\n');

    const forced = await runSync({ wiki, dir, direction: 'push', prefix: 'docs', resolve: ['alpha.md'] });
    expect(forced.report?.failed).toEqual([]);
    expect(wiki.pages.get('docs/alpha')?.page.content).toBe('edited locally\n');
  });

  it('applying a stale plan is refused per change with ConflictError, others still apply', async () => {
    await put('alpha.md', doc('A', 'one'));
    await put('beta.md', doc('B', 'one'));
    await runSync({ wiki, dir, direction: 'push' });
    await put('alpha.md', doc('A', 'two'));
    await put('beta.md', doc('B', 'two'));
    const plan = await planSync({ wiki, dir, direction: 'push' });
    expect(plan.changes.map((c) => c.kind)).toEqual(['update', 'update']);
    wiki.seed({ path: 'alpha', content: 'raced\n' });
    const planFile = join(outside, 'plan.json');
    await savePlan(plan, planFile);
    const loaded = (await loadPlan(planFile)) as SyncPlan;
    const report = await applySyncPlan(loaded, wiki);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.error).toBeInstanceOf(ConflictError);
    expect(report.applied.map((a) => a.change.path)).toEqual(['beta']);
    expect(wiki.pages.get('alpha')?.page.content).toBe('raced\n');
  });

  it('dry run changes nothing, neither wiki nor state file', async () => {
    await put('alpha.md', doc('A', 'one'));
    const result = await runSync({ wiki, dir, direction: 'push', dryRun: true });
    expect(result.plan.changes[0]?.diff).toContain('+one');
    expect(wiki.writes()).toBe(0);
    await expect(stat(join(dir, '.wikikit-sync.json'))).rejects.toThrow();
  });

  it('deletes only with --delete and only when the page is unchanged', async () => {
    await put('alpha.md', doc('A', 'one'));
    await runSync({ wiki, dir, direction: 'push' });
    await rm(join(dir, 'alpha.md'));
    const kept = await runSync({ wiki, dir, direction: 'push' });
    expect(kept.plan.skipped.map((s) => s.reason)).toContain('deleted locally; use --delete to delete the page');
    expect(wiki.pages.has('alpha')).toBe(true);
    await runSync({ wiki, dir, direction: 'push', delete: true });
    expect(wiki.pages.has('alpha')).toBe(false);
  });

  it('one failing page does not stop the others and the state keeps the successful ones', async () => {
    for (const n of [1, 2, 3]) await put(`p${n}.md`, doc(`P${n}`, 'x'));
    wiki.failOn('p2');
    const result = await runSync({ wiki, dir, direction: 'push' });
    expect(result.report?.failed.map((f) => f.change.path)).toEqual(['p2']);
    expect(wiki.pages.size).toBe(2);
    const state = JSON.parse(await readFile(join(dir, '.wikikit-sync.json'), 'utf8'));
    expect(Object.keys(state.targets[0].files).sort()).toEqual(['p1.md', 'p3.md']);
  });

  it('an interrupted run resumes: only the rest is sent', async () => {
    for (let n = 0; n < 10; n++) await put(`p${n}.md`, doc(`P${n}`, 'x'));
    const controller = new AbortController();
    let puts = 0;
    wiki.onPut = () => {
      if (++puts === 4) controller.abort(new Error('stop'));
    };
    const first = await runSync({ wiki, dir, direction: 'push', concurrency: 1, signal: controller.signal });
    expect(first.report?.skipped.length).toBeGreaterThan(0);
    const done = wiki.pages.size;
    expect(done).toBeLessThan(10);
    wiki.onPut = undefined;
    wiki.resetCounts();
    const second = await runSync({ wiki, dir, direction: 'push' });
    expect(second.report?.failed).toEqual([]);
    expect(wiki.counts.put).toBe(10 - done);
    expect(wiki.pages.size).toBe(10);
  });

  it('a crash between a write and its state update heals: equal content is recorded, not resent', async () => {
    await put('alpha.md', doc('A', 'one'));
    await runSync({ wiki, dir, direction: 'push' });
    await put('alpha.md', doc('A', 'two'));
    // Simulate: the page was written but the state file never learned it.
    wiki.seed({ path: 'alpha', content: 'two\n', title: 'A', tags: ['a'] });
    wiki.resetCounts();
    const result = await runSync({ wiki, dir, direction: 'push' });
    expect(result.plan.conflicts).toEqual([]);
    expect(result.plan.sync.record.map((r) => r.file)).toEqual(['alpha.md']);
    expect(wiki.counts.put).toBe(0);
  });

  it('refuses files that would map to reserved or illegal wiki paths and case collisions', async () => {
    await put('has space.md', 'x');
    await put('en/a.md', 'x');
    await put('Same.md', 'x');
    await put('same.md', 'x');
    await put('fine.md', 'x');
    await symlink(join(outside, 'secret.md'), join(dir, 'link.md'));
    await writeFile(join(outside, 'secret.md'), 'secret');
    const plan = await planSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    expect(plan.changes.map((c) => c.path)).toEqual(['docs/en/a', 'docs/fine']);
    const refused = plan.sync.refused.map((r) => r.file).sort();
    expect(refused).toEqual(['Same.md', 'has space.md', 'link.md', 'same.md']);
    // With a prefix, `en/` is not the first segment, so it is legal; without one it is a locale.
    const bare = await planSync({ wiki, dir, direction: 'push' });
    expect(bare.sync.refused.map((r) => r.file)).toContain('en/a.md');
    expect(bare.sync.refused.map((r) => r.file)).not.toContain('fine.md');
  });
});

describe('pull', () => {
  it('writes pages as files with front matter, keeps unknown keys, and a re-run writes nothing', async () => {
    wiki.seed({ path: 'docs/alpha', content: '# A\n', title: 'A', tags: ['x'] });
    wiki.seed({ path: 'docs/b/c', content: 'C body\n', title: 'C' });
    wiki.seed({ path: 'other/z', content: 'outside\n' });
    const result = await runSync({ wiki, dir, direction: 'pull', prefix: 'docs' });
    expect(result.report?.failed).toEqual([]);
    const a = await readFile(join(dir, 'alpha.md'), 'utf8');
    expect(a).toContain('title: A');
    expect(a).toContain('# A');
    await expect(stat(join(dir, 'z.md'))).rejects.toThrow();

    // A local unknown key survives a pull of a wiki change.
    await writeFile(join(dir, 'alpha.md'), a.replace('title: A', 'title: A\nowner: team'));
    await runSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    wiki.seed({ path: 'docs/alpha', content: '# A v2\n' });
    await runSync({ wiki, dir, direction: 'pull', prefix: 'docs' });
    const a2 = await readFile(join(dir, 'alpha.md'), 'utf8');
    expect(a2).toContain('owner: team');
    expect(a2).toContain('# A v2');

    wiki.resetCounts();
    const again = await runSync({ wiki, dir, direction: 'pull', prefix: 'docs' });
    expect(again.plan.changes).toEqual([]);
    expect(wiki.counts.getMany).toBe(0);
  });

  it('never overwrites a local file changed since: conflict with diff, file untouched', async () => {
    wiki.seed({ path: 'alpha', content: 'one\n', title: 'A' });
    await runSync({ wiki, dir, direction: 'pull' });
    const local = (await readFile(join(dir, 'alpha.md'), 'utf8')).replace('one', 'mine');
    await writeFile(join(dir, 'alpha.md'), local);
    wiki.seed({ path: 'alpha', content: 'theirs\n' });
    const result = await runSync({ wiki, dir, direction: 'pull' });
    expect(result.plan.conflicts).toHaveLength(1);
    expect(result.plan.conflicts[0]?.diff).toContain('+theirs');
    expect(await readFile(join(dir, 'alpha.md'), 'utf8')).toBe(local);
    await runSync({ wiki, dir, direction: 'pull', force: true });
    expect(await readFile(join(dir, 'alpha.md'), 'utf8')).toContain('theirs');
  });

  it('refuses wiki paths that would escape the folder or collide by case', async () => {
    wiki.seed({ path: 'docs/../../etc/passwd', content: 'x\n' });
    wiki.seed({ path: 'docs/CON', content: 'x\n' });
    wiki.seed({ path: 'docs/Dup', content: 'x\n' });
    wiki.seed({ path: 'docs/dup', content: 'x\n' });
    wiki.seed({ path: 'docs/fine', content: 'x\n' });
    const result = await runSync({ wiki, dir, direction: 'pull', prefix: 'docs' });
    expect(result.plan.changes.map((c) => c.file)).toEqual(['fine.md']);
    expect(result.plan.sync.refused.map((r) => r.path).sort()).toEqual(['docs/../../etc/passwd', 'docs/CON', 'docs/Dup', 'docs/dup']);
    await expect(stat(join(dir, '..', '..', 'etc', 'passwd.md'))).rejects.toThrow();
  });

  it('refuses to write through a symlinked folder pointing outside', async () => {
    await symlink(outside, join(dir, 'escape'));
    wiki.seed({ path: 'escape/x', content: 'x\n' });
    const result = await runSync({ wiki, dir, direction: 'pull' });
    expect(result.report?.failed).toHaveLength(1);
    await expect(stat(join(outside, 'x.md'))).rejects.toThrow();
  });

  it('deletes local files only with --delete', async () => {
    wiki.seed({ path: 'alpha', content: 'one\n' });
    await runSync({ wiki, dir, direction: 'pull' });
    await wiki.delete('alpha');
    await runSync({ wiki, dir, direction: 'pull' });
    await expect(stat(join(dir, 'alpha.md'))).resolves.toBeDefined();
    await runSync({ wiki, dir, direction: 'pull', delete: true });
    await expect(stat(join(dir, 'alpha.md'))).rejects.toThrow();
  });
});

describe('assets and status', () => {
  it('uploads relative images referenced by pushed pages, once', async () => {
    await put('guide.md', '# G\n\n![logo](img/logo.png)\n![remote](https://x/y.png)\n');
    await put('img/logo.png', 'PNG');
    await put('img/unused.png', 'PNG');
    await runSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    expect([...wiki.assets.keys()]).toEqual(['/docs/img/logo.png']);
    wiki.resetCounts();
    await runSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    expect(wiki.counts.uploadAsset).toBe(0);
  });

  it('status reports each side without reading bodies', async () => {
    await put('alpha.md', 'one');
    await runSync({ wiki, dir, direction: 'push' });
    await put('beta.md', 'new');
    wiki.seed({ path: 'alpha', content: 'changed\n' });
    wiki.resetCounts();
    const entries = await syncStatus({ wiki, dir });
    expect(entries).toEqual([
      { file: 'alpha.md', path: 'alpha', local: 'same', wiki: 'changed' },
      { file: 'beta.md', path: 'beta', local: 'new', wiki: 'absent' },
    ]);
    expect(wiki.counts.getMany + wiki.counts.get).toBe(0);
  });

  it('an edited plan touching a page outside its prefix is refused whole, before anything is done', async () => {
    await put('alpha.md', doc('A', 'one'));
    const plan = await planSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    expect(plan.changes.map((c) => c.path)).toEqual(['docs/alpha']);
    const evil: SyncPlan = {
      ...plan,
      changes: [...plan.changes, { kind: 'delete', path: 'docsx/victim', baseRevision: null }],
    };
    wiki.seed({ path: 'docsx/victim', content: 'keep me\n' });
    await expect(applySyncPlan(evil, wiki)).rejects.toThrow(/outside the plan's prefix "docs"/);
    const moved: SyncPlan = { ...plan, changes: [{ kind: 'move', path: 'docs/alpha', to: 'elsewhere/alpha' }] };
    await expect(applySyncPlan(moved, wiki)).rejects.toThrow(/"elsewhere\/alpha" is outside/);
    expect(wiki.pages.has('docs/alpha')).toBe(false);
    expect(wiki.pages.get('docsx/victim')?.page.content).toBe('keep me\n');
  });

  it('apply --dir carries a pull plan out into another folder', async () => {
    wiki.seed({ path: 'alpha', content: 'one\n', title: 'A' });
    const plan = await planSync({ wiki, dir, direction: 'pull' });
    const other = join(outside, 'copy');
    const report = await executePlan(plan, wiki, { dir: other });
    expect(report.failed).toEqual([]);
    expect(await readFile(join(other, 'alpha.md'), 'utf8')).toContain('one');
    await expect(stat(join(dir, 'alpha.md'))).rejects.toThrow();
  });

  it('plans round-trip through JSON', async () => {
    await put('alpha.md', 'one');
    const plan = await planSync({ wiki, dir, direction: 'push' });
    expect(parsePlan(JSON.parse(serializePlan(plan)))).toEqual(plan);
    expect(() => parsePlan({ version: 2 })).toThrow(/unsupported version/);
  });
});
