import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V3Sandbox } from '../../src/sandbox/v3/index.js';
import { CREATE_PAGE, DEAD, gql, pageVars, siteId, startTestSandbox } from './v3-helpers.js';

let sb: V3Sandbox;
let site: string;

beforeAll(async () => {
  sb = await startTestSandbox();
  site = await siteId(sb);
});
afterAll(async () => {
  await sb.close();
});

describe('v3 sandbox: endpoint and transport (observed-behaviour "Endpoint, transport and authentication")', () => {
  it('serves /_graphql and answers /graphql with the HTML 404', async () => {
    const r = await gql(sb, '{ sites { id } }', undefined, sb.token, '/graphql');
    expect(r.status).toBe(404);
    expect(r.contentType).toBe('text/html; charset=utf-8');
    expect(r.text).toContain('<pre>Not Found</pre>');
    const ok = await gql(sb, '{ sites { id hostname isEnabled title } }');
    expect(ok.status).toBe(200);
    expect(ok.contentType).toBe('application/json; charset=utf-8');
    expect(ok.json.data?.['sites']).toEqual([{ id: site, hostname: '*', isEnabled: true, title: 'Default Site' }]);
  });

  it('blocks text/plain bodies and GET queries without a preflight header (CSRF)', async () => {
    const res = await fetch(`${sb.url}/_graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ sites { id } }"}' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
    const get = await fetch(`${sb.url}/_graphql?query=${encodeURIComponent('{ sites { id } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
  });

  it('answers invalid JSON with the Wiki.js error-handler shape, and an empty object with BAD_REQUEST', async () => {
    const res = await fetch(`${sb.url}/_graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ data: {}, errors: [{ message: 'Unexpected end of JSON input', path: [] }] });
    const empty = await fetch(`${sb.url}/_graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toBe('POST body missing, invalid Content-Type, or JSON object has no keys.');
  });

  it('accepts batched requests', async () => {
    const res = await fetch(`${sb.url}/_graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${sb.token}` },
      body: JSON.stringify([{ query: '{ apiState }' }, { query: '{ sites { id } }' }]),
    });
    expect(await res.json()).toEqual([{ data: { apiState: true } }, { data: { sites: [{ id: site }] } }]);
  });

  it('parse, validation and variable errors are HTTP 400 with the Apollo codes', async () => {
    expect((await gql(sb, '{ sites { id', undefined, sb.token)).json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const v = await gql(sb, 'mutation { setApiState(enabled: true) { operation { succeeded errorCode slug message } } }', undefined, sb.token);
    expect(v.status).toBe(400);
    expect(v.json.errors?.[0]?.message).toBe('Cannot query field "errorCode" on type "Operation".');
    const bad = await gql(sb, 'query ($l: Int) { pages(limit: $l) { id } }', { l: 'ten' }, sb.token);
    expect(bad.status).toBe(400);
    expect(bad.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('v3 sandbox: UUID validation', () => {
  it('rejects a non-UUID variable with BAD_USER_INPUT and the observed wording', async () => {
    const r = await gql(sb, 'query ($id: UUID!) { pageById(id: $id) { id path title } }', { id: 'abc' }, sb.token);
    expect(r.status).toBe(400);
    expect(r.json.errors?.[0]).toMatchObject({
      message: 'Variable "$id" got invalid value "abc"; Expected type "UUID". UUID cannot represent non-UUID value: abc',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const n = await gql(sb, 'query ($id: UUID!) { pageById(id: $id) { id } }', { id: 42 }, sb.token);
    expect(n.json.errors?.[0]?.message).toBe('Variable "$id" got invalid value 42; Expected type "UUID". UUID cannot represent non-UUID value: 42');
  });

  it('rejects a non-UUID literal with GRAPHQL_VALIDATION_FAILED', async () => {
    const r = await gql(sb, '{ pageById(id: "abc") { id path title } }', undefined, sb.token);
    expect(r.status).toBe(400);
    expect(r.json.errors?.[0]).toMatchObject({ message: 'Expected value of type "UUID!", found "abc".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });
});

describe('v3 sandbox: guest fallback (no 401)', () => {
  it.each([undefined, 'garbage', 'a.b.c'])('token %s acts as the guest: ERR_FORBIDDEN in errors[], sites still readable', async (token) => {
    const r = await gql(sb, '{ users { total users { id } } }', undefined, token);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ errors: [{ message: 'ERR_FORBIDDEN', locations: [{ line: 1, column: 3 }], path: ['users'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: { users: null } });
    const s = await gql(sb, '{ sites { id } }', undefined, token);
    expect(s.json).toEqual({ data: { sites: [{ id: site }] } });
  });

  it('a guest createPage is refused in operation, slug Error, message ERR_FORBIDDEN', async () => {
    const r = await gql(sb, CREATE_PAGE, pageVars(site, 'eval/anon'));
    expect(r.json).toEqual({ data: { createPage: { operation: { succeeded: false, slug: 'Error', message: 'ERR_FORBIDDEN' }, page: null } } });
  });

  it('the sandbox API key works (3.0.0 crashes on any API key)', async () => {
    const r = await gql(sb, '{ users { total } }', undefined, sb.token);
    expect(r.json.errors).toBeUndefined();
    expect((r.json.data?.['users'] as { total: number }).total).toBeGreaterThanOrEqual(2);
  });
});

describe('v3 sandbox: pages', () => {
  it('createPage normalises path and tags, rejects duplicates (case-insensitively) and illegal paths', async () => {
    const r = await gql(sb, CREATE_PAGE, pageVars(site, '/Eval/Gamma/', { tags: [' Eval ', 'GAMMA', 'gamma'] }), sb.token);
    const created = r.json.data?.['createPage'] as { operation: unknown; page: { path: string; tags: string[]; id: string } };
    expect(created.operation).toEqual({ succeeded: true, slug: 'ok', message: 'Page created successfully.' });
    expect(created.page.path).toBe('eval/gamma');
    expect(created.page.tags).toEqual(['eval', 'gamma']);
    const dup = await gql(sb, CREATE_PAGE, pageVars(site, 'EVAL/GAMMA'), sb.token);
    expect(dup.json.data?.['createPage']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_PAGE_DUPLICATE_PATH' }, page: null });
    for (const bad of ['eval/bad.path', 'eval/bad path']) {
      const ill = await gql(sb, CREATE_PAGE, pageVars(site, bad), sb.token);
      expect(ill.json.data?.['createPage']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_INVALID_PATH' }, page: null });
    }
    const nosite = await gql(sb, CREATE_PAGE, { ...pageVars(site, 'eval/nosite'), siteId: DEAD }, sb.token);
    expect((nosite.json.data?.['createPage'] as { operation: { message: string } }).operation.message).toBe('ERR_INVALID_SITE');
  });

  it('pageById / pageByPath: found, ERR_PAGE_NOT_FOUND in errors[], locale prefix, no lower-casing on lookup', async () => {
    await gql(sb, CREATE_PAGE, pageVars(site, 'eval/alpha', { tags: ['eval', 'alpha'] }), sb.token);
    const q = 'query ($siteId: UUID!, $path: String!) { pageByPath(siteId: $siteId, path: $path) { id path locale } }';
    const found = await gql(sb, q, { siteId: site, path: 'en/eval/alpha' }, sb.token);
    const page = found.json.data?.['pageByPath'] as { id: string; path: string; locale: string };
    expect(page).toMatchObject({ path: 'eval/alpha', locale: 'en' });
    const mixed = await gql(sb, q, { siteId: site, path: 'Eval/Alpha' }, sb.token);
    expect(mixed.json.errors?.[0]).toMatchObject({ message: 'ERR_PAGE_NOT_FOUND', path: ['pageByPath'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(mixed.json.data).toEqual({ pageByPath: null });
    const byId = await gql(sb, 'query ($id: UUID!) { pageById(id: $id) { id title icon navigationId password tags } }', { id: page.id }, sb.token);
    expect(byId.json.data?.['pageById']).toEqual({ id: page.id, title: 'eval/alpha', icon: 'las la-file-alt', navigationId: site, password: '', tags: ['eval', 'alpha'] });
    const missing = await gql(sb, 'query ($id: UUID!) { pageById(id: $id) { id } }', { id: DEAD }, sb.token);
    expect(missing.json.errors?.[0]?.message).toBe('ERR_PAGE_NOT_FOUND');
  });

  it('updatePage patches only given fields, ignores empty content, trims description, validates title and schedule', async () => {
    const c = await gql(sb, CREATE_PAGE, pageVars(site, 'eval/patch'), sb.token);
    const { id, updatedAt } = (c.json.data?.['createPage'] as { page: { id: string; updatedAt: string } }).page;
    const U = 'mutation ($id: UUID!, $patch: PageUpdateInput!) { updatePage(id: $id, patch: $patch) { operation { succeeded slug message } page { title description content tags updatedAt } } }';
    const a = await gql(sb, U, { id, patch: { title: 'Patched', description: '  New  ', content: '' } }, sb.token);
    const res = a.json.data?.['updatePage'] as { operation: unknown; page: { title: string; description: string; content: string; tags: string[]; updatedAt: string } };
    expect(res.operation).toEqual({ succeeded: true, slug: 'ok', message: 'Page has been updated.' });
    expect(res.page).toMatchObject({ title: 'Patched', description: 'New', content: '# eval/patch\n\nHello.\n', tags: ['eval'] });
    expect(res.page.updatedAt > updatedAt).toBe(true);
    expect((await gql(sb, U, { id, patch: { title: '  ' } }, sb.token)).json.data?.['updatePage']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_PAGE_TITLE_MISSING' }, page: null });
    expect((await gql(sb, U, { id, patch: { publishState: 'scheduled' } }, sb.token)).json.data?.['updatePage']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_PAGE_MISSING_SCHEDULED_DATES' }, page: null });
    expect((await gql(sb, U, { id: DEAD, patch: { title: 'X' } }, sb.token)).json.data?.['updatePage']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_PAGE_NOT_FOUND' }, page: null });
  });

  it('move, delete and history with documented keys instead of 3.0.0 TypeErrors', async () => {
    const c = await gql(sb, CREATE_PAGE, pageVars(site, 'eval/mover'), sb.token);
    const { id } = (c.json.data?.['createPage'] as { page: { id: string } }).page;
    const M = 'mutation ($id: UUID!, $l: String!, $p: String!) { movePage(id: $id, destinationLocale: $l, destinationPath: $p) { operation { succeeded slug message } } }';
    expect((await gql(sb, M, { id, l: 'en', p: 'eval/moved/mover' }, sb.token)).json.data?.['movePage']).toEqual({ operation: { succeeded: true, slug: 'ok', message: 'Page has been moved.' } });
    expect((await gql(sb, M, { id, l: 'en', p: 'eval/alpha' }, sb.token)).json.data?.['movePage']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_PAGE_DUPLICATE_PATH' } });
    expect((await gql(sb, M, { id: DEAD, l: 'en', p: 'eval/x' }, sb.token)).json.data?.['movePage']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_PAGE_NOT_FOUND' } });
    const list = await gql(sb, '{ pages(orderBy: TITLE) { id path title } }', undefined, sb.token);
    const legacy = (list.json.data?.['pages'] as Array<{ id: number; path: string }>).find((p) => p.path === 'eval/moved/mover');
    expect(typeof legacy?.id).toBe('number');
    const h = await gql(sb, 'query ($id: Int!) { pageHistoryById(id: $id) { total trail { versionId actionType valueBefore } } }', { id: legacy?.id }, sb.token);
    expect(h.json.data?.['pageHistoryById']).toMatchObject({ total: 1, trail: [{ actionType: 'move', valueBefore: 'en/eval/mover' }] });
    const D = 'mutation ($id: UUID!) { deletePage(id: $id) { operation { succeeded slug message } } }';
    expect((await gql(sb, D, { id }, sb.token)).json.data?.['deletePage']).toEqual({ operation: { succeeded: true, slug: 'ok', message: 'Page has been deleted.' } });
    expect((await gql(sb, D, { id }, sb.token)).json.data?.['deletePage']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_PAGE_NOT_FOUND' } });
  });

  it('searchPages, tags and tree list what was created', async () => {
    await gql(sb, CREATE_PAGE, pageVars(site, 'tree/a/page-one', { title: 'Page One', tags: ['tree'] }), sb.token);
    const s = await gql(sb, 'query ($siteId: UUID!) { searchPages(siteId: $siteId, query: "", path: "tree", orderBy: title, orderByDirection: asc) { totalHits results { path title } } }', { siteId: site }, sb.token);
    expect(s.json.data?.['searchPages']).toEqual({ totalHits: 1, results: [{ path: 'tree/a/page-one', title: 'Page One' }] });
    const t = await gql(sb, 'query ($siteId: UUID!) { tags(siteId: $siteId) { tag usageCount } }', { siteId: site }, sb.token);
    expect(t.json.data?.['tags']).toContainEqual({ tag: 'tree', usageCount: 1 });
    const tree = await gql(sb, 'query ($siteId: UUID!) { tree(siteId: $siteId, parentPath: "tree", locale: "en", depth: 5) { __typename id folderPath fileName title } }', { siteId: site }, sb.token);
    expect((tree.json.data?.['tree'] as Array<Record<string, unknown>>).map((i) => [i['__typename'], i['folderPath'], i['fileName']])).toEqual([
      ['TreeItemFolder', 'tree', 'a'],
      ['TreeItemPage', 'tree/a', 'page-one'],
    ]);
  });
});
