/** Wiki.js 3.x users, groups, authentication, site and system (observed-behaviour.md "Users", "Groups", "Setup"). */
import { createHash } from 'node:crypto';
import type {
  ApiKeyInfo, AuthenticationApi, PageRule, AuthStrategyInfo, CallOptions, GroupPatch, GroupsApi, LoginResult, SiteApi, SiteConfig, SystemApi, SystemInfo,
  UserCreateInput, UserPatch, UsersApi, WikiJsGroup, WikiJsGroupSummary, WikiJsId, WikiJsUser, WikiJsUserSummary,
} from '../dialect.js';
import { checkNonEmpty } from '../validate.js';
import { compact, decodeGroup, decodeGroupSummary, decodeUser, decodeUserSummary, type RawV3Group, type RawV3User, type RawV3UserMinimal } from './decode.js';
import * as doc from './documents.js';
import { V3_WIKI, wikijsV3Error } from './errors.js';
import { checkUuid, isUuid } from './ids.js';
import type { V3Operation, V3Ops } from './ops.js';
import { clientError } from '../../client-errors.js';

type Maybe<T> = T | null | undefined;
const USERS_PAGE = 100;

async function allUsers(ops: V3Ops, filter: string | undefined, orderBy: string | undefined, options?: CallOptions): Promise<WikiJsUserSummary[]> {
  const out: WikiJsUserSummary[] = [];
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    const res = await ops.read<Maybe<{ total: Maybe<number>; users: Maybe<Array<RawV3UserMinimal | null>> }>>('users.list', 'users', doc.USERS, {
      page, pageSize: USERS_PAGE, ...(filter ? { filter } : {}), ...(orderBy ? { orderBy } : {}),
    }, options);
    const batch = compact(res?.users);
    const fresh = batch.filter((u) => !seen.has(u.id));
    for (const u of fresh) seen.add(u.id);
    out.push(...fresh.map((u) => decodeUserSummary(u)));
    // `total` counts every user whatever the filter on 3.0.0: stop on a short page instead, or
    // when a page brings nothing new (a server that ignores `page` would loop forever).
    if (batch.length < USERS_PAGE || fresh.length === 0) return out;
  }
}

const USER_ORDER = new Set(['id', 'email', 'name', 'createdAt', 'updatedAt', 'lastLoginAt']);

export function v3Users(ops: V3Ops, groups: () => Promise<WikiJsGroupSummary[]>, adminId: () => Promise<string>): UsersApi {
  const get = async (id: WikiJsId, options?: CallOptions): Promise<WikiJsUser> =>
    decodeUser(await ops.read<RawV3User>('users.get', 'userById', doc.USER_BY_ID, { id: checkUuid(id) }, options));
  return {
    /** v3 has no "current user" query: the login JWT names the user; an API key is not a user. */
    async profile(options?: CallOptions): Promise<{ readonly id: WikiJsId; readonly name: string; readonly email: string }> {
      const claims = ops.tokenClaims();
      const id = claims?.['id'];
      if (typeof id === 'string') {
        const user = await get(id, options);
        return { id: user.id, name: user.name, email: user.email };
      }
      await ops.read<unknown>('users.profile', 'userPermissions', doc.USER_PERMISSIONS, undefined, options);
      const key = claims?.['api'];
      return { id: typeof key === 'string' ? key : '', name: 'API key', email: '' };
    },
    list: (options = {}) => allUsers(ops, options.filter, options.orderBy !== undefined && USER_ORDER.has(options.orderBy) ? options.orderBy : undefined, options),
    search: (query, options) => allUsers(ops, checkNonEmpty(query, 'query'), undefined, options),
    get,
    async create(input: UserCreateInput, options?: CallOptions): Promise<WikiJsUserSummary> {
      checkNonEmpty(input.email, 'email');
      if (input.password === undefined || input.password === '') throw wikijsV3Error('ERR_INVALID_INPUT', 'Wiki.js users.create failed: Wiki.js 3 needs a password for a new local user', { category: 'validation', slug: 'ERR_INVALID_INPUT' });
      if ((input.providerKey ?? 'local') !== 'local') throw wikijsV3Error('ERR_INVALID_STRATEGY', `Wiki.js users.create failed: Wiki.js 3 creates local users only, got providerKey "${input.providerKey ?? ''}"`, { category: 'validation', slug: 'ERR_INVALID_STRATEGY' });
      const groupIds = (input.groups ?? []).map((g, i) => checkUuid(g, `groups[${i}]`));
      if (groupIds.length > 0) {
        // 3.0.0 inserts the user before it checks the groups (half-created user + SQL error): check first.
        const known = new Set((await groups()).map((g) => String(g.id)));
        const missing = groupIds.filter((g) => !known.has(g));
        if (missing.length > 0) throw wikijsV3Error('ERR_INVALID_INPUT', `Wiki.js users.create failed: ERR_INVALID_INPUT — group ${missing.join(', ')} does not exist`, { category: 'validation', slug: 'ERR_INVALID_INPUT' });
      }
      const email = input.email.trim().toLowerCase();
      const res = await ops.write<{ operation?: V3Operation | null; user: Maybe<RawV3UserMinimal> }>('users.create', 'createUser', doc.CREATE_USER, {
        email, name: input.name, password: input.password, groups: groupIds, mustChangePassword: input.mustChangePassword ?? false, sendWelcomeEmail: input.sendWelcomeEmail ?? false,
      }, options);
      if (res.user) return decodeUserSummary(res.user);
      // 3.0.0 always answers `user: null`: look the new account up by its (lower-cased) email.
      const found = (await allUsers(ops, email, undefined, options)).find((u) => u.email === email);
      if (!found) throw clientError('UserNotListed', `Wiki.js users.create: the server reported success but no user "${email}" is listed`, { wiki: V3_WIKI });
      return found;
    },
    async update(id: WikiJsId, patch: UserPatch, options?: CallOptions): Promise<void> {
      const uuid = checkUuid(id);
      const body: Record<string, unknown> = {};
      if (patch.email !== undefined) body['email'] = patch.email;
      if (patch.name !== undefined) body['name'] = patch.name;
      if (patch.groups !== undefined) body['groups'] = patch.groups.map((g, i) => checkUuid(g, `groups[${i}]`));
      const meta: Record<string, string> = {};
      if (patch.location !== undefined) meta['location'] = patch.location;
      if (patch.jobTitle !== undefined) meta['jobTitle'] = patch.jobTitle;
      const prefs: Record<string, string> = {};
      if (patch.timezone !== undefined) prefs['timezone'] = patch.timezone;
      if (patch.dateFormat !== undefined) prefs['dateFormat'] = patch.dateFormat;
      if (patch.appearance !== undefined) prefs['appearance'] = patch.appearance;
      if (Object.keys(meta).length > 0 || Object.keys(prefs).length > 0) {
        // meta/prefs are whole JSON values: merge with what is stored so nothing is wiped.
        const current = await ops.read<RawV3User>('users.get', 'userById', doc.USER_BY_ID, { id: uuid }, options);
        if (Object.keys(meta).length > 0) body['meta'] = { ...(current.meta ?? {}), ...meta };
        if (Object.keys(prefs).length > 0) body['prefs'] = { ...(current.prefs ?? {}), ...prefs };
      }
      if (Object.keys(body).length > 0) await ops.write('users.update', 'updateUser', doc.UPDATE_USER, { id: uuid, patch: body }, options);
      if (patch.newPassword !== undefined) await ops.write('users.update', 'changeUserPassword', doc.CHANGE_USER_PASSWORD, { id: uuid, newPassword: patch.newPassword }, options);
    },
    async delete(id: WikiJsId, options: CallOptions & { replaceId?: WikiJsId } = {}): Promise<void> {
      const uuid = checkUuid(id);
      // v3 requires a user to inherit the pages: the admin unless the caller names one.
      const replaceId = options.replaceId === undefined ? await adminId() : checkUuid(options.replaceId, 'replaceId');
      await ops.write('users.delete', 'deleteUser', doc.DELETE_USER, { id: uuid, replaceId }, options);
    },
    activate: async (id, options) => {
      await ops.write('users.activate', 'activateUser', doc.ACTIVATE_USER, { id: checkUuid(id) }, options, { idempotent: true });
    },
    deactivate: async (id, options) => {
      await ops.write('users.deactivate', 'deactivateUser', doc.DEACTIVATE_USER, { id: checkUuid(id) }, options, { idempotent: true });
    },
    verify: async (id, options) => {
      await ops.write('users.verify', 'verifyUser', doc.VERIFY_USER, { id: checkUuid(id) }, options, { idempotent: true });
    },
  };
}

/** v3 rule ids are UUIDs; a 2.x-style id (any string) is kept in the rule's name and hashed into a UUID. */
const RULE_NAME = 'wikikit:';
function ruleUuid(id: string): string {
  if (isUuid(id)) return id.toLowerCase();
  const h = createHash('sha1').update(`wikikit-rule:${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

function toRuleInput(r: PageRule): Record<string, unknown> {
  return { id: ruleUuid(r.id), name: isUuid(r.id) ? '' : `${RULE_NAME}${r.id}`, mode: r.deny ? 'DENY' : 'ALLOW', match: r.match, roles: [...r.roles], path: r.path, locales: [...r.locales], sites: [] };
}

export function v3Groups(ops: V3Ops): GroupsApi {
  const list = async (options?: CallOptions): Promise<WikiJsGroupSummary[]> =>
    compact(await ops.read<Maybe<Array<RawV3Group | null>>>('groups.list', 'groups', doc.GROUPS, undefined, options)).map(decodeGroupSummary);
  const get = async (id: WikiJsId, options?: CallOptions): Promise<WikiJsGroup> => {
    const raw = await ops.read<Maybe<RawV3Group>>('groups.get', 'groupById', doc.GROUP_BY_ID, { id: checkUuid(id) }, options);
    if (!raw) throw wikijsV3Error('ERR_INVALID_INPUT', `Wiki.js groups.get failed: ERR_INVALID_INPUT — no group ${String(id)}`, { category: 'api' });
    return decodeGroup(raw);
  };
  const api: GroupsApi = {
    list,
    get,
    async create(name: string, options?: CallOptions): Promise<WikiJsGroup> {
      const res = await ops.write<{ operation?: V3Operation | null; group: Maybe<{ id: string }> }>('groups.create', 'createGroup', doc.CREATE_GROUP, { name: checkNonEmpty(name, 'name') }, options);
      if (!res.group) throw clientError('GroupMissing', 'Wiki.js groups.create: the server reported success without the group', { wiki: V3_WIKI });
      return get(res.group.id, options);
    },
    async update(id: WikiJsId, patch: GroupPatch, options?: CallOptions): Promise<void> {
      const uuid = checkUuid(id);
      const raw = await ops.read<Maybe<RawV3Group>>('groups.get', 'groupById', doc.GROUP_BY_ID, { id: uuid }, options);
      if (!raw) throw wikijsV3Error('ERR_INVALID_INPUT', `Wiki.js groups.update failed: no group ${uuid}`, { category: 'api' });
      // updateGroup replaces every field: send the stored values for what the patch omits.
      const rules = patch.pageRules !== undefined
        ? patch.pageRules.map(toRuleInput)
        : compact(raw.rules).map((r) => ({ id: r.id, name: r.name ?? '', mode: r.mode ?? 'ALLOW', match: r.match ?? 'START', roles: compact(r.roles), path: r.path ?? '', locales: compact(r.locales), sites: compact(r.sites) }));
      await ops.write('groups.update', 'updateGroup', doc.UPDATE_GROUP, {
        id: uuid, name: patch.name ?? raw.name ?? '', redirectOnLogin: patch.redirectOnLogin ?? raw.redirectOnLogin ?? '',
        permissions: patch.permissions ? [...patch.permissions] : compact(raw.permissions), rules,
      }, options);
    },
    async pageRules(groupId: WikiJsId, options?: CallOptions): Promise<PageRule[]> {
      return [...(await get(groupId, options)).pageRules];
    },
    async setPageRules(groupId: WikiJsId, rules: readonly PageRule[], options?: CallOptions): Promise<void> {
      await api.update(groupId, { pageRules: rules }, options);
    },
    delete: async (id, options) => {
      await ops.write('groups.delete', 'deleteGroup', doc.DELETE_GROUP, { id: checkUuid(id) }, options);
    },
    // Failures come back as GraphQL errors ("User is already assigned to group.", "Invalid User ID"), mapped by errors.ts.
    assignUser: async (groupId, userId, options) => {
      await ops.write('groups.assignUser', 'assignUserToGroup', doc.ASSIGN_USER, { groupId: checkUuid(groupId, 'groupId'), userId: checkUuid(userId, 'userId') }, options);
    },
    unassignUser: async (groupId, userId, options) => {
      await ops.write('groups.unassignUser', 'unassignUserFromGroup', doc.UNASSIGN_USER, { groupId: checkUuid(groupId, 'groupId'), userId: checkUuid(userId, 'userId') }, options);
    },
  };
  return api;
}

interface RawStrategy {
  id: string;
  isVisible?: Maybe<boolean>;
  activeStrategy?: Maybe<{ id: string; displayName: Maybe<string>; isEnabled: Maybe<boolean>; strategy: Maybe<{ key: Maybe<string>; title: Maybe<string> }> }>;
}

/** `login` needs the site and the strategy UUIDs: both are readable without a token. */
export function v3Authentication(ops: V3Ops, anon: V3Ops, adminGroupId: () => Promise<string>): AuthenticationApi {
  return {
    async login(username: string, password: string, strategy = 'local', options?: CallOptions): Promise<LoginResult> {
      const siteId = await anon.siteId(options);
      const strategies = compact(await anon.read<Maybe<Array<RawStrategy | null>>>('authentication.strategies', 'authSiteStrategies', doc.AUTH_SITE_STRATEGIES, { siteId }, options));
      const match = strategies.find((s) => s.activeStrategy?.strategy?.key === strategy || s.id === strategy);
      if (!match) throw wikijsV3Error('ERR_INVALID_STRATEGY', `Wiki.js authentication.login failed: ERR_INVALID_STRATEGY — no "${strategy}" strategy on the default site`, { category: 'auth', slug: 'ERR_INVALID_STRATEGY' });
      const res = await anon.write<{ operation?: V3Operation | null; jwt: Maybe<string>; nextAction: Maybe<string> }>('authentication.login', 'login', doc.LOGIN, {
        username, password, strategyId: match.id, siteId,
      }, options);
      return { jwt: res.jwt ?? '', mustChangePassword: res.nextAction === 'changePassword', mustProvideTfa: res.nextAction === 'provideTfa' || res.nextAction === 'setupTfa' };
    },
    async apiKeys(options?: CallOptions): Promise<ApiKeyInfo[]> {
      const raw = compact(await ops.read<Maybe<Array<{ id: string; name: Maybe<string>; keyShort: Maybe<string>; expiration: Maybe<string>; createdAt: Maybe<string>; updatedAt: Maybe<string>; isRevoked: Maybe<boolean> } | null>>>('authentication.apiKeys', 'apiKeys', doc.API_KEYS, undefined, options));
      return raw.map((k) => ({ id: k.id, name: k.name ?? '', keyShort: k.keyShort ?? '', expiration: k.expiration ?? '', createdAt: k.createdAt ?? '', updatedAt: k.updatedAt ?? '', isRevoked: k.isRevoked ?? false }));
    },
    async createApiKey(input, options?: CallOptions): Promise<{ readonly key: string }> {
      // v3 keys take their rights from groups: full access = the Administrators group.
      const groups = input.fullAccess ? [await adminGroupId()] : input.group === undefined ? [] : [checkUuid(input.group, 'group')];
      if (groups.length === 0) throw wikijsV3Error('ERR_INVALID_INPUT', 'Wiki.js authentication.createApiKey failed: give fullAccess or a group (a v3 key without groups can do nothing)', { category: 'validation' });
      const res = await ops.write<{ operation?: V3Operation | null; key: Maybe<string> }>('authentication.createApiKey', 'createApiKey', doc.CREATE_API_KEY, { name: checkNonEmpty(input.name, 'name'), expiration: input.expiration, groups }, options);
      return { key: res.key ?? '' };
    },
    revokeApiKey: async (id, options) => {
      await ops.write('authentication.revokeApiKey', 'revokeApiKey', doc.REVOKE_API_KEY, { id: checkUuid(id) }, options, { idempotent: true });
    },
    apiState: async (options) => (await ops.read<Maybe<boolean>>('authentication.apiState', 'apiState', doc.API_STATE, undefined, options)) === true,
    setApiState: async (enabled, options) => {
      await ops.write('authentication.setApiState', 'setApiState', doc.SET_API_STATE, { enabled }, options, { idempotent: true });
    },
    async strategies(options?: CallOptions): Promise<AuthStrategyInfo[]> {
      const raw = compact(await ops.read<Maybe<Array<{ displayName: Maybe<string>; isEnabled: Maybe<boolean>; strategy: Maybe<{ key: Maybe<string>; title: Maybe<string> }> } | null>>>('authentication.strategies', 'authActiveStrategies', doc.AUTH_STRATEGIES, undefined, options));
      return raw.map((s) => ({ key: s.strategy?.key ?? '', title: s.displayName ?? s.strategy?.title ?? '', isEnabled: s.isEnabled ?? false }));
    },
  };
}

export interface V3SiteApi extends SiteApi {
  /** Every site of the instance (v3 is multi-site). */
  sites(options?: CallOptions): Promise<SiteConfig[]>;
  /** The site this client works on: hostname `*`, else the first. */
  defaultSite(options?: CallOptions): Promise<SiteConfig>;
}

interface RawSite {
  id: string;
  hostname: Maybe<string>;
  isEnabled?: Maybe<boolean>;
  title: Maybe<string>;
  description?: Maybe<string>;
  company?: Maybe<string>;
  contentLicense?: Maybe<string>;
}

function siteConfig(s: RawSite): SiteConfig {
  return { id: s.id, hostname: s.hostname ?? '', isEnabled: s.isEnabled ?? true, title: s.title ?? '', description: s.description ?? '', company: s.company ?? '', contentLicense: s.contentLicense ?? '' };
}

const SITE_KEYS = new Set(['hostname', 'isEnabled', 'title', 'description', 'company', 'contentLicense']);

export function v3Site(ops: V3Ops): V3SiteApi {
  const sites = async (options?: CallOptions): Promise<SiteConfig[]> => compact(await ops.read<Maybe<Array<RawSite | null>>>('site.sites', 'sites', doc.SITES, undefined, options)).map(siteConfig);
  const defaultSite = async (options?: CallOptions): Promise<SiteConfig> => {
    const list = await sites(options);
    const site = list.find((s) => s['hostname'] === '*') ?? list[0];
    if (!site) throw wikijsV3Error('ERR_INVALID_SITE', 'Wiki.js site.defaultSite: the server lists no site', { category: 'api' });
    return site;
  };
  return {
    sites,
    defaultSite,
    config: defaultSite,
    async updateConfig(patch: SiteConfig, options?: CallOptions): Promise<void> {
      const unknown = Object.keys(patch).filter((k) => !SITE_KEYS.has(k));
      if (unknown.length > 0) throw wikijsV3Error('ERR_INVALID_INPUT', `Wiki.js site.updateConfig failed: ${unknown.join(', ')} cannot be set on a Wiki.js 3 site`, { category: 'validation' });
      await ops.write('site.updateConfig', 'updateSite', doc.UPDATE_SITE, { id: await ops.siteId(options), patch }, options);
    },
  };
}

export function v3System(ops: V3Ops): SystemApi {
  return {
    async info(options?: CallOptions): Promise<SystemInfo> {
      const raw = await ops.read<Maybe<Record<string, string | number | null>>>('system.info', 'systemInfo', doc.SYSTEM_INFO, undefined, options);
      const s = (k: string): string | null => (typeof raw?.[k] === 'string' ? raw[k] : null);
      const n = (k: string): number | null => (typeof raw?.[k] === 'number' ? raw[k] : null);
      return {
        currentVersion: s('currentVersion'), latestVersion: s('latestVersion'), dbType: s('dbType'), dbVersion: s('dbVersion'), nodeVersion: s('nodeVersion'),
        operatingSystem: s('operatingSystem'), hostname: s('hostname'), pagesTotal: n('pagesTotal'), usersTotal: n('usersTotal'), groupsTotal: n('groupsTotal'), tagsTotal: n('tagsTotal'),
      };
    },
    async flags(options?: CallOptions): Promise<{ readonly key: string; readonly value: boolean }[]> {
      const raw = await ops.read<Maybe<Record<string, unknown>>>('system.flags', 'systemFlags', doc.SYSTEM_FLAGS, undefined, options);
      return Object.entries(raw ?? {}).map(([key, value]) => ({ key, value: value === true }));
    },
  };
}
