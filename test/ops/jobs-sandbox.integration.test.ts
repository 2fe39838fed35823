/**
 * The jobs against a real Wiki.js API: the sandbox by default, a real Wiki.js with
 * WIKIJS_URL + WIKIJS_TOKEN (pages go under a unique prefix).
 */
import { mkdtemp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import type { Wiki } from '../../src/model/wiki.js';
import { exportWiki, readManifest } from '../../src/ops/export.js';
import { importWiki } from '../../src/ops/import.js';
import { applyReplace, planReplace } from '../../src/ops/replace.js';
import { runBatch } from '../../src/ops/run-batch.js';
import { runSync } from '../../src/ops/sync.js';
import type { TransportEvent } from '../../src/transport/index.js';
import { WikiJsClient } from '../../src/wikijs/index.js';
import { wikiJsTarget, type WikiJsTarget } from '../helpers/wikijs-target.js';

const WRITE = /create|update|delete|move|upload/i;
const run = `ops${Date.now().toString(36)}`;
let target: WikiJsTarget;
let wiki: Wiki;
let events: TransportEvent[] = [];
let work: string;

function connect(t: WikiJsTarget, onEvent?: (e: TransportEvent) => void): Wiki {
  return new WikiJsClient({ url: t.url, apiKey: t.token }, { transport: onEvent ? { onEvent } : {}, cache: false }).asWiki();
}
const writes = (): number => events.filter((e) => e.type === 'response' && WRITE.test(e.operation)).length;
const reads = (): number => events.filter((e) => e.type === 'response' && !WRITE.test(e.operation)).length;

beforeAll(async () => {
  target = await wikiJsTarget();
  wiki = connect(target, (e) => events.push(e));
  work = await mkdtemp(join(tmpdir(), 'wikikit-jobs-'));
});
afterAll(async () => {
  await wiki.close();
  await target.close();
  await rm(work, { recursive: true, force: true });
});

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(work, name);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('sync against Wiki.js', () => {
  it('push, no-change re-run with zero writes, conflicts both ways, dry run changes nothing', async () => {
    const prefix = `${run}/sync`;
    const dir = await folder('sync', {
      'guide.md': '---\ntitle: Guide\ntags: [docs]\nowner: team\n---\n\n# Guide\n\nHello.\n',
      'deep/page.md': '# Deep page\n\nbody\n',
    });
    const first = await runSync({ wiki, dir, direction: 'push', prefix });
    expect(first.report?.failed).toEqual([]);
    expect((await wiki.get(`${prefix}/guide`))?.title).toBe('Guide');

    events = [];
    const again = await runSync({ wiki, dir, direction: 'push', prefix });
    expect(again.plan.changes).toEqual([]);
    expect(writes()).toBe(0);
    expect(reads()).toBeLessThanOrEqual(2);

    // Wiki side changes; local side changes: push refuses with a diff.
    const remote = await wiki.get(`${prefix}/guide`);
    await wiki.put({ path: `${prefix}/guide`, content: '# Guide\n\nEdited on the wiki.\n' }, { expectedRevision: remote!.revision });
    await writeFile(join(dir, 'guide.md'), '---\ntitle: Guide\ntags: [docs]\nowner: team\n---\n\n# Guide\n\nEdited locally.\n');
    const push = await runSync({ wiki, dir, direction: 'push', prefix });
    expect(push.plan.conflicts.map((c) => c.file)).toEqual(['guide.md']);
    expect(push.plan.conflicts[0]?.diff).toContain('+Edited locally.');
    expect((await wiki.get(`${prefix}/guide`))?.content).toContain('Edited on the wiki.');

    // Pull refuses too: the local file changed since the last sync.
    const pull = await runSync({ wiki, dir, direction: 'pull', prefix });
    expect(pull.plan.conflicts.map((c) => c.file)).toEqual(['guide.md']);
    expect(await readFile(join(dir, 'guide.md'), 'utf8')).toContain('Edited locally.');

    // Dry run of a forced pull: plan has the write, nothing changes.
    events = [];
    const dry = await runSync({ wiki, dir, direction: 'pull', prefix, force: true, dryRun: true });
    expect(dry.plan.changes.map((c) => c.kind)).toEqual(['write-file']);
    expect(writes()).toBe(0);
    expect(await readFile(join(dir, 'guide.md'), 'utf8')).toContain('Edited locally.');

    // Resolve per file toward the wiki; unknown front matter keys survive.
    await runSync({ wiki, dir, direction: 'pull', prefix, resolve: ['guide.md'] });
    const pulled = await readFile(join(dir, 'guide.md'), 'utf8');
    expect(pulled).toContain('Edited on the wiki.');
    expect(pulled).toContain('owner: team');
  });

  it('an interrupted push resumes without resending what was done', async () => {
    const prefix = `${run}/resume`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`page-${i}.md`] = `# Page ${i}\n`;
    const dir = await folder('resume', files);
    const controller = new AbortController();
    let creates = 0;
    const counting = connect(target, (e) => {
      if (e.type === 'response' && /create/i.test(e.operation) && ++creates === 3) controller.abort(new Error('interrupted'));
    });
    const first = await runSync({ wiki: counting, dir, direction: 'push', prefix, concurrency: 1, signal: controller.signal });
    expect(first.report?.skipped.length).toBeGreaterThan(0);
    await counting.close();
    events = [];
    const second = await runSync({ wiki, dir, direction: 'push', prefix });
    expect(second.report?.failed).toEqual([]);
    expect(second.plan.changes.length).toBe(8 - (first.report?.applied.length ?? 0));
    const listed = [];
    for await (const s of wiki.list({ prefix })) listed.push(s.path);
    expect(listed).toHaveLength(8);
  });

  it('pull downloads the images pages reference (download-asset), into a folder that did not exist', async () => {
    const prefix = `${run}/assets`;
    // A real PNG: the 1×1 pixel Wiki.js itself would accept from a browser upload.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const src = await folder('assets-src', { 'guide.md': '---\ntitle: Guide\n---\n\n![logo](img/logo.png)\n' });
    await mkdir(join(src, 'img'), { recursive: true });
    await writeFile(join(src, 'img', 'logo.png'), png);
    const pushed = await runSync({ wiki, dir: src, direction: 'push', prefix });
    expect(pushed.report?.failed).toEqual([]);
    expect(pushed.report?.applied.map((a) => a.outcome.action).sort()).toEqual(['created', 'uploaded']);

    const dest = join(work, 'assets-dest', 'new');
    const pulled = await runSync({ wiki, dir: dest, direction: 'pull', prefix });
    expect(pulled.report?.failed).toEqual([]);
    expect(pulled.plan.changes.map((c) => [c.kind, c.file]).sort()).toEqual([
      ['download-asset', 'img/logo.png'],
      ['write-file', 'guide.md'],
    ]);
    expect(Buffer.compare(await readFile(join(dest, 'img', 'logo.png')), png)).toBe(0);
    expect(await readFile(join(dest, 'guide.md'), 'utf8')).toContain('![logo](img/logo.png)');

    // Recorded: a second pull downloads nothing.
    const again = await runSync({ wiki, dir: dest, direction: 'pull', prefix });
    expect(again.plan.changes).toEqual([]);
  });

  it('refuses pulls that would escape the folder or collide by case', async () => {
    const prefix = `${run}/trav`;
    for (const path of ['con', 'Dup', 'dup', 'fine']) await wiki.put({ path: `${prefix}/${path}`, content: `${path}\n`, title: path });
    const outside = await mkdtemp(join(tmpdir(), 'wikikit-outside-'));
    const dir = await folder('trav', {});
    await symlink(outside, join(dir, 'sub'));
    await wiki.put({ path: `${prefix}/sub/inner`, content: 'x\n', title: 'inner' });
    const result = await runSync({ wiki, dir, direction: 'pull', prefix });
    // The symlink out of the folder is refused as a local entry too.
    expect(result.plan.sync.refused.map((r) => r.path).sort()).toEqual([`${prefix}/Dup`, `${prefix}/con`, `${prefix}/dup`, 'sub']);
    expect(result.report?.failed.map((f) => f.change.file)).toEqual(['sub/inner.md']);
    expect(await readFile(join(dir, 'fine.md'), 'utf8')).toContain('fine');
    await expect(stat(join(outside, 'inner.md'))).rejects.toThrow();
    await rm(outside, { recursive: true, force: true });
  });
});

describe('export / import / replace against Wiki.js', () => {
  it('export → import into an empty wiki → export gives identical checksums', async () => {
    const prefix = `${run}/exp`;
    for (let i = 0; i < 5; i++) {
      await wiki.put({ path: `${prefix}/p${i}`, content: `# P${i}\n\nbody ${i}\n`, title: `P${i}`, tags: ['exp'], description: `d${i}` });
    }
    const one = join(work, 'exp1.tar.gz');
    const first = await exportWiki({ wiki, target: one, prefix });
    expect(first.failed).toEqual([]);
    expect(first.pages).toBe(5);

    const empty = await wikiJsTarget();
    const other = connect(empty);
    try {
      const imported = await importWiki({ wiki: other, source: one });
      expect(imported.failed).toEqual([]);
      expect(imported.created).toHaveLength(5);
      await exportWiki({ wiki: other, target: join(work, 'exp2'), prefix });
      await exportWiki({ wiki, target: join(work, 'exp1'), prefix });
      const a = await readManifest(join(work, 'exp1'));
      const b = await readManifest(join(work, 'exp2'));
      expect(b.pages.map((p) => `${p.file} ${p.sha256}`)).toEqual(a.pages.map((p) => `${p.file} ${p.sha256}`));
    } finally {
      await other.close();
      await empty.close();
    }
  });

  it('replace across 100 pages: diffs, conflict-safe, one failure hides nothing', async () => {
    const prefix = `${run}/rep`;
    const seeded = await runBatch(
      Array.from({ length: 100 }, (_, i) => i),
      (i) => wiki.put({ path: `${prefix}/page-${i}`, content: `Welcome to Wikijs page ${i}.\n`, title: `Page ${i}` }, { expectedRevision: null }),
      { concurrency: 4 },
    );
    expect(seeded.failed).toEqual([]);
    const plan = await planReplace({ wiki, pattern: 'Wikijs', replacement: 'Wiki.js', pathPrefix: prefix });
    expect(plan.changes).toHaveLength(100);
    expect(plan.changes[0]?.diff).toContain('+Welcome to Wiki.js');
    // Someone edits one page after the preview: that one is refused, the other 99 go through.
    const raced = await wiki.get(`${prefix}/page-7`);
    await wiki.put({ path: `${prefix}/page-7`, content: 'Edited meanwhile, Wikijs.\n' }, { expectedRevision: raced!.revision });
    const summary = await applyReplace(plan, wiki, { concurrency: 4 });
    expect(summary.changed).toHaveLength(99);
    expect(summary.failed.map((f) => f.path)).toEqual([`${prefix}/page-7`]);
    expect(summary.failed[0]?.error).toBeInstanceOf(ConflictError);
    expect((await wiki.get(`${prefix}/page-7`))?.content).toBe('Edited meanwhile, Wikijs.\n');
    expect((await wiki.get(`${prefix}/page-42`))?.content).toBe('Welcome to Wiki.js page 42.\n');
  }, 120_000);
});
