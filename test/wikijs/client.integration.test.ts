import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AuthError, HttpError, PermissionError, UsageError } from '../../src/errors.js';
import { headings, hasTag, readingTime, urlPath, WikiJsClient, wordCount } from '../../src/wikijs/index.js';
import { fakeWikiJs, notFoundError, ok, page } from './fake-wikijs.js';

const SECRET = 'planted-secret-XYZ123456';

function jwt(expSeconds: number, tag: string): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc({ alg: 'RS256' })}.${enc({ exp: expSeconds, tag })}.sig-${tag}`;
}

describe('redaction', () => {
  it('never shows the API key in messages, toString, inspect or JSON', async () => {
    const server = await fakeWikiJs((op) =>
      op.query.includes('list(') ? { errors: [{ message: `API Key is invalid or was revoked. (${SECRET})`, path: [] }], data: {} } : undefined,
    );
    const client = new WikiJsClient({ url: server.url, apiKey: SECRET }, { version: 2 });
    const error = await client.pages.list().toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    for (const text of [String(error), (error as Error).message, JSON.stringify((error as AuthError).toJSON()), inspect(error, { depth: 5 }), String(client), inspect(client, { depth: 5, showHidden: true }), JSON.stringify(client)]) {
      expect(text).not.toContain(SECRET);
    }
    // …while the key did go to the server, as a bearer token.
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${SECRET}`);
    await client.close();
  });

  it('never shows the password or the JWT', async () => {
    const token = jwt(Math.floor(Date.now() / 1000) + 3600, 'one');
    const server = await fakeWikiJs((op) => {
      if (op.query.includes('login(')) return { data: { authentication: { login: { responseResult: ok, jwt: token, mustChangePwd: false, mustProvideTFA: false } } } };
      if (op.query.includes('single(')) return notFoundError('single');
      return undefined;
    });
    const client = new WikiJsClient({ url: server.url, username: 'admin@example.com', password: SECRET }, { version: 2 });
    const error = await client.pages.get(99).catch((e: unknown) => e);
    for (const text of [inspect(client, { depth: 6, showHidden: true }), String(client), JSON.stringify(client), inspect(error, { depth: 6 }), JSON.stringify((error as AuthError).toJSON())]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(token);
    }
    await client.close();
  });
});

describe('JSON-array batching', () => {
  it('reads 120 pages in one HTTP request (aliased documents, batched)', async () => {
    const server = await fakeWikiJs((op) => {
      if (!op.query.includes('p0: single')) return undefined;
      const pages: Record<string, unknown> = {};
      for (const [name, id] of Object.entries(op.variables)) pages[name.replace('i', 'p')] = id === 13 ? null : page(id as number);
      return id13Missing(pages);
    });
    function id13Missing(pages: Record<string, unknown>) {
      const missing = Object.entries(pages).find(([, v]) => v === null);
      return missing
        ? { errors: [{ message: 'This page does not exist.', path: ['pages', missing[0]], extensions: { exception: { code: 6003 } } }], data: { pages } }
        : { data: { pages } };
    }
    const client = new WikiJsClient({ url: server.url, apiKey: 'k-123456' }, { version: 2 });
    const ids = Array.from({ length: 120 }, (_, i) => i + 1);
    const pages = await client.pages.getMany(ids);
    expect(pages).toHaveLength(120);
    expect(pages[12]).toBeUndefined();
    expect(pages[0]?.title).toBe('Page 1');
    expect(pages[119]?.id).toBe(120);
    const requests = server.graphqlRequests();
    expect(requests).toHaveLength(1);
    expect(JSON.parse(requests[0]!.body)).toHaveLength(3);
    await client.close();
  });

  it('combines independent reads made in the same tick into one array POST', async () => {
    const server = await fakeWikiJs((op) => (op.query.includes('single(') ? { data: { pages: { single: page(op.variables['id'] as number) } } } : undefined));
    const client = new WikiJsClient({ url: server.url, apiKey: 'k-123456' }, { version: 2 });
    await client.version();
    const pages = await Promise.all([1, 2, 3, 4, 5].map((id) => client.pages.get(id)));
    expect(pages.map((p) => p.id)).toEqual([1, 2, 3, 4, 5]);
    expect(server.graphqlRequests()).toHaveLength(1);
    expect((await client.graphql()).roundTrips).toBe(2); // the credentials check + one batch
    await client.close();
  });
});

describe('JWT sessions', () => {
  function loginServer(tokens: string[], behaviour: { renewWith?: string; guestFor?: string; delayStale?: () => number } = {}) {
    let logins = 0;
    return fakeWikiJs(
      (op, request) => {
        if (op.query.includes('login(')) {
          expect(request.headers.authorization).toBeUndefined();
          const token = tokens[Math.min(logins++, tokens.length - 1)];
          return { data: { authentication: { login: { responseResult: ok, jwt: token, mustChangePwd: false, mustProvideTFA: false } } } };
        }
        const bearer = request.headers.authorization?.replace('Bearer ', '');
        if (behaviour.guestFor && bearer === behaviour.guestFor) {
          if (op.query.includes('profile')) return { errors: [{ message: 'You must be authenticated to access this resource.', extensions: { exception: { code: 1019 } } }], data: { users: { profile: null } } };
          return { errors: [{ message: 'Forbidden' }], data: { pages: { single: null } } };
        }
        if (op.query.includes('single(')) return { data: { pages: { single: page(1) } } };
        return undefined;
      },
      behaviour.delayStale
        ? async (request) => {
            if (request.body.includes('single(') && request.headers.authorization === `Bearer ${behaviour.guestFor}`) {
              await new Promise((resolve) => setTimeout(resolve, behaviour.delayStale!()));
            }
            return false;
          }
        : behaviour.renewWith
        ? (request, response) => {
            if (!request.body.includes('single(') || request.headers.authorization !== `Bearer ${tokens[0]}`) return false;
            response.writeHead(200, { 'content-type': 'application/json', 'new-jwt': behaviour.renewWith! });
            response.end(JSON.stringify({ data: { pages: { single: page(1) } } }));
            return true;
          }
        : undefined,
    );
  }

  it('logs in without credentials, then sends the JWT as a bearer token', async () => {
    const t1 = jwt(Math.floor(Date.now() / 1000) + 3600, 'one');
    const server = await loginServer([t1]);
    const client = new WikiJsClient({ url: server.url, username: 'admin@example.com', password: 'pw-123456' }, { version: 2 });
    await client.pages.get(1);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${t1}`);
    expect(server.ops[0]!.variables).toMatchObject({ username: 'admin@example.com', strategy: 'local' });
    await client.close();
  });

  it('adopts the renewed token the server sends in the new-jwt header', async () => {
    const t1 = jwt(Math.floor(Date.now() / 1000) + 3600, 'one');
    const t2 = jwt(Math.floor(Date.now() / 1000) + 7200, 'two');
    const server = await loginServer([t1], { renewWith: t2 });
    const client = new WikiJsClient({ url: server.url, username: 'u', password: 'pw-123456' }, { version: 2 });
    await client.pages.get(1);
    await client.pages.get(1);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${t2}`);
    expect(server.ops.filter((op) => op.query.includes('login('))).toHaveLength(1);
    await client.close();
  });

  it('logs in again when less than 5 minutes remain', async () => {
    let now = 1_800_000_000_000;
    const t1 = jwt(now / 1000 + 30 * 60, 'one');
    const t2 = jwt(now / 1000 + 60 * 60, 'two');
    const server = await loginServer([t1, t2]);
    const client = new WikiJsClient({ url: server.url, username: 'u', password: 'pw-123456' }, { version: 2, transport: { now: () => now } });
    await client.pages.get(1);
    now += 24 * 60_000; // 6 minutes left: keep the token
    await client.pages.get(1);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${t1}`);
    now += 2 * 60_000; // 4 minutes left: renew first
    await client.pages.get(1);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${t2}`);
    expect(server.ops.filter((op) => op.query.includes('login('))).toHaveLength(2);
    await client.close();
  });

  it('re-logs in once, transparently, when the server stops accepting the token', async () => {
    const t1 = jwt(Math.floor(Date.now() / 1000) + 3600, 'one');
    const t2 = jwt(Math.floor(Date.now() / 1000) + 3600, 'two');
    const server = await loginServer([t1, t2], { guestFor: t1 });
    const client = new WikiJsClient({ url: server.url, username: 'u', password: 'pw-123456' }, { version: 2 });
    const got = await client.pages.get(1);
    expect(got.id).toBe(1);
    expect(server.ops.filter((op) => op.query.includes('login('))).toHaveLength(2);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${t2}`);
    await client.close();
  });

  it('a Forbidden answer to a session the server still recognises is the answer: no re-login, no resend', async () => {
    const t1 = jwt(Math.floor(Date.now() / 1000) + 3600, 'one');
    const server = await fakeWikiJs((op) => {
      if (op.query.includes('login(')) return { data: { authentication: { login: { responseResult: ok, jwt: t1, mustChangePwd: false, mustProvideTFA: false } } } };
      if (op.query.includes('single(')) return { errors: [{ message: 'Forbidden' }], data: { pages: { single: null } } };
      return undefined;
    });
    const client = new WikiJsClient({ url: server.url, username: 'u', password: 'pw-123456' }, { version: 2 });
    const error = await client.pages.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect(server.ops.filter((op) => op.query.includes('login('))).toHaveLength(1);
    expect(server.ops.filter((op) => op.query.includes('single('))).toHaveLength(1);
    await client.close();
  });

  it('a mutation refused in its responseResult because the token is no longer accepted: one re-login, one resend', async () => {
    const t1 = jwt(Math.floor(Date.now() / 1000) + 3600, 'one');
    const t2 = jwt(Math.floor(Date.now() / 1000) + 3600, 'two');
    let logins = 0;
    const server = await fakeWikiJs((op, request) => {
      if (op.query.includes('login(')) return { data: { authentication: { login: { responseResult: ok, jwt: logins++ === 0 ? t1 : t2, mustChangePwd: false, mustProvideTFA: false } } } };
      const stale = request.headers.authorization === `Bearer ${t1}`;
      if (stale && op.query.includes('profile')) return { errors: [{ message: 'You must be authenticated to access this resource.', extensions: { exception: { code: 1019 } } }], data: { users: { profile: null } } };
      if (op.query.includes('render(')) {
        return { data: { pages: { render: { responseResult: stale ? { succeeded: false, errorCode: 6013, slug: 'PageViewForbidden', message: 'You are not authorized to view this page.' } : ok } } } };
      }
      return undefined;
    });
    const client = new WikiJsClient({ url: server.url, username: 'u', password: 'pw-123456' }, { version: 2 });
    await client.pages.render(5);
    const renders = server.requests.filter((r) => r.body.includes('render('));
    expect(renders.map((r) => r.headers.authorization)).toEqual([`Bearer ${t1}`, `Bearer ${t2}`]);
    expect(logins).toBe(2);
    await client.close();
  });

  it('calls refused with the same stale token at different moments cost one re-login, not one each', async () => {
    const t1 = jwt(Math.floor(Date.now() / 1000) + 3600, 'one');
    const t2 = jwt(Math.floor(Date.now() / 1000) + 3600, 'two');
    const t3 = jwt(Math.floor(Date.now() / 1000) + 3600, 'three');
    let stale = 0;
    const server = await loginServer([t1, t2, t3], { guestFor: t1, delayStale: () => 40 + 150 * stale++ });
    const client = new WikiJsClient({ url: server.url, username: 'u', password: 'pw-123456' }, { version: 2 });
    await client.testConnection().catch(() => undefined); // logs in (t1), which the server then treats as Guest
    // Three reads sent with t1 in separate round trips; their refusals arrive one after another,
    // the later ones after the first call has already logged in again.
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 3; i++) {
      calls.push(client.pages.get(1));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(calls);
    expect(stale).toBe(3);
    expect(server.ops.filter((op) => op.query.includes('login('))).toHaveLength(2);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${t2}`);
    await client.close();
  });
});

describe('an ignored API key (Wiki.js answers as Guest) is an AuthError, not success', () => {
  it('checks the identity once and refuses before the first call', async () => {
    const server = await fakeWikiJs((op) => {
      if (op.query.includes('profile')) return { errors: [{ message: 'You must be authenticated to access this resource.', extensions: { exception: { code: 1019 } } }], data: { users: { profile: null } } };
      if (op.query.includes('list(')) return { data: { pages: { list: [] } } };
      return undefined;
    });
    const client = new WikiJsClient({ url: server.url, apiKey: 'not-a-real-token' }, { version: 2 });
    const error = await client.pages.list().toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('GuestIdentity');
    expect(server.ops.some((op) => op.query.includes('list('))).toBe(false);
    await expect(client.testConnection()).rejects.toBeInstanceOf(AuthError);
    await client.close();
  });
});

describe('bad input is refused before sending, naming the field', () => {
  it.each([
    ['empty path', (c: WikiJsClient) => c.pages.get({ path: '' }), 'path'],
    ['slash-only path', (c: WikiJsClient) => c.pages.get({ path: '///' }), 'path'],
    ['path with a dot', (c: WikiJsClient) => c.pages.get({ path: 'docs/a.b' }), 'path'],
    ['path with a space', (c: WikiJsClient) => c.pages.create({ path: 'a b', title: 't', content: 'c' }), 'input.path'],
    ['path with //', (c: WikiJsClient) => c.pages.move(1, 'a//b'), 'destinationPath'],
    ['unknown locale format', (c: WikiJsClient) => c.pages.get({ path: 'docs/a', locale: 'English!' }), 'locale'],
    ['zero id', (c: WikiJsClient) => c.pages.get(0), 'id'],
    ['negative id', (c: WikiJsClient) => c.pages.delete(-3), 'id'],
    ['negative limit', (c: WikiJsClient) => c.pages.list({ limit: -1 }), 'limit'],
    ['empty content', (c: WikiJsClient) => c.pages.create({ path: 'a', title: 't', content: '  ' }), 'input.content'],
    ['a UUID on Wiki.js 2', (c: WikiJsClient) => c.pages.get('6f1e1f9e-2f5c-4b7a-9d0e-1a2b3c4d5e6f'), 'id'],
  ])('%s', async (_name, call, field) => {
    const server = await fakeWikiJs(() => undefined);
    const client = new WikiJsClient({ url: server.url, apiKey: 'k-123456' }, { version: 2 });
    const error = await call(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).field).toBe(field);
    expect(server.graphqlRequests()).toHaveLength(0);
    await client.close();
  });

  it('refuses a bad url or empty key at construction', () => {
    expect(() => new WikiJsClient({ url: 'not a url', apiKey: 'k' })).toThrow(UsageError);
    expect(() => new WikiJsClient({ url: 'http://x', apiKey: '' })).toThrow(/apiKey/);
    expect(() => new WikiJsClient({ url: 'http://u:p@x', apiKey: 'k' })).toThrow(/credentials/);
  });
});

describe('version detection', () => {
  it('probes once, without credentials, and finds Wiki.js 2 at /graphql', async () => {
    const server = await fakeWikiJs(() => undefined);
    const client = new WikiJsClient({ url: `${server.url}/graphql`, apiKey: 'k-123456' });
    expect(await client.version()).toBe(2);
    expect(await client.version()).toBe(2);
    const probes = server.requests.filter((r) => r.body.includes('__typename'));
    expect(probes.map((r) => r.url).sort()).toEqual(['/_graphql', '/graphql']);
    for (const probe of probes) expect(probe.headers.authorization).toBeUndefined();
    const info = await client.testConnection();
    expect(info.message).toContain('Wiki.js 2');
    await client.close();
  });

  it('finds the major although the other endpoint fails at the socket level', async () => {
    const server = await fakeWikiJs(() => undefined, (request, response) => {
      if (request.url === '/graphql') {
        response.socket?.destroy();
        return true;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { __typename: 'Query' } }));
      return true;
    });
    const client = new WikiJsClient({ url: server.url }, { transport: { retry: false } });
    expect(await client.version()).toBe(3);
    await client.close();
  });

  it('says which paths it tried when no Wiki.js answers', async () => {
    const server = await fakeWikiJs(() => undefined, (_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('nope');
      return true;
    });
    const client = new WikiJsClient({ url: server.url, apiKey: 'k-123456' });
    const error = await client.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toMatch(/\/graphql: HTTP 404.*\/_graphql: HTTP 404/);
    await client.close();
  });
});

describe('cache', () => {
  it('is off by default, and when on, serves repeated reads and drops them on writes', async () => {
    const server = await fakeWikiJs((op) => {
      if (op.query.includes('single(')) return { data: { pages: { single: page(5) } } };
      if (op.query.includes('render(')) return { data: { pages: { render: { responseResult: ok } } } };
      return undefined;
    });
    const plain = new WikiJsClient({ url: server.url, apiKey: 'k-123456' }, { version: 2 });
    expect(plain.cache).toBeUndefined();
    await plain.close();

    const client = new WikiJsClient({ url: server.url, apiKey: 'k-123456' }, { version: 2, cache: { ttlMs: 60_000 } });
    await client.pages.get(5);
    await client.pages.get(5);
    const reads = () => server.ops.filter((op) => op.query.includes('single(')).length;
    expect(reads()).toBe(1);
    expect(client.cache!.stats()).toMatchObject({ hits: 1 });
    await client.pages.render(5);
    await client.pages.get(5);
    expect(reads()).toBe(2);
    client.cache!.clear();
    expect(client.cache!.stats().size).toBe(0);
    await client.close();
  });
});

describe('cache of asset downloads', () => {
  it('serves a repeated download from the cache and drops it when an asset changes', async () => {
    let downloads = 0;
    const server = await fakeWikiJs(
      (op) => (op.query.includes('deleteAsset(') ? { data: { assets: { deleteAsset: { responseResult: ok } } } } : undefined),
      (request, response) => {
        if (request.url !== '/docs/logo.png') return false;
        downloads++;
        response.writeHead(200, { 'content-type': 'image/png' });
        response.end(Buffer.from([1, 2, 3]));
        return true;
      },
    );
    const client = new WikiJsClient({ url: server.url, apiKey: 'k-123456' }, { version: 2, cache: true });
    expect([...(await client.assets.download('docs/logo.png'))]).toEqual([1, 2, 3]);
    await client.assets.download('docs/logo.png');
    expect(downloads).toBe(1);
    await client.assets.delete(7);
    await client.assets.download('docs/logo.png');
    expect(downloads).toBe(2);
    await client.close();
  });
});

describe('review fixes: recovery and cache edges', () => {
  it('an asset download refused (403) to a session the server no longer accepts: one re-login, one resend', async () => {
    const t1 = jwt(Math.floor(Date.now() / 1000) + 3600, 'one');
    const t2 = jwt(Math.floor(Date.now() / 1000) + 3600, 'two');
    let logins = 0;
    const server = await fakeWikiJs(
      (op, request) => {
        if (op.query.includes('login(')) return { data: { authentication: { login: { responseResult: ok, jwt: logins++ === 0 ? t1 : t2, mustChangePwd: false, mustProvideTFA: false } } } };
        if (request.headers.authorization === `Bearer ${t1}` && op.query.includes('profile')) {
          return { errors: [{ message: 'You must be authenticated to access this resource.', extensions: { exception: { code: 1019 } } }], data: { users: { profile: null } } };
        }
        return undefined;
      },
      (request, response) => {
        if (request.url !== '/docs/logo.png') return false;
        const fresh = request.headers.authorization === `Bearer ${t2}`;
        response.writeHead(fresh ? 200 : 403, { 'content-type': fresh ? 'image/png' : 'text/plain' });
        response.end(fresh ? Buffer.from([4, 5]) : 'Forbidden');
        return true;
      },
    );
    const client = new WikiJsClient({ url: server.url, username: 'u', password: 'pw-123456' }, { version: 2 });
    expect([...(await client.assets.download('docs/logo.png'))]).toEqual([4, 5]);
    expect(logins).toBe(2);
    await client.close();
  });

  it('a batch with a write is not resent when only some of its answers were refused', async () => {
    const t1 = jwt(Math.floor(Date.now() / 1000) + 3600, 'one');
    let logins = 0;
    const server = await fakeWikiJs((op) => {
      if (op.query.includes('login(')) return { data: { authentication: { login: { responseResult: ok, jwt: (logins++, t1), mustChangePwd: false, mustProvideTFA: false } } } };
      if (op.query.includes('render(')) return { data: { pages: { render: { responseResult: ok } } } };
      if (op.query.includes('profile')) return { errors: [{ message: 'You must be authenticated to access this resource.', extensions: { exception: { code: 1019 } } }], data: { users: { profile: null } } };
      return undefined;
    });
    const client = new WikiJsClient({ url: server.url, username: 'u', password: 'pw-123456' }, { version: 2 });
    const gql = await client.graphql();
    const results = await gql.executeBatch([
      { query: 'mutation ($id: Int!) { pages { render(id: $id) { responseResult { succeeded errorCode slug message } } } }', variables: { id: 5 }, operation: { name: 'pages.render', kind: 'write' } },
      { query: '{ users { profile { id } } }', operation: { name: 'users.profile', kind: 'read' } },
    ]);
    expect(results).toHaveLength(2);
    expect(server.ops.filter((op) => op.query.includes('render('))).toHaveLength(1);
    expect(logins).toBe(1);
    await client.close();
  });

  it('a raw GraphQL read under a name that is no resource is never served from the cache', async () => {
    const server = await fakeWikiJs((op) => (op.query.includes('single(') ? { data: { pages: { single: page(5) } } } : undefined));
    const client = new WikiJsClient({ url: server.url, apiKey: 'k-123456' }, { version: 2, cache: true });
    const gql = await client.graphql();
    const query = 'query ($id: Int!) { pages { single(id: $id) { id title } } }';
    await gql.execute(query, { id: 5 }, { name: 'myQuery', kind: 'read' });
    await gql.execute(query, { id: 5 }, { name: 'myQuery', kind: 'read' });
    expect(server.ops.filter((op) => op.query.includes('single('))).toHaveLength(2);
    await client.close();
  });
});

describe('page helpers', () => {
  const p = { path: 'docs/intro', locale: 'fr', tags: ['guide', 'tutorial'], content: '# Title\n\nOne two three.\n\n```\n# not a heading\n```\n\n## Sub part ##\n' };
  it('computes word count, reading time, url path, headings and tag membership', () => {
    expect(wordCount(p)).toBe(6);
    expect(readingTime(p)).toBe(1);
    expect(readingTime({ content: '' })).toBe(0);
    expect(urlPath(p)).toBe('/fr/docs/intro');
    expect(headings(p)).toEqual([{ level: 1, text: 'Title' }, { level: 2, text: 'Sub part' }]);
    expect(hasTag(p, 'Guide')).toBe(true);
    expect(hasTag(p, 'nope')).toBe(false);
  });
});
