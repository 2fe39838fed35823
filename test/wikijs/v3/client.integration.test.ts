import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, ConflictError, NotFoundError, PermissionError, RateLimitError, UsageError, ValidationError } from '../../../src/errors.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { WikiJsClient } from '../../../src/wikijs/index.js';

let sb: Sandbox;
let client: WikiJsClient;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, quiet: true, wikijsVersion: 3 });
  client = new WikiJsClient({ url: sb.url, apiKey: sb.token });
});
afterAll(async () => {
  await client.close();
  await sb.close();
});

describe('WikiJsClient on the v3 sandbox', () => {
  it('detects Wiki.js 3 by probing /_graphql and reports it', async () => {
    expect(await client.version()).toBe(3);
    const info = await client.testConnection();
    expect(info.version).toBe(3);
    expect(info.serverVersion).toBe('3.0.0');
  });

  it('pages: create, get by id and path, update (patch), list, search, move, history, delete', async () => {
    const page = await client.pages.create({ path: 'v3c/Alpha', title: 'Alpha', content: '# Alpha\n', tags: ['One', 'two'] });
    expect(page.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.path).toBe('v3c/alpha');
    expect(page.tags).toEqual(['one', 'two']);
    expect((await client.pages.get(page.id)).title).toBe('Alpha');
    expect((await client.pages.get({ path: 'v3c/alpha', locale: 'en' })).id).toBe(page.id);
    const updated = await client.pages.update(page.id, { content: '# Alpha v2\n' }, { expectedRevision: page.updatedAt });
    expect(updated).toMatchObject({ title: 'Alpha', content: '# Alpha v2\n', tags: ['one', 'two'] });
    await expect(client.pages.update(page.id, { title: 'stale' }, { expectedRevision: page.updatedAt })).rejects.toBeInstanceOf(ConflictError);
    const list = await client.pages.list({});
    expect(list.find((p) => p.path === 'v3c/alpha')?.id).toBe(page.id);
    expect((await client.pages.search('Alpha')).map((h) => h.id)).toContain(page.id);
    await client.pages.move(page.id, { path: 'v3c/moved/alpha', locale: 'en' });
    expect((await client.pages.get(page.id)).path).toBe('v3c/moved/alpha');
    const history = await client.pages.history(page.id);
    expect(history.trail.map((e) => e.actionType)).toEqual(['move', 'initial']);
    const version = await client.pages.version(page.id, history.trail[1]?.versionId ?? 0);
    expect(version?.content).toBe('# Alpha\n');
    await client.pages.delete(page.id);
    await expect(client.pages.get(page.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('maps ERR_* keys to typed errors and keeps the key as code', async () => {
    await client.pages.create({ path: 'v3c/dup', title: 'Dup', content: 'x' });
    const dup = await client.pages.create({ path: 'v3c/DUP', title: 'Dup', content: 'x' }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ConflictError);
    expect(dup).toMatchObject({ code: 'ERR_PAGE_DUPLICATE_PATH', wiki: 'wikijs-v3' });
    expect((dup as Error).message).toMatch(/^Wiki\.js pages\.create failed: ERR_PAGE_DUPLICATE_PATH — A page at this path already exists \(path "v3c\/dup"\) \[POST http:\/\/127\.0\.0\.1:\d+\/_graphql\]$/);
    const missing = await client.pages.get('00000000-0000-4000-8000-00000000dead').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ code: 'ERR_PAGE_NOT_FOUND' });
  });

  it('refuses a non-UUID id before sending anything', async () => {
    const gql = await client.graphql();
    const before = gql.roundTrips;
    await expect(client.pages.get(42)).rejects.toBeInstanceOf(UsageError);
    await expect(client.pages.get('abc')).rejects.toThrow(/must be a UUID on Wiki\.js 3/);
    expect(gql.roundTrips).toBe(before);
  });

  it('users, groups: create with groups + mustChangePassword, list/search, update, assign, delete', async () => {
    const group = await client.groups.create('V3 Editors');
    expect(String(group.id)).toMatch(/^[0-9a-f-]{36}$/);
    const user = await client.users.create({ email: 'Jane.V3@Example.com', name: 'Jane V3', password: 'Secret123!', groups: [group.id], mustChangePassword: true });
    expect(user.email).toBe('jane.v3@example.com');
    const full = await client.users.get(user.id);
    expect(full.groups.map((g) => g.name)).toEqual(['Users', 'V3 Editors']);
    expect((await client.users.search('jane.v3')).map((u) => u.id)).toEqual([user.id]);
    await client.users.update(user.id, { name: 'Jane Q', location: 'Paris' });
    expect(await client.users.get(user.id)).toMatchObject({ name: 'Jane Q', location: 'Paris', timezone: 'America/New_York' });
    const other = await client.groups.create('V3 Other');
    await client.groups.assignUser(other.id, user.id);
    await expect(client.groups.assignUser(other.id, user.id)).rejects.toBeInstanceOf(ConflictError);
    expect((await client.groups.get(other.id)).users.map((u) => u.id)).toEqual([user.id]);
    await expect(client.users.create({ email: 'jane.v3@example.com', name: 'Again', password: 'Secret123!' })).rejects.toMatchObject({ code: 'ERR_DUPLICATE_ACCOUNT_EMAIL', category: 'conflict' });
    await expect(client.users.create({ email: 'bad', name: 'Bad Email', password: 'Secret123!' })).rejects.toBeInstanceOf(ValidationError);
    await client.users.delete(user.id);
    await expect(client.users.get(user.id)).rejects.toMatchObject({ code: 'ERR_INVALID_USER', category: 'not-found' });
  });

  it('one level is one level: pages.tree, assets.folders and assets.list leave out what sits deeper (3.0.x tree depth counts levels below)', async () => {
    await client.pages.create({ path: 'lvl/a/deep/page', title: 'Deep', content: 'd' });
    await client.pages.create({ path: 'lvl/a/near', title: 'Near', content: 'n' });
    const tree = await client.pages.tree({ path: 'lvl/a/near' });
    expect(tree.map((i) => [i.path, i.isFolder])).toEqual([['lvl/a/deep', true], ['lvl/a/near', false]]);
    const top = await client.assets.createFolder(0, 'lvl-top');
    const sub = await client.assets.createFolder(top.id, 'sub');
    await client.assets.createFolder(sub.id, 'subsub');
    await client.assets.upload('top.txt', new Uint8Array([1]), { folderId: top.id, mime: 'text/plain' });
    await client.assets.upload('below.txt', new Uint8Array([2]), { folderId: sub.id, mime: 'text/plain' });
    expect((await client.assets.folders(top.id)).map((f) => f.slug)).toEqual(['sub']);
    expect((await client.assets.list(top.id)).map((a) => a.filename)).toEqual(['top.txt']);
  });

  it('assets: folders, upload, list, download, delete; sites; API keys; system info', async () => {
    const folder = await client.assets.createFolder(0, 'img');
    expect((await client.assets.folders(0)).map((f) => f.slug)).toContain('img');
    const asset = await client.assets.upload('Logo.PNG', new Uint8Array([9, 8, 7]), { folderId: folder.id, mime: 'image/png' });
    expect(asset).toMatchObject({ filename: 'logo.png', fileSize: 3, kind: 'image' });
    expect(await client.assets.download('/img/logo.png')).toEqual(new Uint8Array([9, 8, 7]));
    await client.assets.delete(asset.id);
    expect(await client.assets.list(folder.id)).toEqual([]);
    const key = await client.authentication.createApiKey({ name: 'ci', expiration: '30d', fullAccess: true });
    expect((await client.authentication.apiKeys()).map((k) => k.name)).toContain('ci');
    const viaKey = new WikiJsClient({ url: sb.url, apiKey: key.key }, { version: 3 });
    expect((await viaKey.system.info()).currentVersion).toBe('3.0.0');
    await viaKey.close();
    expect(await client.site.config()).toMatchObject({ hostname: '*', title: 'Default Site' });
  });

  it('a garbage key acts as the guest: AuthError naming it, not ERR_FORBIDDEN', async () => {
    const bad = new WikiJsClient({ url: sb.url, apiKey: 'garbage' }, { version: 3 });
    await expect(bad.pages.list({})).rejects.toBeInstanceOf(AuthError);
    await bad.close();
    const guest = new WikiJsClient({ url: sb.url }, { version: 3 });
    await expect(guest.users.list()).rejects.toBeInstanceOf(PermissionError);
    await guest.close();
  });

  it('logs in with username/password for a JWT (the workaround for 3.0.0 API keys), then rate-limits logins', async () => {
    const jwt = new WikiJsClient({ url: sb.url, username: sb.adminEmail, password: sb.adminPassword });
    expect((await jwt.system.info()).currentVersion).toBe('3.0.0');
    await jwt.close();
    let last: unknown;
    for (let i = 0; i < 7; i++) {
      const c = new WikiJsClient({ url: sb.url, username: sb.adminEmail, password: 'wrong-password' }, { version: 3 });
      last = await c.pages.list({}).toArray().catch((e: unknown) => e);
      await c.close();
      if (last instanceof RateLimitError) break;
      expect(last).toMatchObject({ code: 'ERR_LOGIN_FAILED', category: 'auth' });
    }
    expect(last).toBeInstanceOf(RateLimitError);
    expect((last as RateLimitError).retryAfterMs).toBeGreaterThan(0);
  });
});
