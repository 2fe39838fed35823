/**
 * An admin upgrading from Wiki.js 2 to 3: a folder synced to a v2 wiki is exported and imported
 * into a v3 wiki, and every page (content, title, description, tags, draft state) and asset comes
 * through. Both ends are sandboxes (a real pair of servers needs WIKIJS_URL pairs, not covered).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../../src/model/page.js';
import type { Wiki } from '../../../src/model/wiki.js';
import { exportWiki } from '../../../src/ops/export.js';
import { importWiki } from '../../../src/ops/import.js';
import { runSync } from '../../../src/ops/sync.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { WikiJsClient } from '../../../src/wikijs/index.js';

let v2: Sandbox;
let v3: Sandbox;
let wiki2: Wiki;
let wiki3: Wiki;
let work: string;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

beforeAll(async () => {
  [v2, v3] = await Promise.all([startSandbox({ port: 0, quiet: true, wikijsVersion: 2 }), startSandbox({ port: 0, quiet: true, wikijsVersion: 3 })]);
  wiki2 = new WikiJsClient({ url: v2.url, apiKey: v2.token }, { version: 'auto', cache: false }).asWiki();
  wiki3 = new WikiJsClient({ url: v3.url, apiKey: v3.token }, { version: 'auto', cache: false }).asWiki();
  work = await mkdtemp(join(tmpdir(), 'wikikit-v2v3-'));
});
afterAll(async () => {
  await Promise.all([wiki2.close(), wiki3.close()]);
  await Promise.all([v2.close(), v3.close()]);
  await rm(work, { recursive: true, force: true });
});

async function collect(wiki: Wiki, prefix: string): Promise<Map<string, Page>> {
  const paths: string[] = [];
  for await (const summary of wiki.list({ prefix })) paths.push(summary.path);
  const pages = await wiki.getMany(paths);
  const out = new Map<string, Page>();
  for (const [path, page] of pages) if (page) out.set(path, page);
  return out;
}

describe('migrating a synced folder from Wiki.js 2 to Wiki.js 3', () => {
  it('sync → v2, export v2, import into v3: same pages, content and assets', async () => {
    const dir = join(work, 'docs');
    const files: Record<string, string> = {
      'index.md': '---\ntitle: Handbook\ndescription: Start here\ntags: [handbook, Intro]\n---\n\n# Handbook\n\nSee [setup](/docs/guides/setup) and ![logo](./img/logo.png).\n',
      'guides/setup.md': '---\ntitle: Setup\ntags: [guide]\n---\n\n# Setup\n\n1. Install\n2. Run\n',
      'guides/faq.md': '# FAQ\n\n**Q.** Why?\n\n**A.** Because.\n',
      'drafts/wip.md': '---\ntitle: Work in progress\npublished: false\n---\n\nNot ready.\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(join(dir, rel, '..'), { recursive: true });
      await writeFile(join(dir, rel), text);
    }
    await mkdir(join(dir, 'img'), { recursive: true });
    await writeFile(join(dir, 'img', 'logo.png'), PNG);

    const pushed = await runSync({ wiki: wiki2, dir, direction: 'push', prefix: 'docs' });
    expect(pushed.report?.failed ?? []).toEqual([]);
    const source = await collect(wiki2, 'docs');
    expect([...source.keys()].sort()).toEqual(['docs/drafts/wip', 'docs/guides/faq', 'docs/guides/setup', 'docs/index']);

    const exported = await exportWiki({ wiki: wiki2, target: join(work, 'export'), prefix: 'docs', withAssets: true });
    expect(exported).toBeDefined();
    const imported = await importWiki({ wiki: wiki3, source: join(work, 'export') });
    expect(imported.failed).toEqual([]);
    expect([...imported.created].sort()).toEqual([...source.keys()].sort());

    const target = await collect(wiki3, 'docs');
    expect([...target.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [path, page] of source) {
      const copy = target.get(path);
      expect(copy, path).toBeDefined();
      expect({ path: copy?.path, title: copy?.title, description: copy?.description, content: copy?.content, tags: [...(copy?.tags ?? [])].sort(), published: copy?.published, format: copy?.format }, path)
        .toEqual({ path: page.path, title: page.title, description: page.description, content: page.content, tags: [...page.tags].sort(), published: page.published, format: page.format });
      expect(copy?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(wiki3.kind).toBe('wikijs-v3');

    const assets2 = [];
    for await (const a of wiki2.listAssets?.() ?? []) assets2.push(a.path);
    const assets3 = [];
    for await (const a of wiki3.listAssets?.() ?? []) assets3.push(a.path);
    expect(assets2.length).toBeGreaterThan(0);
    expect(assets3.sort()).toEqual(assets2.sort());
    for (const path of assets2) expect(await wiki3.downloadAsset?.(path)).toEqual(await wiki2.downloadAsset?.(path));

    // Importing again changes nothing: a resumed migration is safe.
    const again = await importWiki({ wiki: wiki3, source: join(work, 'export') });
    expect(again.created).toEqual([]);
    expect([...again.unchanged].sort()).toEqual([...source.keys()].sort());
  });
});
