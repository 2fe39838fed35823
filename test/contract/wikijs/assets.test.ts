import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/errors.js';
import { useWiki } from './context.js';

const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));

describe('assets on Wiki.js 2', () => {
  const wiki = useWiki('assets', 2);

  it('creates folders (duplicate → ConflictError 2002), uploads, lists, downloads, renames and deletes', async () => {
    const slug = wiki.unique('folder');
    const folder = await wiki.client.assets.createFolder(0, slug);
    expect(folder).toMatchObject({ slug, name: slug });
    await expect(wiki.client.assets.createFolder(0, slug)).rejects.toMatchObject({ name: 'ConflictError', code: 2002 });
    expect((await wiki.client.assets.folders(0)).map((f) => f.id)).toContain(folder.id);
    const sub = await wiki.client.assets.createFolder(folder.id, 'sub');
    expect((await wiki.client.assets.folders(folder.id)).map((f) => f.id)).toEqual([sub.id]);

    const asset = await wiki.client.assets.upload('My Pixel,1.PNG', PNG, { folderId: folder.id, mime: 'image/png' });
    expect(asset).toMatchObject({ filename: 'my_pixel_1.png', mime: 'image/png', fileSize: PNG.byteLength });
    const again = await wiki.client.assets.upload('My Pixel,1.PNG', PNG, { folderId: folder.id, mime: 'image/png' });
    expect(again.id).toBe(asset.id);
    expect((await wiki.client.assets.list(folder.id, { kind: 'image' })).map((a) => a.id)).toEqual([asset.id]);
    expect(await wiki.client.assets.list(folder.id, { kind: 'binary' })).toEqual([]);
    const bytes = await wiki.client.assets.download(`${slug}/my_pixel_1.png`);
    expect(Buffer.from(bytes).equals(Buffer.from(PNG))).toBe(true);

    await wiki.client.assets.rename(asset.id, 'renamed.png');
    expect((await wiki.client.assets.list(folder.id)).map((a) => a.filename)).toEqual(['renamed.png']);
    await wiki.client.assets.delete(asset.id);
    expect(await wiki.client.assets.list(folder.id)).toEqual([]);
    await expect(wiki.client.assets.download(`${slug}/renamed.png`)).rejects.toBeInstanceOf(NotFoundError);
    // Temporary files of finished uploads are purged; stored assets stay.
    await wiki.client.assets.flushTempUploads();
    expect((await wiki.client.assets.folders(folder.id)).map((f) => f.id)).toEqual([sub.id]);
    expect(ConflictError).toBeDefined();
  });

  it('reports an upload into a folder that does not exist instead of the server\'s silent "ok"', async () => {
    await expect(wiki.client.assets.upload('lost.png', PNG, { folderId: 987_654 })).rejects.toMatchObject({ name: 'NotFoundError', code: 'UploadNotStored' });
  });
});
