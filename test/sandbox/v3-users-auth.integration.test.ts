import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V3Sandbox } from '../../src/sandbox/v3/index.js';
import { LOCAL_STRATEGY_ID, USERS_GROUP_ID } from '../../src/sandbox/v3/bootstrap.js';
import { DEAD, gql, siteId, startTestSandbox } from './v3-helpers.js';

let sb: V3Sandbox;
let site: string;
const LOGIN = 'mutation ($u: String!, $p: String!, $s: UUID!, $site: UUID!) { login(username: $u, password: $p, strategyId: $s, siteId: $site) { operation { succeeded slug message } jwt nextAction continuationToken redirect } }';
const CREATE_USER = 'mutation ($email: String!, $name: String!, $password: String!, $groups: [UUID]!, $mcp: Boolean!, $swe: Boolean!) { createUser(email: $email, name: $name, password: $password, groups: $groups, mustChangePassword: $mcp, sendWelcomeEmail: $swe) { operation { succeeded slug message } user { id email groups { id name } } } }';

let now = Date.parse('2026-11-23T15:00:00Z');
beforeAll(async () => {
  sb = await startTestSandbox({ now: () => now });
  site = await siteId(sb);
});
afterAll(async () => {
  await sb.close();
});

describe('v3 sandbox: login and its rate limit', () => {
  it('learns the strategy id from authSiteStrategies as a guest, then logs in to a JWT that works', async () => {
    const s = await gql(sb, 'query ($siteId: UUID!) { authSiteStrategies(siteId: $siteId, visibleOnly: false) { id activeStrategy { strategy { key } } } }', { siteId: site });
    expect(s.json.data?.['authSiteStrategies']).toEqual([{ id: LOCAL_STRATEGY_ID, activeStrategy: { strategy: { key: 'local' } } }]);
    const r = await gql(sb, LOGIN, { u: sb.adminEmail, p: sb.adminPassword, s: LOCAL_STRATEGY_ID, site });
    const login = r.json.data?.['login'] as { operation: unknown; jwt: string; nextAction: string };
    expect(login.operation).toEqual({ succeeded: true, slug: 'ok', message: 'Login success' });
    expect(login.nextAction).toBe('redirect');
    const users = await gql(sb, '{ users { total } }', undefined, login.jwt);
    expect(users.json.errors).toBeUndefined();
  });

  it('wrong password → ERR_LOGIN_FAILED; the 6th call within 60 s → "Too many requests" in errors[]; the window then reopens', async () => {
    now += 61_000;
    for (let i = 0; i < 5; i++) {
      const r = await gql(sb, LOGIN, { u: sb.adminEmail, p: 'wrong-password', s: LOCAL_STRATEGY_ID, site });
      expect((r.json.data?.['login'] as { operation: { message: string } }).operation).toEqual({ succeeded: false, slug: 'Error', message: 'ERR_LOGIN_FAILED' });
    }
    const sixth = await gql(sb, LOGIN, { u: sb.adminEmail, p: sb.adminPassword, s: LOCAL_STRATEGY_ID, site });
    expect(sixth.status).toBe(200);
    expect(sixth.json).toEqual({
      errors: [{ message: 'Too many requests, please try again in 60 seconds.', locations: [{ line: 1, column: 64 }], path: ['login'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      data: { login: null },
    });
    now += 60_000;
    const again = await gql(sb, LOGIN, { u: sb.adminEmail, p: sb.adminPassword, s: LOCAL_STRATEGY_ID, site });
    expect((again.json.data?.['login'] as { jwt: string | null }).jwt).toEqual(expect.any(String));
  });
});

describe('v3 sandbox: users and groups', () => {
  it('createUser: lower-cased email, Users group always added, validation messages, duplicate email', async () => {
    const g = await gql(sb, 'mutation { createGroup(name: "Editors") { operation { succeeded slug message } group { id name permissions userCount } } }', undefined, sb.token);
    const group = (g.json.data?.['createGroup'] as { group: { id: string; permissions: string[]; userCount: null } }).group;
    expect(group).toMatchObject({ name: 'Editors', permissions: ['read:pages', 'read:assets', 'read:comments', 'write:comments'], userCount: null });
    const r = await gql(sb, CREATE_USER, { email: 'Jane@Example.com', name: 'Jane Roe', password: 'Secret123!', groups: [group.id], mcp: true, swe: false }, sb.token);
    const created = r.json.data?.['createUser'] as { operation: unknown; user: { id: string; email: string; groups: Array<{ id: string }> } };
    expect(created.operation).toEqual({ succeeded: true, slug: 'ok', message: 'User created successfully' });
    expect(created.user.email).toBe('jane@example.com');
    expect(created.user.groups.map((x) => x.id)).toEqual([USERS_GROUP_ID, group.id]);
    const dup = await gql(sb, CREATE_USER, { email: 'JANE@example.com', name: 'Jane Again', password: 'Secret123!', groups: [], mcp: false, swe: false }, sb.token);
    expect(dup.json.data?.['createUser']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_DUPLICATE_ACCOUNT_EMAIL' }, user: null });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: 'not-an-email' }, 'ERR_INVALID_INPUT: Email is not a valid email'],
      [{ password: '123' }, 'ERR_INVALID_INPUT: Password is too short (minimum is 6 characters)'],
      [{ name: 'N' }, 'ERR_INVALID_INPUT: Name is too short (minimum is 2 characters)'],
      [{ swe: true }, 'ERR_INVALID_SITE'],
    ];
    for (const [patch, message] of cases) {
      const bad = await gql(sb, CREATE_USER, { email: 'x@example.com', name: 'X User', password: 'Secret123!', groups: [], mcp: false, swe: false, ...patch }, sb.token);
      expect((bad.json.data?.['createUser'] as { operation: { message: string } }).operation.message).toBe(message);
    }
    // mustChangePassword: login answers nextAction changePassword and no JWT.
    const login = await gql(sb, LOGIN, { u: 'jane@example.com', p: 'Secret123!', s: LOCAL_STRATEGY_ID, site });
    expect(login.json.data?.['login']).toMatchObject({ jwt: null, nextAction: 'changePassword', continuationToken: expect.any(String) });
  });

  it('users(filter) finds by name or email; userById of an unknown id → ERR_INVALID_USER', async () => {
    const r = await gql(sb, '{ users(filter: "jane", page: 1, pageSize: 10, orderBy: email, orderByDirection: asc) { total users { email name } } }', undefined, sb.token);
    expect(r.json.data?.['users']).toEqual({ total: 1, users: [{ email: 'jane@example.com', name: 'Jane Roe' }] });
    const u = await gql(sb, 'query ($id: UUID!) { userById(id: $id) { id } }', { id: DEAD }, sb.token);
    expect(u.json.errors?.[0]?.message).toBe('ERR_INVALID_USER');
  });

  it('updateUser / deleteUser / assignUserToGroup answers and error placement', async () => {
    const c = await gql(sb, CREATE_USER, { email: 'john@example.com', name: 'John Doe', password: 'Secret123!', groups: [], mcp: false, swe: false }, sb.token);
    const john = (c.json.data?.['createUser'] as { user: { id: string } }).user.id;
    const UPD = 'mutation ($id: UUID!, $patch: UserUpdateInput!) { updateUser(id: $id, patch: $patch) { operation { succeeded slug message } } }';
    expect((await gql(sb, UPD, { id: john, patch: { name: 'John Q. Doe' } }, sb.token)).json.data?.['updateUser']).toEqual({ operation: { succeeded: true, slug: 'ok', message: 'User updated successfully' } });
    expect((await gql(sb, UPD, { id: DEAD, patch: { name: 'Nobody' } }, sb.token)).json.data?.['updateUser']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_INVALID_USER' } });
    const groups = await gql(sb, '{ groups { id name userCount } }', undefined, sb.token);
    const editors = (groups.json.data?.['groups'] as Array<{ id: string; name: string }>).find((x) => x.name === 'Editors');
    const A = 'mutation ($g: UUID!, $u: UUID!) { assignUserToGroup(groupId: $g, userId: $u) { operation { succeeded slug message } } }';
    expect((await gql(sb, A, { g: editors?.id, u: john }, sb.token)).json.data?.['assignUserToGroup']).toEqual({ operation: { succeeded: true, slug: 'ok', message: 'User has been assigned to group.' } });
    const twice = await gql(sb, A, { g: editors?.id, u: john }, sb.token);
    expect(twice.json).toMatchObject({ errors: [{ message: 'User is already assigned to group.', path: ['assignUserToGroup'] }], data: { assignUserToGroup: null } });
    expect((await gql(sb, A, { g: DEAD, u: john }, sb.token)).json.errors?.[0]?.message).toBe('Invalid Group ID');
    expect((await gql(sb, A, { g: editors?.id, u: DEAD }, sb.token)).json.errors?.[0]?.message).toBe('Invalid User ID');
    const admin = (await gql(sb, '{ users(filter: "admin@") { users { id } } }', undefined, sb.token)).json.data?.['users'] as { users: Array<{ id: string }> };
    const DEL = 'mutation ($id: UUID!, $r: UUID!) { deleteUser(id: $id, replaceId: $r) { operation { succeeded slug message } } }';
    expect((await gql(sb, DEL, { id: john, r: admin.users[0]?.id }, sb.token)).json.data?.['deleteUser']).toEqual({ operation: { succeeded: true, slug: 'ok', message: 'User deleted successfully' } });
    expect((await gql(sb, DEL, { id: john, r: admin.users[0]?.id }, sb.token)).json.data?.['deleteUser']).toEqual({ operation: { succeeded: false, slug: 'Error', message: 'ERR_INVALID_USER' } });
  });
});

describe('v3 sandbox: API keys, system info', () => {
  it('createApiKey returns a key that authenticates; revokeApiKey turns it into the guest', async () => {
    const groups = await gql(sb, '{ groups { id name } }', undefined, sb.token);
    const admins = (groups.json.data?.['groups'] as Array<{ id: string; name: string }>).find((x) => x.name === 'Administrators');
    const c = await gql(sb, 'mutation ($g: [UUID]!) { createApiKey(name: "ci", expiration: "1y", groups: $g) { operation { succeeded slug message } key } }', { g: [admins?.id] }, sb.token);
    const key = (c.json.data?.['createApiKey'] as { key: string }).key;
    expect((c.json.data?.['createApiKey'] as { operation: unknown }).operation).toEqual({ succeeded: true, slug: 'ok', message: 'API Key created successfully' });
    expect((await gql(sb, '{ systemInfo { currentVersion } }', undefined, key)).json.data?.['systemInfo']).toEqual({ currentVersion: '3.0.0' });
    const list = await gql(sb, '{ apiKeys { id name keyShort isRevoked } }', undefined, sb.token);
    const rec = (list.json.data?.['apiKeys'] as Array<{ id: string; name: string; keyShort: string }>).find((k) => k.name === 'ci');
    expect(rec?.keyShort).toBe(`...${key.slice(-20)}`);
    await gql(sb, 'mutation ($id: UUID!) { revokeApiKey(id: $id) { operation { succeeded } } }', { id: rec?.id }, sb.token);
    expect((await gql(sb, '{ systemInfo { currentVersion } }', undefined, key)).json.errors?.[0]?.message).toBe('ERR_FORBIDDEN');
  });

  it('an unimplemented field answers a GraphQL error naming it, never a silent null', async () => {
    const r = await gql(sb, '{ hooks { id } }', undefined, sb.token);
    expect(r.json.errors?.[0]?.message).toBe('The wikikit sandbox does not implement Query.hooks');
  });
});

describe('v3 sandbox: assets (multipart upload, tree listing, download, delete)', () => {
  it('uploads through graphql-multipart-request-spec and serves the file at its path', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({
      query: 'mutation ($siteId: UUID!, $files: [Upload!]!) { uploadAssets(siteId: $siteId, folderPath: "img", locale: "en", files: $files) { operation { succeeded slug message } } }',
      variables: { siteId: site, files: [null] },
    }));
    form.set('map', JSON.stringify({ 0: ['variables.files.0'] }));
    form.set('0', new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/png' }), 'Logo.png');
    const blocked = await fetch(`${sb.url}/_graphql`, { method: 'POST', headers: { authorization: `Bearer ${sb.token}` }, body: form });
    expect(blocked.status).toBe(400); // CSRF: multipart needs a preflight header, as on Apollo
    const res = await fetch(`${sb.url}/_graphql`, { method: 'POST', headers: { authorization: `Bearer ${sb.token}`, 'apollo-require-preflight': 'true' }, body: form });
    expect(await res.json()).toEqual({ data: { uploadAssets: { operation: { succeeded: true, slug: 'ok', message: 'Files uploaded successfully' } } } });
    const tree = await gql(sb, 'query ($siteId: UUID!) { tree(siteId: $siteId, parentPath: "img", locale: "en", types: [asset]) { ... on TreeItemAsset { id fileName fileSize mimeType folderPath } } }', { siteId: site }, sb.token);
    const items = tree.json.data?.['tree'] as Array<{ id: string; fileName: string }>;
    expect(items).toEqual([{ id: expect.any(String), fileName: 'logo.png', fileSize: 4, mimeType: 'image/png', folderPath: 'img' }]);
    const file = await fetch(`${sb.url}/img/logo.png`);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4]));
    const D = 'mutation ($id: UUID!) { deleteAsset(id: $id) { operation { succeeded slug message } } }';
    expect((await gql(sb, D, { id: items[0]?.id }, sb.token)).json.data?.['deleteAsset']).toEqual({ operation: { succeeded: true, slug: 'ok', message: 'Asset deleted successfully' } });
    expect((await fetch(`${sb.url}/img/logo.png`)).status).toBe(404);
  });
});
