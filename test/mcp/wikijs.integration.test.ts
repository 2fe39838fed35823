/**
 * Every tool through the SDK's own client against Wiki.js 2 and 3 (sandbox, or a real server): reads,
 * conflict-safe writes, the delete confirmation round trip, replace plan → apply, uploads,
 * resources, read-only mode, path scoping, the write log and a canary token.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wiki } from '../../src/model/wiki.js';
import { wikiJsTarget, type WikiJsTarget } from '../helpers/wikijs-target.js';
import { WikiJsClient } from '../../src/wikijs/index.js';
import { toolNames } from '../../src/mcp/server.js';
import { connect, countingWiki, sleep, type Session } from './helpers.js';

const WRITE_TOOLS = ['create_page', 'update_page', 'move_page', 'delete_page', 'replace_plan', 'replace_apply', 'upload_asset'];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHQoJAAtnBf/2Ib2PAAAAAElFTkSuQmCC', 'base64');

// The sandbox of each major, or a real Wiki.js of that major when WIKIJS_URL + WIKIJS_TOKEN say so.
describe.each([2, 3] as const)('wikikit MCP server on Wiki.js %i', (major) => {
  // A prefix no earlier run used, so the same file runs against a real, long-lived server.
  const P = `mcp-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  let target: WikiJsTarget;
  // The wiki's admin key is the canary: it must never come back in any output or log line.
  let canary: string;
  let wiki: Wiki;
  let session: Session;

  beforeAll(async () => {
    target = await wikiJsTarget({ version: major });
    canary = target.token;
    wiki = new WikiJsClient({ url: target.url, apiKey: canary }).asWiki();
    session = await connect({ wiki, secrets: [canary] });
  });
  afterAll(async () => {
    await session.close();
    if (target.real) for await (const page of wiki.list({ prefix: P })) await wiki.delete(page.path).catch(() => undefined);
    await wiki.close();
    await target.close();
  });

  it('offers every tool with annotations an agent can rely on', async () => {
    const { tools } = await session.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(['search', 'grep', 'read_page', 'list_pages', 'tree', 'history', 'diff', ...WRITE_TOOLS]);
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(30);
      expect(tool.annotations?.readOnlyHint).toBe(!WRITE_TOOLS.includes(tool.name) || tool.name === 'replace_plan');
    }
    expect(tools.find((t) => t.name === 'delete_page')?.annotations?.destructiveHint).toBe(true);
    const update = tools.find((t) => t.name === 'update_page');
    expect(update?.inputSchema.required).toEqual(expect.arrayContaining(['path', 'base_revision']));
    expect((update?.inputSchema.properties?.['base_revision'] as { description?: string }).description).toMatch(/"revision" you got from read_page/);
    expect(toolNames({ tools: 'essential' })).toEqual(['search', 'read_page', 'list_pages', 'create_page', 'update_page']);
  });

  it('create → read (path, id, old revision) → update → history → diff, all over the model', async () => {
    const created = await session.call('create_page', { path: `${P}/guide`, content: '# Guide\n\nVersion one, naïve café.\n', title: 'Guide', tags: ['mcp'] });
    expect(created.isError).toBe(false);
    expect(created.data).toMatchObject({ action: 'created', path: `${P}/guide` });
    const v1 = created.data['revision'] as string;

    const read = await session.call('read_page', { path: `${P}/guide` });
    expect(read.data).toMatchObject({ path: `${P}/guide`, title: 'Guide', revision: v1, format: 'markdown', content_type: 'text/markdown', current: true, uri: `wiki://${P}/guide` });
    expect(read.text).toBe('# Guide\n\nVersion one, naïve café.\n');
    const byId = await session.call('read_page', { id: read.data['id'] });
    expect(byId.data['path']).toBe(`${P}/guide`);
    expect(byId.text).toBe(read.text);

    await sleep(5); // Wiki.js revisions are millisecond timestamps
    const updated = await session.call('update_page', { path: `${P}/guide`, base_revision: v1, content: '# Guide\n\nVersion two.\n' });
    expect(updated.isError).toBe(false);
    expect(updated.data).toMatchObject({ action: 'updated', previous_revision: v1 });
    const v2 = updated.data['revision'] as string;
    expect(v2).not.toBe(v1);

    const history = await session.call('history', { path: `${P}/guide` });
    const revisions = (history.data['revisions'] as { revision: string }[]).map((r) => r.revision);
    expect(revisions[0]).toBe(v2);
    expect(revisions.length).toBeGreaterThanOrEqual(2);
    const older = revisions[1] as string;
    const old = await session.call('read_page', { path: `${P}/guide`, revision: older });
    expect(old.data).toMatchObject({ current: false, current_revision: v2, revision: older });
    expect(old.text).toContain('Version one');

    const diff = await session.call('diff', { path: `${P}/guide`, from: older });
    expect(diff.data).toMatchObject({ identical: false, to: v2 });
    expect(diff.text).toContain('-Version one, naïve café.');
    expect(diff.text).toContain('+Version two.');
    const missing = await session.call('read_page', { path: `${P}/guide`, revision: 'no-such-revision' });
    expect(missing.isError).toBe(true);
    expect(missing.data['error']).toMatchObject({ category: 'not-found', code: 'no-such-revision' });

    // Only the title changes: content omitted keeps the body.
    const retitled = await session.call('update_page', { path: `${P}/guide`, base_revision: v2, title: 'The guide' });
    expect(retitled.data['action']).toBe('updated');
    expect((await wiki.get(`${P}/guide`))?.content).toBe('# Guide\n\nVersion two.\n');
    expect(session.mcp.context.access.kind).toBe(major === 3 ? 'wikijs-v3' : 'wikijs-v2');
  });

  it('search, list_pages (paged), tree and grep', async () => {
    for (const p of [`${P}/list/a`, `${P}/list/b`, `${P}/list/sub/c`]) await wiki.put({ path: p, content: `body of ${p}\nneedle-17\n`, title: p.split('/').pop() ?? p });
    const first = await session.call('list_pages', { prefix: `${P}/list`, limit: 2 });
    expect(first.data['total']).toBe(3);
    expect((first.data['pages'] as { path: string }[]).map((p) => p.path)).toEqual([`${P}/list/a`, `${P}/list/b`]);
    const second = await session.call('list_pages', { prefix: `${P}/list`, limit: 2, offset: first.data['next_offset'] });
    expect((second.data['pages'] as { path: string }[]).map((p) => p.path)).toEqual([`${P}/list/sub/c`]);
    expect(second.data['next_offset']).toBeUndefined();

    const tree = await session.call('tree', { prefix: `${P}/list` });
    expect(tree.text).toBe([`${P}/list/`, '  a', '  b', '  sub/', '    c'].join('\n'));

    const grep = await session.call('grep', { pattern: 'NEEDLE-1[0-9]', regex: true, ignore_case: true, path_prefix: `${P}/list` });
    expect((grep.data['matches'] as { path: string; line: number }[]).map((m) => [m.path, m.line])).toEqual([
      [`${P}/list/a`, 2],
      [`${P}/list/b`, 2],
      [`${P}/list/sub/c`, 2],
    ]);
    const capped = await session.call('grep', { pattern: 'body', path_prefix: `${P}/list`, max_matches: 1 });
    expect(capped.data).toMatchObject({ truncated: true });

    const word = `Zyzzyva${P.replace(/\W/g, '')}`;
    await wiki.put({ path: `${P}/list/findable`, content: 'x', title: `The ${word} page` });
    const search = await session.call('search', { query: word });
    expect(search.isError).toBe(false);
    expect((search.data['hits'] as { path: string }[]).map((h) => h.path)).toEqual([`${P}/list/findable`]);
  });

  it('a stale base revision is a conflict result telling the agent to re-read; nothing is overwritten', async () => {
    const created = await session.call('create_page', { path: `${P}/conflict`, content: 'original\n' });
    const base = created.data['revision'] as string;
    await sleep(5);
    const other = await wiki.put({ path: `${P}/conflict`, content: 'edited by a person\n' });
    const result = await session.call('update_page', { path: `${P}/conflict`, base_revision: base, content: 'agent version\n' });
    expect(result.isError).toBe(true);
    expect(result.data).toMatchObject({ error: { category: 'conflict' }, your_base_revision: base, current_revision: other.page.revision, nothing_written: true });
    expect(result.data['what_to_do']).toMatch(/read_page/);
    expect((await wiki.get(`${P}/conflict`))?.content).toBe('edited by a person\n');
    // Metadata-only update with a stale base: refused the same way.
    const meta = await session.call('update_page', { path: `${P}/conflict`, base_revision: base, title: 'x' });
    expect(meta.isError).toBe(true);
    expect(meta.data['error']).toMatchObject({ category: 'conflict' });
    // Creating over an existing page is a conflict too.
    const again = await session.call('create_page', { path: `${P}/conflict`, content: 'dup' });
    expect(again.isError).toBe(true);
    expect(again.data).toMatchObject({ error: { category: 'conflict' }, current_revision: other.page.revision });
    expect(session.writes.filter((w) => w.path === `${P}/conflict`).map((w) => w.outcome)).toEqual(['written', 'refused', 'refused', 'refused']);
  });

  it('delete needs a confirmation token tied to the exact page and revision', async () => {
    await wiki.put({ path: `${P}/doomed`, content: 'bye\n' });
    await wiki.put({ path: `${P}/other`, content: 'stay\n' });
    const ask = await session.call('delete_page', { path: `${P}/doomed` });
    expect(ask.isError).toBe(false);
    expect(ask.data).toMatchObject({ confirmation_required: true, deleted: false, path: `${P}/doomed` });
    const token = ask.data['confirmation_token'] as string;
    expect(await wiki.get(`${P}/doomed`)).toBeDefined();

    // The token does not carry over to another page, and is used up by the attempt.
    const wrongPage = await session.call('delete_page', { path: `${P}/other`, confirmation_token: token });
    expect(wrongPage.isError).toBe(true);
    expect(wrongPage.data['error']).toMatchObject({ category: 'usage', field: 'confirmation_token' });
    const reused = await session.call('delete_page', { path: `${P}/doomed`, confirmation_token: token });
    expect(reused.isError).toBe(true);
    expect(await wiki.get(`${P}/other`)).toBeDefined();

    // A page edited after the token was issued is not deleted.
    const second = await session.call('delete_page', { path: `${P}/doomed` });
    await sleep(5);
    await wiki.put({ path: `${P}/doomed`, content: 'changed meanwhile\n' });
    const stale = await session.call('delete_page', { path: `${P}/doomed`, confirmation_token: second.data['confirmation_token'] });
    expect(stale.isError).toBe(true);
    expect(stale.data['error']).toMatchObject({ category: 'conflict' });
    expect((await wiki.get(`${P}/doomed`))?.content).toBe('changed meanwhile\n');

    const third = await session.call('delete_page', { path: `${P}/doomed` });
    const done = await session.call('delete_page', { path: `${P}/doomed`, confirmation_token: third.data['confirmation_token'] });
    expect(done.data).toMatchObject({ deleted: true, path: `${P}/doomed`, revision: third.data['revision'] });
    expect(await wiki.get(`${P}/doomed`)).toBeUndefined();
    expect(session.writes.at(-1)).toMatchObject({ tool: 'delete_page', path: `${P}/doomed`, oldRevision: third.data['revision'], newRevision: null, outcome: 'written' });
  });

  it('move_page moves and logs old and new path', async () => {
    const created = await session.call('create_page', { path: `${P}/old-name`, content: 'moving\n' });
    const moved = await session.call('move_page', { from: `${P}/old-name`, to: `${P}/new-name`, base_revision: created.data['revision'] });
    expect(moved.isError).toBe(false);
    expect(await wiki.get(`${P}/old-name`)).toBeUndefined();
    expect((await wiki.get(`${P}/new-name`))?.content).toBe('moving\n');
    expect(session.writes.at(-1)).toMatchObject({ tool: 'move_page', path: `${P}/old-name`, to: `${P}/new-name`, oldRevision: created.data['revision'], outcome: 'written' });
  });

  it('replace_plan previews, replace_apply carries out exactly that plan once, refusing pages edited since', async () => {
    await wiki.put({ path: `${P}/rep/one`, content: 'Wikijs is great\n' });
    await wiki.put({ path: `${P}/rep/two`, content: 'I like Wikijs\n' });
    const plan = await session.call('replace_plan', { pattern: 'Wikijs', replacement: 'Wiki.js', path_prefix: `${P}/rep` });
    expect(plan.isError).toBe(false);
    expect((plan.data['pages'] as { path: string }[]).map((p) => p.path).sort()).toEqual([`${P}/rep/one`, `${P}/rep/two`]);
    expect(plan.text).toContain('+Wiki.js is great');
    expect((await wiki.get(`${P}/rep/one`))?.content).toBe('Wikijs is great\n');
    await sleep(5);
    await wiki.put({ path: `${P}/rep/two`, content: 'I like Wikijs a lot\n' });
    const applied = await session.call('replace_apply', { plan_id: plan.data['plan_id'] });
    expect(applied.isError).toBe(true);
    expect(applied.data).toMatchObject({ conflicts: [`${P}/rep/two`], failed: [] });
    expect((applied.data['changed'] as { path: string }[]).map((c) => c.path)).toEqual([`${P}/rep/one`]);
    expect((await wiki.get(`${P}/rep/one`))?.content).toBe('Wiki.js is great\n');
    expect((await wiki.get(`${P}/rep/two`))?.content).toBe('I like Wikijs a lot\n');
    const replay = await session.call('replace_apply', { plan_id: plan.data['plan_id'] });
    expect(replay.isError).toBe(true);
    expect(replay.data['error']).toMatchObject({ field: 'plan_id' });
    const logged = session.writes.filter((w) => w.tool === 'replace_apply');
    expect(logged.map((w) => [w.path, w.outcome])).toEqual(expect.arrayContaining([[`${P}/rep/one`, 'written'], [`${P}/rep/two`, 'refused']]));
    expect(logged.find((w) => w.path === `${P}/rep/one`)?.newRevision).toBe((await wiki.get(`${P}/rep/one`))?.revision);
  });

  it('upload_asset stores the bytes and returns a linkable path', async () => {
    const result = await session.call('upload_asset', { name: 'dot.png', folder: `${P}-images`, content_base64: PNG.toString('base64'), mime: 'image/png' });
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({ action: 'uploaded', path: `/${P}-images/dot.png`, size: PNG.byteLength });
    expect(Buffer.from(await wiki.downloadAsset!(`/${P}-images/dot.png`)).equals(PNG)).toBe(true);
    const bad = await session.call('upload_asset', { name: 'x.png', content_base64: '***not base64***' });
    expect(bad.data['error']).toMatchObject({ field: 'content_base64' });
  });

  it('pages are resources at wiki://PATH with their content type', async () => {
    const { resourceTemplates } = await session.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['wiki://{+path}']);
    const { resources } = await session.client.listResources();
    expect(resources.map((r) => r.uri)).toContain(`wiki://${P}/guide`);
    const read = await session.client.readResource({ uri: `wiki://${P}/guide` });
    expect(read.contents[0]).toMatchObject({ uri: `wiki://${P}/guide`, mimeType: 'text/markdown', text: '# Guide\n\nVersion two.\n' });
    await expect(session.client.readResource({ uri: `wiki://${P}/nope` })).rejects.toThrow(/no page ".*\/nope"/);
  });

  it('every write was logged with tool, path and revisions, as JSON lines on stderr', () => {
    expect(session.writes.length).toBeGreaterThan(8);
    for (const entry of session.writes) {
      expect(entry.tool).toMatch(/^(create_page|update_page|move_page|delete_page|replace_apply|upload_asset)$/);
      expect(entry).toHaveProperty('oldRevision');
      expect(entry).toHaveProperty('newRevision');
    }
    const created = session.writes.find((w) => w.tool === 'create_page' && w.path === `${P}/guide`);
    expect(created).toMatchObject({ oldRevision: null, outcome: 'written' });
    expect(typeof created?.newRevision).toBe('string');
    const lines = session.stderr.map((line) => JSON.parse(line.replace(/^wikikit mcp: /, '')) as Record<string, unknown>);
    expect(lines).toHaveLength(session.writes.length);
    expect(lines[0]).toMatchObject({ type: 'write', tool: session.writes[0]?.tool });
  });

  it('read-only: no write tool exists at all', async () => {
    const { wiki: counted, calls } = countingWiki(wiki);
    const ro = await connect({ wiki: counted, readOnly: true, secrets: [canary] });
    try {
      const { tools } = await ro.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['search', 'grep', 'read_page', 'list_pages', 'tree', 'history', 'diff']);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      const attempt = await ro.client.callTool({ name: 'create_page', arguments: { path: `${P}/ro`, content: 'x' } }).catch((error: unknown) => ({ thrown: error }));
      expect(JSON.stringify(attempt)).toMatch(/not found/i);
      expect(calls).toEqual([]);
      expect(await wiki.get(`${P}/ro`)).toBeUndefined();
      const essential = await connect({ wiki, readOnly: true, tools: 'essential' });
      expect((await essential.client.listTools()).tools.map((t) => t.name)).toEqual(['search', 'read_page', 'list_pages']);
      await essential.close();
    } finally {
      await ro.close();
    }
  });

  it('--allow-paths: writes outside are refused before any request, inside they work', async () => {
    const { wiki: counted, calls } = countingWiki(wiki);
    const scoped = await connect({ wiki: counted, allowPaths: [`${P}/allowed`], secrets: [canary] });
    try {
      const refusals = [
        await scoped.call('create_page', { path: `${P}/elsewhere`, content: 'x' }),
        await scoped.call('create_page', { path: `${P}/allowedx/a`, content: 'x' }),
        await scoped.call('update_page', { path: `${P}/guide`, base_revision: 'r', content: 'x' }),
        await scoped.call('delete_page', { path: `${P}/guide` }),
        await scoped.call('move_page', { from: `${P}/allowed/a`, to: `${P}/outside` }),
        await scoped.call('upload_asset', { name: 'a.png', content_base64: PNG.toString('base64') }),
      ];
      for (const refusal of refusals) {
        expect(refusal.isError).toBe(true);
        expect(refusal.data['error']).toMatchObject({ category: 'usage', field: 'allow-paths' });
        expect(refusal.data['what_to_do']).toMatch(/allowed paths/);
      }
      expect(calls).toEqual([]);
      const inside = await scoped.call('create_page', { path: `${P}/allowed/a`, content: 'ok\n' });
      expect(inside.data['action']).toBe('created');
      expect(calls).toContain('put');
      // A replace plan never includes pages outside the scope.
      await wiki.put({ path: `${P}/allowed/r`, content: 'zebra\n' });
      await wiki.put({ path: `${P}/notallowed/r`, content: 'zebra\n' });
      const plan = await scoped.call('replace_plan', { pattern: 'zebra', replacement: 'okapi', path_prefix: P });
      expect((plan.data['pages'] as { path: string }[]).map((p) => p.path)).toEqual([`${P}/allowed/r`]);
      expect(plan.data['outside_allowed_paths']).toEqual([`${P}/notallowed/r`]);
      await scoped.call('replace_apply', { plan_id: plan.data['plan_id'] });
      expect((await wiki.get(`${P}/notallowed/r`))?.content).toBe('zebra\n');
      expect((await wiki.get(`${P}/allowed/r`))?.content).toBe('okapi\n');
    } finally {
      await scoped.close();
    }
  });

  it('errors are tool results with the wiki code and what to do', async () => {
    const missing = await session.call('read_page', { path: `${P}/does-not-exist` });
    expect(missing.isError).toBe(true);
    expect(missing.data['error']).toMatchObject({ category: 'not-found' });
    expect(missing.data['what_to_do']).toMatch(/search or list_pages/);
    const both = await session.call('read_page', { path: 'a', id: '1' });
    expect(both.data['error']).toMatchObject({ category: 'usage' });
    const badRegex = await session.call('grep', { pattern: '(', regex: true });
    expect(badRegex.data['error']).toMatchObject({ category: 'usage', field: 'pattern' });
    // Schema violations are caught by the SDK before our code runs.
    const invalid = await session.client.callTool({ name: 'update_page', arguments: { path: `${P}/guide` } });
    expect(invalid.isError).toBe(true);
    expect(JSON.stringify(invalid.content)).toMatch(/base_revision/);
  });

  it('the canary token never appears in any tool output or log line, even on auth failure', async () => {
    // A second wiki whose key is wrong and is also a canary: every call fails with an auth error.
    const badCanary = `canary-bad-${randomBytes(12).toString('hex')}`;
    const badWiki = new WikiJsClient({ url: target.url, apiKey: badCanary }, { version: major }).asWiki();
    const bad = await connect({ wiki: badWiki, secrets: [badCanary] });
    try {
      for (const [tool, args] of [
        ['search', { query: 'x' }],
        ['read_page', { path: `${P}/guide` }],
        ['list_pages', {}],
        ['create_page', { path: `${P}/canary`, content: 'x' }],
        ['update_page', { path: `${P}/guide`, base_revision: 'x', content: 'y' }],
      ] as const) {
        const result = await bad.call(tool, args);
        expect(result.isError).toBe(true);
        expect(['auth', 'permission']).toContain((result.data['error'] as { category: string }).category);
      }
      const everything = [...bad.transcript, ...bad.stderr, ...session.transcript, ...session.stderr, JSON.stringify(session.writes), JSON.stringify(bad.writes)].join('\n');
      expect(everything).not.toContain(badCanary);
      expect(everything).not.toContain(canary);
      expect(bad.transcript).toHaveLength(5);
      expect(session.transcript.length).toBeGreaterThan(0);
    } finally {
      await bad.close();
      await badWiki.close();
    }
  });
});
