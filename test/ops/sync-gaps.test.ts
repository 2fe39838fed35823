/**
 * Sync edge cases: asset uploads that fail are retried, pulls into a missing folder, and the
 * MediaWiki spelling of titles (a MemoryWiki that normalises titles the way MediaWiki does).
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors.js';
import type { AssetRef, PageInput } from '../../src/model/page.js';
import { normalizeMediaWikiTitle, normalizePathFor, resolveInside } from '../../src/model/path.js';
import type { PutOptions, PutResult } from '../../src/model/wiki.js';
import { exportWiki } from '../../src/ops/export.js';
import { importWiki, planImport } from '../../src/ops/import.js';
import { runSync } from '../../src/ops/sync.js';
import { MemoryWiki } from '../helpers/memory-wiki.js';

let dir: string;
let wiki: MemoryWiki;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wikikit-gaps-'));
  wiki = new MemoryWiki();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(root: string, rel: string, text: string): Promise<void> {
  await mkdir(join(root, rel, '..'), { recursive: true });
  await writeFile(join(root, rel), text);
}

/** MediaWiki stores `wkt_a` as `Wkt a`; this wiki does the same, so path mismatches show up. */
class MediaWikiLike extends MemoryWiki {
  override readonly capabilities = { assets: true, history: true, tags: true, locales: false, formats: ['wikitext' as const] };
  constructor() {
    super('mediawiki');
  }
  override async put(input: PageInput, options?: PutOptions): Promise<PutResult> {
    return super.put({ ...input, path: normalizeMediaWikiTitle(input.path), format: 'wikitext' }, options);
  }
}

describe('asset uploads that fail', () => {
  it('are retried by the next push although no page changed', async () => {
    await put(dir, 'guide.md', '# G\n\n![logo](img/logo.png)\n');
    await put(dir, 'img/logo.png', 'PNG');
    const upload = wiki.uploadAsset.bind(wiki);
    let fail = true;
    wiki.uploadAsset = async (name: string, data: Uint8Array, options?: { folder?: string }): Promise<AssetRef> => {
      if (fail) throw new NetworkError('connection reset while uploading', {});
      return upload(name, data, options);
    };
    const first = await runSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    expect(first.report?.failed.map((f) => f.change.kind)).toEqual(['upload-asset']);
    expect(wiki.assets.size).toBe(0);
    expect(wiki.pages.has('docs/guide')).toBe(true);

    fail = false;
    const second = await runSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    expect(second.plan.changes.map((c) => [c.kind, c.reason])).toEqual([['upload-asset', 'retrying an upload that did not complete']]);
    expect(second.report?.failed).toEqual([]);
    expect([...wiki.assets.keys()]).toEqual(['/docs/img/logo.png']);

    wiki.resetCounts();
    const third = await runSync({ wiki, dir, direction: 'push', prefix: 'docs' });
    expect(third.plan.changes).toEqual([]);
    expect(wiki.writes()).toBe(0);
  });
});

describe('pull into a folder that does not exist', () => {
  it('creates the folder and writes the pages and their images', async () => {
    const src = join(dir, 'src');
    await put(src, 'guide.md', '---\ntitle: Guide\n---\n\n![logo](img/logo.png)\n');
    await put(src, 'img/logo.png', 'PNG-BYTES');
    await runSync({ wiki, dir: src, direction: 'push', prefix: 'docs' });

    const dest = join(dir, 'fresh', 'nested');
    const pulled = await runSync({ wiki, dir: dest, direction: 'pull', prefix: 'docs' });
    expect(pulled.report?.failed).toEqual([]);
    expect(await readFile(join(dest, 'guide.md'), 'utf8')).toContain('title: Guide');
    expect(await readFile(join(dest, 'img', 'logo.png'), 'utf8')).toBe('PNG-BYTES');
  });

  it('resolveInside says the folder is missing instead of blaming a symlink', async () => {
    await expect(resolveInside(join(dir, 'missing'), 'a.md')).rejects.toThrow(/folder .*missing does not exist/);
  });
});

describe('MediaWiki titles', () => {
  it('normalises like MediaWiki: underscores, spaces, first letter, namespaces', () => {
    expect(normalizeMediaWikiTitle('wkt_x/two__page ')).toBe('Wkt x/two page');
    expect(normalizeMediaWikiTitle('help:foo_bar')).toBe('Help:Foo bar');
    expect(normalizeMediaWikiTitle('Not a ns: thing')).toBe('Not a ns: thing');
    expect(normalizePathFor('wikijs-v2', '/docs/a_b/')).toBe('docs/a_b');
  });

  it('a push under a lower-case, underscored prefix re-runs with zero writes; Markdown files are refused', async () => {
    const mw = new MediaWikiLike();
    await put(dir, 'one.wiki', '---\ntitle: One\n---\nbody one\n');
    await put(dir, 'two_page.wiki', 'body two\n');
    await put(dir, 'readme.md', '# not wikitext\n');
    const first = await runSync({ wiki: mw, dir, direction: 'push', prefix: 'wkt_run/sync' });
    expect(first.plan.changes.map((c) => c.path).sort()).toEqual(['Wkt run/sync/one', 'Wkt run/sync/two page']);
    expect(first.plan.sync.refused).toEqual([expect.objectContaining({ file: 'readme.md', reason: expect.stringMatching(/wikitext; name the file "readme\.wiki"/) })]);
    expect([...mw.pages.keys()].sort()).toEqual(['Wkt run/sync/one', 'Wkt run/sync/two page']);

    mw.resetCounts();
    const second = await runSync({ wiki: mw, dir, direction: 'push', prefix: 'wkt_run/sync' });
    expect(second.plan.changes).toEqual([]);
    expect(second.plan.conflicts).toEqual([]);
    expect(mw.writes()).toBe(0);

    const dest = join(dir, 'pulled');
    const pulled = await runSync({ wiki: mw, dir: dest, direction: 'pull', prefix: 'Wkt run/sync' });
    expect(pulled.report?.failed).toEqual([]);
    expect(await readFile(join(dest, 'two page.wiki'), 'utf8')).toContain('body two');
  });
});

describe('import of a MediaWiki export into a Wiki.js', () => {
  it('converts wikitext titles and content so the pages land as Markdown pages', async () => {
    const mw = new MediaWikiLike();
    await mw.put({ path: 'Run x/Main page', content: "Hello '''bold''' see [[Run x/Other page|other]].\n[[Category:Guides]]", title: 'Run x/Main page' });
    await mw.put({ path: 'Run x/Other page', content: '== Heading ==\ntext', title: 'Run x/Other page' });
    const backup = join(dir, 'mw-export');
    const exported = await exportWiki({ wiki: mw, target: backup, prefix: 'Run x' });
    expect(exported.failed).toEqual([]);

    const plan = await planImport({ wiki, source: backup });
    expect(plan.changes.map((c) => c.path).sort()).toEqual(['run-x/main-page', 'run-x/other-page']);

    const result = await importWiki({ wiki, source: backup });
    expect(result.failed).toEqual([]);
    expect(result.created.sort()).toEqual(['run-x/main-page', 'run-x/other-page']);
    const main = wiki.pages.get('run-x/main-page')?.page;
    expect(main?.content).toContain('**bold**');
    expect(main?.content).toContain('](/run-x/other-page)');
    expect(main?.title).toBe('Run x/Main page');
    expect(main?.tags).toContain('guides');
    expect(wiki.pages.get('run-x/other-page')?.page.content).toMatch(/^## Heading/m);

    // Importing again is a no-op (resumable), not a conflict.
    const again = await importWiki({ wiki, source: backup });
    expect(again.failed).toEqual([]);
    expect(again.unchanged).toHaveLength(2);
  });
});
