/**
 * Wiki.js 3 writes whose answer is lost after the server applied them (or not): the client
 * re-reads to learn the outcome and never sends the write a second time.
 */
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/errors.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import type { FetchLike } from '../../../src/transport/index.js';
import { WikiJsClient } from '../../../src/wikijs/index.js';

let sb: Sandbox;
const sent: string[] = [];
/** Mutation name → what happens to its answer: `apply` = sent, applied, answer lost; `drop` = lost before the server saw it. */
const lose = new Map<string, 'apply' | 'drop'>();

const lossyFetch: FetchLike = async (url, init) => {
  const body = typeof init.body === 'string' ? init.body : '';
  for (const [mutation, mode] of lose) {
    if (!body.includes(`${mutation}(`)) continue;
    sent.push(mutation);
    if (mode === 'apply') await undiciFetch(url, init as Parameters<typeof undiciFetch>[1]);
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
  }
  return (await undiciFetch(url, init as Parameters<typeof undiciFetch>[1])) as unknown as Response;
};

function client(): WikiJsClient {
  return new WikiJsClient({ url: sb.url, apiKey: sb.token }, { version: 3, transport: { fetch: lossyFetch, retry: { limit: 3, baseDelayMs: 1 } } });
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0, quiet: true, wikijsVersion: 3 });
});
afterAll(async () => {
  await sb.close();
});

describe('Wiki.js 3 writes with an unknown outcome are re-read, not re-sent', () => {
  it('delete: applied but answer lost → resolves (a resent delete would answer PageNotFound)', async () => {
    const wiki = client();
    const page = await wiki.pages.create({ path: 'uo/del', title: 'Del', content: 'x' });
    lose.set('deletePage', 'apply');
    sent.length = 0;
    await wiki.pages.delete(page.id);
    lose.clear();
    expect(sent).toEqual(['deletePage']);
    await expect(wiki.pages.get(page.id)).rejects.toMatchObject({ category: 'not-found' });
    await wiki.close();
  });

  it('delete: not applied → NetworkError that says the page still exists, sent once', async () => {
    const wiki = client();
    const page = await wiki.pages.create({ path: 'uo/keep', title: 'Keep', content: 'x' });
    lose.set('deletePage', 'drop');
    sent.length = 0;
    const error = await wiki.pages.delete(page.id).catch((e: unknown) => e);
    lose.clear();
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('the page still exists, safe to retry');
    expect(sent).toEqual(['deletePage']);
    expect((await wiki.pages.get(page.id)).path).toBe('uo/keep');
    await wiki.close();
  });

  it('update: applied but answer lost → returns the page as stored; not applied → says so', async () => {
    const wiki = client();
    const page = await wiki.pages.create({ path: 'uo/upd', title: 'Upd', content: 'one', tags: ['a'] });
    lose.set('updatePage', 'apply');
    sent.length = 0;
    const updated = await wiki.pages.update(page.id, { content: 'two', tags: ['b'] });
    expect(updated).toMatchObject({ content: 'two', tags: ['b'], title: 'Upd' });
    expect(sent).toEqual(['updatePage']);
    lose.set('updatePage', 'drop');
    const error = await wiki.pages.update(page.id, { content: 'three' }).catch((e: unknown) => e);
    lose.clear();
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('the update was not applied, safe to retry');
    expect((await wiki.pages.get(page.id)).content).toBe('two');
    await wiki.close();
  });

  it('move: applied but answer lost → resolves; create: applied but answer lost → the stored page', async () => {
    const wiki = client();
    lose.set('createPage', 'apply');
    sent.length = 0;
    const page = await wiki.pages.create({ path: 'uo/from', title: 'From', content: 'body' });
    expect(page.path).toBe('uo/from');
    lose.clear();
    lose.set('movePage', 'apply');
    await wiki.pages.move(page.id, { path: 'uo/to', locale: 'en' });
    lose.clear();
    expect(sent).toEqual(['createPage', 'movePage']);
    expect((await wiki.pages.get(page.id)).path).toBe('uo/to');
    await wiki.close();
  });
});
