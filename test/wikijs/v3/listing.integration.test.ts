/**
 * Wiki.js 3 `pages.list` on the wire: `pages()` answers Int ids only, so each UUID comes from the
 * locale's `tree`, sent in the same round trip as the listing; pages the tree does not give (a
 * locale not listed before) are looked up by path. Where `pages()` is broken (3.0.0) the client
 * learns it once and lists through tree + search from then on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { V3Defect } from '../../../src/sandbox/v3/context.js';
import { startV3Sandbox } from '../../../src/sandbox/v3/index.js';
import { WikiJsClient } from '../../../src/wikijs/index.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

type Answer = { data?: Record<string, unknown>; errors?: unknown[] }[];

/**
 * A client whose every HTTP request is recorded as the sorted names of its GraphQL operations;
 * `tamper` may rewrite a batch's answers (one per operation, in order) before the client sees them.
 */
async function setup(defects: V3Defect[] = [], tamper?: (names: string[], answers: Answer) => void): Promise<{ client: WikiJsClient; sent: string[][] }> {
  const sb = await startV3Sandbox({ port: 0, quiet: true, defects });
  open.push(sb);
  const sent: string[][] = [];
  const client = new WikiJsClient({ url: sb.url, apiKey: sb.token }, {
    version: 3,
    transport: {
      fetch: async (url, init) => {
        const body = typeof init.body === 'string' ? init.body : '';
        const ops = body === '' ? [] : ([JSON.parse(body) as unknown].flat() as { query?: string }[]);
        const names = ops.map((op) => /^\s*(?:query|mutation)\s+(\w+)/.exec(op.query ?? '')?.[1] ?? '?');
        sent.push([...names].sort());
        const response = await fetch(url, init);
        if (tamper === undefined || body === '') return response;
        const batched = Array.isArray(JSON.parse(body));
        const answer = (await response.json()) as Answer | Answer[number];
        const answers = batched ? (answer as Answer) : [answer as Answer[number]];
        tamper(names, answers);
        return new Response(JSON.stringify(batched ? answers : answers[0]), { status: response.status, headers: response.headers });
      },
    },
  });
  open.push(client);
  return { client, sent };
}

describe('Wiki.js 3 pages.list', () => {
  it('takes the UUIDs from the tree sent with pages(): one request, and every id is the page\'s own', async () => {
    const { client, sent } = await setup();
    const created = [];
    for (let i = 0; i < 12; i++) created.push(await client.pages.create({ path: `l/${i % 3 === 0 ? 'deep/' : ''}p${i}`, title: `Page ${i}`, content: `body ${i}` }));
    created.push(await client.pages.create({ path: 'l/draft', title: 'Draft', content: 'd', isPublished: false }));
    sent.length = 0;
    const list = await client.pages.list({ orderBy: 'path' });
    expect(sent).toEqual([['WikikitV3Pages', 'WikikitV3Tree']]);
    const want = created.map((p) => [p.path, p.id]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(list.map((p) => [p.path, p.id])).toEqual(want);
  });

  it('a page of a locale not listed before is looked up by path once; the next listing has its tree', async () => {
    const { client, sent } = await setup();
    const en = await client.pages.create({ path: 'en/only', title: 'English', content: 'en' });
    const fr = await client.pages.create({ path: 'fr/only', locale: 'fr', title: 'Français', content: 'fr' });
    sent.length = 0;
    const first = await client.pages.list({ orderBy: 'title' });
    expect(first.map((p) => [p.locale, p.id])).toEqual([['en', en.id], ['fr', fr.id]]);
    expect(sent).toEqual([['WikikitV3Pages', 'WikikitV3Tree'], ['WikikitV3PageIdByPath']]);
    sent.length = 0;
    const second = await client.pages.list({ orderBy: 'title' });
    expect(second.map((p) => [p.locale, p.id])).toEqual([['en', en.id], ['fr', fr.id]]);
    expect(sent).toEqual([['WikikitV3Pages', 'WikikitV3Tree', 'WikikitV3Tree']]);
  });

  it.each([[[]], [['tree-unscoped']]] as const)('pages at one path in two locales are looked up, never matched by the tree (defects %j)', async (defects) => {
    let dropEnglishRow = false;
    const { client, sent } = await setup([...defects], (names, answers) => {
      const tree = answers[names.indexOf('WikikitV3Tree')]?.data?.['tree'] as { id: string }[] | undefined;
      // The English page's own tree row missing (a tree out of step with the pages): the French
      // page at the same path, same title, is the only tree item left there.
      if (tree !== undefined && dropEnglishRow) answers[names.indexOf('WikikitV3Tree')]!.data!['tree'] = tree.filter((item) => item.id !== en.id);
    });
    const en = await client.pages.create({ path: 'docs/index', title: 'Index', content: 'en' });
    const fr = await client.pages.create({ path: 'docs/index', locale: 'fr', title: 'Index', content: 'fr' });
    const other = await client.pages.create({ path: 'docs/other', title: 'Other', content: 'o' });
    await client.pages.list({}); // the fr tree is known from now on
    for (const drop of [false, true]) {
      dropEnglishRow = drop;
      sent.length = 0;
      const all = await client.pages.list({ orderBy: 'path' });
      expect(all.map((p) => [p.path, p.locale, p.id])).toEqual([['docs/index', 'en', en.id], ['docs/index', 'fr', fr.id], ['docs/other', 'en', other.id]]);
      expect(sent.flat().filter((name) => name === 'WikikitV3PageIdByPath')).toHaveLength(2);
      const english = await client.pages.list({ locale: 'en', orderBy: 'path' });
      expect(english.map((p) => [p.path, p.id])).toEqual([['docs/index', en.id], ['docs/other', other.id]]);
    }
  });

  it('a tree that spells `_` as `-` (3.0.x on PostgreSQL < 16) still gives the right ids, and twins that differ only there are looked up', async () => {
    const { client, sent } = await setup([], (names, answers) => {
      const tree = answers[names.indexOf('WikikitV3Tree')]?.data?.['tree'] as { folderPath: string }[] | undefined;
      for (const item of tree ?? []) item.folderPath = item.folderPath.replace(/_/g, '-');
    });
    const under = await client.pages.create({ path: 'snake_case/x', title: 'X', content: 'u' });
    sent.length = 0;
    expect((await client.pages.list({})).map((p) => p.id)).toEqual([under.id]);
    expect(sent).toEqual([['WikikitV3Pages', 'WikikitV3Tree']]);
    const hyphen = await client.pages.create({ path: 'snake-case/x', title: 'X', content: 'h' });
    sent.length = 0;
    expect((await client.pages.list({ orderBy: 'path' })).map((p) => p.id)).toEqual([hyphen.id, under.id]);
    expect(sent.flat().filter((name) => name === 'WikikitV3PageIdByPath')).toHaveLength(2);
  });

  it('a tree read in several pages is not used for ids (an item can be skipped between pages); a page deeper than the walk is looked up', async () => {
    let pad = true;
    const { client, sent } = await setup([], (names, answers) => {
      const at = names.indexOf('WikikitV3Tree');
      const tree = answers[at]?.data?.['tree'] as Record<string, unknown>[] | undefined;
      if (tree === undefined || !pad) return;
      // A full first page: the walk reads a second one.
      for (let i = tree.length; i < 1000; i++) tree.push({ __typename: 'TreeItemPage', id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, folderPath: 'pad', fileName: `p${i}`, title: `Pad ${i}` });
      pad = false;
    });
    const page = await client.pages.create({ path: 'w/page', title: 'Page', content: 'x' });
    const deep = await client.pages.create({ path: `${Array.from({ length: 12 }, (_, i) => `d${i}`).join('/')}/leaf`, title: 'Deep', content: 'd' });
    sent.length = 0;
    const list = await client.pages.list({ orderBy: 'title' });
    expect(list.map((p) => p.id)).toEqual([deep.id, page.id]);
    expect(sent.flat().filter((name) => name === 'WikikitV3PageIdByPath')).toHaveLength(2);
    // Whole again: only the page beyond the walk's depth is looked up.
    sent.length = 0;
    expect((await client.pages.list({ orderBy: 'title' })).map((p) => p.id)).toEqual([deep.id, page.id]);
    expect(sent.flat().filter((name) => name === 'WikikitV3PageIdByPath')).toHaveLength(1);
    // As 3.0.0, the sandbox refuses a deeper walk.
    const gql = await client.graphql();
    const { data } = await gql.request<{ sites: { id: string }[] }>('query { sites { id } }', undefined, { name: 'raw.sites', kind: 'read' });
    const refused = await gql.request('query Deep($site: UUID!) { tree(siteId: $site, depth: 11) { id } }', { site: data?.sites[0]?.id }, { name: 'raw.tree', kind: 'read' });
    expect(refused.errors.map((e) => e.message)).toEqual(['Invalid Depth']);
  });

  it('a tree entry that disagrees with the listing (another title, or two pages at one path) is not trusted: looked up by path', async () => {
    let mode: 'title' | 'twice' = 'title';
    const { client, sent } = await setup([], (names, answers) => {
      const at = names.indexOf('WikikitV3Tree');
      const tree = answers[at]?.data?.['tree'] as { id: string; title: string }[] | undefined;
      if (tree === undefined) return;
      if (mode === 'title') for (const item of tree) item.title = 'Renamed meanwhile';
      // Both entries name the first page's path: neither may be trusted.
      else tree.push({ ...tree[0]!, id: '00000000-0000-4000-8000-00000000beef' });
    });
    const one = await client.pages.create({ path: 't/one', title: 'One', content: 'x' });
    const two = await client.pages.create({ path: 't/two', title: 'Two', content: 'y' });
    sent.length = 0;
    expect((await client.pages.list({ orderBy: 'path' })).map((p) => p.id)).toEqual([one.id, two.id]);
    expect(sent).toEqual([['WikikitV3Pages', 'WikikitV3Tree'], ['WikikitV3PageIdByPath', 'WikikitV3PageIdByPath']]);
    mode = 'twice';
    sent.length = 0;
    expect((await client.pages.list({ orderBy: 'path' })).map((p) => p.id)).toEqual([one.id, two.id]);
    expect(sent).toEqual([['WikikitV3Pages', 'WikikitV3Tree'], ['WikikitV3PageIdByPath']]);
  });

  it('with pages() broken and a tree that answers every locale (3.0.x), each page keeps its own locale and path', async () => {
    const { client } = await setup(['pages-list', 'tree-unscoped']);
    const en = await client.pages.create({ path: 'u/page', title: 'English', content: 'en' });
    const fr = await client.pages.create({ path: 'u/page', locale: 'fr', title: 'Français', content: 'fr' });
    const draft = await client.pages.create({ path: 'u/draft', title: 'Draft', content: 'd', isPublished: false });
    // Search knows no page of this draft's locale: only a read of the page can place it.
    const draftDe = await client.pages.create({ path: 'u/entwurf', locale: 'de', title: 'Entwurf', content: 'e', isPublished: false });
    const all = await client.pages.list({ orderBy: 'title' });
    expect(all.map((p) => [p.id, p.locale, p.path, p.isPublished])).toEqual([
      [draft.id, 'en', 'u/draft', false], [en.id, 'en', 'u/page', true], [draftDe.id, 'de', 'u/entwurf', false], [fr.id, 'fr', 'u/page', true],
    ]);
    const french = await client.pages.list({ locale: 'fr' });
    expect(french.map((p) => p.id)).toEqual([fr.id]);
    const english = await client.pages.list({ locale: 'en', orderBy: 'title' });
    expect(english.map((p) => p.id)).toEqual([draft.id, en.id]);
  });

  it('with pages() broken and a tree that answers every site, another site\'s pages (a draft among them) are not listed', async () => {
    const { client } = await setup(['pages-list', 'tree-unscoped']);
    const gql = await client.graphql();
    const created = await gql.request<{ createSite: { site: { id: string } | null } }>(
      'mutation Site($h: String!, $t: String!) { createSite(hostname: $h, title: $t) { operation { succeeded } site { id } } }', { h: 'other.example', t: 'Other' }, { name: 'raw.createSite', kind: 'write' });
    const otherSite = created.data?.createSite.site?.id;
    expect(otherSite).toMatch(/^[0-9a-f-]{36}$/);
    for (const [path, publishState] of [['o/public', 'published'], ['o/draft', 'draft']] as const) {
      const res = await gql.request<{ createPage: { operation: { succeeded: boolean } } }>(
        'mutation Page($s: UUID!, $p: String!, $st: PagePublishState!) { createPage(siteId: $s, path: $p, locale: "en", title: "Elsewhere", description: "", content: "x", editor: "markdown", publishState: $st) { operation { succeeded } } }',
        { s: otherSite, p: path, st: publishState }, { name: 'raw.createPage', kind: 'write' });
      expect(res.data?.createPage.operation.succeeded).toBe(true);
    }
    const ours = await client.pages.create({ path: 'o/ours', title: 'Ours', content: 'y', isPublished: false });
    expect((await client.pages.list({})).map((p) => p.id)).toEqual([ours.id]);
  });

  it('with pages() broken, a tree page the caller may not read (3.0.0 refuses every page read by a non-admin) is left out, not a failed listing', async () => {
    const { client } = await setup(['pages-list'], (names, answers) => {
      const at = names.indexOf('WikikitV3Many');
      if (at < 0) return;
      answers[at] = { data: { p0: null }, errors: [{ message: 'ERR_FORBIDDEN', path: ['p0'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
    });
    const published = await client.pages.create({ path: 'f/public', title: 'Public', content: 'p' });
    await client.pages.create({ path: 'f/draft', title: 'Draft', content: 'd', isPublished: false });
    expect((await client.pages.list({})).map((p) => p.id)).toEqual([published.id]);
  });

  it('with pages() broken, history names the defect without asking pages() again once it has seen it', async () => {
    const { client, sent } = await setup(['pages-list']);
    const page = await client.pages.create({ path: 'h/page', title: 'H', content: 'h' });
    sent.length = 0;
    for (let i = 0; i < 2; i++) await expect(client.pages.history(page.id)).rejects.toMatchObject({ code: 'ServerDefect', message: expect.stringMatching(/pages\(\) is broken/) as unknown });
    await client.pages.list({});
    expect(sent.flat().filter((name) => name === 'WikikitV3Pages')).toHaveLength(1);
  });

  it('on a server whose pages() is broken (3.0.0), the second listing skips it: tree + search in one request, then a read of the draft search does not know', async () => {
    const { client, sent } = await setup(['pages-list']);
    const a = await client.pages.create({ path: 'b/alpha', title: 'Alpha', content: 'a', tags: ['x'] });
    const draft = await client.pages.create({ path: 'b/deep/draft', title: 'Draft', content: 'd', isPublished: false });
    sent.length = 0;
    const first = await client.pages.list({});
    expect(first.map((p) => [p.id, p.path, p.isPublished])).toEqual([[a.id, 'b/alpha', true], [draft.id, 'b/deep/draft', false]]);
    expect(sent[0]).toEqual(['WikikitV3Pages', 'WikikitV3Tree']);
    expect(sent.flat()).toContain('WikikitV3Search');
    sent.length = 0;
    const second = await client.pages.list({});
    expect(second).toEqual(first);
    // The draft is not in search: read by id to learn its locale and path.
    expect(sent).toEqual([['WikikitV3Search', 'WikikitV3Tree'], ['WikikitV3Many']]);
  });
});
