import { afterAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors.js';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import { mediaWikiEnv, uniqueTitle } from '../../helpers/mediawiki-env.js';

const env = mediaWikiEnv();

describe.skipIf(!env)('MediaWikiClient#asWiki() (real MediaWiki 1.39)', () => {
  const e = env!;
  const client = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password });
  const tester = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username2, password: e.password2 });
  const wiki = client.asWiki();
  afterAll(async () => {
    await Promise.all([wiki.close(), tester.close()]);
  });

  it('put/get/getMany/list/history/move/delete with revision = revid, tags = categories', async () => {
    const folder = uniqueTitle('backend');
    const path = `${folder}/a`;
    const created = await wiki.put({ path, content: 'hello', tags: ['Alpha'], summary: 'create' }, { expectedRevision: null });
    expect(created.action).toBe('created');
    expect(created.page.content).toBe('hello\n[[Category:Alpha]]');
    expect(created.page.tags).toEqual(['Alpha']);
    await expect(wiki.put({ path, content: 'again' }, { expectedRevision: null })).rejects.toBeInstanceOf(ConflictError);
    const unchanged = await wiki.put({ path, content: 'hello\n[[Category:Alpha]]' });
    expect(unchanged.action).toBe('unchanged');
    expect(unchanged.page.revision).toBe(created.page.revision);
    const got = await wiki.get(path);
    expect(got).toMatchObject({ path, format: 'wikitext', revision: created.page.revision, tags: ['Alpha'], author: 'Admin' });
    // Someone else edits; a put guarded by the old revision is refused.
    await tester.edit({ title: path, appendtext: '\nby Tester' });
    await expect(wiki.put({ path, content: 'stale overwrite' }, { expectedRevision: created.page.revision })).rejects.toBeInstanceOf(ConflictError);
    const fresh = await wiki.get(path);
    expect(fresh?.content).toContain('by Tester');
    const updated = await wiki.put({ path, content: 'v3' }, { expectedRevision: fresh!.revision });
    expect(updated.action).toBe('updated');
    await wiki.put({ path: `${folder}/b`, content: 'b' });
    const many = await wiki.getMany([path, `${folder}/b`, `${folder}/missing`]);
    expect(many.get(`${folder}/b`)?.content).toBe('b');
    expect(many.get(`${folder}/missing`)).toBeUndefined();
    const listed: string[] = [];
    for await (const summary of wiki.list({ prefix: folder })) listed.push(summary.path);
    expect(listed.sort()).toEqual([path, `${folder}/b`]);
    const history = await wiki.history(path, { withContent: true });
    expect(history.map((revision) => revision.content)).toEqual(['v3', 'hello\n[[Category:Alpha]]\nby Tester', 'hello\n[[Category:Alpha]]']);
    await wiki.move(`${folder}/b`, `${folder}/c`);
    expect(await wiki.get(`${folder}/b`)).toBeUndefined();
    await expect(wiki.delete(path, { expectedRevision: created.page.revision })).rejects.toBeInstanceOf(ConflictError);
    await wiki.delete(path, { expectedRevision: updated.page.revision });
    expect(await wiki.get(path)).toBeUndefined();
  });

  it('assets are files: upload, list, download', async () => {
    const data = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHQoJAAtnBf/2Ib2PAAAAAElFTkSuQmCC', 'base64'));
    const unique = new Uint8Array([...data, ...Buffer.from(String(Date.now()))]);
    const name = `Wikikit-asset-${Date.now()}.png`;
    const asset = await wiki.uploadAsset!(name, unique, { mime: 'image/png' });
    expect(asset).toMatchObject({ path: `File:${name}`, name, size: unique.byteLength });
    const downloaded = await wiki.downloadAsset!(asset.path);
    expect(Buffer.from(downloaded).equals(Buffer.from(unique))).toBe(true);
    let found = false;
    for await (const ref of wiki.listAssets!()) if (ref.name === name) found = true;
    expect(found).toBe(true);
  });
});
