import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../../../src/errors.js';
import { hasTag, urlPath, wordCount, type WikiJsPage } from '../../../src/wikijs/index.js';
import { expected, useWiki, VERSIONS_2_3 } from './context.js';

describe.each(VERSIONS_2_3)('pages on Wiki.js %i', (version) => {
  const wiki = useWiki('pages', version);
  const e = expected(version);

  it('creates, reads by id and by path, and keeps tags lower-case', async () => {
    const path = `${wiki.prefix}/alpha`;
    const created = await wiki.client.pages.create({ path: `/${path}/`, title: 'Alpha', content: '# Alpha\n\nHello from the contract suite.\n', description: 'first', tags: ['Contract', 'alpha'] });
    expect(created).toMatchObject({ path, title: 'Alpha', locale: 'en', editor: 'markdown', isPublished: true, description: 'first' });
    expect([...created.tags].sort()).toEqual(['alpha', 'contract']);
    const byId = await wiki.client.pages.get(created.id);
    const byPath = await wiki.client.pages.get({ path, locale: 'en' });
    expect(byId.content).toBe('# Alpha\n\nHello from the contract suite.\n');
    expect(byPath.id).toBe(created.id);
    expect(byPath.updatedAt).toBe(byId.updatedAt);
    expect(hasTag(byId, 'CONTRACT')).toBe(true);
    expect(urlPath(byId)).toBe(`/en/${path}`);
    expect(wordCount(byId)).toBe(6);
  });

  it('refuses a duplicate create with ConflictError 6002 and a missing page with NotFoundError', async () => {
    const path = `${wiki.prefix}/dup`;
    await wiki.client.pages.create({ path, title: 'Dup', content: 'one' });
    await expect(wiki.client.pages.create({ path, title: 'Dup again', content: 'two' })).rejects.toMatchObject({ name: 'ConflictError', ...e.duplicatePage });
    await expect(wiki.client.pages.get({ path: `${wiki.prefix}/nope` })).rejects.toBeInstanceOf(NotFoundError);
    await expect(wiki.client.pages.get(e.missingId)).rejects.toMatchObject({ name: 'NotFoundError', ...e.pageNotFound });
  });

  it('update changes only what the patch names (no unpublish, no lost tags/content)', async () => {
    const page = await wiki.client.pages.create({ path: `${wiki.prefix}/merge`, title: 'Merge', content: 'original body', description: 'keep me', tags: ['keep', 'these'] });
    const updated = await wiki.client.pages.update(page.id, { title: 'Merge v2' });
    expect(updated.title).toBe('Merge v2');
    const again = await wiki.client.pages.get(page.id);
    expect(again).toMatchObject({ title: 'Merge v2', content: 'original body', description: 'keep me', isPublished: true, isPrivate: false, editor: 'markdown' });
    expect([...again.tags].sort()).toEqual(['keep', 'these']);
    const retagged = await wiki.client.pages.update(page.id, { tags: ['Only'] });
    expect(retagged.tags).toEqual(['only']);
    expect((await wiki.client.pages.get(page.id)).title).toBe('Merge v2');
  });

  it('update with a stale expectedRevision is refused with ConflictError and changes nothing', async () => {
    const page = await wiki.client.pages.create({ path: `${wiki.prefix}/occ`, title: 'Occ', content: 'v1' });
    const seen = page.updatedAt;
    const moved = await wiki.client.pages.update(page.id, { content: 'v2' }, { expectedRevision: seen });
    await expect(wiki.client.pages.update(page.id, { content: 'v3' }, { expectedRevision: seen })).rejects.toBeInstanceOf(ConflictError);
    const now = await wiki.client.pages.get(page.id);
    expect(now.content).toBe('v2');
    expect(now.updatedAt).toBe(moved.updatedAt);
    expect(await wiki.client.pages.checkConflicts(page.id, seen)).toBe(true);
    expect(await wiki.client.pages.checkConflicts(page.id, new Date(Date.parse(now.updatedAt) + 3_600_000).toISOString())).toBe(false);
    const latest = await wiki.client.pages.conflictLatest(page.id);
    expect(latest).toMatchObject({ id: page.id, content: 'v2', path: `${wiki.prefix}/occ` });
  });

  it('lists with tag filters (AND), order and client-side limit/offset; getByTags any/all', async () => {
    const tag = wiki.unique('tag');
    const made: WikiJsPage[] = [];
    for (const [name, tags] of [['l-b', [tag, 'x1']], ['l-a', [tag]], ['l-c', [tag, 'x1', 'x2']]] as const) {
      made.push(await wiki.client.pages.create({ path: `${wiki.prefix}/${name}`, title: name, content: `# ${name}`, tags: [...tags] }));
    }
    const all = await wiki.client.pages.list({ tags: [tag.toUpperCase()], orderBy: 'title', orderDirection: 'asc' });
    expect(all.map((p) => p.title)).toEqual(['l-a', 'l-b', 'l-c']);
    const limited = await wiki.client.pages.list({ tags: [tag], orderBy: 'title', orderDirection: 'asc', limit: 2, offset: 1 });
    expect(limited.map((p) => p.title)).toEqual(['l-b', 'l-c']);
    expect((await wiki.client.pages.getByTags([tag, 'x1'])).map((p) => p.title).sort()).toEqual(['l-b', 'l-c']);
    expect((await wiki.client.pages.getByTags(['x2', 'x1'], { matchAll: false })).filter((p) => made.some((m) => m.id === p.id))).toHaveLength(2);
    expect((await wiki.client.pages.list({ search: 'l-c', tags: [tag] })).map((p) => p.title)).toEqual(['l-c']);
    const tags = await wiki.client.pages.tags();
    expect(tags.map((t) => t.tag)).toContain(tag);
    expect(await wiki.client.pages.searchTags(tag.slice(0, -1))).toContain(tag);
  });

  it('searches titles of published pages immediately', async () => {
    const word = wiki.unique('srch');
    const page = await wiki.client.pages.create({ path: `${wiki.prefix}/search-me`, title: `Find ${word}`, content: 'body' });
    const hits = await wiki.client.pages.search(word);
    expect(hits.map((h) => h.id)).toContain(page.id);
    expect(hits.find((h) => h.id === page.id)).toMatchObject({ path: `${wiki.prefix}/search-me`, locale: 'en' });
  });

  it('reads many pages by id and by path in one go; missing ones are undefined', async () => {
    const a = await wiki.client.pages.create({ path: `${wiki.prefix}/many-a`, title: 'A', content: 'a' });
    const b = await wiki.client.pages.create({ path: `${wiki.prefix}/many-b`, title: 'B', content: 'b' });
    const byId = await wiki.client.pages.getMany([b.id, e.missingId, a.id]);
    expect(byId.map((p) => p?.title)).toEqual(['B', undefined, 'A']);
    const byPath = await wiki.client.pages.getMany({ paths: [`${wiki.prefix}/many-a`, `${wiki.prefix}/many-none`] });
    expect(byPath.map((p) => p?.id)).toEqual([a.id, undefined]);
  });

  it('moves (collision → ConflictError 6006) and deletes (then 6003)', async () => {
    const a = await wiki.client.pages.create({ path: `${wiki.prefix}/mv-a`, title: 'A', content: 'a' });
    const b = await wiki.client.pages.create({ path: `${wiki.prefix}/mv-b`, title: 'B', content: 'b' });
    await wiki.client.pages.move(a.id, `${wiki.prefix}/moved/a`);
    expect((await wiki.client.pages.get(a.id)).path).toBe(`${wiki.prefix}/moved/a`);
    await expect(wiki.client.pages.move(b.id, `${wiki.prefix}/moved/a`)).rejects.toMatchObject({ name: 'ConflictError', ...e.pathCollision });
    await wiki.client.pages.delete(b.id);
    await expect(wiki.client.pages.get(b.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(wiki.client.pages.delete(b.id)).rejects.toMatchObject({ name: 'NotFoundError', ...e.pageNotFound });
  });

  it('keeps history, reads a version and restores it', async () => {
    const page = await wiki.client.pages.create({ path: `${wiki.prefix}/hist`, title: 'Hist', content: 'first' });
    await wiki.client.pages.update(page.id, { content: 'second' });
    await wiki.client.pages.update(page.id, { content: 'third' });
    const history = await wiki.client.pages.history(page.id);
    expect(history.total).toBeGreaterThanOrEqual(2);
    const oldest = history.trail.at(-1)!;
    const version = await wiki.client.pages.version(page.id, oldest.versionId);
    expect(version).toMatchObject({ content: 'first', versionId: oldest.versionId });
    expect(await wiki.client.pages.version(page.id, 987_654_321)).toBeUndefined();
    await wiki.client.pages.restore(page.id, oldest.versionId);
    expect((await wiki.client.pages.get(page.id)).content).toBe('first');
  });

  it('renders, lists links and the tree', async () => {
    const target = await wiki.client.pages.create({ path: `${wiki.prefix}/tree/target`, title: 'Target', content: '# Target' });
    const source = await wiki.client.pages.create({ path: `${wiki.prefix}/tree/source`, title: 'Source', content: `See [t](/${wiki.prefix}/tree/target)` });
    await wiki.client.pages.render(source.id);
    expect((await wiki.client.pages.get(source.id)).render).toContain('href');
    if (version === 2) {
      const links = await wiki.client.pages.links('en');
      expect(links.find((l) => l.id === source.id)?.links).toContain(`en/${wiki.prefix}/tree/target`);
    } else {
      await expect(wiki.client.pages.links('en')).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('not available on Wiki.js 3') });
    }
    const tree = await wiki.client.pages.tree({ path: `${wiki.prefix}/tree/target`, includeAncestors: true });
    expect(tree.find((t) => t.pageId === target.id)).toMatchObject({ isFolder: false, path: `${wiki.prefix}/tree/target` });
    await expect(wiki.client.pages.render(e.missingId)).rejects.toMatchObject({ name: 'NotFoundError', ...e.pageNotFound });
  });

  it('rebuilds the tree and flushes the cache', async () => {
    await wiki.client.pages.rebuildTree();
    await wiki.client.pages.flushCache();
    const tree = await wiki.client.pages.tree({ mode: 'folders' });
    expect(tree.some((t) => t.path === 'wikikit-contract')).toBe(true);
  });

  it('purges history older than a century (a no-op that must succeed)', async () => {
    await wiki.client.pages.purgeHistory('P100Y');
  });

  it('converts a page to another editor', async () => {
    const page = await wiki.client.pages.create({ path: `${wiki.prefix}/convert`, title: 'Convert', content: '# Convert me' });
    await wiki.client.pages.convert(page.id, 'code');
    expect((await wiki.client.pages.get(page.id)).editor).toBe('code');
  });

  it('renames and deletes a tag of its own', async () => {
    const tag = wiki.unique('rtag');
    await wiki.client.pages.create({ path: `${wiki.prefix}/tagged`, title: 'Tagged', content: 'x', tags: [tag] });
    const found = (await wiki.client.pages.tags()).find((t) => t.tag === tag)!;
    if (version === 3) {
      // v3 updateTag/deleteTag take Int ids while tags have UUIDs: not reachable.
      await expect(wiki.client.pages.updateTag(found.id, `${tag}x`, tag)).rejects.toMatchObject({ name: 'UsageError' });
      return;
    }
    await wiki.client.pages.updateTag(found.id, `${tag}x`, `${tag} title`);
    const renamed = (await wiki.client.pages.tags()).find((t) => t.id === found.id);
    expect(renamed?.tag).toBe(`${tag}x`);
    await wiki.client.pages.deleteTag(found.id);
    expect((await wiki.client.pages.tags()).some((t) => t.id === found.id)).toBe(false);
  });

  it('bulk create/update/delete report one result per item', async () => {
    const created = await wiki.client.pages.createMany([
      { path: `${wiki.prefix}/bulk/a`, title: 'a', content: 'a' },
      { path: `${wiki.prefix}/bulk/b`, title: 'b', content: 'b' },
      { path: `${wiki.prefix}/bulk/a`, title: 'dup', content: 'dup' },
    ]);
    expect(created.map((r) => r.ok)).toEqual([true, true, false]);
    expect(created[2]!.ok ? undefined : created[2]!.error).toBeInstanceOf(ConflictError);
    const ids = created.flatMap((r) => (r.ok ? [r.value.id] : []));
    const updated = await wiki.client.pages.updateMany(ids.map((id) => ({ id, description: 'bulk' })));
    expect(updated.every((r) => r.ok && r.value.description === 'bulk')).toBe(true);
    const deleted = await wiki.client.pages.deleteMany([...ids, e.missingId]);
    expect(deleted.map((r) => r.ok)).toEqual([true, true, false]);
  });

  it('refuses bad input before sending and lets the server refuse what only it knows', async () => {
    await expect(wiki.client.pages.create({ path: `${wiki.prefix}/bad.path`, title: 'x', content: 'x' })).rejects.toMatchObject({ name: 'UsageError', field: 'input.path' });
    await expect(wiki.client.pages.list({ limit: -1 })).rejects.toBeInstanceOf(UsageError);
    await expect(wiki.client.pages.get({ path: `${wiki.prefix}/x`, locale: 'xx_YY' })).rejects.toMatchObject({ field: 'locale' });
    const error = await wiki.client.pages.update(e.missingId, { content: 'x' }).catch((err: unknown) => err);
    expect(error instanceof NotFoundError || error instanceof ValidationError).toBe(true);
  });
});
