/**
 * Wiki.js 2.x users, groups, navigation, comments, authentication, site, system, localization,
 * search-engine and storage administration. Where the server wants every field of an object
 * (`groups.update`, `users.update`) the client reads the current one and merges the patch.
 */
import { NotFoundError, UsageError, WikiApiError } from '../../errors.js';
import type {
  ApiKeyInfo,
  AuthenticationApi,
  AuthStrategyInfo,
  CallOptions,
  CommentCreateInput,
  CommentsApi,
  GroupPatch,
  GroupsApi,
  LocaleInfo,
  LocalizationApi,
  LocalizationConfig,
  LoginResult,
  NavigationApi,
  NavigationMode,
  NavigationTree,
  PageRule,
  SearchApi,
  SearchEngineInfo,
  SiteApi,
  SiteConfig,
  StorageApi,
  StorageStatus,
  StorageTargetInfo,
  SystemApi,
  SystemInfo,
  UserCreateInput,
  UserPatch,
  UsersApi,
  WikiJsComment,
  WikiJsGroup,
  WikiJsGroupSummary,
  WikiJsId,
  WikiJsUser,
  WikiJsUserSummary,
} from '../dialect.js';
import type { ResponseResult } from '../graphql.js';
import { checkIntId } from '../validate.js';
import { compact, RESULT, type V2Ops } from './ops.js';

type Payload = { responseResult?: ResponseResult | null };
const id = (value: WikiJsId, field = 'id'): number => checkIntId(value, field, 2);

const USER_MIN = 'id name email providerKey isSystem isActive createdAt lastLoginAt';
const USER_FULL = `${USER_MIN} isVerified location jobTitle timezone dateFormat appearance updatedAt tfaIsActive groups { id name }`;

export function v2Users(ops: V2Ops): UsersApi {
  const api: UsersApi = {
    async list(options = {}) {
      const variables: Record<string, unknown> = {};
      if (options.filter !== undefined) variables['filter'] = options.filter;
      if (options.orderBy !== undefined) variables['orderBy'] = options.orderBy;
      return compact(
        await ops.read<(WikiJsUserSummary | null)[]>('users.list', 'users.list', `query ($filter: String, $orderBy: String) { users { list(filter: $filter, orderBy: $orderBy) { ${USER_MIN} } } }`, variables, options),
      );
    },
    async search(query, options) {
      return compact(await ops.read<(WikiJsUserSummary | null)[]>('users.search', 'users.search', `query ($query: String!) { users { search(query: $query) { ${USER_MIN} } } }`, { query }, options));
    },
    async get(userId, options) {
      let user: WikiJsUser | null;
      try {
        user = await ops.read<WikiJsUser | null>('users.get', 'users.single', `query ($id: Int!) { users { single(id: $id) { ${USER_FULL} } } }`, { id: id(userId) }, options);
      } catch (error) {
        // A missing user is a raw TypeError on the server (no Wiki.js code).
        if (error instanceof WikiApiError && error.slug === 'TypeError') throw notFound('users.get', `user #${userId}`, error);
        throw error;
      }
      if (!user) throw notFound('users.get', `user #${userId}`);
      return user;
    },
    async profile(options) {
      return ops.read<{ id: number; name: string; email: string }>('users.profile', 'users.profile', '{ users { profile { id name email } } }', undefined, options);
    },
    async create(input: UserCreateInput, options?: CallOptions) {
      const variables = {
        email: input.email,
        name: input.name,
        passwordRaw: input.password ?? null,
        providerKey: input.providerKey ?? 'local',
        groups: (input.groups ?? []).map((g, i) => id(g, `groups[${i}]`)),
        mustChangePassword: input.mustChangePassword ?? false,
        sendWelcomeEmail: input.sendWelcomeEmail ?? false,
      };
      await ops.write<Payload>(
        'users.create',
        'users.create',
        `mutation ($email: String!, $name: String!, $passwordRaw: String, $providerKey: String!, $groups: [Int]!, $mustChangePassword: Boolean, $sendWelcomeEmail: Boolean) {
          users { create(email: $email, name: $name, passwordRaw: $passwordRaw, providerKey: $providerKey, groups: $groups, mustChangePassword: $mustChangePassword, sendWelcomeEmail: $sendWelcomeEmail) { ${RESULT} } } }`,
        variables,
        options,
        { path: input.email },
      );
      // `user` is always null in the create answer, and the email is stored lower-cased.
      const email = input.email.toLowerCase();
      const found = (await api.list(options)).find((u) => u.email.toLowerCase() === email);
      if (!found) throw notFound('users.create', input.email);
      return found;
    },
    async update(userId, patch: UserPatch, options) {
      const current = await api.get(userId, options);
      const variables: Record<string, unknown> = {
        id: id(userId),
        email: patch.email ?? current.email,
        name: patch.name ?? current.name,
        groups: (patch.groups ?? current.groups.map((g) => g.id)).map((g, i) => id(g, `groups[${i}]`)),
        location: patch.location ?? current.location,
        jobTitle: patch.jobTitle ?? current.jobTitle,
        timezone: patch.timezone ?? current.timezone,
        dateFormat: patch.dateFormat ?? current.dateFormat,
        appearance: patch.appearance ?? current.appearance,
      };
      if (patch.newPassword !== undefined) variables['newPassword'] = patch.newPassword;
      await ops.write<Payload>(
        'users.update',
        'users.update',
        `mutation ($id: Int!, $email: String, $name: String, $newPassword: String, $groups: [Int], $location: String, $jobTitle: String, $timezone: String, $dateFormat: String, $appearance: String) {
          users { update(id: $id, email: $email, name: $name, newPassword: $newPassword, groups: $groups, location: $location, jobTitle: $jobTitle, timezone: $timezone, dateFormat: $dateFormat, appearance: $appearance) { ${RESULT} } } }`,
        variables,
        options,
      );
    },
    async delete(userId, options = {}) {
      await ops.write<Payload>('users.delete', 'users.delete', `mutation ($id: Int!, $replaceId: Int!) { users { delete(id: $id, replaceId: $replaceId) { ${RESULT} } } }`, {
        id: id(userId),
        replaceId: id(options.replaceId ?? 1, 'replaceId'),
      }, options);
    },
  };
  for (const action of ['activate', 'deactivate', 'verify', 'resetPassword', 'enableTfa', 'disableTfa'] as const) {
    const field = action === 'enableTfa' ? 'enableTFA' : action === 'disableTfa' ? 'disableTFA' : action;
    api[action] = async (userId: WikiJsId, options?: CallOptions) => {
      await ops.write<Payload>(`users.${action}`, `users.${field}`, `mutation ($id: Int!) { users { ${field}(id: $id) { ${RESULT} } } }`, { id: id(userId) }, options);
    };
  }
  return api;
}

const GROUP_FULL = 'id name isSystem redirectOnLogin permissions pageRules { id deny match roles path locales } users { id name email } createdAt updatedAt';

interface RawGroup extends Omit<WikiJsGroup, 'pageRules' | 'users' | 'redirectOnLogin' | 'permissions'> {
  redirectOnLogin: string | null;
  permissions: (string | null)[];
  pageRules: (PageRule | null)[] | null;
  users: ({ id: number; name: string; email: string } | null)[] | null;
}

function decodeGroup(raw: RawGroup): WikiJsGroup {
  return { ...raw, redirectOnLogin: raw.redirectOnLogin ?? '/', permissions: compact(raw.permissions), pageRules: compact(raw.pageRules), users: compact(raw.users) };
}

export function v2Groups(ops: V2Ops): GroupsApi {
  const api: GroupsApi = {
    async list(options) {
      return compact(await ops.read<(WikiJsGroupSummary | null)[]>('groups.list', 'groups.list', '{ groups { list { id name isSystem userCount createdAt updatedAt } } }', undefined, options));
    },
    async get(groupId, options) {
      const raw = await ops.read<RawGroup | null>('groups.get', 'groups.single', `query ($id: Int!) { groups { single(id: $id) { ${GROUP_FULL} } } }`, { id: id(groupId) }, options);
      if (!raw) throw notFound('groups.get', `group #${groupId}`);
      return decodeGroup(raw);
    },
    async create(name, options) {
      if (name.trim() === '') throw new UsageError('name must not be empty', { field: 'name' });
      const payload = await ops.write<Payload & { group: RawGroup | null }>(
        'groups.create',
        'groups.create',
        `mutation ($name: String!) { groups { create(name: $name) { ${RESULT} group { id name isSystem redirectOnLogin permissions pageRules { id deny match roles path locales } createdAt updatedAt } } } }`,
        { name },
        options,
      );
      if (!payload.group) throw notFound('groups.create', name);
      return decodeGroup({ ...payload.group, users: [] });
    },
    async update(groupId, patch: GroupPatch, options) {
      // The server requires every field; send the current value of each one the patch omits.
      const current = await api.get(groupId, options);
      await ops.write<Payload>(
        'groups.update',
        'groups.update',
        `mutation ($id: Int!, $name: String!, $redirectOnLogin: String!, $permissions: [String]!, $pageRules: [PageRuleInput]!) {
          groups { update(id: $id, name: $name, redirectOnLogin: $redirectOnLogin, permissions: $permissions, pageRules: $pageRules) { ${RESULT} } } }`,
        {
          id: id(groupId),
          name: patch.name ?? current.name,
          redirectOnLogin: patch.redirectOnLogin ?? current.redirectOnLogin,
          permissions: [...(patch.permissions ?? current.permissions)],
          pageRules: (patch.pageRules ?? current.pageRules).map((r) => ({ id: r.id, deny: r.deny, match: r.match, roles: [...r.roles], path: r.path, locales: [...r.locales] })),
        },
        options,
      );
    },
    async delete(groupId, options) {
      await ops.write<Payload>('groups.delete', 'groups.delete', `mutation ($id: Int!) { groups { delete(id: $id) { ${RESULT} } } }`, { id: id(groupId) }, options);
    },
    async assignUser(groupId, userId, options) {
      await ops.write<Payload>('groups.assignUser', 'groups.assignUser', `mutation ($groupId: Int!, $userId: Int!) { groups { assignUser(groupId: $groupId, userId: $userId) { ${RESULT} } } }`, {
        groupId: id(groupId, 'groupId'),
        userId: id(userId, 'userId'),
      }, options);
    },
    async unassignUser(groupId, userId, options) {
      await ops.write<Payload>('groups.unassignUser', 'groups.unassignUser', `mutation ($groupId: Int!, $userId: Int!) { groups { unassignUser(groupId: $groupId, userId: $userId) { ${RESULT} } } }`, {
        groupId: id(groupId, 'groupId'),
        userId: id(userId, 'userId'),
      }, options);
    },
    async pageRules(groupId, options) {
      return [...(await api.get(groupId, options)).pageRules];
    },
    async setPageRules(groupId, rules, options) {
      await api.update(groupId, { pageRules: rules }, options);
    },
  };
  return api;
}

const NAV_ITEM = 'id kind label icon targetType target visibilityMode visibilityGroups';

export function v2Navigation(ops: V2Ops): NavigationApi {
  return {
    async tree(options) {
      const trees = await ops.read<({ locale: string; items: (NavigationTree['items'][number] | null)[] } | null)[]>('navigation.tree', 'navigation.tree', `{ navigation { tree { locale items { ${NAV_ITEM} } } } }`, undefined, options);
      return compact(trees).map((t) => ({ locale: t.locale, items: compact(t.items) }));
    },
    async config(options) {
      return ops.read<{ mode: NavigationMode }>('navigation.config', 'navigation.config', '{ navigation { config { mode } } }', undefined, options);
    },
    async updateTree(tree, options) {
      await ops.write<Payload>('navigation.updateTree', 'navigation.updateTree', `mutation ($tree: [NavigationTreeInput]!) { navigation { updateTree(tree: $tree) { ${RESULT} } } }`, { tree }, options, { idempotent: true });
    },
    async updateConfig(mode, options) {
      await ops.write<Payload>('navigation.updateConfig', 'navigation.updateConfig', `mutation ($mode: NavigationMode!) { navigation { updateConfig(mode: $mode) { ${RESULT} } } }`, { mode }, options, { idempotent: true });
    },
  };
}

const COMMENT = 'id content render authorId authorName authorEmail createdAt updatedAt';

export function v2Comments(ops: V2Ops): CommentsApi {
  return {
    async list(path, locale = 'en', options) {
      return compact(await ops.read<(WikiJsComment | null)[]>('comments.list', 'comments.list', `query ($locale: String!, $path: String!) { comments { list(locale: $locale, path: $path) { ${COMMENT} } } }`, { locale, path }, options));
    },
    async get(commentId, options) {
      const comment = await ops.read<WikiJsComment | null>('comments.get', 'comments.single', `query ($id: Int!) { comments { single(id: $id) { ${COMMENT} } } }`, { id: id(commentId) }, options);
      if (!comment) throw notFound('comments.get', `comment #${commentId}`);
      return comment;
    },
    async create(input: CommentCreateInput, options) {
      const variables: Record<string, unknown> = { pageId: id(input.pageId, 'pageId'), content: input.content };
      if (input.replyTo !== undefined) variables['replyTo'] = id(input.replyTo, 'replyTo');
      if (input.guestName !== undefined) variables['guestName'] = input.guestName;
      if (input.guestEmail !== undefined) variables['guestEmail'] = input.guestEmail;
      const payload = await ops.write<Payload & { id: number | null }>(
        'comments.create',
        'comments.create',
        `mutation ($pageId: Int!, $replyTo: Int, $content: String!, $guestName: String, $guestEmail: String) { comments { create(pageId: $pageId, replyTo: $replyTo, content: $content, guestName: $guestName, guestEmail: $guestEmail) { ${RESULT} id } } }`,
        variables,
        options,
      );
      if (payload.id === null) throw notFound('comments.create', `page #${input.pageId}`);
      return payload.id;
    },
    async update(commentId, content, options) {
      const payload = await ops.write<Payload & { render: string | null }>('comments.update', 'comments.update', `mutation ($id: Int!, $content: String!) { comments { update(id: $id, content: $content) { ${RESULT} render } } }`, {
        id: id(commentId),
        content,
      }, options);
      return payload.render ?? '';
    },
    async delete(commentId, options) {
      await ops.write<Payload>('comments.delete', 'comments.delete', `mutation ($id: Int!) { comments { delete(id: $id) { ${RESULT} } } }`, { id: id(commentId) }, options);
    },
    async providers(options) {
      return compact(await ops.read<({ key: string; title: string; isEnabled: boolean } | null)[]>('comments.providers', 'comments.providers', '{ comments { providers { key title isEnabled } } }', undefined, options));
    },
  };
}

/** `anon` runs `login` without credentials (the JWT session calls it to get them). */
export function v2Authentication(ops: V2Ops, anon: V2Ops): AuthenticationApi {
  return {
    async login(username, password, strategy = 'local', options) {
      const payload = await anon.write<Payload & { jwt: string | null; mustChangePwd: boolean | null; mustProvideTFA: boolean | null }>(
        'authentication.login',
        'authentication.login',
        `mutation ($username: String!, $password: String!, $strategy: String!) { authentication { login(username: $username, password: $password, strategy: $strategy) { ${RESULT} jwt mustChangePwd mustProvideTFA } } }`,
        { username, password, strategy },
        options,
      );
      const result: LoginResult = { jwt: payload.jwt ?? '', mustChangePassword: payload.mustChangePwd ?? false, mustProvideTfa: payload.mustProvideTFA ?? false };
      return result;
    },
    async apiKeys(options) {
      return compact(await ops.read<(ApiKeyInfo | null)[]>('authentication.apiKeys', 'authentication.apiKeys', '{ authentication { apiKeys { id name keyShort expiration createdAt updatedAt isRevoked } } }', undefined, options));
    },
    async createApiKey(input, options) {
      const variables: Record<string, unknown> = { name: input.name, expiration: input.expiration, fullAccess: input.fullAccess };
      if (input.group !== undefined) variables['group'] = id(input.group, 'group');
      const payload = await ops.write<Payload & { key: string | null }>(
        'authentication.createApiKey',
        'authentication.createApiKey',
        `mutation ($name: String!, $expiration: String!, $fullAccess: Boolean!, $group: Int) { authentication { createApiKey(name: $name, expiration: $expiration, fullAccess: $fullAccess, group: $group) { ${RESULT} key } } }`,
        variables,
        options,
      );
      return { key: payload.key ?? '' };
    },
    async revokeApiKey(keyId, options) {
      await ops.write<Payload>('authentication.revokeApiKey', 'authentication.revokeApiKey', `mutation ($id: Int!) { authentication { revokeApiKey(id: $id) { ${RESULT} } } }`, { id: id(keyId) }, options, { idempotent: true });
    },
    async apiState(options) {
      return ops.read<boolean>('authentication.apiState', 'authentication.apiState', '{ authentication { apiState } }', undefined, options);
    },
    async setApiState(enabled, options) {
      await ops.write<Payload>('authentication.setApiState', 'authentication.setApiState', `mutation ($enabled: Boolean!) { authentication { setApiState(enabled: $enabled) { ${RESULT} } } }`, { enabled }, options, { idempotent: true });
    },
    async strategies(options) {
      const raw = await ops.read<({ key: string; displayName: string; isEnabled: boolean } | null)[]>('authentication.strategies', 'authentication.activeStrategies', '{ authentication { activeStrategies { key displayName isEnabled } } }', undefined, options);
      return compact(raw).map((s): AuthStrategyInfo => ({ key: s.key, title: s.displayName, isEnabled: s.isEnabled }));
    },
  };
}

/** SiteConfig keys and their GraphQL input types (schema `SiteMutation.updateConfig`). */
const SITE_FIELDS: Readonly<Record<string, string>> = {
  host: 'String', title: 'String', description: 'String', robots: '[String]', analyticsService: 'String', analyticsId: 'String', company: 'String',
  contentLicense: 'String', footerOverride: 'String', logoUrl: 'String', pageExtensions: 'String', authAutoLogin: 'Boolean', authEnforce2FA: 'Boolean',
  authHideLocal: 'Boolean', authLoginBgUrl: 'String', authJwtAudience: 'String', authJwtExpiration: 'String', authJwtRenewablePeriod: 'String',
  editFab: 'Boolean', editMenuBar: 'Boolean', editMenuBtn: 'Boolean', editMenuExternalBtn: 'Boolean', editMenuExternalName: 'String',
  editMenuExternalIcon: 'String', editMenuExternalUrl: 'String', featurePageRatings: 'Boolean', featurePageComments: 'Boolean',
  featurePersonalWikis: 'Boolean', securityOpenRedirect: 'Boolean', securityIframe: 'Boolean', securityReferrerPolicy: 'Boolean',
  securityTrustProxy: 'Boolean', securitySRI: 'Boolean', securityHSTS: 'Boolean', securityHSTSDuration: 'Int', securityCSP: 'Boolean',
  securityCSPDirectives: 'String', uploadMaxFileSize: 'Int', uploadMaxFiles: 'Int', uploadScanSVG: 'Boolean', uploadForceDownload: 'Boolean',
};

export function v2Site(ops: V2Ops): SiteApi {
  return {
    async config(options) {
      return ops.read<SiteConfig>('site.config', 'site.config', `{ site { config { ${Object.keys(SITE_FIELDS).join(' ')} } } }`, undefined, options);
    },
    async updateConfig(patch, options) {
      // Only the keys given are sent: the server keeps any argument that is absent.
      const keys = Object.keys(patch);
      for (const key of keys) if (!(key in SITE_FIELDS)) throw new UsageError(`site.updateConfig: unknown setting "${key}"`, { field: key });
      if (keys.length === 0) return;
      const vars = keys.map((k) => `$${k}: ${SITE_FIELDS[k] ?? 'String'}`).join(', ');
      const args = keys.map((k) => `${k}: $${k}`).join(', ');
      await ops.write<Payload>('site.updateConfig', 'site.updateConfig', `mutation (${vars}) { site { updateConfig(${args}) { ${RESULT} } } }`, { ...patch }, options, { idempotent: true });
    },
  };
}

export function v2System(ops: V2Ops): SystemApi {
  return {
    async info(options) {
      return ops.read<SystemInfo>('system.info', 'system.info', '{ system { info { currentVersion latestVersion dbType dbVersion nodeVersion operatingSystem hostname pagesTotal usersTotal groupsTotal tagsTotal } } }', undefined, options);
    },
    async flags(options) {
      return compact(await ops.read<({ key: string; value: boolean } | null)[]>('system.flags', 'system.flags', '{ system { flags { key value } } }', undefined, options));
    },
  };
}

export function v2Localization(ops: V2Ops): LocalizationApi {
  return {
    async locales(options) {
      return compact(await ops.read<(LocaleInfo | null)[]>('localization.locales', 'localization.locales', '{ localization { locales { code name nativeName isInstalled isRTL availability } } }', undefined, options));
    },
    async config(options) {
      const raw = await ops.read<LocalizationConfig & { namespaces: (string | null)[] }>('localization.config', 'localization.config', '{ localization { config { locale autoUpdate namespacing namespaces } } }', undefined, options);
      return { ...raw, namespaces: compact(raw.namespaces) };
    },
    async translations(locale, namespace, options) {
      return compact(await ops.read<({ key: string; value: string } | null)[]>('localization.translations', 'localization.translations', 'query ($locale: String!, $namespace: String!) { localization { translations(locale: $locale, namespace: $namespace) { key value } } }', { locale, namespace }, options));
    },
    async updateLocale(config, options) {
      await ops.write<Payload>(
        'localization.updateLocale',
        'localization.updateLocale',
        `mutation ($locale: String!, $autoUpdate: Boolean!, $namespacing: Boolean!, $namespaces: [String]!) { localization { updateLocale(locale: $locale, autoUpdate: $autoUpdate, namespacing: $namespacing, namespaces: $namespaces) { ${RESULT} } } }`,
        { locale: config.locale, autoUpdate: config.autoUpdate, namespacing: config.namespacing, namespaces: [...config.namespaces] },
        options,
        { idempotent: true },
      );
    },
    async downloadLocale(locale, options) {
      await ops.write<Payload>('localization.downloadLocale', 'localization.downloadLocale', `mutation ($locale: String!) { localization { downloadLocale(locale: $locale) { ${RESULT} } } }`, { locale }, options, { idempotent: true });
    },
  };
}

export function v2Search(ops: V2Ops): SearchApi {
  return {
    async engines(options) {
      const raw = await ops.read<(Omit<SearchEngineInfo, 'config' | 'isAvailable'> & { isAvailable: boolean | null; config: ({ key: string; value: string } | null)[] | null } | null)[]>(
        'search.engines',
        'search.searchEngines',
        '{ search { searchEngines { key title isEnabled isAvailable config { key value } } } }',
        undefined,
        options,
      );
      return compact(raw).map((e) => ({ ...e, isAvailable: e.isAvailable ?? false, config: compact(e.config) }));
    },
    async updateEngines(engines, options) {
      await ops.write<Payload>(
        'search.updateEngines',
        'search.updateSearchEngines',
        `mutation ($engines: [SearchEngineInput]) { search { updateSearchEngines(engines: $engines) { ${RESULT} } } }`,
        { engines: engines.map((e) => ({ key: e.key, isEnabled: e.isEnabled, config: [...(e.config ?? [])] })) },
        options,
        { idempotent: true },
      );
    },
    async rebuildIndex(options) {
      await ops.write<Payload>('search.rebuildIndex', 'search.rebuildIndex', `mutation { search { rebuildIndex { ${RESULT} } } }`, {}, options, { idempotent: true });
    },
  };
}

export function v2Storage(ops: V2Ops): StorageApi {
  return {
    async status(options) {
      return compact(await ops.read<(StorageStatus | null)[]>('storage.status', 'storage.status', '{ storage { status { key title status message lastAttempt } } }', undefined, options));
    },
    async targets(options) {
      return compact(await ops.read<(StorageTargetInfo | null)[]>('storage.targets', 'storage.targets', '{ storage { targets { key title isEnabled isAvailable mode } } }', undefined, options));
    },
    async executeAction(targetKey, handler, options) {
      await ops.write<Payload>('storage.executeAction', 'storage.executeAction', `mutation ($targetKey: String!, $handler: String!) { storage { executeAction(targetKey: $targetKey, handler: $handler) { ${RESULT} } } }`, { targetKey, handler }, options);
    },
  };
}

function notFound(operation: string, subject: string, cause?: unknown): NotFoundError {
  return new NotFoundError(`Wiki.js ${operation} failed: NotFound — ${subject} does not exist`, { wiki: 'wikijs-v2', code: 'NotFound', slug: 'NotFound', path: subject, ...(cause ? { cause } : {}) });
}
