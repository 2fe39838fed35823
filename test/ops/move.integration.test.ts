import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NetworkError, UsageError } from '../../src/errors.js';
import type { MoveOptions } from '../../src/model/wiki.js';
import { applyMovePlan, checkLinks, planMove, type MovePlan } from '../../src/ops/move/index.js';
import { planHash } from '../../src/ops/move/journal.js';
import { parsePlan, serializePlan } from '../../src/ops/plan.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { WikiJsClient } from '../../src/wikijs/index.js';
import { MemoryWiki } from '../helpers/memory-wiki.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wikikit-move-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A wiki whose first move of `path` is applied but its answer lost (a reset after send). */
class LossyWiki extends MemoryWiki {
  readonly lose = new Set<string>();
  override async move(from: string, to: string, options: MoveOptions = {}): Promise<void> {
    await super.move(from, to, options);
    if (this.lose.delete(from)) throw new NetworkError(`socket reset after sending the move of ${from}`);
  }
}

function seedTree(wiki: MemoryWiki): void {
  wiki.seed({ path: 'docs', content: '# Docs\n\n[a](a) is a child link; [b](/docs/b)\n' });
  wiki.seed({ path: 'docs/a', content: '# A\n\n[b](./b) [home](/home)\n' });
  wiki.seed({ path: 'docs/b', content: '# B\n\n[a](/en/docs/a#top)\n' });
  wiki.seed({ path: 'home', content: '# Home\n\n[docs](docs) [b](/docs/b "B")\n' });
  wiki.seed({ path: 'other', content: '# Other\n\nnothing to see\n' });
}

describe('planMove', () => {
  it('lists every move and every rewrite, and writes nothing', async () => {
    const wiki = new MemoryWiki();
    seedTree(wiki);
    wiki.resetCounts();
    const plan = await planMove({ wiki, from: 'docs', to: 'manual' });
    expect(wiki.writes()).toBe(0);
    expect(plan.move.pages.map((p) => [p.from, p.to])).toEqual([
      ['docs', 'manual'],
      ['docs/a', 'manual/a'],
      ['docs/b', 'manual/b'],
    ]);
    expect(plan.move.rewrites.map((r) => [r.path, r.from, r.to])).toEqual([
      ['docs', '/docs/b', '/manual/b'],
      ['docs/b', '/en/docs/a#top', '/en/manual/a#top'],
      ['home', 'docs', 'manual'],
      ['home', '/docs/b', '/manual/b'],
    ]);
    // Rewrites of moved pages come first, then the moves, then the pages linking in.
    expect(plan.changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['update docs', 'update docs/b', 'move docs', 'move docs/a', 'move docs/b', 'update home']);
    expect(plan.conflicts).toEqual([]);
    // A plan survives its file.
    expect(parsePlan(JSON.parse(serializePlan(plan)))).toEqual(plan);
  });

  it('refuses collisions, a missing source and a move into its own subtree', async () => {
    const wiki = new MemoryWiki();
    seedTree(wiki);
    const clash = await planMove({ wiki, from: 'docs/a', to: 'other', pageOnly: true });
    expect(clash.conflicts).toEqual([expect.objectContaining({ path: 'docs/a', reason: expect.stringContaining('already exists') as string })]);
    await expect(planMove({ wiki, from: 'nothing', to: 'x' })).rejects.toThrow(/nothing to move/);
    await expect(planMove({ wiki, from: 'docs', to: 'docs/old' })).rejects.toThrow(UsageError);
    await expect(applyMovePlan(clash, wiki, { journal: join(dir, 'j.json') })).rejects.toThrow(ConflictError);
    expect(wiki.writes()).toBe(0);
  });

  it('--page-only moves one page and spells its relative links back to where they still point', async () => {
    const wiki = new MemoryWiki();
    seedTree(wiki);
    const plan = await planMove({ wiki, from: 'docs', to: 'guide', pageOnly: true });
    expect(plan.move.pages.map((p) => p.to)).toEqual(['guide']);
    expect(plan.move.rewrites.filter((r) => r.path === 'docs').map((r) => [r.from, r.to])).toEqual([['a', '/docs/a']]);
  });
});

describe('applyMovePlan', () => {
  it('moves, rewrites and leaves 0 broken links; a lost answer is settled by reading, never resent', async () => {
    const wiki = new LossyWiki();
    seedTree(wiki);
    const plan = await planMove({ wiki, from: 'docs', to: 'manual' });
    wiki.lose.add('docs/a');
    wiki.resetCounts();
    const report = await applyMovePlan(plan, wiki, { journal: join(dir, 'j.json') });
    expect(report.failed).toEqual([]);
    expect(report.journal.complete).toBe(true);
    expect(wiki.counts.move).toBe(3); // the lost one was not sent again
    expect([...wiki.pages.keys()].sort()).toEqual(['home', 'manual', 'manual/a', 'manual/b', 'other']);
    expect(wiki.pages.get('home')?.page.content).toBe('# Home\n\n[docs](manual) [b](/manual/b "B")\n');
    expect(wiki.pages.get('manual')?.page.content).toContain('[a](a)'); // still a child link: manual/a
    const links = await checkLinks({ wiki });
    expect(links.broken).toEqual([]);
    const journal = JSON.parse(await readFile(join(dir, 'j.json'), 'utf8')) as { plan: string; steps: Record<string, { state: string; how?: string }> };
    expect(journal.plan).toBe(planHash(plan));
    expect(Object.values(journal.steps).every((s) => s.state === 'done')).toBe(true);
    expect(Object.values(journal.steps).filter((s) => s.how === 'reconciled')).toHaveLength(1);
  });

  it('resumes a journal whose step was in flight when the process died: settled from the wiki, nothing moved twice', async () => {
    const wiki = new MemoryWiki();
    seedTree(wiki);
    const plan = await planMove({ wiki, from: 'docs', to: 'manual' });
    const file = join(dir, 'j.json');
    // The first run did the two rewrites, sent the move of "docs" and died before recording it.
    await wiki.put(plan.changes[0]?.input ?? { path: '', content: '' });
    const rewritten = await wiki.put(plan.changes[1]?.input ?? { path: '', content: '' });
    await wiki.move('docs', 'manual');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        kind: 'wikikit-move-journal',
        plan: planHash(plan),
        wiki: wiki.url,
        createdAt: new Date().toISOString(),
        steps: { 0: { state: 'done', at: '' }, 1: { state: 'done', at: '', revision: rewritten.page.revision }, 2: { state: 'started', at: '' } },
      }),
    );
    wiki.resetCounts();
    const report = await applyMovePlan(plan, wiki, { journal: file });
    expect(report.failed).toEqual([]);
    expect(report.alreadyDone).toBe(2);
    expect(wiki.counts.move).toBe(2); // docs/a and docs/b; docs was settled as moved
    expect(wiki.counts.put).toBe(1); // home only
    expect([...wiki.pages.keys()].sort()).toEqual(['home', 'manual', 'manual/a', 'manual/b', 'other']);
  });

  it('refuses the whole move when a page changed since the plan, and a journal of another plan', async () => {
    const wiki = new MemoryWiki();
    seedTree(wiki);
    const plan = await planMove({ wiki, from: 'docs', to: 'manual' });
    wiki.seed({ path: 'home', content: '# Home edited\n\n[docs](docs)\n' });
    wiki.resetCounts();
    await expect(applyMovePlan(plan, wiki, { journal: join(dir, 'j.json') })).rejects.toThrow(/changed since the move was planned/);
    expect(wiki.writes()).toBe(0);
    await writeFile(join(dir, 'other.json'), JSON.stringify({ version: 1, kind: 'wikikit-move-journal', plan: 'x', wiki: '', createdAt: '', steps: {} }));
    await expect(applyMovePlan(plan, wiki, { journal: join(dir, 'other.json') })).rejects.toThrow(/belongs to another plan/);
  });

  it('a page edited during the move is refused by its revision; its move is not run, the rest goes on', async () => {
    const wiki = new MemoryWiki();
    seedTree(wiki);
    const plan: MovePlan = await planMove({ wiki, from: 'docs', to: 'manual' });
    wiki.onPut = (input) => {
      if (input.path === 'docs') wiki.seed({ path: 'docs', content: 'edited meanwhile' });
    };
    const report = await applyMovePlan(plan, wiki, { journal: join(dir, 'j.json'), concurrency: 1 });
    expect(report.failed.map((f) => `${f.change.kind} ${f.change.path}`)).toEqual(['update docs', 'move docs']);
    expect(report.failed[0]?.error).toBeInstanceOf(ConflictError);
    expect(wiki.pages.get('docs')?.page.content).toBe('edited meanwhile');
    expect(report.journal.complete).toBe(false);
    expect(wiki.pages.has('manual/a')).toBe(true);
  });
});

describe('on the Wiki.js 3 sandbox', () => {
  it('plans, applies and checks the same way', async () => {
    await using sandbox = await startSandbox({ port: 0, quiet: true, wikijsVersion: 3 });
    await using client = new WikiJsClient({ url: sandbox.url, apiKey: sandbox.token });
    const wiki = client.asWiki();
    await wiki.put({ path: 'team/a', content: '# A\n\n[b](/team/b)\n', title: 'A' });
    await wiki.put({ path: 'team/b', content: '# B\n', title: 'B' });
    await wiki.put({ path: 'index', content: '# I\n\n[a](/en/team/a)\n', title: 'I' });
    const plan = await planMove({ wiki, from: 'team', to: 'crew' });
    expect(plan.move.warnings.map((w) => w.reason).join(' ')).toContain('link table');
    const report = await applyMovePlan(plan, wiki, { journal: join(dir, 'v3.json') });
    expect(report.failed).toEqual([]);
    expect((await wiki.get('index'))?.content).toBe('# I\n\n[a](/en/crew/a)\n');
    expect((await wiki.get('crew/a'))?.content).toBe('# A\n\n[b](/crew/b)\n');
    expect(await wiki.get('team/a')).toBeUndefined();
    expect((await checkLinks({ wiki })).broken).toEqual([]);
  });
});
