import { afterAll, describe, expect, it } from 'vitest';
import { ConflictError, PermissionError, ValidationError, WikiApiError } from '../../../src/errors.js';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import { mediaWikiEnv, uniqueTitle } from '../../helpers/mediawiki-env.js';

const env = mediaWikiEnv();

function png(seed: number, size = 8): Uint8Array {
  // A valid PNG whose IDAT varies with the seed, so every run uploads unique bytes.
  const bytes = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHQoJAAtnBf/2Ib2PAAAAAElFTkSuQmCC', 'base64');
  const out = new Uint8Array(bytes.length + size);
  out.set(bytes);
  for (let i = 0; i < size; i++) out[bytes.length + i] = (seed >> (i % 4 * 8)) & 0xff ^ i;
  return out;
}

describe.skipIf(!env)('MediaWiki page actions and uploads (real MediaWiki 1.39)', () => {
  const e = env!;
  const admin = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password });
  const tester = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username2, password: e.password2 });
  afterAll(async () => {
    await Promise.all([admin.close(), tester.close()]);
  });

  it('move, delete, undelete', async () => {
    const from = uniqueTitle('move-from');
    const to = uniqueTitle('move-to');
    await admin.edit({ title: from, text: 'moving' });
    const moved = await admin.move(from, to, { reason: 'test', noredirect: true });
    expect(moved['to']).toBe(to);
    const [old, moved2] = await admin.getMany([from, to]);
    expect(old?.missing).toBe(true);
    expect(moved2?.content).toBe('moving');
    await expect(admin.move(to, to)).rejects.toBeInstanceOf(ConflictError); // selfmove
    const deleted = await admin.delete(to, { reason: 'cleanup' });
    expect(deleted['logid']).toBeGreaterThan(0);
    expect((await admin.getMany(to))[0]?.missing).toBe(true);
    await expect(admin.delete(to)).rejects.toMatchObject({ code: 'missingtitle', category: 'not-found' });
    const restored = await admin.undelete(to, { reason: 'back' });
    expect(restored['revisions']).toBe(2); // the edit + the move's null revision
    expect((await admin.getMany(to))[0]?.content).toBe('moving');
  });

  it('protect: the second account can no longer edit (protectedpage → PermissionError)', async () => {
    const title = uniqueTitle('protect');
    await admin.edit({ title, text: 'protected' });
    const protectedResult = await admin.protect(title, { edit: 'sysop', move: 'sysop' }, { reason: 'test' });
    expect(protectedResult['protections']).toEqual([{ edit: 'sysop', expiry: 'infinite' }, { move: 'sysop', expiry: 'infinite' }]);
    const error = await tester.edit({ title, text: 'vandal' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as WikiApiError).code).toBe('protectedpage');
    await expect(admin.protect(title, { edit: 'nonsense-level' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('rollback reverts the second account; a second rollback is alreadyrolled/onlyauthor', async () => {
    const title = uniqueTitle('rollback');
    await admin.edit({ title, text: 'good' });
    await tester.edit({ title, text: 'bad 1' });
    await tester.edit({ title, text: 'bad 2' });
    const rolled = await admin.rollback(title, 'Tester', { summary: 'revert' });
    expect(rolled['revid']).toBeGreaterThan(0);
    expect((await admin.getMany(title))[0]?.content).toBe('good');
    await expect(admin.rollback(title, 'Tester')).rejects.toBeInstanceOf(WikiApiError);
  });

  it('purge and watch/unwatch', async () => {
    const title = uniqueTitle('watch');
    await admin.edit({ title, text: 'w' });
    const purged = await admin.purge([title]);
    expect(purged[0]?.['purged']).toBe(true);
    const watched = await admin.watch(title);
    expect(watched[0]).toMatchObject({ title, watched: true });
    const unwatched = await admin.watch(title, { unwatch: true });
    expect(unwatched[0]).toMatchObject({ title, unwatched: true });
  });

  it('uploads a small file directly; the sha1 matches; the URL serves the same bytes', async () => {
    const data = png(Date.now());
    const name = `Wikikit-${Date.now()}-${Math.random().toString(36).slice(2, 7)}.png`;
    const result = await admin.upload(name, data, { comment: 'test upload', text: 'desc' });
    expect(result).toMatchObject({ result: 'Success', filename: name, size: data.byteLength, chunked: false });
    const fetched = new Uint8Array(await (await fetch(result.url!)).arrayBuffer());
    expect(Buffer.from(fetched).equals(Buffer.from(data))).toBe(true);
    // Same bytes again under another name: result Warning (duplicate) → not stored, never success.
    const error = await admin.upload(`Dup-${name}`, data).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as WikiApiError).message).toContain('not stored');
    expect((error as WikiApiError).code).toBe('duplicate');
    const [page] = await admin.getMany(`File:Dup-${name}`);
    expect(page?.missing).toBe(true);
    // Other bytes under the existing name: result Warning (exists) → not stored; the file keeps its bytes.
    const exists = await admin.upload(name, png(Date.now() + 7)).catch((caught: unknown) => caught);
    expect(exists).toBeInstanceOf(ConflictError);
    expect((exists as WikiApiError).code).toBe('exists');
    const still = new Uint8Array(await (await fetch(result.url!)).arrayBuffer());
    expect(Buffer.from(still).equals(Buffer.from(data))).toBe(true);
  });

  it('uploads a larger file in chunks through the stash and waits for assembly', async () => {
    const data = png(Date.now() + 1, 5000);
    const name = `Wikikit-chunked-${Date.now()}.png`;
    const result = await admin.upload(name, data, { chunkSize: 2048, comment: 'chunked' });
    expect(result).toMatchObject({ result: 'Success', chunked: true, size: data.byteLength });
    const fetched = new Uint8Array(await (await fetch(result.url!)).arrayBuffer());
    expect(Buffer.from(fetched).equals(Buffer.from(data))).toBe(true);
  });

  it('a bad file extension is refused', async () => {
    await expect(admin.upload(`Wikikit-${Date.now()}.exe`, png(3))).rejects.toBeInstanceOf(WikiApiError);
  });
});
