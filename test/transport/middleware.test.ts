/**
 * The read cache and auth recovery as createTransport places them, over an in-process fake
 * fetch (no sockets): what reaches the wire, in which order, and what is dropped when.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport, ResponseCache, responseText, withFreshReads, type AuthRefusal, type CredentialProvider, type FetchLike, type Transport, type TransportRequest } from '../../src/transport/index.js';

interface Sent {
  readonly url: string;
  readonly body: string;
  readonly authorization: string | undefined;
}

/** A fake wiki: answers `answer(body, authorization)` and records every request that reached it. */
function fakeFetch(answer: (body: string, authorization: string | undefined) => unknown = (body) => ({ echo: body })): { fetch: FetchLike; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch: FetchLike = (url, init) => {
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? init.body : '';
    const authorization = headers.get('authorization') ?? undefined;
    sent.push({ url, body, authorization });
    return Promise.resolve(new Response(JSON.stringify(answer(body, authorization)), { status: 200, headers: { 'content-type': 'application/json' } }));
  };
  return { fetch, sent };
}

const transports: Transport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

function transport(fetch: FetchLike, credentials?: CredentialProvider, cache?: ResponseCache, alsoInvalidates?: Record<string, string[]>): Transport {
  const t = createTransport({ fetch, retry: false, maxConcurrent: 1 }, credentials, cache ? { cache: { cache, ...(alsoInvalidates ? { alsoInvalidates } : {}) } } : {});
  transports.push(t);
  return t;
}

function read(body: string, resource = 'pages', extra: Partial<TransportRequest> = {}): TransportRequest {
  return { method: 'POST', url: 'http://wiki.test/graphql', body, operation: { name: `${resource}.get`, kind: 'read', idempotent: true, resources: [resource] }, ...extra };
}

function write(body: string, resources?: string[]): TransportRequest {
  return { method: 'POST', url: 'http://wiki.test/graphql', body, operation: { name: 'pages.update', kind: 'write', idempotent: false, ...(resources ? { resources } : {}) } };
}

describe('read cache middleware', () => {
  it('answers a repeated read from the cache, keyed on the request body', async () => {
    const wire = fakeFetch();
    const cache = new ResponseCache();
    const t = transport(wire.fetch, undefined, cache);
    const first = await t.send(read('{"id":1}'));
    const again = await t.send(read('{"id":1}'));
    await t.send(read('{"id":2}'));
    expect(wire.sent.map((s) => s.body)).toEqual(['{"id":1}', '{"id":2}']);
    expect(responseText(again)).toBe(responseText(first));
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, size: 2 });
  });

  it('drops the answers of the resource a write touches, and of the resources it also changes', async () => {
    const wire = fakeFetch();
    const cache = new ResponseCache();
    const t = transport(wire.fetch, undefined, cache, { comments: ['pages'] });
    await t.send(read('p1'));
    await t.send(read('u1', 'users'));
    await t.send(write('edit', ['pages']));
    await t.send(read('p1'));
    await t.send(read('u1', 'users'));
    expect(wire.sent.map((s) => s.body)).toEqual(['p1', 'u1', 'edit', 'p1']);

    await t.send(write('comment', ['comments']));
    await t.send(read('p1'));
    expect(wire.sent.at(-1)?.body).toBe('p1');
  });

  it('drops everything on a write that names no resource', async () => {
    const wire = fakeFetch();
    const cache = new ResponseCache();
    const t = transport(wire.fetch, undefined, cache);
    await t.send(read('u1', 'users'));
    await t.send(write('something'));
    expect(cache.stats().size).toBe(0);
  });

  it('still drops what a write touched when the write failed', async () => {
    let failWrites = false;
    const wire = fakeFetch();
    const failing: FetchLike = (url, init) => (failWrites ? Promise.reject(new TypeError('socket hang up')) : wire.fetch(url, init));
    const cache = new ResponseCache();
    const t = transport(failing, undefined, cache);
    await t.send(read('p1'));
    failWrites = true;
    await expect(t.send(write('edit', ['pages']))).rejects.toThrow();
    expect(cache.stats().size).toBe(0);
  });

  it('bypasses the cache for fresh reads, by flag or inside withFreshReads, and keeps no uncacheable answer', async () => {
    const wire = fakeFetch();
    const cache = new ResponseCache();
    const t = transport(wire.fetch, undefined, cache);
    await t.send(read('p1'));
    await t.send(read('p1', 'pages', { fresh: true }));
    await withFreshReads(() => t.send(read('p1')));
    await t.send(read('p2', 'pages', { cacheable: () => false }));
    await t.send(read('p2'));
    expect(wire.sent.map((s) => s.body)).toEqual(['p1', 'p1', 'p1', 'p2', 'p2']);
  });
});

/** A login session: refused while its token is `stale`; recover() logs in through `login`. */
function session(login: () => Promise<string>): CredentialProvider & { token: string; version(): number; recover(refusal: AuthRefusal): Promise<boolean>; recovered: AuthRefusal[] } {
  let generation = 1;
  const provider = {
    token: 'stale',
    recovered: [] as AuthRefusal[],
    headers: () => ({ authorization: `Bearer ${provider.token}` }),
    secrets: () => [provider.token],
    version: () => generation,
    async recover(refusal: AuthRefusal): Promise<boolean> {
      provider.recovered.push(refusal);
      provider.token = await login();
      generation++;
      return true;
    },
  };
  return provider;
}

const forbiddenWhenStale = (body: string, authorization: string | undefined): unknown => (authorization === 'Bearer stale' ? { errors: [{ message: 'Forbidden' }] } : { ok: body });
const refused = (request: TransportRequest): TransportRequest => ({
  ...request,
  authFailure: (response) => (responseText(response).includes('Forbidden') ? 'permission' : undefined),
});

describe('auth recovery middleware', () => {
  it('re-authenticates once and resends the same request with the new credentials', async () => {
    const wire = fakeFetch(forbiddenWhenStale);
    const credentials = session(() => Promise.resolve('fresh'));
    const t = transport(wire.fetch, credentials);
    const response = await t.send(refused(write('edit', ['pages'])));
    expect(JSON.parse(responseText(response))).toEqual({ ok: 'edit' });
    expect(wire.sent.map((s) => [s.body, s.authorization])).toEqual([['edit', 'Bearer stale'], ['edit', 'Bearer fresh']]);
    expect(credentials.recovered).toEqual([{ version: 1, reason: 'permission' }]);
  });

  it('never recovers more than once: a second refusal is the answer', async () => {
    const wire = fakeFetch(forbiddenWhenStale);
    const credentials = session(() => Promise.resolve('stale'));
    const t = transport(wire.fetch, credentials);
    const response = await t.send(refused(read('p1')));
    expect(responseText(response)).toContain('Forbidden');
    expect(wire.sent).toHaveLength(2);
    expect(credentials.recovered).toHaveLength(1);
  });

  it('does nothing for credentials that cannot recover (an API key)', async () => {
    const wire = fakeFetch(forbiddenWhenStale);
    const apiKey: CredentialProvider = { headers: () => ({ authorization: 'Bearer stale' }), secrets: () => ['stale'] };
    const t = transport(wire.fetch, apiKey);
    const response = await t.send(refused(read('p1')));
    expect(responseText(response)).toContain('Forbidden');
    expect(wire.sent).toHaveLength(1);
  });

  it('does not resend when recover() says it is not worth it', async () => {
    const wire = fakeFetch(forbiddenWhenStale);
    const credentials: CredentialProvider = { headers: () => ({ authorization: 'Bearer stale' }), secrets: () => [], recover: () => Promise.resolve(false) };
    const t = transport(wire.fetch, credentials);
    await t.send(refused(read('p1')));
    expect(wire.sent).toHaveLength(1);
  });

  it('sits above the concurrency limiter: a recovery that sends its own request does not wait for the refused one', async () => {
    const wire = fakeFetch(forbiddenWhenStale);
    // The login goes through the same transport (maxConcurrent 1), as an identity check does.
    const credentials = session(async () => {
      await t.send(read('login', 'authentication'));
      return 'fresh';
    });
    const t = transport(wire.fetch, credentials);
    const response = await Promise.race([t.send(refused(read('p1'))), new Promise((resolve) => setTimeout(() => resolve('deadlock'), 2000))]);
    expect(response).not.toBe('deadlock');
    expect(wire.sent.map((s) => s.body)).toEqual(['p1', 'login', 'p1']);
  });
});

describe('auth recovery and the limiter', () => {
  it('reports the credentials a refused request carried, not those of when it was queued (renewed while it waited for a slot)', async () => {
    // p2 is refused with the first renewed token too (revoked meanwhile): its refusal is of version 2.
    const wire = fakeFetch((body, authorization) => (authorization === 'Bearer stale' || (body === 'p2' && authorization === 'Bearer fresh') ? { errors: [{ message: 'Forbidden' }] } : { ok: body }));
    const base = session(() => Promise.resolve(base.recovered.length === 1 ? 'fresh' : 'fresher'));
    // Headers take a turn of the event loop (as a JWT session's may), so p1's recovery renews the
    // token between p2 leaving the queue and p2 going out.
    const credentials = { ...base, headers: async (url: string) => (await new Promise((resolve) => setImmediate(resolve)), base.headers(url)) };
    const t = transport(wire.fetch, credentials);
    const answers = await Promise.all([t.send(refused(read('p1'))), t.send(refused(read('p2')))]);
    expect(answers.map((r) => JSON.parse(responseText(r)) as unknown)).toEqual([{ ok: 'p1' }, { ok: 'p2' }]);
    expect(base.recovered.map((r) => r.version)).toEqual([1, 2]);
    expect(wire.sent.map((s) => [s.body, s.authorization])).toEqual([['p1', 'Bearer stale'], ['p2', 'Bearer fresh'], ['p1', 'Bearer fresher'], ['p2', 'Bearer fresher']]);
  });
});

describe('auth recovery and other transports', () => {
  it('a request that the credentials send through another transport meanwhile does not change the version reported', async () => {
    const wire = fakeFetch(forbiddenWhenStale);
    const other = fakeFetch();
    const base = session(() => Promise.resolve('fresh'));
    const keyed: CredentialProvider = { headers: () => ({ authorization: 'Bearer key' }), secrets: () => [], version: () => 99 };
    const side = transport(other.fetch, keyed);
    // A background refresh through another transport, started while building the headers.
    const credentials = { ...base, headers: (url: string) => (void side.send(read('refresh', 'authentication')), base.headers(url)) };
    const t = transport(wire.fetch, credentials);
    await t.send(refused(read('p1')));
    expect(other.sent.map((s) => s.body)).toContain('refresh');
    expect(base.recovered.map((r) => r.version)).toEqual([1]);
  });
});

describe('read cache and auth recovery together', () => {
  it('keeps only the recovered answer, and a hit costs no credentials and no recovery', async () => {
    const wire = fakeFetch(forbiddenWhenStale);
    const credentials = session(() => Promise.resolve('fresh'));
    let headerCalls = 0;
    const counting: CredentialProvider = { ...credentials, headers: (url) => (headerCalls++, credentials.headers(url)), version: () => credentials.version(), recover: (r) => credentials.recover(r) };
    const cache = new ResponseCache();
    const t = transport(wire.fetch, counting, cache);
    const request = { ...refused(read('p1')), cacheable: (response: { body: Uint8Array }) => !new TextDecoder().decode(response.body).includes('Forbidden') };
    const first = await t.send(request);
    expect(JSON.parse(responseText(first))).toEqual({ ok: 'p1' });
    const calls = headerCalls;
    const hit = await t.send(request);
    expect(JSON.parse(responseText(hit))).toEqual({ ok: 'p1' });
    expect(headerCalls).toBe(calls);
    expect(wire.sent).toHaveLength(2);
    expect(credentials.recovered).toHaveLength(1);
  });

  it('drops a write\'s resources after the write ran, its recovery resend included', async () => {
    const cache = new ResponseCache();
    const wire = fakeFetch((body, authorization) => {
      // While the write is being resent, a read slips in and repopulates the cache from the old state.
      if (body === 'edit' && authorization === 'Bearer fresh') return { ok: 'edit' };
      return forbiddenWhenStale(body, authorization);
    });
    const credentials = session(() => {
      cache.set('seeded', 'old page', ['pages']);
      return Promise.resolve('fresh');
    });
    const t = transport(wire.fetch, credentials, cache);
    await t.send(refused(write('edit', ['pages'])));
    expect(cache.get('seeded')).toBeUndefined();
  });
});
