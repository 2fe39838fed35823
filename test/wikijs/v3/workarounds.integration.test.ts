/**
 * The client's workarounds for Wiki.js 3.0.0 defects, each against a sandbox that reproduces the
 * defect as observed (shared/wikijs/v3/observed-behaviour.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NetworkError, NotFoundError, WikiApiError } from '../../../src/errors.js';
import type { V3Defect } from '../../../src/sandbox/v3/context.js';
import { startV3Sandbox, type V3Sandbox } from '../../../src/sandbox/v3/index.js';
import { WikiJsClient } from '../../../src/wikijs/index.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function setup(defects: V3Defect[], auth: 'key' | 'login' = 'key'): Promise<{ sb: V3Sandbox; client: WikiJsClient }> {
  const sb = await startV3Sandbox({ port: 0, quiet: true, defects });
  open.push(sb);
  const client = auth === 'key'
    ? new WikiJsClient({ url: sb.url, apiKey: sb.token }, { version: 3, transport: { retry: { limit: 0 } } })
    : new WikiJsClient({ url: sb.url, username: sb.adminEmail, password: sb.adminPassword }, { version: 3 });
  open.push(client);
  return { sb, client };
}

describe('Wiki.js 3.0.0 workarounds', () => {
  it('lists pages through tree + searchPages when pages() fails ("unknown relation tags"), drafts included', async () => {
    const { client } = await setup(['pages-list'], 'login');
    const a = await client.pages.create({ path: 'w/alpha', title: 'Alpha', content: 'a', tags: ['x'] });
    const draft = await client.pages.create({ path: 'w/deep/draft', title: 'Draft', content: 'd', isPublished: false });
    const list = await client.pages.list({});
    expect(list.map((p) => [p.id, p.path, p.isPublished])).toEqual([[a.id, 'w/alpha', true], [draft.id, 'w/deep/draft', false]]);
    expect(list[0]?.tags).toEqual(['x']);
    const model = client.asWiki();
    const paths: string[] = [];
    for await (const s of model.list({ prefix: 'w/deep' })) paths.push(s.path);
    expect(paths).toEqual(['w/deep/draft']);
  });

  it('history names the server defect when pages() (the only source of Int ids) is broken', async () => {
    const { client } = await setup(['pages-list'], 'login');
    const page = await client.pages.create({ path: 'h/page', title: 'H', content: 'h' });
    const error = await client.pages.history(page.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WikiApiError);
    expect(error).toMatchObject({ code: 'ServerDefect', wiki: 'wikijs-v3' });
    expect((error as Error).message).toMatch(/pages\(\) is broken \(known defect of 3\.0\.0\)/);
  });

  it('an API key that makes the server drop the connection gives a NetworkError that says why and what to do', async () => {
    const { sb, client } = await setup(['api-key-crash']);
    const error = await client.pages.list({}).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/Wiki\.js 3\.0\.0 closes the connection and exits on any request that carries an API key.*username, password/);
    expect((error as Error).message).not.toContain(sb.token);
  });

  it('the same server works with a login (JWT) instead of the key', async () => {
    const { client } = await setup(['api-key-crash'], 'login');
    const page = await client.pages.create({ path: 'jwt/ok', title: 'ok', content: 'ok' });
    expect((await client.pages.get(page.id)).path).toBe('jwt/ok');
  });

  it('slug "TypeError" answers still become typed errors (PageNotFound, PagePathCollision, UserNotFound)', async () => {
    const { client } = await setup(['typeerror-slugs'], 'login');
    const a = await client.pages.create({ path: 't/a', title: 'a', content: 'a' });
    await client.pages.create({ path: 't/b', title: 'b', content: 'b' });
    const collision = await client.pages.move(a.id, { path: 't/b', locale: 'en' }).catch((e: unknown) => e);
    expect(collision).toBeInstanceOf(ConflictError);
    expect(collision).toMatchObject({ code: 'PagePathCollision', slug: 'TypeError' });
    expect((collision as Error).message).toMatch(/server defect, WIKI\.Error is undefined/);
    const missing = '00000000-0000-4000-8000-00000000dead';
    await expect(client.pages.delete(missing)).rejects.toMatchObject({ name: 'NotFoundError', code: 'PageNotFound' });
    await expect(client.users.update(missing, { name: 'Nobody' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('createUser answering user: null still returns the new user (looked up by email)', async () => {
    const { client } = await setup(['create-user-null'], 'login');
    const user = await client.users.create({ email: 'Null.User@Example.com', name: 'Null User', password: 'Secret123!' });
    expect(user).toMatchObject({ email: 'null.user@example.com', name: 'Null User' });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an unknown group is refused before createUser runs (3.0.0 would half-create the user)', async () => {
    const { client } = await setup([], 'login');
    const error = await client.users.create({ email: 'ghost@example.com', name: 'Ghost', password: 'Secret123!', groups: ['00000000-0000-4000-8000-00000000dead'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', code: 'ERR_INVALID_INPUT' });
    expect((await client.users.search('ghost')).length).toBe(0);
  });
});
