import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/errors.js';
import type { PageSummary } from '../../../src/model/page.js';
import { useWiki, VERSIONS_2_3 } from './context.js';

describe.each(VERSIONS_2_3)('asWiki() (the page model) on Wiki.js %i', (version) => {
  const wiki = useWiki('backend', version);

  it('put creates, updates only what differs, reports unchanged, and guards revisions', async () => {
    const backend = wiki.client.asWiki();
    expect(backend.kind).toBe(version === 2 ? 'wikijs-v2' : 'wikijs-v3');
    const path = `${wiki.prefix}/put`;
    const created = await backend.put({ path, content: '# Put\n', title: 'Put', tags: ['model'] }, { expectedRevision: null });
    expect(created.action).toBe('created');
    expect(created.page).toMatchObject({ path, title: 'Put', format: 'markdown', published: true, tags: ['model'] });
    const same = await backend.put({ path, content: '# Put\n' });
    expect(same.action).toBe('unchanged');
    const twoTags = await backend.put({ path, content: '# Put\n', tags: ['model', 'extra'] });
    expect(twoTags.action).toBe('updated');
    // Tags are a set on Wiki.js: another order is no change, and no history entry.
    expect((await backend.put({ path, content: '# Put\n', tags: ['extra', 'model'] })).action).toBe('unchanged');
    await backend.put({ path, content: '# Put\n', tags: ['model'] });
    const current = await backend.get(path);
    const updated = await backend.put({ path, content: '# Put v2\n' }, { expectedRevision: current!.revision });
    expect(updated.action).toBe('updated');
    expect(updated.page).toMatchObject({ title: 'Put', tags: ['model'], content: '# Put v2\n' });
    await expect(backend.put({ path, content: 'stale' }, { expectedRevision: created.page.revision })).rejects.toBeInstanceOf(ConflictError);
    await expect(backend.put({ path, content: 'again' }, { expectedRevision: null })).rejects.toBeInstanceOf(ConflictError);
    expect((await backend.get(path))?.content).toBe('# Put v2\n');
  });

  it('lists under a prefix, gets many, searches, moves, keeps history and deletes', async () => {
    const backend = wiki.client.asWiki();
    const base = `${wiki.prefix}/model`;
    const word = wiki.unique('findme');
    await backend.put({ path: `${base}/a`, content: 'a1', title: `A ${word}` });
    await backend.put({ path: `${base}/b`, content: 'b1', title: 'B' });
    await backend.put({ path: `${base}x/c`, content: 'c1', title: 'C' });
    const listed: PageSummary[] = [];
    for await (const summary of backend.list({ prefix: base })) listed.push(summary);
    expect(listed.map((p) => p.path).sort()).toEqual([`${base}/a`, `${base}/b`]);
    const many = await backend.getMany([`${base}/a`, `${base}/none`]);
    expect(many.get(`${base}/a`)?.content).toBe('a1');
    expect(many.get(`${base}/none`)).toBeUndefined();
    expect((await backend.search(word)).map((p) => p.path)).toEqual([`${base}/a`]);
    await backend.put({ path: `${base}/a`, content: 'a2' });
    const history = await backend.history(`${base}/a`, { withContent: true });
    expect(history[0]?.content).toBe('a2');
    expect(history.some((r) => r.content === 'a1')).toBe(true);
    await backend.move(`${base}/b`, `${base}/b-moved`);
    expect(await backend.get(`${base}/b`)).toBeUndefined();
    expect((await backend.get(`${base}/b-moved`))?.content).toBe('b1');
    await backend.delete(`${base}/b-moved`);
    await expect(backend.delete(`${base}/b-moved`)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('uploads, lists and downloads assets', async () => {
    const backend = wiki.client.asWiki();
    const folder = wiki.unique('assets');
    const ref = await backend.uploadAsset!('Note File.bin', new Uint8Array([1, 2, 3, 4]), { folder: `${folder}/nested` });
    expect(ref).toMatchObject({ path: `/${folder}/nested/note_file.bin`, size: 4 });
    expect(Array.from(await backend.downloadAsset!(ref.path))).toEqual([1, 2, 3, 4]);
    const all = [];
    for await (const asset of backend.listAssets!()) all.push(asset.path);
    expect(all).toContain(ref.path);
  });
});
