/**
 * The MCP tools against the real MediaWiki 1.39, through the SDK's own client: the same
 * tools as on Wiki.js, over titles, revids and wikitext. A second account makes real edit
 * conflicts; the bot password is the canary that must never appear in any output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import type { Wiki } from '../../../src/model/wiki.js';
import { mediaWikiEnv, uniqueTitle } from '../../helpers/mediawiki-env.js';
import { connect, countingWiki, type Session } from '../../mcp/helpers.js';

const env = mediaWikiEnv();
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHQoJAAtnBf/2Ib2PAAAAAElFTkSuQmCC', 'base64');

describe.skipIf(!env)('wikikit MCP server on the real MediaWiki', () => {
  const e = env!;
  const folder = uniqueTitle('mcp');
  let client: MediaWikiClient;
  let tester: MediaWikiClient;
  let wiki: Wiki;
  let session: Session;

  beforeAll(async () => {
    client = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password });
    tester = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username2, password: e.password2 });
    wiki = client.asWiki();
    session = await connect({ wiki, secrets: [e.password, e.password2] });
  });
  afterAll(async () => {
    await session.close();
    await Promise.all([wiki.close(), tester.close()]);
  });

  it('create → read (title, id, old revid) → update → conflict with another account → history → diff', async () => {
    const path = `${folder}/Guide`;
    const created = await session.call('create_page', { path, content: "'''Guide''' — version one, naïve café.", summary: 'mcp create' });
    expect(created.isError).toBe(false);
    const v1 = created.data['revision'] as string;
    expect(v1).toMatch(/^\d+$/);
    const read = await session.call('read_page', { path });
    expect(read.data).toMatchObject({ path, revision: v1, format: 'wikitext', content_type: 'text/x-wiki' });
    expect(read.text).toBe("'''Guide''' — version one, naïve café.");
    const byId = await session.call('read_page', { id: read.data['id'] });
    expect(byId.data['path']).toBe(path);
    const duplicate = await session.call('create_page', { path, content: 'again' });
    expect(duplicate.isError).toBe(true);
    expect(duplicate.data).toMatchObject({ error: { category: 'conflict', wiki: 'mediawiki' }, current_revision: v1 });

    const updated = await session.call('update_page', { path, base_revision: v1, content: "'''Guide''' — version two.", summary: 'mcp update' });
    expect(updated.data).toMatchObject({ action: 'updated', previous_revision: v1 });
    const v2 = updated.data['revision'] as string;

    await tester.edit({ title: path, appendtext: '\nby Tester' });
    const stale = await session.call('update_page', { path, base_revision: v2, content: 'agent overwrite' });
    expect(stale.isError).toBe(true);
    expect(stale.data['error']).toMatchObject({ category: 'conflict', wiki: 'mediawiki' });
    expect(stale.data['current_revision']).not.toBe(v2);
    expect((await wiki.get(path))?.content).toBe("'''Guide''' — version two.\nby Tester");

    const history = await session.call('history', { path });
    const revisions = history.data['revisions'] as { revision: string; summary?: string }[];
    expect(revisions.map((r) => r.revision).slice(1)).toEqual([v2, v1]);
    const old = await session.call('read_page', { path, revision: v1 });
    expect(old.text).toBe("'''Guide''' — version one, naïve café.");
    const diff = await session.call('diff', { path, from: v1, to: v2 });
    expect(diff.text).toContain("-'''Guide''' — version one, naïve café.");
    expect(diff.text).toContain("+'''Guide''' — version two.");
  });

  it('list_pages, tree, grep, search and resources over titles', async () => {
    await wiki.put({ path: `${folder}/List/A`, content: 'alpha needle' });
    await wiki.put({ path: `${folder}/List/B`, content: 'beta needle' });
    const listed = await session.call('list_pages', { prefix: `${folder}/List` });
    expect((listed.data['pages'] as { path: string }[]).map((p) => p.path)).toEqual([`${folder}/List/A`, `${folder}/List/B`]);
    const tree = await session.call('tree', { prefix: `${folder}/List` });
    expect(tree.text).toBe([`${folder}/List/`, '  A', '  B'].join('\n'));
    const grep = await session.call('grep', { pattern: 'needle', path_prefix: `${folder}/List` });
    expect((grep.data['matches'] as { path: string }[]).map((m) => m.path)).toEqual([`${folder}/List/A`, `${folder}/List/B`]);
    const search = await session.call('search', { query: 'needle' });
    expect(search.isError).toBe(false);
    const uri = `wiki://${`${folder}/List/A`.split('/').map(encodeURIComponent).join('/')}`;
    const resource = await session.client.readResource({ uri });
    expect(resource.contents[0]).toMatchObject({ mimeType: 'text/x-wiki', text: 'alpha needle' });
  });

  it('move, delete with a confirmation token, replace plan → apply, upload a file', async () => {
    const from = `${folder}/Old`;
    await wiki.put({ path: from, content: 'Wikijs moves' });
    const moved = await session.call('move_page', { from, to: `${folder}/New` });
    expect(moved.isError).toBe(false);
    expect(await wiki.get(from)).toBeUndefined();

    const plan = await session.call('replace_plan', { pattern: 'Wikijs', replacement: 'Wiki.js', path_prefix: folder });
    expect((plan.data['pages'] as { path: string }[]).map((p) => p.path)).toEqual([`${folder}/New`]);
    const applied = await session.call('replace_apply', { plan_id: plan.data['plan_id'] });
    expect(applied.isError).toBe(false);
    expect((await wiki.get(`${folder}/New`))?.content).toBe('Wiki.js moves');

    const ask = await session.call('delete_page', { path: `${folder}/New` });
    expect(ask.data['confirmation_required']).toBe(true);
    expect(await wiki.get(`${folder}/New`)).toBeDefined();
    const done = await session.call('delete_page', { path: `${folder}/New`, confirmation_token: ask.data['confirmation_token'] });
    expect(done.data['deleted']).toBe(true);
    expect(await wiki.get(`${folder}/New`)).toBeUndefined();

    const name = `Wikikit-mcp-${Date.now()}.png`;
    const upload = await session.call('upload_asset', { name, content_base64: Buffer.concat([PNG, Buffer.from(name)]).toString('base64'), mime: 'image/png' });
    expect(upload.isError).toBe(false);
    expect(upload.data['path']).toBe(`File:${name}`);
    const logged = session.writes.map((w) => w.tool);
    expect(logged).toEqual(expect.arrayContaining(['create_page', 'update_page', 'move_page', 'replace_apply', 'delete_page', 'upload_asset']));
  });

  it('read-only and --allow-paths (a folder, or a namespace like File:) hold on MediaWiki too', async () => {
    const ro = await connect({ wiki, readOnly: true });
    expect((await ro.client.listTools()).tools.some((t) => t.name === 'create_page')).toBe(false);
    await ro.close();
    const { wiki: counted, calls } = countingWiki(wiki);
    const scoped = await connect({ wiki: counted, allowPaths: [`${folder}/Drafts`, 'File:'] });
    try {
      const outside = await scoped.call('create_page', { path: 'Main Page', content: 'x' });
      expect(outside.data['error']).toMatchObject({ field: 'allow-paths' });
      // MediaWiki spells the first letter upper case: "drafts" is not "Drafts"' sibling trick.
      const sibling = await scoped.call('create_page', { path: `${folder}/Drafts2`, content: 'x' });
      expect(sibling.data['error']).toMatchObject({ field: 'allow-paths' });
      expect(calls).toEqual([]);
      const inside = await scoped.call('create_page', { path: `${folder}/Drafts/One`, content: 'ok' });
      expect(inside.data['action']).toBe('created');
      const file = await scoped.call('upload_asset', { name: `Wikikit-mcp-scope-${Date.now()}.png`, content_base64: Buffer.concat([PNG, Buffer.from(String(Date.now()))]).toString('base64') });
      expect(file.isError).toBe(false);
    } finally {
      await scoped.close();
    }
  });

  it('the bot passwords never appear in any tool output or log line', () => {
    const everything = [...session.transcript, ...session.stderr, JSON.stringify(session.writes)].join('\n');
    expect(session.transcript.length).toBeGreaterThan(15);
    expect(everything).not.toContain(e.password);
    expect(everything).not.toContain(e.password2);
  });
});
