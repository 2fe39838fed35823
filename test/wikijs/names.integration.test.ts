// Issue 16 L.3 on the Wiki.js client: `expectedRevision` is the concurrency guard of
// `pages.update`/`updateMany` (`expectedUpdatedAt` its deprecated alias), and `pages.list()` is a
// listing (async iterable with `.toArray()`), still awaitable as the array it used to return, and
// `get`/`getMany` take an id or a `{ path, locale }` (`getByPath`/`getManyByPath` the old names).
import { describe, expect, it } from 'vitest';
import { ConflictError, UsageError } from '../../src/errors.js';
import { WikiJsClient } from '../../src/wikijs/index.js';
import { fakeWikiJs, ok, page, type Op } from './fake-wikijs.js';

const client = (url: string): WikiJsClient => new WikiJsClient({ url, apiKey: 'test-api-key-0123456789' }, { version: 2, transport: { retry: { limit: 1, baseDelayMs: 1 } } });
const isUpdate = (op: Op): boolean => op.query.includes('update(');
const SEEN = '2026-11-23T08:00:00.000Z';
const NOW = '2026-11-23T09:00:00.000Z';

async function pageAt(updatedAt: string) {
  const current = page(7, { updatedAt });
  return fakeWikiJs((op) => {
    if (op.query.includes('single(')) return { data: { pages: { single: current } } };
    if (op.query.includes('checkConflicts')) return { data: { pages: { checkConflicts: current['updatedAt'] !== op.variables['checkoutDate'] } } };
    if (isUpdate(op)) return { data: { pages: { update: { responseResult: ok, page: { ...current, content: op.variables['content'], locale: undefined, editor: undefined } } } } };
    if (op.query.includes('list(')) return { data: { pages: { list: [1, 2, 3].map((id) => ({ id, path: `docs/p${String(id)}`, locale: 'en', title: `P${String(id)}`, tags: [], isPublished: true, isPrivate: false, createdAt: NOW, updatedAt: NOW })) } } };
    return undefined;
  });
}

describe('pages.update: expectedRevision', () => {
  it('refuses a stale revision with ConflictError (expectedRevision/currentRevision in details) and writes nothing', async () => {
    const server = await pageAt(NOW);
    const wiki = client(server.url);
    const error = await wiki.pages.update(7, { content: 'x' }, { expectedRevision: SEEN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toMatchObject({ expectedRevision: SEEN, currentRevision: NOW });
    expect(server.ops.some(isUpdate)).toBe(false);
    await wiki.pages.update(7, { content: 'fresh' }, { expectedRevision: NOW });
    expect(server.ops.filter(isUpdate)).toHaveLength(1);
    await wiki.close();
  });

  it('the deprecated expectedUpdatedAt still guards the same way, in update and updateMany', async () => {
    const server = await pageAt(NOW);
    const wiki = client(server.url);
    await expect(wiki.pages.update(7, { content: 'x' }, { expectedUpdatedAt: SEEN })).rejects.toBeInstanceOf(ConflictError);
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the old name must keep working
    const [item] = await wiki.pages.updateMany([{ id: 7, content: 'x', expectedUpdatedAt: SEEN }]);
    expect(item?.ok).toBe(false);
    const [fresh] = await wiki.pages.updateMany([{ id: 7, content: 'y', expectedRevision: NOW }]);
    expect(fresh?.ok).toBe(true);
    expect(server.ops.filter(isUpdate)).toHaveLength(1);
    await wiki.close();
  });

  it('refuses the two names with different values before sending anything', async () => {
    const server = await pageAt(NOW);
    const wiki = client(server.url);
    const error = await wiki.pages.update(7, { content: 'x' }, { expectedRevision: NOW, expectedUpdatedAt: SEEN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).field).toBe('expectedRevision');
    expect(server.ops).toHaveLength(0);
    await wiki.close();
  });
});

describe('pages.list: a listing', () => {
  it('iterates, collects with toArray(), and sends nothing until used', async () => {
    const server = await pageAt(NOW);
    const wiki = client(server.url);
    const listed = wiki.pages.list({ limit: 2 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.ops.filter((op) => op.query.includes('list('))).toHaveLength(0);
    const paths: string[] = [];
    for await (const item of listed) paths.push(item.path);
    expect(paths).toEqual(['docs/p1', 'docs/p2']);
    expect((await listed.toArray()).map((p) => p.id)).toEqual([1, 2]);
    // Awaiting the listing itself (deprecated) still gives the array pages.list() used to return.
    const awaited = await wiki.pages.list();
    expect(Array.isArray(awaited) && awaited.length).toBe(3);
    await wiki.close();
  });

  it('bad options reject when the listing is used', async () => {
    const server = await pageAt(NOW);
    const wiki = client(server.url);
    await expect(wiki.pages.list({ limit: -1 }).toArray()).rejects.toMatchObject({ name: 'UsageError', field: 'limit' });
    await wiki.close();
  });
});

describe('pages.get: by id or by path, one name', () => {
  async function byPathServer() {
    return fakeWikiJs((op) => {
      if (op.query.includes('singleByPath')) return { data: { pages: { singleByPath: page(3, { path: op.variables['path'], locale: op.variables['locale'] }) } } };
      if (op.query.includes('single(')) return { data: { pages: { single: page(Number(op.variables['id'])) } } };
      return undefined;
    });
  }

  it('get(id), get({ id }) and get({ path, locale }) read the same kind of page', async () => {
    const server = await byPathServer();
    const wiki = client(server.url);
    expect((await wiki.pages.get(7)).id).toBe(7);
    expect((await wiki.pages.get({ id: 8 })).id).toBe(8);
    const byPath = await wiki.pages.get({ path: 'docs/p3', locale: 'fr' });
    expect(byPath).toMatchObject({ id: 3, path: 'docs/p3' });
    const sent = server.ops.find((op) => op.query.includes('singleByPath'));
    expect(sent?.variables).toMatchObject({ path: 'docs/p3', locale: 'fr' });
    await wiki.pages.get({ path: 'docs/p3' });
    expect(server.ops.filter((op) => op.query.includes('singleByPath')).at(-1)?.variables['locale']).toBe('en');
    await wiki.close();
  });

  it('refuses a bad path in the object form as before, before sending', async () => {
    const server = await byPathServer();
    const wiki = client(server.url);
    await expect(wiki.pages.get({ path: 'docs/a.b' })).rejects.toMatchObject({ name: 'UsageError', field: 'path' });
    expect(server.ops).toHaveLength(0);
    await wiki.close();
  });

  it('getByPath, the old name, still works', async () => {
    const server = await byPathServer();
    const wiki = client(server.url);
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the old name must keep working
    expect((await wiki.pages.getByPath('docs/p3', 'en')).path).toBe('docs/p3');
    await wiki.close();
  });
});

describe('pages.move: the destination as one object', () => {
  async function moveServer() {
    return fakeWikiJs((op) => {
      if (op.query.includes('move(')) return { data: { pages: { move: { responseResult: ok } } } };
      if (op.query.includes('single(')) return { data: { pages: { single: page(Number(op.variables['id'])) } } };
      return undefined;
    });
  }
  const moves = (server: Awaited<ReturnType<typeof moveServer>>) => server.ops.filter((op) => op.query.includes('move(')).map((op) => op.variables);

  it('move(id, path), move(id, { path, locale }) and the deprecated move(id, path, locale) send the same mutation', async () => {
    const server = await moveServer();
    const wiki = client(server.url);
    await wiki.pages.move(7, 'docs/a');
    await wiki.pages.move(7, { path: 'docs/b', locale: 'fr' });
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the old form must keep working
    await wiki.pages.move(7, 'docs/c', 'de');
    expect(moves(server)).toEqual([
      expect.objectContaining({ id: 7, destinationPath: 'docs/a', destinationLocale: 'en' }),
      expect.objectContaining({ id: 7, destinationPath: 'docs/b', destinationLocale: 'fr' }),
      expect.objectContaining({ id: 7, destinationPath: 'docs/c', destinationLocale: 'de' }),
    ]);
    await expect(wiki.pages.move(7, { path: 'a//b' })).rejects.toMatchObject({ name: 'UsageError', field: 'destinationPath' });
    await wiki.close();
  });
});

describe('every resource list is a listing', () => {
  it('users.list() iterates and collects; awaiting it (deprecated) still gives the array', async () => {
    const users = [1, 2].map((id) => ({ id, name: `U${String(id)}`, email: `u${String(id)}@example.org`, providerKey: 'local', isSystem: false, isActive: true, createdAt: NOW, lastLoginAt: NOW }));
    const server = await fakeWikiJs((op) => (op.query.includes('users') && op.query.includes('list') ? { data: { users: { list: users } } } : undefined));
    const wiki = client(server.url);
    const names: string[] = [];
    for await (const user of wiki.users.list()) names.push(user.name);
    expect(names).toEqual(['U1', 'U2']);
    expect((await wiki.users.list().toArray()).map((u) => u.id)).toEqual([1, 2]);
    expect(await wiki.users.list()).toHaveLength(2);
    await wiki.close();
  });
});
