import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AuthError, ConflictError, NetworkError, RateLimitError } from '../../src/errors.js';
import { MediaWikiClient } from '../../src/mediawiki/index.js';
import { createHttpTestServer, formOf, json, type RecordedRequest } from '../helpers/http-test-server.js';

const TOKEN = 'c0ffee1234567890+\\';

function form(request: RecordedRequest): URLSearchParams {
  return formOf(request);
}

/** A scripted api.php: login + tokens answered here, everything else by `edit`. */
async function fakeWiki(edit: (params: URLSearchParams, index: number, request: RecordedRequest) => { status?: number; headers?: Record<string, string>; body?: unknown; destroy?: boolean }) {
  let edits = 0;
  const server = await createHttpTestServer((request, response) => {
    const params = form(request);
    const action = params.get('action');
    if (action === 'query' && params.get('type') === 'login') return json(response, 200, { query: { tokens: { logintoken: 'lt+\\' } } });
    if (action === 'login') return json(response, 200, { login: { result: 'Success', lguserid: 1, lgusername: 'Bot' } }, { 'set-cookie': 'sess=s3cr3tcookie; path=/' });
    if (action === 'query' && params.get('meta') === 'tokens|userinfo') {
      return json(response, 200, { query: { tokens: { csrftoken: TOKEN, watchtoken: TOKEN, patroltoken: TOKEN, rollbacktoken: TOKEN }, userinfo: { id: 1, name: 'Bot', rights: ['bot', 'edit'], groups: ['bot'] } } });
    }
    const answer = edit(params, edits++, request);
    if (answer.destroy) {
      response.socket?.destroy();
      return;
    }
    json(response, answer.status ?? 200, answer.body ?? {}, answer.headers);
  });
  return server;
}

const sleeps: number[] = [];
const transport = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5, timeoutMs: 2000 };

describe('MediaWikiClient over HTTP (node:http fake api.php)', () => {
  it('sends formatversion=2, maxlag=5, assert=bot, md5, bot and the token last; redacts the token in errors', async () => {
    const server = await fakeWiki(() => ({ body: { error: { code: 'protectedpage', info: 'This page has been protected' } } }));
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php`, username: 'Bot@app', password: 'p4ssw0rdp4ssw0rdp4ssw0rdp4ssw0rd' }, { transport });
    const error = (await client.edit({ title: 'A', text: 'abc' }).catch((caught: unknown) => caught)) as Error & { toJSON(): unknown };
    const edit = server.requests.at(-1)!;
    const params = form(edit);
    expect(Object.fromEntries(params)).toMatchObject({ action: 'edit', format: 'json', formatversion: '2', maxlag: '5', assert: 'bot', bot: '1', md5: '900150983cd24fb0d6963f7d28e17f72', token: TOKEN });
    expect([...params.keys()].at(-1)).toBe('token');
    expect(edit.headers.cookie).toBe('sess=s3cr3tcookie');
    const login = form(server.requests[1]!);
    expect(login.get('lgname')).toBe('Bot@app');
    const text = `${error.message} ${JSON.stringify(error.toJSON())}`;
    expect(text).toContain('protectedpage');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('p4ssw0rd');
    expect(text).not.toContain('s3cr3tcookie');
    await client.close();
  });

  it('a long text goes as multipart/form-data', async () => {
    const server = await fakeWiki(() => ({ body: { edit: { result: 'Success', pageid: 1, title: 'A', newrevid: 2, oldrevid: 1 } } }));
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    await client.edit({ title: 'A', text: 'x'.repeat(9000) });
    expect(server.requests.at(-1)!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    await client.edit({ title: 'A', text: 'short' });
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    await client.close();
  });

  it('maxlag: waits the Retry-After / reported lag and resends the (unapplied) write; a no-change edit is reported', async () => {
    sleeps.length = 0;
    const server = await fakeWiki((_params, index) =>
      index < 2
        ? { headers: { 'retry-after': '3', 'mediawiki-api-error': 'maxlag' }, body: { error: { code: 'maxlag', info: 'Waiting for db: 7 seconds lagged', lag: 7 } } }
        : { body: { edit: { result: 'Success', pageid: 1, title: 'A', contentmodel: 'wikitext', nochange: true } } },
    );
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    const result = await client.edit({ title: 'A', text: 'same' });
    expect(result).toMatchObject({ result: 'Success', nochange: true, new: false });
    expect(sleeps).toEqual([3000, 3000]);
    expect(server.requests.filter((request) => form(request).get('action') === 'edit')).toHaveLength(3);
    await client.close();
  });

  it('ratelimited: exponential backoff with jitter, then RateLimitError with the attempts (never endless)', async () => {
    sleeps.length = 0;
    const server = await fakeWiki(() => ({ body: { error: { code: 'ratelimited', info: 'You have exceeded your rate limit.' } } }));
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    const error = await client.edit({ title: 'A', text: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).attempts).toBe(4);
    expect(sleeps).toEqual([150, 300, 600]);
    await client.close();
  });

  it('HTTP 429 with Retry-After is honoured', async () => {
    sleeps.length = 0;
    const server = await fakeWiki((_params, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: {} } : { body: { edit: { result: 'Success', pageid: 1, title: 'A', newrevid: 3 } } }));
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    expect((await client.edit({ title: 'A', text: 'x' })).newrevid).toBe(3);
    expect(sleeps).toEqual([2000]);
    await client.close();
  });

  it('badtoken: tokens refreshed once and the write resent once', async () => {
    const server = await fakeWiki((_params, index) => (index === 0 ? { body: { error: { code: 'badtoken', info: 'Invalid CSRF token.' } } } : { body: { edit: { result: 'Success', pageid: 1, title: 'A', newrevid: 4 } } }));
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    expect((await client.edit({ title: 'A', text: 'x' })).newrevid).toBe(4);
    const tokenFetches = server.requests.filter((request) => form(request).get('meta') === 'tokens|userinfo');
    expect(tokenFetches).toHaveLength(2);
    await client.close();
  });

  it('editconflict → ConflictError with base and current revision', async () => {
    const server = await fakeWiki((params) =>
      params.get('action') === 'edit'
        ? { body: { error: { code: 'editconflict', info: 'Edit conflict.' } } }
        : { body: { curtimestamp: '2024-01-01T00:00:09Z', query: { pages: [{ pageid: 1, ns: 0, title: 'A', revisions: [{ revid: 9, timestamp: '2024-01-01T00:00:05Z', user: 'Other', slots: { main: { content: 'theirs' } } }] }] } } },
    );
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    const error = (await client.edit({ title: 'A', text: 'mine', baserevid: 7 }).catch((caught: unknown) => caught)) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ baserevid: 7, currentRevid: 9, currentUser: 'Other', info: 'Edit conflict.' });
    await client.close();
  });

  it('a write whose answer is lost is reconciled by reading the page, never blindly resent', async () => {
    let editsSeen = 0;
    const server = await fakeWiki((params) => {
      if (params.get('action') === 'edit') {
        editsSeen++;
        return { destroy: true };
      }
      // The page already holds our text: the lost edit was applied.
      return { body: { curtimestamp: '2024-01-01T00:00:09Z', query: { pages: [{ pageid: 1, ns: 0, title: 'A', revisions: [{ revid: 12, timestamp: '2024-01-01T00:00:08Z', user: 'Bot', slots: { main: { content: 'new text' } } }] }] } } };
    });
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    const result = await client.edit({ title: 'A', text: 'new text\n' });
    expect(result).toMatchObject({ result: 'Success', newrevid: 12, reconciled: true });
    expect(editsSeen).toBe(1);
    await client.close();
  });

  it('a lost answer is reconciled against the stored form: CRLF, NFD and trailing spaces sent, LF/NFC read back', async () => {
    let editsSeen = 0;
    const server = await fakeWiki((params) => {
      if (params.get('action') === 'edit') {
        editsSeen++;
        return { destroy: true };
      }
      return { body: { curtimestamp: '2024-01-01T00:00:09Z', query: { pages: [{ pageid: 1, ns: 0, title: 'A', revisions: [{ revid: 12, timestamp: '2024-01-01T00:00:08Z', user: 'Bot', slots: { main: { content: 'caf\u00e9\nline' } } }] }] } } };
    });
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    const result = await client.edit({ title: 'A', text: 'cafe\u0301\r\nline \r\n' });
    expect(result).toMatchObject({ newrevid: 12, reconciled: true });
    expect(editsSeen).toBe(1);
    await client.close();
  });

  it('…and resent exactly once when the read shows it was not applied', async () => {
    let editsSeen = 0;
    const server = await fakeWiki((params) => {
      if (params.get('action') === 'edit') {
        editsSeen++;
        return { destroy: true };
      }
      return { body: { query: { pages: [{ pageid: 1, ns: 0, title: 'A', revisions: [{ revid: 11, timestamp: '2024-01-01T00:00:01Z', user: 'Bot', slots: { main: { content: 'old' } } }] }] } } };
    });
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    await expect(client.edit({ title: 'A', text: 'new' })).rejects.toBeInstanceOf(NetworkError);
    expect(editsSeen).toBe(2);
    // The resend is pinned to the revision read, so a late-landing first request cannot apply twice.
    const edits = server.requests.filter((request) => form(request).get('action') === 'edit').map((request) => form(request).get('baserevid'));
    expect(edits).toEqual([null, '11']);
    await client.close();
  });

  it('assertbotfailed → one re-login, then the write', async () => {
    let logins = 0;
    const server = await createHttpTestServer((request, response) => {
      const params = form(request);
      const action = params.get('action');
      if (action === 'query' && params.get('type') === 'login') return json(response, 200, { query: { tokens: { logintoken: 'lt+\\' } } });
      if (action === 'login') {
        logins++;
        return json(response, 200, { login: { result: 'Success' } });
      }
      if (params.get('meta') === 'tokens|userinfo') return json(response, 200, { query: { tokens: { csrftoken: TOKEN }, userinfo: { id: 1, name: 'Bot', rights: ['bot'] } } });
      if (logins < 2) return json(response, 200, { error: { code: 'assertbotfailed', info: 'Assertion that the user has the "bot" right failed.' } });
      return json(response, 200, { edit: { result: 'Success', pageid: 1, title: 'A', newrevid: 5 } });
    });
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php`, username: 'Bot@app', password: 'x'.repeat(32) }, { transport });
    expect((await client.edit({ title: 'A', text: 'x' })).newrevid).toBe(5);
    expect(logins).toBe(2);
    await client.close();
  });
  it('inspecting or serialising a logged-in client shows no password, cookie or token', async () => {
    const server = await fakeWiki(() => ({ body: { edit: { result: 'Success', pageid: 1, title: 'A', newrevid: 2 } } }));
    const password = 'p4ssw0rdp4ssw0rdp4ssw0rdp4ssw0rd';
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php`, username: 'Bot@app', password }, { transport });
    await client.edit({ title: 'A', text: 'x' });
    const shown = `${inspect(client, { depth: 12, showHidden: true })} ${JSON.stringify(client)}`;
    expect(shown).not.toContain('p4ssw0rd');
    expect(shown).not.toContain('s3cr3tcookie');
    expect(shown).not.toContain(TOKEN.slice(0, 12));
    await client.close();
  });

  it('badtoken twice: one refresh only, then an AuthError (no loop)', async () => {
    const server = await fakeWiki(() => ({ body: { error: { code: 'badtoken', info: 'Invalid CSRF token.' } } }));
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    await expect(client.edit({ title: 'A', text: 'x' })).rejects.toBeInstanceOf(AuthError);
    expect(server.requests.filter((request) => form(request).get('action') === 'edit')).toHaveLength(2);
    await client.close();
  });

  it('assertion failing again after the re-login is an AuthError, with one re-login only', async () => {
    let logins = 0;
    const server = await fakeWiki((params) => {
      if (params.get('action') === 'edit') return { body: { error: { code: 'assertuserfailed', info: 'Assertion that the user is logged in failed.' } } };
      return { body: {} };
    });
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php`, username: 'Bot@app', password: 'x'.repeat(32) }, { transport });
    await expect(client.edit({ title: 'A', text: 'x' })).rejects.toMatchObject({ code: 'assertuserfailed', category: 'auth' });
    logins = server.requests.filter((request) => form(request).get('action') === 'login').length;
    expect(logins).toBe(2);
    expect(server.requests.filter((request) => form(request).get('action') === 'edit')).toHaveLength(2);
    await client.close();
  });
  it('a lost append is recognised in server time even when the local clock is off', async () => {
    let editsSeen = 0;
    const server = await fakeWiki((params) => {
      if (params.get('action') === 'edit') {
        editsSeen++;
        return { destroy: true };
      }
      // Server clock 1 h behind ours; the latest revision is our append, made "just now" server-side.
      const now = new Date(Date.now() - 3_600_000);
      return { body: { curtimestamp: now.toISOString(), query: { pages: [{ pageid: 1, ns: 0, title: 'A', revisions: [{ revid: 13, timestamp: now.toISOString(), user: 'Bot', slots: { main: { content: 'old\nadded' } } }] }] } } };
    });
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php`, username: 'Bot@app', password: 'x'.repeat(32) }, { transport });
    const result = await client.edit({ title: 'A', appendtext: '\nadded' });
    expect(result).toMatchObject({ newrevid: 13, reconciled: true });
    expect(editsSeen).toBe(1);
    await client.close();
  });
  it('upload: a stored sha1 that differs from ours is an error, never success', async () => {
    const server = await fakeWiki(() => ({ body: { upload: { result: 'Success', filename: 'X.png', imageinfo: { sha1: '0'.repeat(40), size: 3 } } } }));
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    await expect(client.upload('X.png', new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'sha1mismatch' });
    await client.close();
  });

  it('upload: a lost answer is settled by the sha1 of the stored file, without a second upload', async () => {
    const data = new Uint8Array([1, 2, 3]);
    const sha1 = createHash('sha1').update(data).digest('hex');
    let uploads = 0;
    const server = await fakeWiki((params) => {
      // The file goes as multipart/form-data, which the URLSearchParams view cannot read.
      if (params.get('action') !== 'query') {
        uploads++;
        return { destroy: true };
      }
      return { body: { query: { pages: [{ title: 'File:X.png', imageinfo: [{ sha1, size: 3, url: 'http://wiki/images/X.png' }] }] } } };
    });
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php` }, { transport });
    expect(await client.upload('X.png', data)).toMatchObject({ result: 'Success', sha1, reconciled: true });
    expect(uploads).toBe(1);
    await client.close();
  });
});

describe('delete after a lost answer', () => {
  it('a repeat that finds the page missing reports the first attempt as the deletion', async () => {
    const server = await fakeWiki((params, index) =>
      params.get('action') !== 'delete'
        ? { body: {} }
        : index === 0
          ? { destroy: true }
          : { body: { error: { code: 'missingtitle', info: "The page you specified doesn't exist." } } },
    );
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php`, username: 'Bot@app', password: 'p4ssw0rdp4ssw0rdp4ssw0rdp4ssw0rd' }, { transport });
    await expect(client.delete('Gone')).resolves.toEqual({ title: 'Gone', alreadyDeleted: true });
    expect(server.requests.filter((request) => form(request).get('action') === 'delete')).toHaveLength(2);
    await client.close();
  });

  it('a first attempt that finds the page missing is still NotFound', async () => {
    const server = await fakeWiki(() => ({ body: { error: { code: 'missingtitle', info: "The page you specified doesn't exist." } } }));
    const client = new MediaWikiClient({ apiUrl: `${server.url}/api.php`, username: 'Bot@app', password: 'p4ssw0rdp4ssw0rdp4ssw0rdp4ssw0rd' }, { transport });
    await expect(client.delete('Never')).rejects.toMatchObject({ name: 'NotFoundError', code: 'missingtitle' });
    await client.close();
  });
});
