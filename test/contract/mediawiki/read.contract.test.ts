import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import { mediaWikiEnv, uniqueTitle } from '../../helpers/mediawiki-env.js';

const env = mediaWikiEnv();

describe.skipIf(!env)('MediaWiki reading (real MediaWiki 1.39)', () => {
  const e = env!;
  const events: { type: string; operation?: string }[] = [];
  const client = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password }, { transport: { onEvent: (event) => events.push(event) } });
  const prefix = uniqueTitle('read');
  const category = `Wikikit ${prefix.slice(-14)}`;
  const titles = Array.from({ length: 60 }, (_, index) => `${prefix}/p${String(index).padStart(2, '0')}`);
  const template = `${prefix}/tpl`;
  // A word only this run's pages contain: a search for it is as fast on a test wiki full of earlier runs' pages.
  const marker = `wkread${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  beforeAll(async () => {
    await client.edit({ title: template, text: 'included' });
    await Promise.all(titles.map((title, index) => client.edit({ title, text: `page ${index} ${marker} [[${titles[0]}]] {{:${template}}}\n[[Category:${category}]]` })));
    // Links tables are filled by jobs run one per request; a forced links update makes them current now.
    const purged = await client.purge(titles, { forcelinkupdate: true });
    expect(purged.every((entry) => entry['purged'] === true)).toBe(true);
  }, 60_000);
  afterAll(() => client.close());

  it('read(): content, revid, timestamps, in input order, missing and normalised titles', async () => {
    const absent = uniqueTitle('absent');
    const lower = titles[3]!.charAt(0).toLowerCase() + titles[3]!.slice(1);
    const pages = await client.getMany([titles[2]!, absent, lower], { categories: true });
    expect(pages.map((page) => page.requested)).toEqual([titles[2], absent, lower]);
    expect(pages[0]).toMatchObject({ title: titles[2], missing: false, content: expect.stringContaining('page 2') as string, categories: [category] });
    expect(pages[0]?.revid).toBeGreaterThan(0);
    expect(pages[0]?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(pages[0]?.curtimestamp).toMatch(/Z$/);
    expect(pages[1]).toMatchObject({ missing: true });
    expect(pages[2]?.title).toBe(titles[3]);
  });

  it('batches: 60 titles as a bot (apihighlimits → 500 per request) take one request; ids likewise', async () => {
    await client.login();
    events.length = 0;
    const pages = await client.getMany(titles);
    expect(pages.every((page, index) => page.content?.startsWith(`page ${index} `))).toBe(true);
    expect(events.filter((event) => event.type === 'response').length).toBe(1);
    const byId = await client.readIds(pages.map((page) => page.pageid!));
    expect(byId.map((page) => page.title)).toEqual(titles);
  });

  it('batches of 50 without apihighlimits (anonymous reader)', async () => {
    const anonEvents: { type: string }[] = [];
    const anon = new MediaWikiClient({ apiUrl: e.apiUrl }, { transport: { onEvent: (event) => anonEvents.push(event) } });
    const pages = await anon.getMany(titles);
    expect(pages.filter((page) => !page.missing)).toHaveLength(60);
    expect(anonEvents.filter((event) => event.type === 'response').length).toBe(2); // 2 batches, no login
    await anon.close();
  });

  it('query()/list() follow continue for lists and generators', async () => {
    const collect = async (params: Record<string, string | number>, max = Infinity): Promise<string[]> => {
      const out: string[] = [];
      for await (const item of client.list<{ title: string }>(params)) {
        out.push(item.title);
        if (out.length >= max) break;
      }
      return out;
    };
    expect(await collect({ list: 'allpages', apprefix: `${prefix}/p`, aplimit: 7 })).toEqual(titles);
    expect(await collect({ list: 'categorymembers', cmtitle: `Category:${category}`, cmlimit: 9 })).toHaveLength(60);
    expect((await collect({ generator: 'allpages', gapprefix: `${prefix}/p`, gaplimit: 11 })).sort()).toEqual(titles);
    expect(await collect({ list: 'backlinks', bltitle: titles[0]!, bllimit: 13 })).toHaveLength(59);
    expect(await collect({ list: 'embeddedin', eititle: template, eilimit: 13 })).toHaveLength(60);
    expect(await collect({ list: 'usercontribs', ucuser: 'Admin', uclimit: 7 }, 30)).toHaveLength(30);
    expect(await collect({ list: 'recentchanges', rclimit: 7, rctype: 'new' }, 20)).toHaveLength(20);
    const search = await collect({ list: 'search', srsearch: marker, srlimit: 5, srwhat: 'text' }, 10);
    expect(search).toHaveLength(10); // two continued answers
    let answers = 0;
    for await (const body of client.query({ list: 'allpages', apprefix: `${prefix}/p`, aplimit: 25 })) {
      answers++;
      expect(body['query']).toBeDefined();
    }
    expect(answers).toBe(3);
  }, 90_000); // ~40 continued requests: slow only when the 2-core machine is shared

  it('parse() and siteinfo() (fetched once)', async () => {
    const parsed = await client.parse({ text: "'''bold'''", title: 'Sandbox', contentmodel: 'wikitext' });
    expect(String(parsed['text'])).toContain('<b>bold</b>');
    events.length = 0;
    const [a, b] = await Promise.all([client.siteinfo(), client.siteinfo()]);
    expect(a).toBe(b);
    expect(a.general.generator).toMatch(/^MediaWiki 1\.39/);
    expect(a.namespaces['14']?.name).toBe('Category');
    expect(a.usergroups.some((group) => group.name === 'bot')).toBe(true);
    await client.siteinfo();
    expect(events.filter((event) => event.type === 'response').length).toBe(1);
  });

  it('revisions(): history newest first, with content when asked', async () => {
    const title = titles[5]!;
    await client.edit({ title, appendtext: '\nsecond' });
    const history = await client.revisions(title, { content: true });
    expect(history).toHaveLength(2);
    expect(history[0]!.revid).toBeGreaterThan(history[1]!.revid);
    expect(history[0]!.content).toContain('second');
  });
});
