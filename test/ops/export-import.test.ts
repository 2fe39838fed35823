import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import { exportWiki, readManifest } from '../../src/ops/export.js';
import { importWiki, planImport } from '../../src/ops/import.js';
import { MemoryWiki } from '../helpers/memory-wiki.js';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'wikikit-export-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

function seeded(): MemoryWiki {
  const wiki = new MemoryWiki();
  wiki.seed({ path: 'docs/alpha', content: '# Alpha\n', title: 'Alpha', tags: ['t1'], description: 'd' });
  wiki.seed({ path: 'docs/alpha', content: '# Alpha v2\n' });
  wiki.seed({ path: 'docs/sub/beta', content: 'Beta ![i](img.png)\n', title: 'Beta', published: false });
  wiki.seed({ path: 'home', content: 'Home\n', title: 'Home', format: 'html' });
  wiki.assets.set('/docs/sub/img.png', new Uint8Array([1, 2, 3]));
  return wiki;
}

describe('export / import', () => {
  it('round trip export → import → export gives identical files and checksums (folder and tar.gz)', async () => {
    const source = seeded();
    const first = await exportWiki({ wiki: source, target: join(work, 'one'), withHistory: true, withAssets: true });
    expect(first.failed).toEqual([]);
    const m1 = await readManifest(join(work, 'one'));
    expect(m1.pages.map((p) => p.file)).toEqual(['pages/en/docs/alpha.md', 'pages/en/docs/sub/beta.md', 'pages/en/home.html']);
    expect(m1.pages[0]?.history).toHaveLength(2);
    expect(m1.assets.map((a) => a.path)).toEqual(['/docs/sub/img.png']);

    const archive = join(work, 'one.tar.gz');
    await exportWiki({ wiki: source, target: archive, withAssets: true });
    await expect(stat(`${archive}.partial`)).rejects.toThrow();

    const target = new MemoryWiki();
    const imported = await importWiki({ wiki: target, source: archive });
    expect(imported.failed).toEqual([]);
    expect(imported.created.sort()).toEqual(['docs/alpha', 'docs/sub/beta', 'home']);
    expect(imported.assets).toBe(1);

    await exportWiki({ wiki: target, target: join(work, 'two'), withAssets: true });
    const m2 = await readManifest(join(work, 'two'));
    const sums = (m: typeof m1): string[] => [...m.pages, ...m.assets].map((p) => `${p.file} ${p.sha256}`);
    expect(sums(m2)).toEqual(sums(m1));
    expect(await readFile(join(work, 'two', 'pages/en/docs/sub/beta.md'), 'utf8')).toBe(await readFile(join(work, 'one', 'pages/en/docs/sub/beta.md'), 'utf8'));
  });

  it('import resumes (identical pages count as done) and never overwrites a different page', async () => {
    await exportWiki({ wiki: seeded(), target: join(work, 'e') });
    const target = new MemoryWiki();
    target.seed({ path: 'docs/alpha', content: '# Alpha v2\n', title: 'Alpha', tags: ['t1'], description: 'd' });
    target.seed({ path: 'home', content: 'someone else\n' });
    const plan = await planImport({ wiki: target, source: join(work, 'e') });
    expect(plan.changes.map((c) => c.path)).toEqual(['docs/sub/beta', 'home']);
    const result = await importWiki({ wiki: target, source: join(work, 'e') });
    expect(result.unchanged).toEqual(['docs/alpha']);
    expect(result.created).toEqual(['docs/sub/beta']);
    expect(result.failed.map((f) => f.path)).toEqual(['home']);
    expect(result.failed[0]?.error).toBeInstanceOf(ConflictError);
    expect(target.pages.get('home')?.page.content).toBe('someone else\n');
  });

  it('refuses a damaged export before writing anything', async () => {
    await exportWiki({ wiki: seeded(), target: join(work, 'e') });
    await writeFile(join(work, 'e', 'pages/en/home.html'), 'tampered');
    const target = new MemoryWiki();
    const result = await importWiki({ wiki: target, source: join(work, 'e'), concurrency: 1 });
    expect(result.failed.map((f) => String(f.error))).toEqual([expect.stringContaining('checksum')]);
    expect(target.pages.has('home')).toBe(false);
  });

  it('a resumed export skips pages already written at the same revision', async () => {
    const wiki = seeded();
    const dir = join(work, 'r');
    await exportWiki({ wiki, target: dir });
    // Pretend the run was interrupted: restore the journal from the manifest.
    const manifest = await readManifest(dir);
    await writeFile(join(dir, '.export-journal.ndjson'), manifest.pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
    wiki.seed({ path: 'home', content: 'Home v2\n' });
    wiki.resetCounts();
    const again = await exportWiki({ wiki, target: dir });
    expect(again.resumed).toBe(2);
    expect(again.pages).toBe(3);
    expect(await readFile(join(dir, 'pages/en/home.html'), 'utf8')).toContain('Home v2');
  });
});
