import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/errors.js';
import { WikiJsClient } from '../../../src/wikijs/index.js';
import { useWiki } from './context.js';

describe('site administration on Wiki.js 2', () => {
  const wiki = useWiki('admin', 2);

  it('system.info names a 2.x version; flags are key/value pairs', async () => {
    const info = await wiki.client.system.info();
    expect(info.currentVersion).toMatch(/^2\./);
    expect(info.pagesTotal).toEqual(expect.any(Number));
    for (const flag of await wiki.client.system.flags()) expect(typeof flag.value).toBe('boolean');
  });

  it('site.config reads, and updateConfig changes only the keys given', async () => {
    const before = await wiki.client.site.config();
    expect(typeof before['title']).toBe('string');
    await wiki.client.site.updateConfig({ title: before['title'] ?? 'Wiki.js' });
    const after = await wiki.client.site.config();
    expect(after['title']).toBe(before['title']);
    expect(after['description']).toBe(before['description']);
    await expect(wiki.client.site.updateConfig({ bogus: 1 })).rejects.toMatchObject({ name: 'UsageError', field: 'bogus' });
  });

  it('navigation tree and config read, and the tree writes back unchanged', async () => {
    const tree = await wiki.client.navigation.tree();
    const config = await wiki.client.navigation.config();
    expect(['NONE', 'TREE', 'MIXED', 'STATIC']).toContain(config.mode);
    await wiki.client.navigation.updateTree(tree);
    expect(await wiki.client.navigation.tree()).toEqual(tree);
    await wiki.client.navigation.updateConfig(config.mode);
  });

  it('localization lists locales including en, and the config', async () => {
    const locales = await wiki.client.localization.locales();
    expect(locales.map((l) => l.code)).toContain('en');
    const config = await wiki.client.localization.config();
    expect(config.locale).toMatch(/^[a-z]{2}/);
  });

  it('search engines include the enabled default db engine; the index rebuilds', async () => {
    const engines = await wiki.client.search.engines();
    expect(engines.find((e) => e.isEnabled)?.key).toBeDefined();
    await wiki.client.search.rebuildIndex();
  });

  it('storage status and targets are listed', async () => {
    const status = await wiki.client.storage.status();
    expect(Array.isArray(status)).toBe(true);
    const targets = await wiki.client.storage.targets();
    expect(targets.every((t) => typeof t.key === 'string')).toBe(true);
  });

  it('comments: create on a page, list, read, update, delete', async () => {
    const page = await wiki.client.pages.create({ path: `${wiki.prefix}/commented`, title: 'Commented', content: 'x' });
    const id = await wiki.client.comments.create({ pageId: page.id, content: 'First comment from the contract suite' });
    const list = await wiki.client.comments.list(page.path, 'en');
    expect(list.map((c) => c.id)).toContain(id);
    const render = await wiki.client.comments.update(id, 'Edited comment text');
    expect(render).toContain('Edited');
    expect((await wiki.client.comments.get(id)).content).toBe('Edited comment text');
    await wiki.client.comments.delete(id);
    expect(await wiki.client.comments.list(page.path, 'en')).toEqual([]);
  });

  it('authentication: API state, keys (create then revoke), strategies, refused login', async () => {
    expect(await wiki.client.authentication.apiState()).toBe(true);
    const name = wiki.unique('key');
    const { key } = await wiki.client.authentication.createApiKey({ name, expiration: '1d', fullAccess: true });
    expect(key.split('.')).toHaveLength(3);
    const created = (await wiki.client.authentication.apiKeys()).find((k) => k.name === name);
    expect(created).toMatchObject({ isRevoked: false });
    const fresh = new WikiJsClient({ url: wiki.target.url, apiKey: key }, { version: 2 });
    expect((await fresh.testConnection()).identity?.guest).toBe(false);
    await wiki.client.authentication.revokeApiKey(created!.id);
    expect((await wiki.client.authentication.apiKeys()).find((k) => k.id === created!.id)?.isRevoked).toBe(true);
    // A revoked key: HTTP 500 "API Key is invalid or was revoked." → AuthError.
    await expect(fresh.pages.list()).rejects.toBeInstanceOf(AuthError);
    await fresh.close();
    expect((await wiki.client.authentication.strategies()).map((s) => s.key)).toContain('local');
    await expect(wiki.client.authentication.login('nobody@example.com', 'wrong-password', 'local')).rejects.toMatchObject({ name: 'AuthError', code: 1002 });
  });
});
