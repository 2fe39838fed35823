// Issue 16 L.3 on the MediaWiki client: `update` refuses a missing page unless `{ create: true }`
// (mwn's `edit` does), `expectedRevision` is the concurrency guard on `update` and `edit`
// (`baserevid` stays API:Edit's name for it), and `get`/`getMany` are the reads (`read` the old name).
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UsageError } from '../../src/errors.js';
import { MediaWikiClient } from '../../src/mediawiki/index.js';
import { createHttpTestServer, json, type HttpTestServer } from '../helpers/http-test-server.js';

interface Stored {
  revid: number;
  content: string;
}

/** An api.php holding pages in memory: answers reads (prop=revisions) and edits (text). */
async function memoryApi(pages: Map<string, Stored>): Promise<HttpTestServer> {
  return createHttpTestServer((request, response) => {
    const params = new URLSearchParams(request.body || new URL(request.url ?? '/', 'http://x').search);
    const action = params.get('action');
    if (action === 'query' && params.get('meta')?.includes('tokens')) {
      return json(response, 200, { query: { tokens: { csrftoken: 'tok+\\' }, userinfo: { id: 0, name: '127.0.0.1', anon: true, rights: ['edit'], groups: [] } } });
    }
    if (action === 'query') {
      const titles = (params.get('titles') ?? '').split('|');
      return json(response, 200, {
        curtimestamp: '2026-01-01T00:00:00Z',
        query: {
          pages: titles.map((title) => {
            const page = pages.get(title);
            return page
              ? { pageid: 100 + [...pages.keys()].indexOf(title), ns: 0, title, revisions: [{ revid: page.revid, timestamp: '2026-01-01T00:00:00Z', slots: { main: { content: page.content, contentmodel: 'wikitext' } } }] }
              : { ns: 0, title, missing: true };
          }),
        },
      });
    }
    if (action === 'edit') {
      const title = params.get('title') ?? '';
      const current = pages.get(title);
      const base = params.get('baserevid');
      if (params.get('nocreate') && !current) return json(response, 200, { error: { code: 'missingtitle', info: "The page you specified doesn't exist." } });
      if (base !== null && current && Number(base) !== current.revid) return json(response, 200, { error: { code: 'editconflict', info: 'Edit conflict.' } });
      const revid = (current?.revid ?? 0) + 10;
      pages.set(title, { revid, content: params.get('text') ?? '' });
      return json(response, 200, { edit: { result: 'Success', pageid: 1, title, newrevid: revid, ...(current ? { oldrevid: current.revid } : { new: true }) } });
    }
    json(response, 200, { error: { code: 'badvalue', info: `unexpected ${String(action)}` } });
  });
}

const transport = { sleep: async () => undefined, random: () => 0.5, timeoutMs: 2000 };
let server: HttpTestServer | undefined;
afterEach(async () => server?.close());

async function setup(initial: Record<string, Stored> = {}): Promise<{ client: MediaWikiClient; pages: Map<string, Stored>; edits: () => number }> {
  const pages = new Map(Object.entries(initial));
  server = await memoryApi(pages);
  const s = server;
  const client = new MediaWikiClient({ apiUrl: `${s.url}/api.php` }, { transport, maxlag: false });
  return { client, pages, edits: () => s.requests.filter((r) => new URLSearchParams(r.body).get('action') === 'edit').length };
}

describe('MediaWikiClient.update on a missing page', () => {
  it('refuses with NotFoundError naming the title and the way out, and writes nothing', async () => {
    const { client, pages, edits } = await setup();
    const error = await client.update('A page that does not exist', () => 'new text').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('missingtitle');
    expect((error as NotFoundError).path).toBe('A page that does not exist');
    expect((error as Error).message).toContain('"A page that does not exist"');
    expect((error as Error).message).toContain('{ create: true }');
    expect(edits()).toBe(0);
    expect(pages.has('A page that does not exist')).toBe(false);
  });

  it('creates it with { create: true } (createonly), the transform seeing exists: false', async () => {
    const { client, pages } = await setup();
    const seen: boolean[] = [];
    const result = await client.update('New', (p) => (seen.push(p.exists), 'hello'), { create: true });
    expect(seen).toEqual([false]);
    expect(result.new).toBe(true);
    expect(pages.get('New')?.content).toBe('hello');
  });

  it('still updates an existing page without the option', async () => {
    const { client, pages } = await setup({ Old: { revid: 5, content: 'teh' } });
    await client.update('Old', (p) => p.content.replace('teh', 'the'));
    expect(pages.get('Old')).toEqual({ revid: 15, content: 'the' });
  });
});

describe('expectedRevision, the one name of the concurrency guard', () => {
  it('update({ expectedRevision }) refuses a page at another revision, without re-applying or writing', async () => {
    const { client, pages, edits } = await setup({ P: { revid: 7, content: 'current' } });
    let calls = 0;
    const error = await client.update('P', () => (calls++, 'mine'), { expectedRevision: 6 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toMatchObject({ expectedRevision: 6, currentRevision: 7 });
    expect(calls).toBe(0);
    expect(edits()).toBe(0);
    expect(pages.get('P')?.content).toBe('current');
    await client.update('P', () => 'mine', { expectedRevision: '7' });
    expect(pages.get('P')?.content).toBe('mine');
  });

  it('update refuses an expectedRevision that is not a revision id', async () => {
    const { client } = await setup({ P: { revid: 7, content: 'x' } });
    await expect(client.update('P', () => 'y', { expectedRevision: 'abc' })).rejects.toMatchObject({ name: 'UsageError', field: 'expectedRevision' });
  });

  it('edit({ expectedRevision }) is sent as baserevid; baserevid still works; two different values are refused', async () => {
    const { client, pages } = await setup({ P: { revid: 7, content: 'x' } });
    await expect(client.edit({ title: 'P', text: 'stale', expectedRevision: 6 })).rejects.toBeInstanceOf(ConflictError);
    expect(pages.get('P')?.content).toBe('x');
    await client.edit({ title: 'P', text: 'fresh', expectedRevision: 7 });
    expect(pages.get('P')).toEqual({ revid: 17, content: 'fresh' });
    await client.edit({ title: 'P', text: 'again', baserevid: 17 });
    expect(pages.get('P')?.content).toBe('again');
    const sent = server!.requests.map((r) => new URLSearchParams(r.body)).filter((p) => p.get('action') === 'edit');
    expect(sent.map((p) => p.get('baserevid'))).toEqual(['6', '7', '17']);
    expect(sent.every((p) => !p.has('expectedRevision'))).toBe(true);
    await expect(client.edit({ title: 'P', text: 'z', expectedRevision: 1, baserevid: 2 })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('get / getMany, the reads', () => {
  it('getMany answers in input order with missing pages flagged; get gives one page or undefined', async () => {
    const { client } = await setup({ A: { revid: 3, content: 'a' }, B: { revid: 4, content: 'b' } });
    const pages = await client.getMany(['B', 'Nope', 'A']);
    expect(pages.map((p) => [p.title, p.missing, p.content])).toEqual([['B', false, 'b'], ['Nope', true, undefined], ['A', false, 'a']]);
    expect((await client.get('A'))?.revid).toBe(3);
    expect(await client.get('Nope')).toBeUndefined();
  });

  it('read, the old name of getMany, still works', async () => {
    const { client } = await setup({ A: { revid: 3, content: 'a' } });
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the old name must keep working
    expect((await client.read('A'))[0]?.content).toBe('a');
  });
});
