/**
 * Every tool through the SDK's own client against the Wiki.js sandbox, both majors: reads,
 * conflict-safe writes, the delete confirmation round trip, replace plan → apply, uploads,
 * resources, read-only mode, path scoping, the write log and a canary token.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wiki } from '../../src/model/wiki.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { WikiJsClient } from '../../src/wikijs/index.js';
import { toolNames } from '../../src/mcp/server.js';
import { connect, countingWiki, sleep, type Session } from './helpers.js';

const WRITE_TOOLS = ['create_page', 'update_page', 'move_page', 'delete_page', 'replace_plan', 'replace_apply', 'upload_asset'];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHQoJAAtnBf/2Ib2PAAAAAElFTkSuQmCC', 'base64');

describe.each([2, 3] as const)('wikikit MCP server on the Wiki.js %i sandbox', (major) => {
  // The sandbox's admin key is the canary: it must never come back in any output or log line.
  const canary = `canary-${randomBytes(12).toString('hex')}`;
  let sandbox: Sandbox;
  let wiki: Wiki;
  let session: Session;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true, wikijsVersion: major, token: canary });
    wiki = new WikiJsClient({ url: sandbox.url, apiKey: canary }).asWiki();
    session = await connect({ wiki, secrets: [canary] });
  });
  afterAll(async () => {
    await session.close();
    await wiki.close();
    await sandbox.close();
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
    const created = await session.call('create_page', { path: 'mcp/guide', content: '# Guide\n\nVersion one, naïve café.\n', title: 'Guide', tags: ['mcp'] });
    expect(created.isError).toBe(false);
    expect(created.data).toMatchObject({ action: 'created', path: 'mcp/guide' });
    const v1 = created.data['revision'] as string;

    const read = await session.call('read_page', { path: 'mcp/guide' });
    expect(read.data).toMatchObject({ path: 'mcp/guide', title: 'Guide', revision: v1, format: 'markdown', content_type: 'text/markdown', current: true, uri: 'wiki://mcp/guide' });
    expect(read.text).toBe('# Guide\n\nVersion one, naïve café.\n');
    const byId = await session.call('read_page', { id: read.data['id'] });
    expect(byId.data['path']).toBe('mcp/guide');
    expect(byId.text).toBe(read.text);

    await sleep(5); // Wiki.js revisions are millisecond timestamps
    const updated = await session.call('update_page', { path: 'mcp/guide', base_revision: v1, content: '# Guide\n\nVersion two.\n' });
    expect(updated.isError).toBe(false);
    expect(updated.data).toMatchObject({ action: 'updated', previous_revision: v1 });
    const v2 = updated.data['revision'] as string;
    expect(v2).not.toBe(v1);

    const history = await session.call('history', { path: 'mcp/guide' });
    const revisions = (history.data['revisions'] as { revision: string }[]).map((r) => r.revision);
    expect(revisions[0]).toBe(v2);
    expect(revisions.length).toBeGreaterThanOrEqual(2);
    const older = revisions[1] as string;
    const old = await session.call('read_page', { path: 'mcp/guide', revision: older });
    expect(old.data).toMatchObject({ current: false, current_revision: v2, revision: older });
    expect(old.text).toContain('Version one');

    const diff = await session.call('diff', { path: 'mcp/guide', from: older });
    expect(diff.data).toMatchObject({ identical: false, to: v2 });
    expect(diff.text).toContain('-Version one, naïve café.');
    expect(diff.text).toContain('+Version two.');
    const missing = await session.call('read_page', { path: 'mcp/guide', revision: 'no-such-revision' });
    expect(missing.isError).toBe(true);
    expect(missing.data['error']).toMatchObject({ category: 'not-found', code: 'no-such-revision' });

    // Only the title changes: content omitted keeps the body.
    const retitled = await session.call('update_page', { path: 'mcp/guide', base_revision: v2, title: 'The guide' });
    expect(retitled.data['action']).toBe('updated');
    expect((await wiki.get('mcp/guide'))?.content).toBe('# Guide\n\nVersion two.\n');
    expect(session.mcp.context.access.kind).toBe(major === 3 ? 'wikijs-v3' : 'wikijs-v2');
  });

  it('search, list_pages (paged), tree and grep', async () => {
    for (const p of ['mcp/list/a', 'mcp/list/b', 'mcp/list/sub/c']) await wiki.put({ path: p, content: `body of ${p}\nneedle-${p.length}\n`, title: p.split('/').pop() ?? p });
    const first = await session.call('list_pages', { prefix: 'mcp/list', limit: 2 });
    expect(first.data['total']).toBe(3);
    expect((first.data['pages'] as { path: string }[]).map((p) => p.path)).toEqual(['mcp/list/a', 'mcp/list/b']);
    const second = await session.call('list_pages', { prefix: 'mcp/list', limit: 2, offset: first.data['next_offset'] });
    expect((second.data['pages'] as { path: string }[]).map((p) => p.path)).toEqual(['mcp/list/sub/c']);
    expect(second.data['next_offset']).toBeUndefined();

    const tree = await session.call('tree', { prefix: 'mcp/list' });
    expect(tree.text).toBe(['mcp/list/', '  a', '  b', '  sub/', '    c'].join('\n'));

    const grep = await session.call('grep', { pattern: 'NEEDLE-1[0-9]', regex: true, ignore_case: true, path_prefix: 'mcp/list' });
    expect((grep.data['matches'] as { path: string; line: number }[]).map((m) => [m.path, m.line])).toEqual([
      ['mcp/list/a', 2],
      ['mcp/list/b', 2],
      ['mcp/list/sub/c', 2],
    ]);
    const capped = await session.call('grep', { pattern: 'body', path_prefix: 'mcp/list', max_matches: 1 });
    expect(capped.data).toMatchObject({ truncated: true });

    const search = await session.call('search', { query: 'guide' });
    expect(search.isError).toBe(false);
    expect((search.data['hits'] as { path: string }[]).some((h) => h.path === 'mcp/guide')).toBe(true);
  });

  it('a stale base revision is a conflict result telling the agent to re-read; nothing is overwritten', async () => {
    const created = await session.call('create_page', { path: 'mcp/conflict', content: 'original\n' });
    const base = created.data['revision'] as string;
    await sleep(5);
    const other = await wiki.put({ path: 'mcp/conflict', content: 'edited by a person\n' });
    const result = await session.call('update_page', { path: 'mcp/conflict', base_revision: base, content: 'agent version\n' });
    expect(result.isError).toBe(true);
    expect(result.data).toMatchObject({ error: { category: 'conflict' }, your_base_revision: base, current_revision: other.page.revision, nothing_written: true });
    expect(result.data['what_to_do']).toMatch(/read_page/);
    expect((await wiki.get('mcp/conflict'))?.content).toBe('edited by a person\n');
    // Metadata-only update with a stale base: refused the same way.
    const meta = await session.call('update_page', { path: 'mcp/conflict', base_revision: base, title: 'x' });
    expect(meta.isError).toBe(true);
    expect(meta.data['error']).toMatchObject({ category: 'conflict' });
    // Creating over an existing page is a conflict too.
    const again = await session.call('create_page', { path: 'mcp/conflict', content: 'dup' });
    expect(again.isError).toBe(true);
    expect(again.data).toMatchObject({ error: { category: 'conflict' }, current_revision: other.page.revision });
    expect(session.writes.filter((w) => w.path === 'mcp/conflict').map((w) => w.outcome)).toEqual(['written', 'refused', 'refused', 'refused']);
  });

  it('delete needs a confirmation token tied to the exact page and revision', async () => {
    await wiki.put({ path: 'mcp/doomed', content: 'bye\n' });
    await wiki.put({ path: 'mcp/other', content: 'stay\n' });
    const ask = await session.call('delete_page', { path: 'mcp/doomed' });
    expect(ask.isError).toBe(false);
    expect(ask.data).toMatchObject({ confirmation_required: true, deleted: false, path: 'mcp/doomed' });
    const token = ask.data['confirmation_token'] as string;
    expect(await wiki.get('mcp/doomed')).toBeDefined();

    // The token does not carry over to another page, and is used up by the attempt.
    const wrongPage = await session.call('delete_page', { path: 'mcp/other', confirmation_token: token });
    expect(wrongPage.isError).toBe(true);
    expect(wrongPage.data['error']).toMatchObject({ category: 'usage', field: 'confirmation_token' });
    const reused = await session.call('delete_page', { path: 'mcp/doomed', confirmation_token: token });
    expect(reused.isError).toBe(true);
    expect(await wiki.get('mcp/other')).toBeDefined();

    // A page edited after the token was issued is not deleted.
    const second = await session.call('delete_page', { path: 'mcp/doomed' });
    await sleep(5);
    await wiki.put({ path: 'mcp/doomed', content: 'changed meanwhile\n' });
    const stale = await session.call('delete_page', { path: 'mcp/doomed', confirmation_token: second.data['confirmation_token'] });
    expect(stale.isError).toBe(true);
    expect(stale.data['error']).toMatchObject({ category: 'conflict' });
    expect((await wiki.get('mcp/doomed'))?.content).toBe('changed meanwhile\n');

    const third = await session.call('delete_page', { path: 'mcp/doomed' });
    const done = await session.call('delete_page', { path: 'mcp/doomed', confirmation_token: third.data['confirmation_token'] });
    expect(done.data).toMatchObject({ deleted: true, path: 'mcp/doomed', revision: third.data['revision'] });
    expect(await wiki.get('mcp/doomed')).toBeUndefined();
    expect(session.writes.at(-1)).toMatchObject({ tool: 'delete_page', path: 'mcp/doomed', oldRevision: third.data['revision'], newRevision: null, outcome: 'written' });
  });

  it('move_page moves and logs old and new path', async () => {
    const created = await session.call('create_page', { path: 'mcp/old-name', content: 'moving\n' });
    const moved = await session.call('move_page', { from: 'mcp/old-name', to: 'mcp/new-name', base_revision: created.data['revision'] });
    expect(moved.isError).toBe(false);
    expect(await wiki.get('mcp/old-name')).toBeUndefined();
    expect((await wiki.get('mcp/new-name'))?.content).toBe('moving\n');
    expect(session.writes.at(-1)).toMatchObject({ tool: 'move_page', path: 'mcp/old-name', to: 'mcp/new-name', oldRevision: created.data['revision'], outcome: 'written' });
  });

  it('replace_plan previews, replace_apply carries out exactly that plan once, refusing pages edited since', async () => {
    await wiki.put({ path: 'mcp/rep/one', content: 'Wikijs is great\n' });
    await wiki.put({ path: 'mcp/rep/two', content: 'I like Wikijs\n' });
    const plan = await session.call('replace_plan', { pattern: 'Wikijs', replacement: 'Wiki.js', path_prefix: 'mcp/rep' });
    expect(plan.isError).toBe(false);
    expect((plan.data['pages'] as { path: string }[]).map((p) => p.path).sort()).toEqual(['mcp/rep/one', 'mcp/rep/two']);
    expect(plan.text).toContain('+Wiki.js is great');
    expect((await wiki.get('mcp/rep/one'))?.content).toBe('Wikijs is great\n');
    await sleep(5);
    await wiki.put({ path: 'mcp/rep/two', content: 'I like Wikijs a lot\n' });
    const applied = await session.call('replace_apply', { plan_id: plan.data['plan_id'] });
    expect(applied.isError).toBe(true);
    expect(applied.data).toMatchObject({ conflicts: ['mcp/rep/two'], failed: [] });
    expect((applied.data['changed'] as { path: string }[]).map((c) => c.path)).toEqual(['mcp/rep/one']);
    expect((await wiki.get('mcp/rep/one'))?.content).toBe('Wiki.js is great\n');
    expect((await wiki.get('mcp/rep/two'))?.content).toBe('I like Wikijs a lot\n');
    const replay = await session.call('replace_apply', { plan_id: plan.data['plan_id'] });
    expect(replay.isError).toBe(true);
    expect(replay.data['error']).toMatchObject({ field: 'plan_id' });
    const logged = session.writes.filter((w) => w.tool === 'replace_apply');
    expect(logged.map((w) => [w.path, w.outcome])).toEqual(expect.arrayContaining([['mcp/rep/one', 'written'], ['mcp/rep/two', 'refused']]));
    expect(logged.find((w) => w.path === 'mcp/rep/one')?.newRevision).toBe((await wiki.get('mcp/rep/one'))?.revision);
  });

  it('upload_asset stores the bytes and returns a linkable path', async () => {
    const result = await session.call('upload_asset', { name: 'dot.png', folder: 'mcp-images', content_base64: PNG.toString('base64'), mime: 'image/png' });
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({ action: 'uploaded', path: '/mcp-images/dot.png', size: PNG.byteLength });
    expect(Buffer.from(await wiki.downloadAsset!('/mcp-images/dot.png')).equals(PNG)).toBe(true);
    const bad = await session.call('upload_asset', { name: 'x.png', content_base64: '***not base64***' });
    expect(bad.data['error']).toMatchObject({ field: 'content_base64' });
  });

  it('pages are resources at wiki://PATH with their content type', async () => {
    const { resourceTemplates } = await session.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['wiki://{+path}']);
    const { resources } = await session.client.listResources();
    expect(resources.map((r) => r.uri)).toContain('wiki://mcp/guide');
    const read = await session.client.readResource({ uri: 'wiki://mcp/guide' });
    expect(read.contents[0]).toMatchObject({ uri: 'wiki://mcp/guide', mimeType: 'text/markdown', text: '# Guide\n\nVersion two.\n' });
    await expect(session.client.readResource({ uri: 'wiki://mcp/nope' })).rejects.toThrow(/no page "mcp\/nope"/);
  });

  it('every write was logged with tool, path and revisions, as JSON lines on stderr', () => {
    expect(session.writes.length).toBeGreaterThan(8);
    for (const entry of session.writes) {
      expect(entry.tool).toMatch(/^(create_page|update_page|move_page|delete_page|replace_apply|upload_asset)$/);
      expect(entry).toHaveProperty('oldRevision');
      expect(entry).toHaveProperty('newRevision');
    }
    const created = session.writes.find((w) => w.tool === 'create_page' && w.path === 'mcp/guide');
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
      const attempt = await ro.client.callTool({ name: 'create_page', arguments: { path: 'mcp/ro', content: 'x' } }).catch((error: unknown) => ({ thrown: error }));
      expect(JSON.stringify(attempt)).toMatch(/not found/i);
      expect(calls).toEqual([]);
      expect(await wiki.get('mcp/ro')).toBeUndefined();
      const essential = await connect({ wiki, readOnly: true, tools: 'essential' });
      expect((await essential.client.listTools()).tools.map((t) => t.name)).toEqual(['search', 'read_page', 'list_pages']);
      await essential.close();
    } finally {
      await ro.close();
    }
  });

  it('--allow-paths: writes outside are refused before any request, inside they work', async () => {
    const { wiki: counted, calls } = countingWiki(wiki);
    const scoped = await connect({ wiki: counted, allowPaths: ['mcp/allowed'], secrets: [canary] });
    try {
      const refusals = [
        await scoped.call('create_page', { path: 'mcp/elsewhere', content: 'x' }),
        await scoped.call('create_page', { path: 'mcp/allowedx/a', content: 'x' }),
        await scoped.call('update_page', { path: 'mcp/guide', base_revision: 'r', content: 'x' }),
        await scoped.call('delete_page', { path: 'mcp/guide' }),
        await scoped.call('move_page', { from: 'mcp/allowed/a', to: 'mcp/outside' }),
        await scoped.call('upload_asset', { name: 'a.png', content_base64: PNG.toString('base64') }),
      ];
      for (const refusal of refusals) {
        expect(refusal.isError).toBe(true);
        expect(refusal.data['error']).toMatchObject({ category: 'usage', field: 'allow-paths' });
        expect(refusal.data['what_to_do']).toMatch(/allowed paths/);
      }
      expect(calls).toEqual([]);
      const inside = await scoped.call('create_page', { path: 'mcp/allowed/a', content: 'ok\n' });
      expect(inside.data['action']).toBe('created');
      expect(calls).toContain('put');
      // A replace plan never includes pages outside the scope.
      await wiki.put({ path: 'mcp/allowed/r', content: 'zebra\n' });
      await wiki.put({ path: 'mcp/notallowed/r', content: 'zebra\n' });
      const plan = await scoped.call('replace_plan', { pattern: 'zebra', replacement: 'okapi', path_prefix: 'mcp' });
      expect((plan.data['pages'] as { path: string }[]).map((p) => p.path)).toEqual(['mcp/allowed/r']);
      expect(plan.data['outside_allowed_paths']).toEqual(['mcp/notallowed/r']);
      await scoped.call('replace_apply', { plan_id: plan.data['plan_id'] });
      expect((await wiki.get('mcp/notallowed/r'))?.content).toBe('zebra\n');
      expect((await wiki.get('mcp/allowed/r'))?.content).toBe('okapi\n');
    } finally {
      await scoped.close();
    }
  });

  it('errors are tool results with the wiki code and what to do', async () => {
    const missing = await session.call('read_page', { path: 'mcp/does-not-exist' });
    expect(missing.isError).toBe(true);
    expect(missing.data['error']).toMatchObject({ category: 'not-found' });
    expect(missing.data['what_to_do']).toMatch(/search or list_pages/);
    const both = await session.call('read_page', { path: 'a', id: '1' });
    expect(both.data['error']).toMatchObject({ category: 'usage' });
    const badRegex = await session.call('grep', { pattern: '(', regex: true });
    expect(badRegex.data['error']).toMatchObject({ category: 'usage', field: 'pattern' });
    // Schema violations are caught by the SDK before our code runs.
    const invalid = await session.client.callTool({ name: 'update_page', arguments: { path: 'mcp/guide' } });
    expect(invalid.isError).toBe(true);
    expect(JSON.stringify(invalid.content)).toMatch(/base_revision/);
  });

  it('the canary token never appears in any tool output or log line, even on auth failure', async () => {
    // A second wiki whose key is wrong and is also a canary: every call fails with an auth error.
    const badCanary = `canary-bad-${randomBytes(12).toString('hex')}`;
    const badWiki = new WikiJsClient({ url: sandbox.url, apiKey: badCanary }, { version: major }).asWiki();
    const bad = await connect({ wiki: badWiki, secrets: [badCanary] });
    try {
      for (const [tool, args] of [
        ['search', { query: 'x' }],
        ['read_page', { path: 'mcp/guide' }],
        ['list_pages', {}],
        ['create_page', { path: 'mcp/canary', content: 'x' }],
        ['update_page', { path: 'mcp/guide', base_revision: 'x', content: 'y' }],
      ] as const) {
        const result = await bad.call(tool, args);
        expect(result.isError).toBe(true);
        expect(['auth', 'permission']).toContain((result.data['error'] as { category: string }).category);
      }
      const everything = [...bad.transcript, ...bad.stderr, ...session.transcript, ...session.stderr, JSON.stringify(session.writes), JSON.stringify(bad.writes)].join('\n');
      expect(everything).not.toContain(badCanary);
      expect(everything).not.toContain(canary);
      expect(session.transcript.length).toBeGreaterThan(30);
    } finally {
      await bad.close();
      await badWiki.close();
    }
  });
});
