import { describe, expect, it } from 'vitest';
import { ConflictError, NetworkError, UsageError } from '../../src/errors.js';
import { WikiJsClient } from '../../src/wikijs/index.js';
import { fakeWikiJs, notFoundError, ok, page, type Op } from './fake-wikijs.js';

const KEY = 'test-api-key-0123456789';

function client(url: string, extra: ConstructorParameters<typeof WikiJsClient>[1] = {}): WikiJsClient {
  return new WikiJsClient({ url, apiKey: KEY }, { version: 2, transport: { retry: { limit: 1, baseDelayMs: 1 } }, ...extra });
}

const isCreate = (op: Op): boolean => op.query.includes('create(');
const isUpdate = (op: Op): boolean => op.query.includes('update(');

describe('pages.update changes only what the patch names', () => {
  it('reads the page and sends every field with the patch merged in', async () => {
    const current = page(7, { tags: [{ tag: 'keep' }, { tag: 'me' }], isPublished: true, description: 'old desc', scriptCss: 'p{}' });
    const server = await fakeWikiJs((op) => {
      if (op.query.includes('single(')) return { data: { pages: { single: current } } };
      if (isUpdate(op)) return { data: { pages: { update: { responseResult: ok, page: { ...current, title: op.variables['title'], locale: undefined, editor: undefined } } } } };
      return undefined;
    });
    const wiki = client(server.url);
    const updated = await wiki.pages.update(7, { title: 'New title' });
    const sent = server.ops.find(isUpdate)!;
    expect(sent.variables).toMatchObject({
      id: 7,
      title: 'New title',
      content: current['content'],
      description: 'old desc',
      tags: ['keep', 'me'],
      isPublished: true,
      isPrivate: false,
      editor: 'markdown',
      locale: 'en',
      path: 'docs/p7',
      scriptCss: 'p{}',
    });
    // Never select locale/editor/toc in a mutation result: it nulls the whole page.
    const selection = sent.query.slice(sent.query.indexOf('page {'));
    expect(selection).not.toMatch(/\b(locale|editor|toc)\b/);
    expect(updated.title).toBe('New title');
    expect(updated.locale).toBe('en');
    await wiki.close();
  });

  it('refuses a stale update with ConflictError and sends no update', async () => {
    const current = page(7, { updatedAt: '2026-11-23T09:00:00.000Z' });
    const server = await fakeWikiJs((op) => {
      if (op.query.includes('single(')) return { data: { pages: { single: current } } };
      if (op.query.includes('checkConflicts')) return { data: { pages: { checkConflicts: true } } };
      return undefined;
    });
    const wiki = client(server.url);
    const error = await wiki.pages.update(7, { content: 'x' }, { expectedRevision: '2026-11-23T08:00:00.000Z' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toMatchObject({ currentRevision: '2026-11-23T09:00:00.000Z' });
    expect(server.ops.some(isUpdate)).toBe(false);
    // The read and the conflict check went out as one array POST.
    expect(server.graphqlRequests()).toHaveLength(1);
    await wiki.close();
  });

  it('rejects path/locale in a patch and unknown fields before sending', async () => {
    const server = await fakeWikiJs(() => undefined);
    const wiki = client(server.url);
    await expect(wiki.pages.update(1, { path: 'x' } as never)).rejects.toMatchObject({ name: 'UsageError', field: 'patch.path' });
    await expect(wiki.pages.update(1, { bogus: 1 } as never)).rejects.toMatchObject({ field: 'patch.bogus' });
    expect(server.graphqlRequests()).toHaveLength(0);
    await wiki.close();
  });
});

describe('pages.create never reports a stored page as lost and never creates twice', () => {
  it('turns the concurrent-create false failure (errorCode 1) into success after re-reading the path', async () => {
    const stored = page(12, { path: 'docs/new', title: 'New', content: '# New' });
    const server = await fakeWikiJs((op) => {
      if (isCreate(op)) {
        return { data: { pages: { create: { responseResult: { succeeded: false, errorCode: 1, slug: 'Error', message: 'Error when running job rebuild-tree: duplicate key value violates unique constraint "pageTree_pkey"' }, page: null } } } };
      }
      if (op.query.includes('singleByPath')) return { data: { pages: { singleByPath: stored } } };
      if (op.query.includes('rebuildTree')) return { data: { pages: { rebuildTree: { responseResult: ok } } } };
      return undefined;
    });
    const wiki = client(server.url);
    const created = await wiki.pages.create({ path: '/docs/new/', title: 'New', content: '# New' });
    expect(created.id).toBe(12);
    expect(server.ops.filter(isCreate)).toHaveLength(1);
    expect(server.ops.find(isCreate)!.variables['path']).toBe('docs/new');
    await wiki.close();
  });

  it('keeps a real failure a failure (6002 duplicate → ConflictError, no re-read)', async () => {
    const server = await fakeWikiJs((op) =>
      isCreate(op)
        ? { data: { pages: { create: { responseResult: { succeeded: false, errorCode: 6002, slug: 'PageDuplicateCreate', message: 'Cannot create this page because an entry already exists at the same path.' }, page: null } } } }
        : undefined,
    );
    const wiki = client(server.url);
    const error = (await wiki.pages.create({ path: 'docs/a', title: 'A', content: 'x' }).catch((e: unknown) => e)) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 6002, slug: 'PageDuplicateCreate', path: 'docs/a', httpStatus: 200 });
    expect(error.message).toMatch(/^Wiki\.js pages\.create failed: PageDuplicateCreate \(6002\) — .*\(path "docs\/a"\) \[POST http:\/\/127\.0\.0\.1:\d+\/graphql\]$/);
    expect(server.ops.some((op) => op.query.includes('singleByPath'))).toBe(false);
    await wiki.close();
  });

  it('reconciles a create whose connection broke by reading, not by re-sending', async () => {
    let stored = false;
    const server = await fakeWikiJs(
      (op) => {
        if (op.query.includes('singleByPath')) return stored ? { data: { pages: { singleByPath: page(3, { path: 'docs/x', title: 'X', content: 'body' }) } } } : notFoundError('singleByPath');
        return undefined;
      },
      (request, response) => {
        if (request.body.includes('create(')) {
          stored = true; // the server applied it, then the connection died
          response.socket?.destroy();
          return true;
        }
        return false;
      },
    );
    const wiki = client(server.url);
    const created = await wiki.pages.create({ path: 'docs/x', title: 'X', content: 'body' });
    expect(created.id).toBe(3);
    expect(server.requests.filter((r) => r.body.includes('create('))).toHaveLength(1);
    await wiki.close();
  });

  it('reports an unknown-outcome create that did not happen, after checking, without re-sending', async () => {
    const server = await fakeWikiJs(
      (op) => (op.query.includes('singleByPath') ? notFoundError('singleByPath') : undefined),
      (request, response) => {
        if (request.body.includes('create(')) {
          response.socket?.destroy();
          return true;
        }
        return false;
      },
    );
    const wiki = client(server.url);
    const error = await wiki.pages.create({ path: 'docs/y', title: 'Y', content: 'body' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('not created, safe to retry');
    expect(server.requests.filter((r) => r.body.includes('create('))).toHaveLength(1);
    await wiki.close();
  });

  it('an unknown-outcome create whose re-read fails too is never called safe to retry', async () => {
    const server = await fakeWikiJs(
      () => undefined,
      (request, response) => {
        // The create's answer is lost, and so is every read after it.
        if (!request.body.includes('create(') && !request.body.includes('singleByPath')) return false;
        response.socket?.destroy();
        return true;
      },
    );
    const wiki = client(server.url);
    const error = await wiki.pages.create({ path: 'docs/z', title: 'Z', content: 'body' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('the outcome is still unknown');
    expect((error as Error).message).not.toContain('safe to retry');
    expect(server.requests.filter((r) => r.body.includes('create('))).toHaveLength(1);
    await wiki.close();
  });
});

describe('other writes with an unknown outcome are re-read, not re-sent', () => {
  it('a create that timed out but was applied resolves to the stored page', async () => {
    const server = await fakeWikiJs(
      (op) => (op.query.includes('singleByPath') ? { data: { pages: { singleByPath: page(8, { path: 'docs/slow', title: 'Slow', content: 'body' }) } } } : undefined),
      async (request, response) => {
        if (!request.body.includes('create(')) return false;
        await new Promise((r) => setTimeout(r, 300)); // longer than the attempt timeout
        response.end();
        return true;
      },
    );
    const wiki = client(server.url, { transport: { timeoutMs: 100, retry: { limit: 2, baseDelayMs: 1 } } });
    const created = await wiki.pages.create({ path: 'docs/slow', title: 'Slow', content: 'body' });
    expect(created.id).toBe(8);
    expect(server.requests.filter((r) => r.body.includes('create('))).toHaveLength(1);
    await wiki.close();
  });

  it('a timed-out create found before the server rendered it waits for the render: the revision it returns is final', async () => {
    // Wiki.js 2 stores the row, renders in a worker process, and saving the render moves updatedAt.
    let reads = 0;
    const server = await fakeWikiJs(
      (op) => {
        if (!op.query.includes('singleByPath')) return undefined;
        reads++;
        const rendered = reads >= 3;
        return { data: { pages: { singleByPath: page(9, { path: 'docs/render', title: 'R', content: 'body', render: rendered ? '<p>body</p>' : '', updatedAt: rendered ? '2026-01-01T00:00:02.000Z' : '2026-01-01T00:00:01.000Z' }) } } };
      },
      async (request, response) => {
        if (!request.body.includes('create(')) return false;
        await new Promise((r) => setTimeout(r, 300));
        response.end();
        return true;
      },
    );
    const wiki = client(server.url, { transport: { timeoutMs: 100, retry: { limit: 2, baseDelayMs: 1 } } });
    const created = await wiki.pages.create({ path: 'docs/render', title: 'R', content: 'body' });
    expect(created).toMatchObject({ id: 9, render: '<p>body</p>', updatedAt: '2026-01-01T00:00:02.000Z' });
    expect(server.requests.filter((r) => r.body.includes('create('))).toHaveLength(1);
    await wiki.close();
  });

  it('a delete whose connection broke resolves when the page is gone', async () => {
    const server = await fakeWikiJs(
      (op) => (op.query.includes('single(') ? notFoundError('single') : undefined),
      (request, response) => {
        if (!request.body.includes('delete(')) return false;
        response.socket?.destroy();
        return true;
      },
    );
    const wiki = client(server.url);
    await wiki.pages.delete(4);
    expect(server.requests.filter((r) => r.body.includes('delete('))).toHaveLength(1);
    await wiki.close();
  });
});

describe('v2 update and move with an unknown outcome', () => {
  it('an update whose connection broke after it was applied returns the stored page, sent once', async () => {
    let stored = page(9, { content: 'old', tags: [{ tag: 'a' }] });
    const server = await fakeWikiJs(
      (op) => (op.query.includes('single(') ? { data: { pages: { single: stored } } } : undefined),
      (request, response) => {
        if (!request.body.includes('update(')) return false;
        const variables = (JSON.parse(request.body) as { variables: Record<string, unknown> }).variables;
        stored = page(9, { content: variables['content'], tags: (variables['tags'] as string[]).map((tag) => ({ tag })) });
        response.socket?.destroy();
        return true;
      },
    );
    const wiki = client(server.url);
    const updated = await wiki.pages.update(9, { content: 'new', tags: ['B'] });
    expect(updated).toMatchObject({ content: 'new', tags: ['b'] });
    expect(server.requests.filter((r) => r.body.includes('update('))).toHaveLength(1);
    await wiki.close();
  });

  it('a move whose connection broke before it was applied says so and is not re-sent', async () => {
    const server = await fakeWikiJs(
      (op) => (op.query.includes('single(') ? { data: { pages: { single: page(9) } } } : undefined),
      (request, response) => {
        if (!request.body.includes('move(')) return false;
        response.socket?.destroy();
        return true;
      },
    );
    const wiki = client(server.url);
    const error = await wiki.pages.move(9, 'docs/elsewhere').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('the page was not moved, safe to retry');
    expect(server.requests.filter((r) => r.body.includes('move('))).toHaveLength(1);
    await wiki.close();
  });
});

describe('bulk writes', () => {
  it('createMany returns one result per item, serialises one parent, and keeps going after a failure', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await fakeWikiJs(() => undefined, async (request, response) => {
      if (!request.body.includes('create(')) return false;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 15));
      inFlight--;
      const variables = (JSON.parse(request.body) as { variables: Record<string, unknown> }).variables;
      const dup = variables['path'] === 'same/b';
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { pages: { create: dup ? { responseResult: { succeeded: false, errorCode: 6002, slug: 'PageDuplicateCreate', message: 'exists' }, page: null } : { responseResult: ok, page: page(1, { path: variables['path'] }) } } } }));
      return true;
    });
    const wiki = client(server.url);
    const results = await wiki.pages.createMany([
      { path: 'same/a', title: 'a', content: 'a' },
      { path: 'same/b', title: 'b', content: 'b' },
      { path: 'same/c', title: 'c', content: 'c' },
      { path: '', title: 'bad', content: 'x' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false]);
    expect(results[3]!.ok ? undefined : results[3]!.error).toBeInstanceOf(UsageError);
    expect(maxInFlight).toBe(1);
    await wiki.close();
  });
});

describe('pages.move after a storage target failed', () => {
  const isMove = (op: Op): boolean => op.query.includes('move(');
  const enoent = { succeeded: false, errorCode: 1, slug: 'Error', message: "ENOENT: no such file or directory, stat '/srv/wiki-git/docs/p7.md'" };

  it('a raw failure (code 1) of a move the server did save is reported as done, after a re-read', async () => {
    let moved = false;
    const server = await fakeWikiJs((op) => {
      if (isMove(op)) {
        moved = true;
        return { data: { pages: { move: { responseResult: enoent } } } };
      }
      if (op.query.includes('single(')) return { data: { pages: { single: page(7, moved ? { path: 'archive/p7' } : {}) } } };
      return undefined;
    });
    const wiki = client(server.url);
    await expect(wiki.pages.move(7, { path: 'archive/p7' })).resolves.toBeUndefined();
    expect(server.ops.filter(isMove)).toHaveLength(1);
    await wiki.close();
  });

  it('the same failure when the page did not move stays a failure, saying a retry is safe', async () => {
    const server = await fakeWikiJs((op) => {
      if (isMove(op)) return { data: { pages: { move: { responseResult: enoent } } } };
      if (op.query.includes('single(')) return { data: { pages: { single: page(7) } } };
      return undefined;
    });
    const wiki = client(server.url);
    const error = (await wiki.pages.move(7, { path: 'archive/p7' }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/ENOENT.*the page was not moved, safe to retry/);
    expect(server.ops.filter(isMove)).toHaveLength(1);
    await wiki.close();
  });

  it('a documented refusal (6006 path collision) is thrown without a re-read', async () => {
    const server = await fakeWikiJs((op) =>
      isMove(op) ? { data: { pages: { move: { responseResult: { succeeded: false, errorCode: 6006, slug: 'PagePathCollision', message: 'Destination page path already exists.' } } } } } : undefined,
    );
    const wiki = client(server.url);
    await expect(wiki.pages.move(7, { path: 'archive/p7' })).rejects.toBeInstanceOf(ConflictError);
    expect(server.ops.some((op) => op.query.includes('single('))).toBe(false);
    await wiki.close();
  });

  it('delete and update: a raw failure after the write was saved is reported as done; otherwise it stays a failure', async () => {
    let deleted = false;
    const current = page(7);
    let stored = current;
    const server = await fakeWikiJs((op) => {
      if (op.query.includes('delete(')) {
        deleted = true;
        return { data: { pages: { delete: { responseResult: { ...enoent, message: "ENOENT: no such file or directory, unlink '/srv/wiki-git/docs/p7.md'" } } } } };
      }
      if (isUpdate(op)) {
        stored = { ...current, title: String(op.variables['title']), updatedAt: '2026-12-07T10:00:00.000Z' };
        return { data: { pages: { update: { responseResult: { ...enoent, message: 'git push failed' }, page: null } } } };
      }
      if (op.query.includes('single(')) return deleted ? notFoundError('single') : { data: { pages: { single: stored } } };
      return undefined;
    });
    const wiki = client(server.url);
    await expect(wiki.pages.update(7, { title: 'Renamed' })).resolves.toMatchObject({ title: 'Renamed' });
    await expect(wiki.pages.delete(7)).resolves.toBeUndefined();
    expect(server.ops.filter((op) => op.query.includes('delete('))).toHaveLength(1);
    await wiki.close();

    const unsaved = await fakeWikiJs((op) => {
      if (isUpdate(op)) return { data: { pages: { update: { responseResult: { ...enoent, message: 'git push failed' }, page: null } } } };
      if (op.query.includes('single(')) return { data: { pages: { single: current } } };
      return undefined;
    });
    const again = client(unsaved.url);
    await expect(again.pages.update(7, { title: 'Renamed' })).rejects.toMatchObject({ message: expect.stringContaining('git push failed') });
    // A patch of fields the re-read cannot tell apart (isPrivate): without a new revision it is a failure.
    await expect(again.pages.update(7, { isPrivate: true })).rejects.toMatchObject({ message: expect.stringContaining('git push failed') });
    await again.close();
  });
});
