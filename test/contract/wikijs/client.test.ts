import { describe, expect, it } from 'vitest';
import { AuthError, UsageError } from '../../../src/errors.js';
import { WikiJsClient, type WikiJsPage } from '../../../src/wikijs/index.js';
import { useWiki, VERSIONS_2_3 } from './context.js';

describe.each(VERSIONS_2_3)('client basics on Wiki.js %i', (version) => {
  const wiki = useWiki('client', version);

  it('detects the major and tests the connection', async () => {
    const auto = new WikiJsClient({ url: wiki.target.url, apiKey: wiki.target.token });
    expect(await auto.version()).toBe(version);
    const info = await auto.testConnection();
    expect(info).toMatchObject({ ok: true, version });
    expect(info.identity?.guest).toBe(false);
    expect(info.message).toContain(`Wiki.js ${version}`);
    await auto.close();
  });

  it('refuses an invalid token that the server would silently treat as the Guest', async () => {
    const bad = new WikiJsClient({ url: wiki.target.url, apiKey: 'not-a-real-token' }, { version });
    await expect(bad.pages.list()).rejects.toMatchObject({ name: 'AuthError', code: 'GuestIdentity' });
    await expect(bad.testConnection()).rejects.toBeInstanceOf(AuthError);
    expect(String(bad)).not.toContain('not-a-real-token');
    await bad.close();
  });

  it('reads many pages in a handful of round trips', async () => {
    const pages: WikiJsPage[] = [];
    for (let i = 0; i < 3; i++) pages.push(await wiki.client.pages.create({ path: `${wiki.prefix}/rt-${i}`, title: `rt ${i}`, content: `# ${i}` }));
    const gql = await wiki.client.graphql();
    const before = gql.roundTrips;
    const ids = Array.from({ length: 60 }, (_, i) => pages[i % 3]!.id);
    const read = await wiki.client.pages.getMany(ids);
    expect(read.every((p) => p !== undefined)).toBe(true);
    expect(gql.roundTrips - before).toBe(1);
  });

  it('supports await using', async () => {
    let closedClient: WikiJsClient | undefined;
    {
      await using scoped = new WikiJsClient({ url: wiki.target.url, apiKey: wiki.target.token }, { version });
      closedClient = scoped;
      await scoped.pages.list({ limit: 1 });
    }
    await expect(closedClient.pages.list()).rejects.toMatchObject({ name: 'UsageError' });
  });
});

describe.each(VERSIONS_2_3)('sites on Wiki.js %i', (version) => {
  const wiki = useWiki('sites', version);

  it('lists sites and the default site on 3.x, and names the version on 2.x', async () => {
    if (version === 3) {
      const sites = await wiki.client.site.sites();
      expect(sites.length).toBeGreaterThan(0);
      const site = await wiki.client.site.defaultSite();
      expect(sites.map((s) => s['id'])).toContain(site['id']);
    } else {
      await expect(wiki.client.site.sites()).rejects.toThrow(/Wiki\.js 2/);
      await expect(wiki.client.site.defaultSite()).rejects.toBeInstanceOf(UsageError);
    }
  });
});
