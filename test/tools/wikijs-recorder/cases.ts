/**
 * The fixed sequence the recorder sends to both servers, in order (later cases use what
 * earlier ones created). It covers what the contract suite (test/contract/wikijs) does — with
 * the client's own documents where they are exported — plus the HTTP-level, auth and error
 * cases a client meets. Every page lives under `rec/`; a fresh wiki is assumed (start.sh --fresh).
 */
import * as doc from '../../../src/wikijs/v2/documents.js';
import { RESULT } from '../../../src/wikijs/v2/ops.js';
import { pick, type Auth, type Req, type Vars } from './http.js';

export interface Case {
  /** Unique and stable: the report and `--only` use it. */
  name: string;
  group: string;
  request: (v: Vars) => Req;
  /** Values to remember from this target's answer: a path into the JSON, or a function of it. */
  capture?: Record<string, string | ((json: unknown) => unknown)>;
}

const MISSING = 987_654_321;
const PAGE_ROLES = ['read:pages', 'write:pages', 'manage:pages', 'delete:pages', 'read:history'];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function gql(query: string, variables?: Record<string, unknown>, auth?: Auth, extra?: Record<string, unknown>): Req {
  return { body: JSON.stringify({ query, ...(variables !== undefined ? { variables } : {}), ...extra }), ...(auth !== undefined ? { auth } : {}) };
}

function batch(items: Array<{ query: string; variables?: Record<string, unknown> }>, auth?: Auth): Req {
  return { body: JSON.stringify(items), ...(auth !== undefined ? { auth } : {}) };
}

function get(query: string, variables?: Record<string, unknown>, auth?: Auth): Req {
  const qs = new URLSearchParams({ query, ...(variables !== undefined ? { variables: JSON.stringify(variables) } : {}) });
  return { method: 'GET', path: `/graphql?${qs.toString()}`, ...(auth !== undefined ? { auth } : {}) };
}

/** What the client sends for `pages.create` (every optional field left out). */
function createVars(path: string, title: string, content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { content, description: '', editor: 'markdown', isPublished: true, isPrivate: false, locale: 'en', path, tags: [], title, ...extra };
}

/** What the client sends for `pages.update`: every field, the current values where the patch is silent. */
function updateVars(id: unknown, path: string, title: string, content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, content, description: '', editor: 'markdown', isPrivate: false, isPublished: true, locale: 'en', path, tags: [], title, scriptCss: '', scriptJs: '', ...extra };
}

const create = (name: string, path: string, title: string, content: string, id: string, extra?: Record<string, unknown>): Case => ({
  name, group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars(path, title, content, extra)),
  capture: { [id]: 'data.pages.create.page.id', [`${id}At`]: 'data.pages.create.page.updatedAt' },
});

const USER_MIN = 'id name email providerKey isSystem isActive createdAt lastLoginAt';
const USER_FULL = `${USER_MIN} isVerified location jobTitle timezone dateFormat appearance updatedAt tfaIsActive groups { id name }`;
const GROUP_FULL = 'id name isSystem redirectOnLogin permissions pageRules { id deny match roles path locales } users { id name email } createdAt updatedAt';
const COMMENT = 'id content render authorId authorName authorEmail createdAt updatedAt';
const NAV_ITEM = 'id kind label icon targetType target visibilityMode visibilityGroups';
const USER_CREATE = `mutation ($email: String!, $name: String!, $passwordRaw: String, $providerKey: String!, $groups: [Int]!, $mustChangePassword: Boolean, $sendWelcomeEmail: Boolean) {
  users { create(email: $email, name: $name, passwordRaw: $passwordRaw, providerKey: $providerKey, groups: $groups, mustChangePassword: $mustChangePassword, sendWelcomeEmail: $sendWelcomeEmail) { ${RESULT} user { id } } } }`;
const userVars = (email: string, password: string, name = 'Recorder User'): Record<string, unknown> =>
  ({ email, name, passwordRaw: password, providerKey: 'local', groups: [], mustChangePassword: false, sendWelcomeEmail: false });
const LOGIN = `mutation ($username: String!, $password: String!, $strategy: String!) { authentication { login(username: $username, password: $password, strategy: $strategy) { ${RESULT} jwt mustChangePwd mustProvideTFA } } }`;
const CREATE_KEY = `mutation ($name: String!, $expiration: String!, $fullAccess: Boolean!, $group: Int) { authentication { createApiKey(name: $name, expiration: $expiration, fullAccess: $fullAccess, group: $group) { ${RESULT} key } } }`;
const API_KEYS = '{ authentication { apiKeys { id name keyShort expiration createdAt updatedAt isRevoked } } }';
const GROUP_UPDATE = `mutation ($id: Int!, $name: String!, $redirectOnLogin: String!, $permissions: [String]!, $pageRules: [PageRuleInput]!) {
  groups { update(id: $id, name: $name, redirectOnLogin: $redirectOnLogin, permissions: $permissions, pageRules: $pageRules) { ${RESULT} } } }`;
const ASSET_LIST = 'query ($folderId: Int!, $kind: AssetKind!) { assets { list(folderId: $folderId, kind: $kind) { id filename ext kind mime fileSize createdAt updatedAt } } }';
const CREATE_FOLDER = `mutation ($parentFolderId: Int!, $slug: String!, $name: String) { assets { createFolder(parentFolderId: $parentFolderId, slug: $slug, name: $name) { ${RESULT} } } }`;
const FOLDERS = 'query ($parentFolderId: Int!) { assets { folders(parentFolderId: $parentFolderId) { id slug name } } }';
const SITE_CONFIG = '{ site { config { host title description robots analyticsService analyticsId company contentLicense logoUrl pageExtensions authAutoLogin authEnforce2FA authHideLocal authJwtAudience authJwtExpiration authJwtRenewablePeriod featurePageRatings featurePageComments featurePersonalWikis securityOpenRedirect securityIframe uploadMaxFileSize uploadMaxFiles } } }';

function upload(folderId: unknown, name: string, bytes: Uint8Array, auth?: Auth): Req {
  const form = new FormData();
  form.append('mediaUpload', JSON.stringify({ folderId }));
  form.append('mediaUpload', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
  return { method: 'POST', path: '/u', body: form, ...(auth !== undefined ? { auth } : {}) };
}

function findBy<T extends Record<string, unknown>>(list: string, key: keyof T, value: unknown, field: keyof T): (json: unknown) => unknown {
  return (json) => (pick(json, list) as T[] | undefined)?.find((x) => x[key] === value)?.[field];
}

const http: Case[] = [
  { name: 'POST JSON, anonymous', group: 'http', request: () => gql('{ __typename }', undefined, 'none') },
  { name: 'GET ?query=, anonymous', group: 'http', request: () => get('{ __typename }', undefined, 'none') },
  { name: 'GET ?query= with variables', group: 'http', request: () => get(doc.PAGE_SEARCH_TAGS, { query: 'x' }) },
  { name: 'GET ?query= with a mutation', group: 'http', request: () => get(doc.PAGE_FLUSH_CACHE) },
  { name: 'GET without a query', group: 'http', request: () => ({ method: 'GET', path: '/graphql' }) },
  { name: 'PUT with a JSON body', group: 'http', request: () => ({ ...gql('{ __typename }'), method: 'PUT' }) },
  { name: 'DELETE', group: 'http', request: () => ({ method: 'DELETE' }) },
  { name: 'POST urlencoded form', group: 'http', request: () => ({ body: `query=${encodeURIComponent('{ pages { list { id } } }')}`, contentType: 'application/x-www-form-urlencoded' }) },
  { name: 'POST urlencoded form with variables', group: 'http', request: () => ({ body: new URLSearchParams({ query: doc.PAGE_SEARCH_TAGS, variables: '{"query":"x"}' }).toString(), contentType: 'application/x-www-form-urlencoded' }) },
  { name: 'POST text/plain', group: 'http', request: () => ({ body: '{"query":"{ __typename }"}', contentType: 'text/plain' }) },
  { name: 'POST without content type', group: 'http', request: () => ({ body: '{"query":"{ __typename }"}', contentType: null }) },
  { name: 'POST application/graphql', group: 'http', request: () => ({ body: '{ __typename }', contentType: 'application/graphql' }) },
  { name: 'POST {}', group: 'http', request: () => ({ body: '{}' }) },
  { name: 'POST empty body', group: 'http', request: () => ({ body: '' }) },
  { name: 'POST malformed JSON', group: 'http', request: () => ({ body: '{"query": ' }) },
  { name: 'POST a JSON string', group: 'http', request: () => ({ body: '"{ __typename }"' }) },
  { name: 'POST JSON null', group: 'http', request: () => ({ body: 'null' }) },
  { name: 'POST without query', group: 'http', request: () => ({ body: '{"variables":{}}' }) },
  { name: 'POST query ""', group: 'http', request: () => ({ body: '{"query":""}' }) },
  { name: 'POST query is a number', group: 'http', request: () => ({ body: '{"query":42}' }) },
  { name: 'POST body over 1 MB', group: 'http', request: () => gql('{ __typename }', { pad: 'x'.repeat(1_100_000) }) },
  { name: 'POST body over 5 MiB', group: 'http', request: () => gql('{ __typename }', { pad: 'x'.repeat(5 * 1024 * 1024) }) },
  { name: 'POST unknown top-level fields', group: 'http', request: () => gql('{ __typename }', undefined, undefined, { bogus: 1, extensions: {} }) },
  { name: 'POST extensions as a non-JSON string', group: 'http', request: () => gql('{ __typename }', undefined, undefined, { extensions: 'nope' }) },
  { name: 'GET with variables that are not JSON', group: 'http', request: () => ({ method: 'GET', path: `/graphql?query=${encodeURIComponent(doc.PAGE_SEARCH_TAGS)}&variables=nope` }) },
  { name: 'batch with an empty object', group: 'http', request: () => ({ body: '[{}]' }) },
  { name: 'batch with a non-string query', group: 'http', request: () => ({ body: '[{"query":42}]' }) },
  { name: 'batch of a query and a mutation', group: 'http', request: () => batch([{ query: '{ pages { list { id } } }' }, { query: doc.PAGE_FLUSH_CACHE }]) },
  { name: 'batch of two', group: 'http', request: () => batch([{ query: '{ __typename }' }, { query: '{ pages { list { id } } }' }]) },
  { name: 'batch with one invalid element', group: 'http', request: () => batch([{ query: '{ __typename }' }, { query: '{ nope }' }]) },
  { name: 'empty batch', group: 'http', request: () => ({ body: '[]' }) },
  { name: 'batch with a non-object element', group: 'http', request: () => ({ body: '[1]' }) },
  { name: 'parse error', group: 'graphql', request: () => gql('{ pages { list { id }') },
  { name: 'unknown field', group: 'graphql', request: () => gql('{ pages { nope } }') },
  { name: 'unknown argument', group: 'graphql', request: () => gql('{ pages { list(bogus: 1) { id } } }') },
  { name: 'unknown field in an input object', group: 'graphql', request: () => gql(`mutation ($tree: [NavigationTreeInput]!) { navigation { updateTree(tree: $tree) { ${RESULT} } } }`, { tree: [{ locale: 'en', items: [], bogus: 1 }] }) },
  { name: 'unknown variable', group: 'graphql', request: () => gql('{ __typename }', { nope: 1 }) },
  { name: 'undeclared variable used', group: 'graphql', request: () => gql('{ pages { single(id: $id) { id } } }', { id: 1 }) },
  { name: 'enum given as a string literal', group: 'graphql', request: () => gql('{ pages { list(orderBy: "TITLE") { id } } }') },
  { name: 'selection missing on an object field', group: 'graphql', request: () => gql('{ pages { list } }') },
  { name: 'missing required variable', group: 'graphql', request: () => gql(doc.PAGE_SINGLE) },
  { name: 'variable of the wrong type', group: 'graphql', request: () => gql(doc.PAGE_SINGLE, { id: 'abc' }) },
  { name: 'variables as a JSON string', group: 'graphql', request: () => ({ body: JSON.stringify({ query: doc.PAGE_SEARCH_TAGS, variables: '{"query":"x"}' }) }) },
  { name: 'variables as a non-JSON string', group: 'graphql', request: () => ({ body: JSON.stringify({ query: doc.PAGE_SEARCH_TAGS, variables: 'nope' }) }) },
  { name: 'two operations, operationName picks one', group: 'graphql', request: () => gql('query A { __typename } query B { pages { list { id } } }', undefined, undefined, { operationName: 'B' }) },
  { name: 'two operations, no operationName', group: 'graphql', request: () => gql('query A { __typename } query B { pages { list { id } } }') },
  { name: 'unknown operationName', group: 'graphql', request: () => gql('query A { __typename }', undefined, undefined, { operationName: 'Z' }) },
  { name: 'introspection', group: 'graphql', request: () => gql('{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }') },
  { name: '__type', group: 'graphql', request: () => gql('{ __type(name: "PageListItem") { name kind fields { name } } }') },
  { name: 'subscription over POST', group: 'graphql', request: () => gql('subscription { loggingLiveTrail { level output } }') },
  { name: 'GET /healthz', group: 'http', request: () => ({ method: 'GET', path: '/healthz', auth: 'none' }) },
];

const auth: Case[] = [
  { name: 'bad token: pages.list', group: 'auth', request: () => gql('{ pages { list { id } } }', undefined, 'bad') },
  { name: 'bad token: users.list', group: 'auth', request: () => gql('{ users { list { id } } }', undefined, 'bad') },
  { name: 'anonymous: users.profile', group: 'auth', request: () => gql('{ users { profile { id email } } }', undefined, 'none') },
  { name: 'anonymous: system.info', group: 'auth', request: () => gql('{ system { info { currentVersion } } }', undefined, 'none') },
  { name: 'anonymous: a mutation', group: 'auth', request: () => gql(doc.PAGE_CREATE, createVars('rec/anon', 'Anon', 'x'), 'none') },
  { name: 'Basic auth header', group: 'auth', request: () => gql('{ users { list { id } } }', undefined, { header: 'Basic YWRtaW46eA==' }) },
  { name: '"Bearer" without a token', group: 'auth', request: () => gql('{ users { list { id } } }', undefined, { header: 'Bearer' }) },
  { name: 'key: users.profile', group: 'auth', request: () => gql('{ users { profile { id name email providerKey isSystem timezone groups } } }') },
  { name: 'authentication.apiKeys', group: 'auth', request: () => gql(API_KEYS) },
  { name: 'authentication.apiState', group: 'auth', request: () => gql('{ authentication { apiState } }') },
  { name: 'authentication.activeStrategies', group: 'auth', request: () => gql('{ authentication { activeStrategies { key displayName isEnabled } } }') },
  { name: 'authentication.strategies', group: 'auth', request: () => gql('{ authentication { strategies { key title useForm } } }') },
  {
    name: 'login: admin', group: 'auth', request: (v) => gql(LOGIN.replace('mustProvideTFA }', 'mustProvideTFA mustSetupTFA continuationToken redirect tfaQRImage }'), { username: v['adminEmail'], password: v['adminPassword'], strategy: 'local' }, 'none'),
    capture: { adminJwt: 'data.authentication.login.jwt' },
  },
  { name: 'login: wrong password', group: 'auth', request: (v) => gql(LOGIN, { username: v['adminEmail'], password: 'wrong-password', strategy: 'local' }, 'none') },
  { name: 'login: unknown user', group: 'auth', request: () => gql(LOGIN, { username: 'nobody@example.com', password: 'wrong-password', strategy: 'local' }, 'none') },
  { name: 'JWT: users.profile', group: 'auth', request: () => gql('{ users { profile { id email } } }', undefined, { bearer: 'adminJwt' }) },
  { name: 'createApiKey: full access', group: 'auth', request: () => gql(CREATE_KEY, { name: 'rec-full', expiration: '1d', fullAccess: true }), capture: { fullKey: 'data.authentication.createApiKey.key' } },
  { name: 'apiKeys lists the new key', group: 'auth', request: () => gql(API_KEYS), capture: { fullKeyId: findBy('data.authentication.apiKeys', 'name', 'rec-full', 'id') } },
  { name: 'the new key: users.profile', group: 'auth', request: () => gql('{ users { profile { id email } } }', undefined, { bearer: 'fullKey' }) },
  { name: 'revokeApiKey', group: 'auth', request: (v) => gql(`mutation ($id: Int!) { authentication { revokeApiKey(id: $id) { ${RESULT} } } }`, { id: v['fullKeyId'] }) },
  { name: 'revoked key: pages.list', group: 'auth', request: () => gql('{ pages { list { id } } }', undefined, { bearer: 'fullKey' }) },
  { name: 'revokeApiKey: unknown id', group: 'auth', request: () => gql(`mutation ($id: Int!) { authentication { revokeApiKey(id: $id) { ${RESULT} } } }`, { id: MISSING }) },
  { name: 'createApiKey: Guests group', group: 'auth', request: () => gql(CREATE_KEY, { name: 'rec-guests', expiration: '1y', fullAccess: false, group: 2 }), capture: { guestKey: 'data.authentication.createApiKey.key' } },
  { name: 'group key: pages.list', group: 'auth', request: () => gql('{ pages { list { id } } }', undefined, { bearer: 'guestKey' }) },
  { name: 'group key: users.list', group: 'auth', request: () => gql('{ users { list { id } } }', undefined, { bearer: 'guestKey' }) },
  { name: 'group key: users.profile', group: 'auth', request: () => gql('{ users { profile { id email } } }', undefined, { bearer: 'guestKey' }) },
  { name: 'apiKeys after a revoke', group: 'auth', request: () => gql(API_KEYS) },
  { name: 'createApiKey: bad expiration', group: 'auth', request: () => gql(CREATE_KEY, { name: 'rec-bad', expiration: 'never', fullAccess: true }) },
  { name: 'setApiState false', group: 'auth', request: () => gql(`mutation ($enabled: Boolean!) { authentication { setApiState(enabled: $enabled) { ${RESULT} } } }`, { enabled: false }) },
  { name: 'API disabled: key refused', group: 'auth', request: () => gql('{ pages { list { id } } }') },
  { name: 'API disabled: JWT re-enables', group: 'auth', request: () => gql(`mutation ($enabled: Boolean!) { authentication { setApiState(enabled: $enabled) { ${RESULT} } } }`, { enabled: true }, { bearer: 'adminJwt' }) },
  { name: 'API enabled again: key accepted', group: 'auth', request: () => gql('{ authentication { apiState } }') },
];

const pages: Case[] = [
  create('create with slashes and mixed-case tags', '/rec/alpha/', 'Alpha', '# Alpha\n\nHello from the contract suite.\n', 'alpha', { description: 'first', tags: ['Contract', 'alpha'] }),
  { name: 'single', group: 'pages', request: (v) => gql(doc.PAGE_SINGLE, { id: v['alpha'] }) },
  { name: 'singleByPath', group: 'pages', request: () => gql(doc.PAGE_BY_PATH, { path: 'rec/alpha', locale: 'en' }) },
  { name: 'singleByPath with a leading slash', group: 'pages', request: () => gql(doc.PAGE_BY_PATH, { path: '/rec/alpha', locale: 'en' }) },
  { name: 'singleByPath: unknown path', group: 'pages', request: () => gql(doc.PAGE_BY_PATH, { path: 'rec/nope', locale: 'en' }) },
  { name: 'singleByPath: unknown locale', group: 'pages', request: () => gql(doc.PAGE_BY_PATH, { path: 'rec/alpha', locale: 'xx' }) },
  { name: 'single: unknown id', group: 'pages', request: () => gql(doc.PAGE_SINGLE, { id: MISSING }) },
  { name: 'single: selecting toc', group: 'pages', request: (v) => gql('query ($id: Int!) { pages { single(id: $id) { id toc } } }', { id: v['alpha'] }) },
  { name: 'anonymous: single', group: 'pages', request: (v) => gql(doc.PAGE_SINGLE, { id: v['alpha'] }, 'none') },
  { name: 'anonymous: list', group: 'pages', request: () => gql('{ pages { list { id path title } } }', undefined, 'none') },
  { name: 'create: duplicate path', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec/alpha', 'Again', 'two')) },
  { name: 'create: path with a dot', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec/bad.path', 'x', 'x')) },
  { name: 'create: path with a space', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec/bad path', 'x', 'x')) },
  { name: 'create: path with //', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec//bad', 'x', 'x')) },
  { name: 'create: path with a backslash', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec\\bad', 'x', 'x')) },
  { name: 'create: blank content', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec/blank', 'x', '   ')) },
  { name: 'create: empty title', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec/notitle', '', 'x')) },
  { name: 'create: selecting locale and editor', group: 'pages', request: () => gql(`mutation ($content: String!, $path: String!) { pages { create(content: $content, description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: "en", path: $path, tags: [], title: "LE") { ${RESULT} page { id locale editor } } } }`, { content: 'le', path: 'rec/locale-editor' }) },
  { name: 'create: missing required argument', group: 'pages', request: () => gql(`mutation { pages { create(content: "x", path: "rec/x", title: "x") { ${RESULT} } } }`) },
  create('create: non-ASCII path and title', 'rec/ümlaut-日本', 'Ümlaut 日本', 'Grüße', 'nonAscii'),
  { name: 'group key (Guests): create', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec/guest-made', 'G', 'g'), { bearer: 'guestKey' }) },
  { name: 'group key (Guests): update', group: 'pages', request: (v) => gql(doc.PAGE_UPDATE, updateVars(v['alpha'], 'rec/alpha', 'Alpha', 'x'), { bearer: 'guestKey' }) },
  { name: 'group key (Guests): move', group: 'pages', request: (v) => gql(doc.PAGE_MOVE, { id: v['alpha'], destinationPath: 'rec/g', destinationLocale: 'en' }, { bearer: 'guestKey' }) },
  { name: 'group key (Guests): delete', group: 'pages', request: (v) => gql(doc.PAGE_DELETE, { id: v['alpha'] }, { bearer: 'guestKey' }) },
  { name: 'group key (Guests): single', group: 'pages', request: (v) => gql(doc.PAGE_SINGLE, { id: v['alpha'] }, { bearer: 'guestKey' }) },
  { name: 'group key (Guests): history', group: 'pages', request: (v) => gql(doc.PAGE_HISTORY, { id: v['alpha'] }, { bearer: 'guestKey' }) },
  { name: 'group key (Guests): render', group: 'pages', request: (v) => gql(doc.PAGE_RENDER, { id: v['alpha'] }, { bearer: 'guestKey' }) },
  { name: 'create: unknown locale', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec/xx-page', 'xx', 'x', { locale: 'xx' })) },
  { name: 'create: unknown editor', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec/odd-editor', 'odd', 'x', { editor: 'nope' })) },
  { name: 'update: blank content', group: 'pages', request: (v) => gql(doc.PAGE_UPDATE, updateVars(v['alpha'], 'rec/alpha', 'Alpha', '')) },
  create('create: to be merged', 'rec/merge', 'Merge', 'original body', 'merge', { description: 'keep me', tags: ['keep', 'these'] }),
  { name: 'update: every field (as the client sends)', group: 'pages', request: (v) => gql(doc.PAGE_UPDATE, updateVars(v['merge'], 'rec/merge', 'Merge v2', 'original body', { description: 'keep me', tags: ['keep', 'these'] })) },
  { name: 'update: title only, no tags', group: 'pages', request: (v) => gql(`mutation ($id: Int!) { pages { update(id: $id, title: "Merge v3") { ${RESULT} } } }`, { id: v['merge'] }) },
  { name: 'update: title and tags only', group: 'pages', request: (v) => gql(`mutation ($id: Int!) { pages { update(id: $id, title: "Merge v4", tags: ["only"]) { ${RESULT} page { id title isPublished description } } } }`, { id: v['merge'] }) },
  { name: 'single after partial updates', group: 'pages', request: (v) => gql(doc.PAGE_SINGLE, { id: v['merge'] }) },
  { name: 'update: unknown id', group: 'pages', request: () => gql(doc.PAGE_UPDATE, updateVars(MISSING, 'rec/none', 'x', 'x')) },
  create('create: for conflicts', 'rec/occ', 'Occ', 'v1', 'occ'),
  { name: 'checkConflicts: not changed', group: 'pages', request: (v) => gql(doc.PAGE_CHECK_CONFLICTS, { id: v['occ'], checkoutDate: v['occAt'] }) },
  { name: 'update: occ v2', group: 'pages', request: (v) => gql(doc.PAGE_UPDATE, updateVars(v['occ'], 'rec/occ', 'Occ', 'v2')) },
  { name: 'checkConflicts: changed since', group: 'pages', request: (v) => gql(doc.PAGE_CHECK_CONFLICTS, { id: v['occ'], checkoutDate: '2000-01-01T00:00:00.000Z' }) },
  { name: 'checkConflicts: unknown page', group: 'pages', request: () => gql(doc.PAGE_CHECK_CONFLICTS, { id: MISSING, checkoutDate: '2000-01-01T00:00:00.000Z' }) },
  { name: 'conflictLatest', group: 'pages', request: (v) => gql(doc.PAGE_CONFLICT_LATEST, { id: v['occ'] }) },
  { name: 'conflictLatest: unknown page', group: 'pages', request: () => gql(doc.PAGE_CONFLICT_LATEST, { id: MISSING }) },
  create('create: list b', 'rec/l-b', 'l-b', '# l-b', 'lb', { tags: ['rectag', 'x1'] }),
  create('create: list a', 'rec/l-a', 'l-a', '# l-a', 'la', { tags: ['rectag'] }),
  create('create: list c', 'rec/l-c', 'l-c', '# l-c', 'lc', { tags: ['rectag', 'x1', 'x2'] }),
  { name: 'list: upper-case tag', group: 'pages', request: () => gql(doc.PAGE_LIST, { tags: ['RECTAG'], orderBy: 'TITLE', orderByDirection: 'ASC' }) },
  { name: 'list: tag, by title', group: 'pages', request: () => gql(doc.PAGE_LIST, { tags: ['rectag'], orderBy: 'TITLE', orderByDirection: 'ASC' }) },
  { name: 'list: two tags', group: 'pages', request: () => gql(doc.PAGE_LIST, { tags: ['rectag', 'x1'] }) },
  { name: 'list: limit 2', group: 'pages', request: () => gql(doc.PAGE_LIST, { tags: ['rectag'], limit: 2, orderBy: 'TITLE', orderByDirection: 'DESC' }) },
  { name: 'list: everything', group: 'pages', request: () => gql(doc.PAGE_LIST, {}) },
  { name: 'list: by creator and locale', group: 'pages', request: () => gql(doc.PAGE_LIST, { locale: 'en', creatorId: 1, authorId: 1, orderBy: 'ID' }) },
  { name: 'list: unknown locale', group: 'pages', request: () => gql(doc.PAGE_LIST, { locale: 'xx' }) },
  { name: 'tags', group: 'pages', request: () => gql(doc.PAGE_TAGS), capture: { x2Tag: findBy('data.pages.tags', 'tag', 'x2', 'id') } },
  { name: 'searchTags', group: 'pages', request: () => gql(doc.PAGE_SEARCH_TAGS, { query: 'recta' }) },
  create('create: to search', 'rec/search-me', 'Find recsearchword', 'body', 'srch'),
  create('create: unpublished', 'rec/hidden', 'Hidden recsearchword', 'body', 'hidden', { isPublished: false }),
  { name: 'search', group: 'pages', request: () => gql(doc.PAGE_SEARCH, { query: 'recsearchword' }) },
  { name: 'search: path and locale', group: 'pages', request: () => gql(doc.PAGE_SEARCH, { query: 'l-', path: 'rec', locale: 'en' }) },
  { name: 'search: no hit', group: 'pages', request: () => gql(doc.PAGE_SEARCH, { query: 'zzzznothing' }) },
  { name: 'getMany: aliased single, one missing', group: 'pages', request: (v) => gql(doc.pageManyDocument(3, false), { i0: v['lb'], i1: MISSING, i2: v['la'] }) },
  { name: 'getManyByPath: aliased singleByPath, one missing', group: 'pages', request: () => gql(doc.pageManyDocument(2, true), { p0: 'rec/l-a', p1: 'rec/l-none', locale: 'en' }) },
  { name: 'batched reads (as the client batches)', group: 'pages', request: (v) => batch([{ query: doc.PAGE_SINGLE, variables: { id: v['la'] } }, { query: doc.PAGE_CHECK_CONFLICTS, variables: { id: v['la'], checkoutDate: v['laAt'] } }]) },
  create('create: mv-a', 'rec/mv-a', 'A', 'a', 'mva'),
  create('create: mv-b', 'rec/mv-b', 'B', 'b', 'mvb'),
  { name: 'move', group: 'pages', request: (v) => gql(doc.PAGE_MOVE, { id: v['mva'], destinationPath: 'rec/moved/a', destinationLocale: 'en' }) },
  { name: 'single after move', group: 'pages', request: (v) => gql('query ($id: Int!) { pages { single(id: $id) { id path locale } } }', { id: v['mva'] }) },
  { name: 'move: onto an existing path', group: 'pages', request: (v) => gql(doc.PAGE_MOVE, { id: v['mvb'], destinationPath: 'rec/moved/a', destinationLocale: 'en' }) },
  { name: 'move: unknown id', group: 'pages', request: () => gql(doc.PAGE_MOVE, { id: MISSING, destinationPath: 'rec/x', destinationLocale: 'en' }) },
  { name: 'move: illegal destination', group: 'pages', request: (v) => gql(doc.PAGE_MOVE, { id: v['mvb'], destinationPath: 'rec/bad.dest', destinationLocale: 'en' }) },
  { name: 'delete', group: 'pages', request: (v) => gql(doc.PAGE_DELETE, { id: v['mvb'] }) },
  { name: 'single after delete', group: 'pages', request: (v) => gql(doc.PAGE_SINGLE, { id: v['mvb'] }) },
  { name: 'delete again', group: 'pages', request: (v) => gql(doc.PAGE_DELETE, { id: v['mvb'] }) },
  create('create: with history', 'rec/hist', 'Hist', 'first', 'hist'),
  { name: 'update: hist second', group: 'pages', request: (v) => gql(doc.PAGE_UPDATE, updateVars(v['hist'], 'rec/hist', 'Hist', 'second')) },
  { name: 'update: hist third', group: 'pages', request: (v) => gql(doc.PAGE_UPDATE, updateVars(v['hist'], 'rec/hist', 'Hist', 'third')) },
  {
    name: 'history', group: 'pages', request: (v) => gql(doc.PAGE_HISTORY, { id: v['hist'] }),
    capture: { oldest: (json) => (pick(json, 'data.pages.history.trail') as Array<{ versionId: number }> | undefined)?.at(-1)?.versionId },
  },
  { name: 'history: paged', group: 'pages', request: (v) => gql(doc.PAGE_HISTORY, { id: v['hist'], offsetPage: 1, offsetSize: 1 }) },
  { name: 'history: unknown page', group: 'pages', request: () => gql(doc.PAGE_HISTORY, { id: MISSING }) },
  { name: 'version', group: 'pages', request: (v) => gql(doc.PAGE_VERSION, { pageId: v['hist'], versionId: v['oldest'] }) },
  { name: 'version: unknown version', group: 'pages', request: (v) => gql(doc.PAGE_VERSION, { pageId: v['hist'], versionId: MISSING }) },
  { name: 'restore', group: 'pages', request: (v) => gql(doc.PAGE_RESTORE, { pageId: v['hist'], versionId: v['oldest'] }) },
  { name: 'single after restore', group: 'pages', request: (v) => gql('query ($id: Int!) { pages { single(id: $id) { id content tags { tag } } } }', { id: v['hist'] }) },
  { name: 'restore: unknown version', group: 'pages', request: (v) => gql(doc.PAGE_RESTORE, { pageId: v['hist'], versionId: MISSING }) },
  create('create: link target', 'rec/tree/target', 'Target', '# Target', 'target'),
  create('create: link source', 'rec/tree/source', 'Source', 'See [t](/rec/tree/target) and [gone](/rec/tree/gone) and [ext](https://example.com)', 'source'),
  { name: 'render', group: 'pages', request: (v) => gql(doc.PAGE_RENDER, { id: v['source'] }) },
  { name: 'render: unknown id', group: 'pages', request: () => gql(doc.PAGE_RENDER, { id: MISSING }) },
  { name: 'single: rendered html', group: 'pages', request: (v) => gql('query ($id: Int!) { pages { single(id: $id) { id render } } }', { id: v['source'] }) },
  { name: 'links', group: 'pages', request: () => gql(doc.PAGE_LINKS, { locale: 'en' }) },
  { name: 'tree: ALL with ancestors', group: 'pages', request: () => gql(doc.PAGE_TREE, { path: 'rec/tree/target', mode: 'ALL', locale: 'en', includeAncestors: true }) },
  { name: 'tree: FOLDERS', group: 'pages', request: () => gql(doc.PAGE_TREE, { mode: 'FOLDERS', locale: 'en' }) },
  { name: 'tree: PAGES at the root', group: 'pages', request: () => gql(doc.PAGE_TREE, { mode: 'PAGES', locale: 'en', parent: 0 }) },
  { name: 'rebuildTree', group: 'pages', request: () => gql(doc.PAGE_REBUILD_TREE) },
  { name: 'flushCache', group: 'pages', request: () => gql(doc.PAGE_FLUSH_CACHE) },
  { name: 'purgeHistory P100Y', group: 'pages', request: () => gql(doc.PAGE_PURGE_HISTORY, { olderThan: 'P100Y' }) },
  { name: 'purgeHistory: not a duration', group: 'pages', request: () => gql(doc.PAGE_PURGE_HISTORY, { olderThan: 'garbage' }) },
  create('create: to convert', 'rec/convert', 'Convert', '# Convert me', 'conv'),
  { name: 'convert to code', group: 'pages', request: (v) => gql(doc.PAGE_CONVERT, { id: v['conv'], editor: 'code' }) },
  { name: 'convert to the same editor', group: 'pages', request: (v) => gql(doc.PAGE_CONVERT, { id: v['conv'], editor: 'code' }) },
  { name: 'convert: unknown page', group: 'pages', request: () => gql(doc.PAGE_CONVERT, { id: MISSING, editor: 'code' }) },
  { name: 'single after convert', group: 'pages', request: (v) => gql('query ($id: Int!) { pages { single(id: $id) { id editor contentType content } } }', { id: v['conv'] }) },
  { name: 'updateTag', group: 'pages', request: (v) => gql(doc.PAGE_UPDATE_TAG, { id: v['x2Tag'], tag: 'x2renamed', title: 'X2 renamed' }) },
  { name: 'updateTag: unknown id', group: 'pages', request: () => gql(doc.PAGE_UPDATE_TAG, { id: MISSING, tag: 'x', title: 'x' }) },
  { name: 'deleteTag', group: 'pages', request: (v) => gql(doc.PAGE_DELETE_TAG, { id: v['x2Tag'] }) },
  { name: 'deleteTag: unknown id', group: 'pages', request: () => gql(doc.PAGE_DELETE_TAG, { id: MISSING }) },
  {
    name: 'createMany: batch of three, one duplicate', group: 'pages',
    request: () => batch([
      { query: doc.PAGE_CREATE, variables: createVars('rec/bulk/a', 'a', 'a') },
      { query: doc.PAGE_CREATE, variables: createVars('rec/bulk/b', 'b', 'b') },
      { query: doc.PAGE_CREATE, variables: createVars('rec/bulk/a', 'dup', 'dup') },
    ]),
    capture: { bulkA: '[0].data.pages.create.page.id', bulkB: '[1].data.pages.create.page.id' },
  },
  {
    name: 'updateMany: batch of two', group: 'pages',
    request: (v) => batch([
      { query: doc.PAGE_UPDATE, variables: updateVars(v['bulkA'], 'rec/bulk/a', 'a', 'a', { description: 'bulk' }) },
      { query: doc.PAGE_UPDATE, variables: updateVars(v['bulkB'], 'rec/bulk/b', 'b', 'b', { description: 'bulk' }) },
    ]),
  },
  {
    name: 'deleteMany: batch of three, one missing', group: 'pages',
    request: (v) => batch([{ query: doc.PAGE_DELETE, variables: { id: v['bulkA'] } }, { query: doc.PAGE_DELETE, variables: { id: v['bulkB'] } }, { query: doc.PAGE_DELETE, variables: { id: MISSING } }]),
  },
];

const usersAndGroups: Case[] = [
  { name: 'users.list', group: 'users', request: () => gql(`query ($filter: String, $orderBy: String) { users { list(filter: $filter, orderBy: $orderBy) { ${USER_MIN} } } }`, {}) },
  { name: 'users.create', group: 'users', request: () => gql(USER_CREATE, userVars('recuser@Example.com', 'S3cret-pass-123')), capture: { uid: 'data.users.create.user.id' } },
  { name: 'users.list finds the new user', group: 'users', request: () => gql('{ users { list { id email } } }'), capture: { uid: findBy('data.users.list', 'email', 'recuser@example.com', 'id') } },
  { name: 'users.create: duplicate email', group: 'users', request: () => gql(USER_CREATE, userVars('recuser@Example.com', 'S3cret-pass-123', 'Again')) },
  { name: 'users.create: invalid email', group: 'users', request: () => gql(USER_CREATE, userVars('not-an-email', 'S3cret-pass-123')) },
  { name: 'users.create: short password', group: 'users', request: () => gql(USER_CREATE, userVars('recshort@example.com', 'abc')) },
  { name: 'users.create: welcome email', group: 'users', request: () => gql(USER_CREATE, { ...userVars('recmail@example.com', 'S3cret-pass-123'), sendWelcomeEmail: true }) },
  { name: 'users.single', group: 'users', request: (v) => gql(`query ($id: Int!) { users { single(id: $id) { ${USER_FULL} } } }`, { id: v['uid'] }) },
  { name: 'users.single: unknown id', group: 'users', request: () => gql(`query ($id: Int!) { users { single(id: $id) { ${USER_FULL} } } }`, { id: MISSING }) },
  {
    name: 'users.update', group: 'users',
    request: (v) => gql(`mutation ($id: Int!, $email: String, $name: String, $groups: [Int], $location: String, $jobTitle: String, $timezone: String, $dateFormat: String, $appearance: String) {
      users { update(id: $id, email: $email, name: $name, groups: $groups, location: $location, jobTitle: $jobTitle, timezone: $timezone, dateFormat: $dateFormat, appearance: $appearance) { ${RESULT} } } }`,
    { id: v['uid'], email: 'recuser@example.com', name: 'Recorder User', groups: [2], location: '', jobTitle: 'Tester', timezone: 'America/New_York', dateFormat: '', appearance: '' }),
  },
  { name: 'users.update: unknown id', group: 'users', request: () => gql(`mutation ($id: Int!) { users { update(id: $id, name: "x") { ${RESULT} } } }`, { id: MISSING }) },
  { name: 'users.single after update', group: 'users', request: (v) => gql(`query ($id: Int!) { users { single(id: $id) { ${USER_FULL} } } }`, { id: v['uid'] }) },
  { name: 'users.search selecting isSystem', group: 'users', request: () => gql(`query ($query: String!) { users { search(query: $query) { ${USER_MIN} } } }`, { query: 'recuser' }) },
  { name: 'users.search', group: 'users', request: () => gql('query ($query: String!) { users { search(query: $query) { id name email providerKey isActive createdAt lastLoginAt } } }', { query: 'recuser' }) },
  { name: 'users.deactivate', group: 'users', request: (v) => gql(`mutation ($id: Int!) { users { deactivate(id: $id) { ${RESULT} } } }`, { id: v['uid'] }) },
  { name: 'users.activate', group: 'users', request: (v) => gql(`mutation ($id: Int!) { users { activate(id: $id) { ${RESULT} } } }`, { id: v['uid'] }) },
  { name: 'users.deactivate: the admin', group: 'users', request: () => gql(`mutation ($id: Int!) { users { deactivate(id: $id) { ${RESULT} } } }`, { id: 1 }) },
  { name: 'login: the new user', group: 'users', request: () => gql(LOGIN, { username: 'recuser@example.com', password: 'S3cret-pass-123', strategy: 'local' }, 'none'), capture: { userJwt: 'data.authentication.login.jwt' } },
  { name: 'user JWT: users.profile', group: 'users', request: () => gql('{ users { profile { id email name groups } } }', undefined, { bearer: 'userJwt' }) },
  { name: 'user JWT: users.list', group: 'users', request: () => gql('{ users { list { id } } }', undefined, { bearer: 'userJwt' }) },
  { name: 'users.lastLogins', group: 'users', request: () => gql('{ users { lastLogins { id name lastLoginAt } } }') },
  { name: 'groups.list', group: 'groups', request: () => gql('{ groups { list { id name isSystem userCount createdAt updatedAt } } }') },
  {
    name: 'groups.create', group: 'groups',
    request: () => gql(`mutation ($name: String!) { groups { create(name: $name) { ${RESULT} group { id name isSystem redirectOnLogin permissions pageRules { id deny match roles path locales } createdAt updatedAt } } } }`, { name: 'rec-group' }),
    capture: { gid: 'data.groups.create.group.id' },
  },
  { name: 'groups.single', group: 'groups', request: (v) => gql(`query ($id: Int!) { groups { single(id: $id) { ${GROUP_FULL} } } }`, { id: v['gid'] }) },
  { name: 'groups.single: unknown id', group: 'groups', request: () => gql(`query ($id: Int!) { groups { single(id: $id) { ${GROUP_FULL} } } }`, { id: MISSING }) },
  {
    name: 'groups.update: redirect and page rules', group: 'groups',
    request: (v) => gql(GROUP_UPDATE, { id: v['gid'], name: 'rec-group', redirectOnLogin: '/welcome', permissions: ['read:pages', 'read:assets', 'read:comments', 'write:comments'], pageRules: [{ id: 'rec', deny: false, match: 'START', roles: ['read:pages'], path: 'rec', locales: [] }] }),
  },
  { name: 'groups.update: unknown id', group: 'groups', request: () => gql(GROUP_UPDATE, { id: MISSING, name: 'x', redirectOnLogin: '/', permissions: [], pageRules: [] }) },
  { name: 'groups.single after update', group: 'groups', request: (v) => gql(`query ($id: Int!) { groups { single(id: $id) { ${GROUP_FULL} } } }`, { id: v['gid'] }) },
  { name: 'groups.assignUser', group: 'groups', request: (v) => gql(`mutation ($groupId: Int!, $userId: Int!) { groups { assignUser(groupId: $groupId, userId: $userId) { ${RESULT} } } }`, { groupId: v['gid'], userId: v['uid'] }) },
  { name: 'groups.assignUser: twice', group: 'groups', request: (v) => gql(`mutation ($groupId: Int!, $userId: Int!) { groups { assignUser(groupId: $groupId, userId: $userId) { ${RESULT} } } }`, { groupId: v['gid'], userId: v['uid'] }) },
  { name: 'groups.assignUser: unknown user', group: 'groups', request: (v) => gql(`mutation ($groupId: Int!, $userId: Int!) { groups { assignUser(groupId: $groupId, userId: $userId) { ${RESULT} } } }`, { groupId: v['gid'], userId: MISSING }) },
  { name: 'groups.single with a member', group: 'groups', request: (v) => gql('query ($id: Int!) { groups { single(id: $id) { id users { id name email } } } }', { id: v['gid'] }) },
  { name: 'old user JWT after a group change', group: 'groups', request: () => ({ ...gql('{ users { profile { id groups } } }', undefined, { bearer: 'userJwt' }) }) },
  { name: 'groups.unassignUser', group: 'groups', request: (v) => gql(`mutation ($groupId: Int!, $userId: Int!) { groups { unassignUser(groupId: $groupId, userId: $userId) { ${RESULT} } } }`, { groupId: v['gid'], userId: v['uid'] }) },
  { name: 'groups.create: same name again', group: 'groups', request: () => gql(`mutation ($name: String!) { groups { create(name: $name) { ${RESULT} group { id name } } } }`, { name: 'rec-group' }), capture: { gid2: 'data.groups.create.group.id' } },
  { name: 'groups.delete: the twin', group: 'groups', request: (v) => gql(`mutation ($id: Int!) { groups { delete(id: $id) { ${RESULT} } } }`, { id: v['gid2'] }) },
  { name: 'groups.delete: unknown id', group: 'groups', request: () => gql(`mutation ($id: Int!) { groups { delete(id: $id) { ${RESULT} } } }`, { id: MISSING }) },
  { name: 'groups.delete: Administrators', group: 'groups', request: () => gql(`mutation ($id: Int!) { groups { delete(id: $id) { ${RESULT} } } }`, { id: 1 }) },
  { name: 'users.delete', group: 'users', request: (v) => gql(`mutation ($id: Int!, $replaceId: Int!) { users { delete(id: $id, replaceId: $replaceId) { ${RESULT} } } }`, { id: v['uid'], replaceId: 1 }) },
  { name: 'users.single after delete', group: 'users', request: (v) => gql('query ($id: Int!) { users { single(id: $id) { id } } }', { id: v['uid'] }) },
  { name: 'users.delete: the admin', group: 'users', request: () => gql(`mutation ($id: Int!, $replaceId: Int!) { users { delete(id: $id, replaceId: $replaceId) { ${RESULT} } } }`, { id: 1, replaceId: 1 }) },
  { name: 'groups.delete', group: 'groups', request: (v) => gql(`mutation ($id: Int!) { groups { delete(id: $id) { ${RESULT} } } }`, { id: v['gid'] }) },
  // Page rules, not @auth: a group with every page permission, granted on another path only.
  { name: 'groups.create: writers elsewhere', group: 'groups', request: () => gql(`mutation ($name: String!) { groups { create(name: $name) { ${RESULT} group { id } } } }`, { name: 'rec-writers' }), capture: { wid: 'data.groups.create.group.id' } },
  {
    name: 'groups.update: rules on another path', group: 'groups',
    request: (v) => gql(GROUP_UPDATE, { id: v['wid'], name: 'rec-writers', redirectOnLogin: '/', permissions: PAGE_ROLES, pageRules: [{ id: 'w', deny: false, match: 'START', roles: PAGE_ROLES, path: 'elsewhere', locales: [] }] }),
  },
  { name: 'createApiKey: writers group', group: 'groups', request: (v) => gql(CREATE_KEY, { name: 'rec-writers', expiration: '1d', fullAccess: false, group: v['wid'] }), capture: { writerKey: 'data.authentication.createApiKey.key' } },
  { name: 'rule-denied key: create', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('rec/w-denied', 'W', 'w'), { bearer: 'writerKey' }) },
  { name: 'rule-denied key: update', group: 'pages', request: (v) => gql(doc.PAGE_UPDATE, updateVars(v['alpha'], 'rec/alpha', 'Alpha', 'w'), { bearer: 'writerKey' }) },
  { name: 'rule-denied key: move', group: 'pages', request: (v) => gql(doc.PAGE_MOVE, { id: v['alpha'], destinationPath: 'elsewhere/alpha', destinationLocale: 'en' }, { bearer: 'writerKey' }) },
  { name: 'rule-denied key: delete', group: 'pages', request: (v) => gql(doc.PAGE_DELETE, { id: v['alpha'] }, { bearer: 'writerKey' }) },
  { name: 'rule-denied key: single', group: 'pages', request: (v) => gql(doc.PAGE_SINGLE, { id: v['alpha'] }, { bearer: 'writerKey' }) },
  { name: 'rule-denied key: history', group: 'pages', request: (v) => gql(doc.PAGE_HISTORY, { id: v['alpha'] }, { bearer: 'writerKey' }) },
  { name: 'rule-denied key: list', group: 'pages', request: () => gql('{ pages { list { id path } } }', undefined, { bearer: 'writerKey' }) },
  { name: 'rule-allowed key: create elsewhere', group: 'pages', request: () => gql(doc.PAGE_CREATE, createVars('elsewhere/w-ok', 'W', 'w'), { bearer: 'writerKey' }) },
];

const assets: Case[] = [
  { name: 'assets.createFolder', group: 'assets', request: () => gql(CREATE_FOLDER, { parentFolderId: 0, slug: 'recfolder', name: 'recfolder' }) },
  { name: 'assets.createFolder: duplicate', group: 'assets', request: () => gql(CREATE_FOLDER, { parentFolderId: 0, slug: 'recfolder', name: 'recfolder' }) },
  { name: 'assets.createFolder: bad slug', group: 'assets', request: () => gql(CREATE_FOLDER, { parentFolderId: 0, slug: 'Bad Slug!', name: 'x' }) },
  { name: 'assets.folders', group: 'assets', request: () => gql(FOLDERS, { parentFolderId: 0 }), capture: { folder: findBy('data.assets.folders', 'slug', 'recfolder', 'id') } },
  { name: 'assets.createFolder: sub', group: 'assets', request: (v) => gql(CREATE_FOLDER, { parentFolderId: v['folder'], slug: 'sub' }) },
  { name: 'assets.folders: of a folder', group: 'assets', request: (v) => gql(FOLDERS, { parentFolderId: v['folder'] }) },
  { name: 'upload', group: 'assets', request: (v) => upload(v['folder'], 'My Pixel,1.PNG', PNG) },
  { name: 'upload: same name again', group: 'assets', request: (v) => upload(v['folder'], 'My Pixel,1.PNG', PNG) },
  { name: 'upload: anonymous', group: 'assets', request: (v) => upload(v['folder'], 'anon.png', PNG, 'none') },
  { name: 'upload: into a missing folder', group: 'assets', request: () => upload(987_654, 'lost.png', PNG) },
  { name: 'upload: no metadata', group: 'assets', request: () => { const form = new FormData(); form.append('mediaUpload', new Blob([PNG]), 'x.png'); return { method: 'POST', path: '/u', body: form }; } },
  { name: 'assets.list: images', group: 'assets', request: (v) => gql(ASSET_LIST, { folderId: v['folder'], kind: 'IMAGE' }), capture: { asset: 'data.assets.list[0].id' } },
  { name: 'assets.list: binary', group: 'assets', request: (v) => gql(ASSET_LIST, { folderId: v['folder'], kind: 'BINARY' }) },
  { name: 'assets.list: all at the root', group: 'assets', request: () => gql(ASSET_LIST, { folderId: 0, kind: 'ALL' }) },
  { name: 'download', group: 'assets', request: () => ({ method: 'GET', path: '/recfolder/my_pixel_1.png' }) },
  { name: 'download: missing file', group: 'assets', request: () => ({ method: 'GET', path: '/recfolder/none.png' }) },
  { name: 'assets.renameAsset', group: 'assets', request: (v) => gql(`mutation ($id: Int!, $filename: String!) { assets { renameAsset(id: $id, filename: $filename) { ${RESULT} } } }`, { id: v['asset'], filename: 'renamed.png' }) },
  { name: 'assets.renameAsset: unknown id', group: 'assets', request: () => gql(`mutation ($id: Int!, $filename: String!) { assets { renameAsset(id: $id, filename: $filename) { ${RESULT} } } }`, { id: MISSING, filename: 'x.png' }) },
  { name: 'assets.deleteAsset', group: 'assets', request: (v) => gql(`mutation ($id: Int!) { assets { deleteAsset(id: $id) { ${RESULT} } } }`, { id: v['asset'] }) },
  { name: 'assets.deleteAsset: again', group: 'assets', request: (v) => gql(`mutation ($id: Int!) { assets { deleteAsset(id: $id) { ${RESULT} } } }`, { id: v['asset'] }) },
  { name: 'download after delete', group: 'assets', request: () => ({ method: 'GET', path: '/recfolder/renamed.png' }) },
  { name: 'assets.flushTempUploads', group: 'assets', request: () => gql(`mutation { assets { flushTempUploads { ${RESULT} } } }`) },
];

const admin: Case[] = [
  { name: 'system.info', group: 'admin', request: () => gql('{ system { info { currentVersion latestVersion dbType pagesTotal usersTotal groupsTotal tagsTotal } } }') },
  { name: 'system.flags', group: 'admin', request: () => gql('{ system { flags { key value } } }') },
  { name: 'site.config', group: 'admin', request: () => gql(SITE_CONFIG) },
  { name: 'site.updateConfig: title', group: 'admin', request: () => gql(`mutation ($title: String) { site { updateConfig(title: $title) { ${RESULT} } } }`, { title: 'Wiki.js' }) },
  { name: 'navigation.tree', group: 'admin', request: () => gql(`{ navigation { tree { locale items { ${NAV_ITEM} } } } }`) },
  { name: 'navigation.config', group: 'admin', request: () => gql('{ navigation { config { mode } } }') },
  { name: 'navigation.updateTree', group: 'admin', request: () => gql(`mutation ($tree: [NavigationTreeInput]!) { navigation { updateTree(tree: $tree) { ${RESULT} } } }`, { tree: [{ locale: 'en', items: [{ id: 'rec1', kind: 'link', label: 'Home', icon: 'mdi-home', targetType: 'home', target: '/', visibilityMode: 'all', visibilityGroups: [] }] }] }) },
  { name: 'navigation.tree after update', group: 'admin', request: () => gql(`{ navigation { tree { locale items { ${NAV_ITEM} } } } }`) },
  { name: 'navigation.updateConfig', group: 'admin', request: () => gql(`mutation ($mode: NavigationMode!) { navigation { updateConfig(mode: $mode) { ${RESULT} } } }`, { mode: 'MIXED' }) },
  { name: 'navigation.updateConfig: bad enum', group: 'admin', request: () => gql(`mutation ($mode: NavigationMode!) { navigation { updateConfig(mode: $mode) { ${RESULT} } } }`, { mode: 'NOPE' }) },
  { name: 'localization.locales', group: 'admin', request: () => gql('{ localization { locales { code name nativeName isInstalled isRTL availability } } }') },
  { name: 'localization.config', group: 'admin', request: () => gql('{ localization { config { locale autoUpdate namespacing namespaces } } }') },
  { name: 'localization.translations', group: 'admin', request: () => gql('query ($locale: String!, $namespace: String!) { localization { translations(locale: $locale, namespace: $namespace) { key value } } }', { locale: 'en', namespace: 'common' }) },
  { name: 'search.searchEngines', group: 'admin', request: () => gql('{ search { searchEngines { key title isEnabled isAvailable config { key value } } } }') },
  { name: 'search.rebuildIndex', group: 'admin', request: () => gql(`mutation { search { rebuildIndex { ${RESULT} } } }`) },
  { name: 'storage.status', group: 'admin', request: () => gql('{ storage { status { key title status message lastAttempt } } }') },
  { name: 'storage.targets', group: 'admin', request: () => gql('{ storage { targets { key title isEnabled isAvailable mode } } }') },
  { name: 'theming.config', group: 'admin', request: () => gql('{ theming { config { theme iconset darkMode tocPosition injectCSS injectHead injectBody } } }') },
  { name: 'comments.providers', group: 'comments', request: () => gql('{ comments { providers { key title isEnabled } } }') },
  { name: 'comments.create', group: 'comments', request: (v) => gql(`mutation ($pageId: Int!, $content: String!) { comments { create(pageId: $pageId, content: $content) { ${RESULT} id } } }`, { pageId: v['alpha'], content: 'First comment from the recorder' }), capture: { cid: 'data.comments.create.id' } },
  { name: 'comments.create: rate limited', group: 'comments', request: (v) => gql(`mutation ($pageId: Int!, $content: String!) { comments { create(pageId: $pageId, content: $content) { ${RESULT} id } } }`, { pageId: v['alpha'], content: 'Second comment' }) },
  { name: 'comments.list', group: 'comments', request: () => gql(`query ($locale: String!, $path: String!) { comments { list(locale: $locale, path: $path) { ${COMMENT} } } }`, { locale: 'en', path: 'rec/alpha' }) },
  { name: 'comments.list: unknown page', group: 'comments', request: () => gql(`query ($locale: String!, $path: String!) { comments { list(locale: $locale, path: $path) { ${COMMENT} } } }`, { locale: 'en', path: 'rec/nope' }) },
  { name: 'comments.single', group: 'comments', request: (v) => gql(`query ($id: Int!) { comments { single(id: $id) { ${COMMENT} } } }`, { id: v['cid'] }) },
  { name: 'comments.single: unknown id', group: 'comments', request: () => gql(`query ($id: Int!) { comments { single(id: $id) { ${COMMENT} } } }`, { id: MISSING }) },
  { name: 'comments.update', group: 'comments', request: (v) => gql(`mutation ($id: Int!, $content: String!) { comments { update(id: $id, content: $content) { ${RESULT} render } } }`, { id: v['cid'], content: 'Edited comment text' }) },
  { name: 'comments.update: unknown id', group: 'comments', request: () => gql(`mutation ($id: Int!, $content: String!) { comments { update(id: $id, content: $content) { ${RESULT} render } } }`, { id: MISSING, content: 'x' }) },
  { name: 'comments.delete', group: 'comments', request: (v) => gql(`mutation ($id: Int!) { comments { delete(id: $id) { ${RESULT} } } }`, { id: v['cid'] }) },
  { name: 'comments.delete: again', group: 'comments', request: (v) => gql(`mutation ($id: Int!) { comments { delete(id: $id) { ${RESULT} } } }`, { id: v['cid'] }) },
];

/** Everything, in the order it is sent. */
export const CASES: readonly Case[] = [...http, ...auth, ...pages, ...usersAndGroups, ...assets, ...admin];
