import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

/** comments.*, pages.convert/purgeHistory/migrateToLocale, storage and search admin on the v2 sandbox. */
const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function sandbox(): Promise<Sandbox> {
  const s = await startSandbox({ port: 0 });
  open.push(s);
  return s;
}

type Json = Record<string, unknown>;
async function gql(s: Sandbox, query: string, variables?: unknown, token: string | null = s.token): Promise<Json> {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

async function createPage(s: Sandbox, path: string, content = '# Alpha\n\nHello **world**.'): Promise<number> {
  const r = await gql(s, 'mutation ($p: String!, $c: String!) { pages { create(content: $c, description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: "en", path: $p, tags: ["t"], title: "Alpha") { responseResult { succeeded } page { id } } } }', { p: path, c: content });
  const id = (r as { data: { pages: { create: { page: { id: number } } } } }).data.pages.create.page.id;
  expect(id).toBeGreaterThan(0);
  return id;
}

const CREATE_COMMENT = 'mutation ($pageId: Int!, $content: String!) { comments { create(pageId: $pageId, content: $content) { responseResult { succeeded errorCode slug message } id } } }';
const COMMENT_FIELDS = 'id content render authorId authorName authorEmail authorIP createdAt updatedAt';

describe('comments (default provider)', () => {
  it('creates, lists, reads, updates and deletes a comment with the real messages', async () => {
    const s = await sandbox();
    const pageId = await createPage(s, 'c/one');
    const created = await gql(s, CREATE_COMMENT, { pageId, content: '  Nice **page**  ' });
    expect(created).toEqual({ data: { comments: { create: { responseResult: { succeeded: true, errorCode: 0, slug: 'ok', message: 'New comment posted successfully' }, id: 1 } } } });

    const list = await gql(s, `query { comments { list(locale: "en", path: "c/one") { ${COMMENT_FIELDS} } } }`);
    const items = (list as { data: { comments: { list: Json[] } } }).data.comments.list;
    expect(items).toHaveLength(1);
    // Content is trimmed; the API key posts as its fixed identity.
    expect(items[0]).toMatchObject({ id: 1, content: 'Nice **page**', render: '<p>Nice <strong>page</strong></p>\n', authorId: 1, authorName: 'API', authorEmail: 'api@localhost' });
    expect(typeof items[0]?.['authorIP']).toBe('string');

    const single = await gql(s, 'query { comments { single(id: 1) { id content } } }');
    expect(single).toEqual({ data: { comments: { single: { id: 1, content: 'Nice **page**' } } } });

    const updated = await gql(s, 'mutation { comments { update(id: 1, content: "Edited _text_") { responseResult { succeeded message } render } } }');
    expect(updated).toEqual({ data: { comments: { update: { responseResult: { succeeded: true, message: 'Comment updated successfully' }, render: '<p>Edited <em>text</em></p>\n' } } } });

    const deleted = await gql(s, 'mutation { comments { delete(id: 1) { responseResult { succeeded message } } } }');
    expect(deleted).toEqual({ data: { comments: { delete: { responseResult: { succeeded: true, message: 'Comment deleted successfully' } } } } });
    const gone = await gql(s, 'query { comments { single(id: 1) { id } } }');
    expect(gone['data']).toEqual({ comments: { single: null } });
    expect(JSON.stringify(gone['errors'])).toContain('"code":8005');
  });

  it('rate-limits create to one call per 15 s per client, as @rateLimit does', async () => {
    const s = await sandbox();
    const pageId = await createPage(s, 'c/limit');
    expect(JSON.stringify(await gql(s, CREATE_COMMENT, { pageId, content: 'first' }))).toContain('"succeeded":true');
    const second = await gql(s, CREATE_COMMENT, { pageId, content: 'second' });
    expect(second['data']).toEqual({ comments: { create: null } });
    expect(JSON.stringify(second['errors'])).toMatch(/Too many requests, please try again in \d+ seconds\./);
  });

  it('answers 8003 for blank content and 6003 for an unknown page in responseResult', async () => {
    const a = await sandbox();
    const pageId = await createPage(a, 'c/blank');
    expect(await gql(a, CREATE_COMMENT, { pageId, content: ' x ' })).toEqual({
      data: { comments: { create: { responseResult: { succeeded: false, errorCode: 8003, slug: 'CommentContentMissing', message: 'Comment content is missing or too short.' }, id: null } } },
    });
    const b = await sandbox();
    expect(JSON.stringify(await gql(b, CREATE_COMMENT, { pageId: 4242, content: 'hello' }))).toContain('"errorCode":6003');
  });

  it('lists nothing for an unknown page, hides admin-only fields from a guest, and deletes comments with their page', async () => {
    const s = await sandbox();
    expect(await gql(s, 'query { comments { list(locale: "en", path: "nope") { id } } }')).toEqual({ data: { comments: { list: [] } } });
    const pageId = await createPage(s, 'c/guest');
    await gql(s, CREATE_COMMENT, { pageId, content: 'visible' });
    // Guests have read:comments: render is readable, content needs write:comments, authorEmail manage:system.
    expect(await gql(s, 'query { comments { list(locale: "en", path: "c/guest") { id render authorName } } }', undefined, null)).toEqual({
      data: { comments: { list: [{ id: 1, render: '<p>visible</p>\n', authorName: 'API' }] } },
    });
    const guestContent = await gql(s, 'query { comments { list(locale: "en", path: "c/guest") { id content } } }', undefined, null);
    expect(guestContent['data']).toEqual({ comments: { list: [null] } });
    expect(JSON.stringify(guestContent['errors'])).toContain('Forbidden');
    const guestDelete = await gql(s, 'mutation { comments { delete(id: 1) { responseResult { succeeded } } } }', undefined, null);
    expect(JSON.stringify(guestDelete['errors'])).toContain('Forbidden');

    await gql(s, `mutation { pages { delete(id: ${String(pageId)}) { responseResult { succeeded } } } }`);
    expect(JSON.stringify(await gql(s, 'query { comments { single(id: 1) { id } } }'))).toContain('"code":8005');
  });
});

describe('page admin mutations', () => {
  it('converts markdown to HTML and back, refusing a no-op conversion', async () => {
    const s = await sandbox();
    const id = await createPage(s, 'conv/page');
    const conv = 'mutation ($id: Int!, $e: String!) { pages { convert(id: $id, editor: $e) { responseResult { succeeded errorCode slug message } } } }';
    expect(await gql(s, conv, { id, e: 'ckeditor' })).toEqual({ data: { pages: { convert: { responseResult: { succeeded: true, errorCode: 0, slug: 'ok', message: 'Page has been converted.' } } } } });
    const html = await gql(s, 'query ($id: Int!) { pages { single(id: $id) { content contentType editor } } }', { id });
    expect(html).toEqual({ data: { pages: { single: { content: '<h1 id="alpha" class="toc-header"> Alpha</h1>\n<p>Hello <strong>world</strong>.</p>\n', contentType: 'html', editor: 'ckeditor' } } } });
    expect(await gql(s, conv, { id, e: 'ckeditor' })).toEqual({
      data: { pages: { convert: { responseResult: { succeeded: false, errorCode: 1, slug: 'Error', message: 'Page is already using this editor. Nothing to convert.' } } } },
    });
    await gql(s, conv, { id, e: 'markdown' });
    const md = await gql(s, 'query ($id: Int!) { pages { single(id: $id) { content contentType } history(id: $id) { total } } }', { id });
    expect(md).toEqual({ data: { pages: { single: { content: '# Alpha\n\nHello **world**.', contentType: 'markdown' }, history: { total: 2 } } } });
    expect(JSON.stringify(await gql(s, conv, { id: 999, e: 'code' }))).toContain('"message":"Invalid Page Id"');
  });

  it('purges history older than an ISO duration and migrates pages between locales', async () => {
    const s = await sandbox();
    const id = await createPage(s, 'hist/page');
    await gql(s, 'mutation ($id: Int!) { pages { update(id: $id, content: "# v2", tags: [], isPublished: true) { responseResult { succeeded } } } }', { id });
    const total = async (): Promise<unknown> => gql(s, 'query ($id: Int!) { pages { history(id: $id) { total } } }', { id });
    const purge = 'mutation ($d: String!) { pages { purgeHistory(olderThan: $d) { responseResult { succeeded message } } } }';
    expect(await gql(s, purge, { d: 'P1D' })).toEqual({ data: { pages: { purgeHistory: { responseResult: { succeeded: true, message: 'Page history purged successfully.' } } } } });
    expect(await total()).toEqual({ data: { pages: { history: { total: 1 } } } });
    // Recorded on a real 2.5.314: luxon's invalid duration fails the mutation, nothing is deleted.
    expect(await gql(s, purge, { d: 'not-a-duration' })).toEqual({ data: { pages: { purgeHistory: { responseResult: { succeeded: false, message: 'Invalid unit value NaN' } } } } });
    expect(await total()).toEqual({ data: { pages: { history: { total: 1 } } } });
    await gql(s, purge, { d: 'PT0S' });
    expect(await total()).toEqual({ data: { pages: { history: { total: 0 } } } });

    const migrated = await gql(s, 'mutation { pages { migrateToLocale(sourceLocale: "en", targetLocale: "fr") { responseResult { succeeded message } count } } }');
    expect(migrated).toEqual({ data: { pages: { migrateToLocale: { responseResult: { succeeded: true, message: 'Migrated content to target locale successfully.' }, count: 1 } } } });
    expect(await gql(s, 'query { pages { singleByPath(path: "hist/page", locale: "fr") { id locale } } }')).toEqual({ data: { pages: { singleByPath: { id, locale: 'fr' } } } });
  });

  it('reports storage, search-engine and maintenance results like a fresh install', async () => {
    const s = await sandbox();
    expect(await gql(s, '{ storage { status { key status } } }')).toEqual({ data: { storage: { status: [] } } });
    const targets = await gql(s, '{ storage { targets { key isEnabled } } }');
    const list = (targets as { data: { storage: { targets: Array<{ key: string; isEnabled: boolean }> } } }).data.storage.targets;
    expect(list.map((t) => t.key)).toContain('git');
    expect(list.every((t) => !t.isEnabled)).toBe(true);
    expect(await gql(s, 'mutation { search { rebuildIndex { responseResult { succeeded message } } } }')).toEqual({ data: { search: { rebuildIndex: { responseResult: { succeeded: true, message: 'Index rebuilt successfully' } } } } });
    expect(await gql(s, 'mutation { pages { rebuildTree { responseResult { succeeded } } flushCache { responseResult { succeeded } } } }')).toEqual({
      data: { pages: { rebuildTree: { responseResult: { succeeded: true } }, flushCache: { responseResult: { succeeded: true } } } },
    });
    // Admin-only for anyone without manage:system.
    expect(JSON.stringify(await gql(s, '{ storage { status { key } } }', undefined, null))).toContain('Forbidden');
  });
});
