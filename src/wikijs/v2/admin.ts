/**
 * Wiki.js 2.x navigation, comments, authentication, site, system, localization, search-engine
 * and storage administration (users and groups: users.ts).
 */
import { usageError } from '../../errors.js';
import type { ApiKeyInfo, AuthenticationApi, AuthStrategyConfig, AuthStrategyInfo, CallOptions, CommentCreateInput, CommentsApi, ExportStatus, LocaleInfo, LocalizationApi, LocalizationConfig, LoginResult, ModuleUpdate, NavigationApi, NavigationMode, NavigationTree, SearchApi, SearchEngineInfo, SiteApi, SiteConfig, StorageApi, StorageStatus, StorageTargetInfo, SystemApi, SystemExtension, SystemInfo, WikiJsComment } from '../dialect.js';
import { decodeSettings, encodeSettings, type KeyValuePair } from './modules.js';
import { compact, RESULT, type V2Ops } from './ops.js';
import { id, notFound, type Payload } from './admin-shared.js';

export { v2Groups, v2Users } from './users.js';

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
    async updateProviders(updates, options) {
      const current = compact(
        await ops.read<({ key: string; isEnabled: boolean; config: (KeyValuePair | null)[] | null } | null)[]>('comments.updateProviders', 'comments.providers', '{ comments { providers { key isEnabled config { key value } } } }', undefined, options),
      );
      const providers = mergeModules('comments.updateProviders', current, updates).map((p) => ({ key: p.key, isEnabled: p.isEnabled, config: encodeSettings(p.config) }));
      await ops.write<Payload>('comments.updateProviders', 'comments.updateProviders', `mutation ($providers: [CommentProviderInput]) { comments { updateProviders(providers: $providers) { ${RESULT} } } }`, { providers }, options, { idempotent: true });
    },
  };
}

/** The current state of each module named in `updates`, with the update applied (settings merged). */
function mergeModules(
  operation: string,
  current: readonly { key: string; isEnabled: boolean; config: (KeyValuePair | null)[] | null }[],
  updates: readonly ModuleUpdate[],
): { key: string; isEnabled: boolean; config: Record<string, unknown> }[] {
  return updates.map((u) => {
    const now = current.find((c) => c.key === u.key);
    if (!now) throw usageError(`${operation}: no module "${u.key}" on this server (known: ${current.map((c) => c.key).join(', ')})`, { field: 'key' });
    return { key: now.key, isEnabled: u.isEnabled ?? now.isEnabled, config: { ...decodeSettings(now.config), ...(u.config ?? {}) } };
  });
}

/** `anon` runs `login` without credentials (the JWT session calls it to get them). */
export function v2Authentication(ops: V2Ops, anon: V2Ops): AuthenticationApi {
  return {
    async login(username, password, strategy = 'local', options) {
      return loginStep(anon.write<Payload & LoginPayload>(
        'authentication.login',
        'authentication.login',
        `mutation ($username: String!, $password: String!, $strategy: String!) { authentication { login(username: $username, password: $password, strategy: $strategy) { ${RESULT} ${LOGIN_FIELDS} } } }`,
        { username, password, strategy },
        options,
      ));
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
    async availableStrategies(options) {
      const raw = await ops.read<({ key: string; title: string; isAvailable: boolean | null } | null)[]>('authentication.availableStrategies', 'authentication.strategies', '{ authentication { strategies { key title isAvailable } } }', undefined, options);
      return compact(raw).map((s): AuthStrategyInfo => ({ key: s.key, title: s.title, isEnabled: s.isAvailable ?? false }));
    },
    activeStrategies: (options) => activeStrategies(ops, options),
    async updateStrategies(updates, options) {
      // The server deletes every configured strategy missing from the list: always send them all.
      const current = await activeStrategies(ops, options);
      for (const u of updates) if (!current.some((c) => c.key === u.key)) throw usageError(`authentication.updateStrategies: no configured strategy "${u.key}" (known: ${current.map((c) => c.key).join(', ')})`, { field: 'key' });
      const strategies = current.map((c) => {
        const u = updates.find((x) => x.key === c.key);
        const next = { ...c, ...u, config: { ...c.config, ...(u?.config ?? {}) } };
        return {
          key: next.key, strategyKey: next.strategyKey, displayName: next.displayName, order: next.order, isEnabled: next.isEnabled, selfRegistration: next.selfRegistration,
          domainWhitelist: [...next.domainWhitelist], autoEnrollGroups: [...next.autoEnrollGroups], config: encodeSettings(next.config),
        };
      });
      await ops.write<Payload>('authentication.updateStrategies', 'authentication.updateStrategies', `mutation ($strategies: [AuthenticationStrategyInput]!) { authentication { updateStrategies(strategies: $strategies) { ${RESULT} } } }`, { strategies }, options, { idempotent: true });
    },
    async loginTfa(continuationToken, securityCode, options = {}) {
      const variables: Record<string, unknown> = { continuationToken, securityCode };
      if (options.setup !== undefined) variables['setup'] = options.setup;
      return loginStep(anon.write<Payload & LoginPayload>('authentication.loginTfa', 'authentication.loginTFA', `mutation ($continuationToken: String!, $securityCode: String!, $setup: Boolean) { authentication { loginTFA(continuationToken: $continuationToken, securityCode: $securityCode, setup: $setup) { ${RESULT} ${LOGIN_FIELDS} } } }`, variables, options));
    },
    async loginChangePassword(continuationToken, newPassword, options) {
      return loginStep(anon.write<Payload & LoginPayload>('authentication.loginChangePassword', 'authentication.loginChangePassword', `mutation ($continuationToken: String!, $newPassword: String!) { authentication { loginChangePassword(continuationToken: $continuationToken, newPassword: $newPassword) { ${RESULT} ${LOGIN_FIELDS} } } }`, { continuationToken, newPassword }, options));
    },
    async forgotPassword(email, options) {
      await anon.write<Payload>('authentication.forgotPassword', 'authentication.forgotPassword', `mutation ($email: String!) { authentication { forgotPassword(email: $email) { ${RESULT} } } }`, { email }, options);
    },
    async register(input, options) {
      await anon.write<Payload>('authentication.register', 'authentication.register', `mutation ($email: String!, $password: String!, $name: String!) { authentication { register(email: $email, password: $password, name: $name) { ${RESULT} } } }`, { ...input }, options, { path: input.email });
    },
    async resetGuestUser(options) {
      await ops.write<Payload>('authentication.resetGuestUser', 'authentication.resetGuestUser', `mutation { authentication { resetGuestUser { ${RESULT} } } }`, {}, options, { idempotent: true });
    },
    async regenerateCertificates(options) {
      await ops.write<Payload>('authentication.regenerateCertificates', 'authentication.regenerateCertificates', `mutation { authentication { regenerateCertificates { ${RESULT} } } }`, {}, options);
    },
  };
}

const LOGIN_FIELDS = 'jwt mustChangePwd mustProvideTFA mustSetupTFA continuationToken redirect';
interface LoginPayload {
  jwt: string | null;
  mustChangePwd: boolean | null;
  mustProvideTFA: boolean | null;
  mustSetupTFA?: boolean | null;
  continuationToken?: string | null;
  redirect?: string | null;
}

async function loginStep(payload: Promise<LoginPayload>): Promise<LoginResult> {
  const p = await payload;
  return {
    jwt: p.jwt ?? '',
    mustChangePassword: p.mustChangePwd ?? false,
    mustProvideTfa: p.mustProvideTFA ?? false,
    mustSetupTfa: p.mustSetupTFA ?? false,
    ...(p.continuationToken ? { continuationToken: p.continuationToken } : {}),
    ...(p.redirect ? { redirect: p.redirect } : {}),
  };
}

async function activeStrategies(ops: V2Ops, options?: CallOptions): Promise<AuthStrategyConfig[]> {
  type Raw = Omit<AuthStrategyConfig, 'config' | 'strategyKey' | 'domainWhitelist' | 'autoEnrollGroups'> & {
    strategy: { key: string } | null;
    config: (KeyValuePair | null)[] | null;
    domainWhitelist: (string | null)[] | null;
    autoEnrollGroups: (number | null)[] | null;
  };
  const raw = await ops.read<(Raw | null)[]>(
    'authentication.activeStrategies',
    'authentication.activeStrategies',
    '{ authentication { activeStrategies { key strategy { key } displayName order isEnabled config { key value } selfRegistration domainWhitelist autoEnrollGroups } } }',
    undefined,
    options,
  );
  return compact(raw).map((s) => ({
    key: s.key, strategyKey: s.strategy?.key ?? s.key, displayName: s.displayName, order: s.order, isEnabled: s.isEnabled, selfRegistration: s.selfRegistration,
    domainWhitelist: compact(s.domainWhitelist), autoEnrollGroups: compact(s.autoEnrollGroups), config: decodeSettings(s.config),
  }));
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
      for (const key of keys) if (!(key in SITE_FIELDS)) throw usageError(`site.updateConfig: unknown setting "${key}"`, { field: key });
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
    async updateFlags(flags, options) {
      // The server replaces the whole set: flags not named keep their current value.
      const current = compact(await ops.read<({ key: string; value: boolean } | null)[]>('system.updateFlags', 'system.flags', '{ system { flags { key value } } }', undefined, options));
      const merged = new Map(current.map((f) => [f.key, f.value]));
      for (const f of flags) merged.set(f.key, f.value);
      await ops.write<Payload>('system.updateFlags', 'system.updateFlags', `mutation ($flags: [SystemFlagInput]!) { system { updateFlags(flags: $flags) { ${RESULT} } } }`, { flags: [...merged].map(([key, value]) => ({ key, value })) }, options, { idempotent: true });
    },
    async extensions(options) {
      return compact(await ops.read<(SystemExtension | null)[]>('system.extensions', 'system.extensions', '{ system { extensions { key title description isInstalled isCompatible } } }', undefined, options));
    },
    async export(entities, path, options) {
      if (entities.length === 0) throw usageError('system.export: name at least one entity', { field: 'entities' });
      await ops.write<Payload>('system.export', 'system.export', `mutation ($entities: [String]!, $path: String!) { system { export(entities: $entities, path: $path) { ${RESULT} } } }`, { entities: [...entities], path }, options, { path });
    },
    async exportStatus(options) {
      return ops.read<ExportStatus>('system.exportStatus', 'system.exportStatus', '{ system { exportStatus { status progress message startedAt } } }', undefined, options);
    },
    async setTelemetry(enabled, options) {
      await ops.write<Payload>('system.setTelemetry', 'system.setTelemetry', `mutation ($enabled: Boolean!) { system { setTelemetry(enabled: $enabled) { ${RESULT} } } }`, { enabled }, options, { idempotent: true });
    },
    async resetTelemetryClientId(options) {
      await ops.write<Payload>('system.resetTelemetryClientId', 'system.resetTelemetryClientId', `mutation { system { resetTelemetryClientId { ${RESULT} } } }`, {}, options, { idempotent: true });
    },
    async setHttpsRedirection(enabled, options) {
      await ops.write<Payload>('system.setHttpsRedirection', 'system.setHTTPSRedirection', `mutation ($enabled: Boolean!) { system { setHTTPSRedirection(enabled: $enabled) { ${RESULT} } } }`, { enabled }, options, { idempotent: true });
    },
    async renewHttpsCertificate(options) {
      await ops.write<Payload>('system.renewHttpsCertificate', 'system.renewHTTPSCertificate', `mutation { system { renewHTTPSCertificate { ${RESULT} } } }`, {}, options);
    },
    async performUpgrade(options) {
      await ops.write<Payload>('system.performUpgrade', 'system.performUpgrade', `mutation { system { performUpgrade { ${RESULT} } } }`, {}, options);
    },
    async importUsersFromV1(mongoDbConnString, groupMode, options) {
      const payload = await ops.write<Payload & { usersCount: number | null; groupsCount: number | null; failed: ({ email: string; error: string } | null)[] | null }>(
        'system.importUsersFromV1',
        'system.importUsersFromV1',
        `mutation ($mongoDbConnString: String!, $groupMode: SystemImportUsersGroupMode!) { system { importUsersFromV1(mongoDbConnString: $mongoDbConnString, groupMode: $groupMode) { ${RESULT} usersCount groupsCount failed { email error } } } }`,
        { mongoDbConnString, groupMode },
        options,
      );
      return { usersCount: payload.usersCount ?? 0, groupsCount: payload.groupsCount ?? 0, failed: compact(payload.failed) };
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
    async updateTargets(updates, options) {
      type Raw = { key: string; isEnabled: boolean; mode: string | null; syncInterval: string | null; config: (KeyValuePair | null)[] | null };
      const current = compact(await ops.read<(Raw | null)[]>('storage.updateTargets', 'storage.targets', '{ storage { targets { key isEnabled mode syncInterval config { key value } } } }', undefined, options));
      const targets = updates.map((u) => {
        const now = current.find((c) => c.key === u.key);
        if (!now) throw usageError(`storage.updateTargets: no storage target "${u.key}" (known: ${current.map((c) => c.key).join(', ')})`, { field: 'key' });
        // A sensitive setting reads back as ******** and is sent back as such: the server keeps it.
        const target: Record<string, unknown> = { key: u.key, isEnabled: u.isEnabled ?? now.isEnabled, mode: u.mode ?? now.mode ?? 'push', config: encodeSettings({ ...decodeSettings(now.config), ...(u.config ?? {}) }) };
        const interval = u.syncInterval ?? now.syncInterval;
        if (interval !== null) target['syncInterval'] = interval;
        return target;
      });
      await ops.write<Payload>('storage.updateTargets', 'storage.updateTargets', `mutation ($targets: [StorageTargetInput]!) { storage { updateTargets(targets: $targets) { ${RESULT} } } }`, { targets }, options, { idempotent: true });
    },
    async executeAction(targetKey, handler, options) {
      await ops.write<Payload>('storage.executeAction', 'storage.executeAction', `mutation ($targetKey: String!, $handler: String!) { storage { executeAction(targetKey: $targetKey, handler: $handler) { ${RESULT} } } }`, { targetKey, handler }, options);
    },
  };
}
