/**
 * Reads go as GET (MediaWiki on SQLite serialises POST requests with BEGIN IMMEDIATE; GET reads
 * run side by side), within a URL limit that batch reads cut their batches to; writes stay POST.
 */
import { describe, expect, it } from 'vitest';
import { MediaWikiClient } from '../../src/mediawiki/index.js';
import { batchBounds } from '../../src/mediawiki/read.js';
import { encodeQueryComponent } from '../../src/mediawiki/api.js';
import { createHttpTestServer, formOf, json, type RecordedRequest } from '../helpers/http-test-server.js';

const TOKEN = 'abc123+\\';

/** A scripted api.php answering login, tokens, page reads (every title exists) and edits. */
async function fakeWiki(options: { maxUrl?: number } = {}) {
  return createHttpTestServer((request, response) => {
    if (options.maxUrl !== undefined && request.url.length > options.maxUrl) {
      response.writeHead(414, { 'content-type': 'text/html' });
      response.end('<h1>414 Request-URI Too Large</h1>');
      return;
    }
    const params = formOf(request);
    const action = params.get('action');
    if (action === 'query' && params.get('type') === 'login') return json(response, 200, { query: { tokens: { logintoken: 'lt+\\' } } });
    if (action === 'login') return json(response, 200, { login: { result: 'Success', lguserid: 1, lgusername: 'Bot' } }, { 'set-cookie': 'sess=c00kie; path=/' });
    if (action === 'query' && params.get('meta') === 'tokens|userinfo') {
      return json(response, 200, { query: { tokens: { csrftoken: TOKEN }, userinfo: { id: 1, name: 'Bot', rights: ['bot', 'edit', 'apihighlimits'], groups: ['bot'] } } });
    }
    if (action === 'query' && params.get('titles')) {
      const titles = (params.get('titles') ?? '').split('|');
      return json(response, 200, {
        curtimestamp: '2026-12-07T00:00:00Z',
        query: { pages: titles.map((title, i) => ({ pageid: i + 1, ns: 0, title, revisions: [{ revid: 10 + i, timestamp: '2026-12-01T00:00:00Z', slots: { main: { content: `text of ${title}`, contentmodel: 'wikitext' } } }] })) },
      });
    }
    if (action === 'edit') return json(response, 200, { edit: { result: 'Success', pageid: 1, title: params.get('title'), newrevid: 99, oldrevid: 98 } });
    return json(response, 200, { error: { code: 'unexpected', info: `fake api.php got ${request.method} ${String(action)}` } });
  });
}

const reads = (requests: readonly RecordedRequest[]) => requests.filter((r) => formOf(r).get('titles'));
const transport = { sleep: async () => undefined, timeoutMs: 2000 };

describe('MediaWiki reads as GET', () => {
  it('a read goes as GET with its parameters in the URL and the session cookie; a write stays POST with the token in the body', async () => {
    const server = await fakeWiki();
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php`, username: 'Bot@app', password: 'secret-secret-secret' }, { transport });
    const [page] = await client.getMany(['Café/Ünïcode:Sub page'], {});
    expect(page).toMatchObject({ title: 'Café/Ünïcode:Sub page', content: 'text of Café/Ünïcode:Sub page', revid: 10 });
    const read = reads(server.requests)[0]!;
    expect(read.method).toBe('GET');
    expect(read.body).toBe('');
    expect(read.headers.cookie).toBe('sess=c00kie');
    expect(read.url).toContain('titles=Caf%C3%A9/%C3%9Cn%C3%AFcode:Sub+page');
    expect(formOf(read).get('token')).toBeNull();

    await client.edit({ title: 'A', appendtext: 'x' });
    const edit = server.requests.at(-1)!;
    expect(edit.method).toBe('POST');
    expect(edit.url).toBe('/api.php');
    expect(formOf(edit).get('token')).toBe(TOKEN);
    expect(server.requests.filter((r) => r.method === 'GET' && r.url.includes('token='))).toEqual([]);
    await client.close();
  });

  it('batch reads are cut so every URL fits the limit; every title comes back once, in order', async () => {
    const server = await fakeWiki();
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php`, username: 'Bot@app', password: 'secret-secret-secret' }, { transport: { ...transport, maxConcurrent: 3 }, maxGetUrlLength: 2000 });
    const titles = Array.from({ length: 120 }, (_, i) => `Long title number ${i} — ${'é'.repeat(1 + (i % 7))}`);
    const got = [];
    for await (const page of client.readStream(titles)) got.push(page.title);
    expect(got).toEqual(titles);
    const sent = reads(server.requests);
    expect(sent.length).toBeGreaterThan(2); // 120 titles of ~40 encoded bytes do not fit one 2,000-byte URL
    for (const r of sent) {
      expect(r.method).toBe('GET');
      expect(`${server.url}${r.url}`.length).toBeLessThanOrEqual(2000);
    }
    const sentTitles = sent.flatMap((r) => (formOf(r).get('titles') ?? '').split('|'));
    // Batches are in flight together: they may reach the server in any order.
    expect([...sentTitles].sort()).toEqual([...titles].sort());
    await client.close();
  });

  it('with one batch in flight at a time, batch reads keep their full size and go as POST', async () => {
    const server = await fakeWiki();
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php`, username: 'Bot@app', password: 'secret-secret-secret' }, { transport: { ...transport, maxConcurrent: 1 }, maxGetUrlLength: 2000 });
    const titles = Array.from({ length: 120 }, (_, i) => `Long title number ${i} — ${'é'.repeat(1 + (i % 7))}`);
    expect((await client.getMany(titles)).map((p) => p.title)).toEqual(titles);
    expect(reads(server.requests).map((r) => r.method)).toEqual(['POST']);
    await client.close();
  });

  it('page text and secret-named parameters never go in a URL; a lone surrogate in a title is sent, not thrown', async () => {
    const server = await fakeWiki();
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    await client.request({ action: 'parse', text: 'a private draft', contentmodel: 'wikitext' }).catch(() => undefined);
    await client.request({ action: 'query', list: 'watchlistraw', wltoken: 'sekrit-watch-token', wlowner: 'Bot' }).catch(() => undefined);
    const [parse, watch] = server.requests;
    expect([parse!.method, watch!.method]).toEqual(['POST', 'POST']);
    expect(server.requests.map((r) => r.url).join(' ')).not.toMatch(/private|sekrit/);
    const [page] = await client.getMany(['Broken \uD800 title']);
    expect(page).toBeDefined();
    expect(reads(server.requests).at(-1)!.method).toBe('GET');
    await client.close();
  });

  it('a 414 from a stricter front end: the read is resent as POST and the client stays on POST', async () => {
    const server = await fakeWiki({ maxUrl: 300 });
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    const titles = Array.from({ length: 20 }, (_, i) => `Page ${i}`);
    expect((await client.getMany(titles)).map((p) => p.content)).toEqual(titles.map((t) => `text of ${t}`));
    expect((await client.getMany(['Page 1'])).map((p) => p.content)).toEqual(['text of Page 1']);
    // The first read's GET is refused (414) and resent as POST; the second read goes as POST at once.
    expect(reads(server.requests).map((r) => r.method)).toEqual(['GET', 'POST', 'POST']);
    await client.close();
  });

  it('maxGetUrlLength: 0 sends every call as POST; a bad value is refused before any request', async () => {
    const server = await fakeWiki();
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport, maxGetUrlLength: 0 });
    await client.getMany(['A', 'B']);
    expect(server.requests.map((r) => r.method)).toEqual(['POST']);
    await client.close();
    expect(() => new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { maxGetUrlLength: -1 })).toThrow(/maxGetUrlLength/);
  });
});

describe('batchBounds', () => {
  const cost = (keys: readonly string[]) => keys.map(encodeQueryComponent).join('%7C').length;

  it('covers every key once, in order, within both the count and the byte budget', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `Title ${i} ${'ü'.repeat(i % 13)}`);
    for (const [count, bytes] of [[500, 8000], [50, 8000], [500, 700], [7, undefined]] as const) {
      const bounds = batchBounds(keys, count, bytes);
      expect(bounds.flatMap(([s, e]) => keys.slice(s, e))).toEqual(keys);
      for (const [s, e] of bounds) {
        expect(e - s).toBeGreaterThan(0);
        expect(e - s).toBeLessThanOrEqual(count);
        if (bytes !== undefined) expect(cost(keys.slice(s, e))).toBeLessThanOrEqual(bytes);
      }
    }
  });

  it('a key longer than the budget goes alone (the call then falls back to POST), never dropped', () => {
    const keys = ['short', 'x'.repeat(5000), 'after'];
    expect(batchBounds(keys, 500, 1000)).toEqual([[0, 1], [1, 2], [2, 3]]);
  });

  it('no room in the URL at all: full-size batches (they go as POST), not one request per key', () => {
    const keys = Array.from({ length: 120 }, (_, i) => `T${i}`);
    expect(batchBounds(keys, 50, 100)).toEqual([[0, 50], [50, 100], [100, 120]]);
  });
});
