import { readFileSync } from 'node:fs';
import type { GraphQLFieldResolver, GraphQLSchema, IntrospectionQuery } from 'graphql';
import { buildClientSchema, getNamedType, isObjectType } from '../graphql.js';
import { checkAccess } from './access.js';
import { groupRules, type V2Context } from './context.js';
import { authMutationResolvers, authQueryResolvers } from './auth.js';
import {
  assetMutationResolvers, assetQueryResolvers, localizationQueryResolvers, navigationMutationResolvers, navigationQueryResolvers,
  searchMutationResolvers, searchQueryResolvers, siteMutationResolvers, siteQueryResolvers, storageQueryResolvers, systemQueryResolvers,
  themingMutationResolvers, themingQueryResolvers,
} from './admin.js';
import {
  moreAuthMutationResolvers, moreAuthQueryResolvers, moreCommentMutationResolvers, moreCommentQueryResolvers, moreLocalizationMutationResolvers,
  moreLocalizationQueryResolvers, moreSearchMutationResolvers, moreStorageMutationResolvers, moreStorageQueryResolvers, moreSystemMutationResolvers,
  moreSystemQueryResolvers, moreUserMutationResolvers,
} from './admin-more.js';
import { COMMENT_FIELD_AUTH, commentMutationResolvers, commentQueryResolvers } from './comments.js';
import { pageMutationResolvers, pageQueryResolvers } from './pages.js';
import { groupMutationResolvers, groupQueryResolvers, userMutationResolvers, userQueryResolvers } from './users.js';
import { jsError } from './wiki-errors.js';

/**
 * The real Wiki.js 2.5.314 schema (introspection JSON shipped in `schemas/`), with resolvers
 * attached. `@auth(requires: …)` is not part of introspection, so its scopes are listed here
 * from the 2.5 `server/graph/schemas/*.graphql` files.
 */
const SYS = 'manage:system';
const AUTH: Record<string, readonly string[]> = {
  'PageQuery.history': [SYS, 'read:history'], 'PageQuery.version': [SYS, 'read:history'],
  'PageQuery.search': [SYS, 'read:pages'], 'PageQuery.list': [SYS, 'read:pages'], 'PageQuery.single': [SYS, 'read:pages'],
  'PageQuery.singleByPath': [SYS, 'read:pages'], 'PageQuery.tags': [SYS, 'read:pages'], 'PageQuery.searchTags': [SYS, 'read:pages'],
  'PageQuery.tree': [SYS, 'read:pages'], 'PageQuery.links': [SYS, 'read:pages'],
  'PageQuery.checkConflicts': [SYS, 'write:pages', 'manage:pages'], 'PageQuery.conflictLatest': [SYS, 'write:pages', 'manage:pages'],
  'PageMutation.create': [SYS, 'write:pages', 'manage:pages'], 'PageMutation.update': [SYS, 'write:pages', 'manage:pages'],
  'PageMutation.convert': [SYS, 'write:pages', 'manage:pages'], 'PageMutation.move': [SYS, 'manage:pages'],
  'PageMutation.delete': [SYS, 'delete:pages', 'manage:pages'], 'PageMutation.restore': [SYS, 'write:pages', 'manage:pages'],
  'PageMutation.deleteTag': [SYS, 'manage:pages'], 'PageMutation.updateTag': [SYS, 'manage:pages'],
  'PageMutation.flushCache': [SYS], 'PageMutation.migrateToLocale': [SYS], 'PageMutation.rebuildTree': [SYS],
  'PageMutation.render': [SYS], 'PageMutation.purgeHistory': [SYS],
  'UserQuery.list': [SYS, 'write:users', 'manage:users'], 'UserQuery.search': [SYS, 'write:users', 'manage:users', 'write:groups', 'manage:groups'],
  'UserQuery.single': [SYS, 'write:users', 'manage:users'], 'UserQuery.lastLogins': [SYS, 'write:groups', 'manage:groups', 'write:users', 'manage:users'],
  'UserMutation.create': [SYS, 'write:users', 'manage:users'], 'UserMutation.update': [SYS, 'write:users', 'manage:users'],
  'UserMutation.delete': [SYS, 'manage:users'], 'UserMutation.verify': [SYS, 'write:users', 'manage:users'],
  'UserMutation.activate': [SYS, 'write:users', 'manage:users'], 'UserMutation.deactivate': [SYS, 'write:users', 'manage:users'],
  'UserMutation.enableTFA': [SYS, 'write:users', 'manage:users'], 'UserMutation.disableTFA': [SYS, 'write:users', 'manage:users'],
  'UserMutation.resetPassword': [SYS, 'write:users', 'manage:users'],
  'GroupQuery.list': [SYS, 'write:groups', 'manage:groups', 'write:users', 'manage:users'], 'GroupQuery.single': [SYS, 'write:groups', 'manage:groups'],
  'GroupMutation.create': [SYS, 'write:groups', 'manage:groups'], 'GroupMutation.update': [SYS, 'write:groups', 'manage:groups'],
  'GroupMutation.delete': [SYS, 'write:groups', 'manage:groups'], 'GroupMutation.assignUser': [SYS, 'write:groups', 'manage:groups'],
  'GroupMutation.unassignUser': [SYS, 'write:groups', 'manage:groups'],
  'AuthenticationQuery.apiKeys': [SYS, 'manage:api'], 'AuthenticationQuery.apiState': [SYS, 'manage:api'],
  'AuthenticationQuery.strategies': [SYS],
  'AuthenticationMutation.createApiKey': [SYS, 'manage:api'], 'AuthenticationMutation.revokeApiKey': [SYS, 'manage:api'],
  'AuthenticationMutation.setApiState': [SYS, 'manage:api'], 'AuthenticationMutation.updateStrategies': [SYS],
  'AuthenticationMutation.regenerateCertificates': [SYS], 'AuthenticationMutation.resetGuestUser': [SYS],
  'AssetQuery.list': [SYS, 'read:assets'], 'AssetQuery.folders': [SYS, 'read:assets'],
  'AssetMutation.createFolder': [SYS, 'write:assets'], 'AssetMutation.renameAsset': [SYS, 'manage:assets'],
  'AssetMutation.deleteAsset': [SYS, 'manage:assets'], 'AssetMutation.flushTempUploads': [SYS],
  'NavigationQuery.config': [SYS, 'manage:navigation'], 'NavigationMutation.updateTree': [SYS, 'manage:navigation'],
  'NavigationMutation.updateConfig': [SYS, 'manage:navigation'],
  'ThemingQuery.themes': [SYS, 'manage:theme'], 'ThemingMutation.setConfig': [SYS, 'manage:theme'],
  'CommentQuery.list': [SYS, 'read:comments'], 'CommentQuery.single': [SYS, 'read:comments'],
  'CommentMutation.create': [SYS, 'write:comments'], 'CommentMutation.update': [SYS, 'write:comments', 'manage:comments'],
  'CommentMutation.delete': [SYS, 'manage:comments'],
  'UserMutation.updateProfile': [], 'UserMutation.changePassword': [], 'UserQuery.profile': [],
  'AuthenticationMutation.login': [], 'AuthenticationMutation.loginTFA': [], 'AuthenticationMutation.loginChangePassword': [],
  'AuthenticationMutation.forgotPassword': [], 'AuthenticationMutation.register': [], 'AuthenticationQuery.activeStrategies': [],
  'NavigationQuery.tree': [], 'ThemingQuery.config': [], 'LocalizationQuery.locales': [], 'LocalizationQuery.translations': [],
  'ContributeQuery.contributors': [], 'CommentQuery.providers': [SYS], 'SystemQuery.info': [],
};
const SYSTEM_INFO_FIELDS = [
  'configFile', 'cpuCores', 'currentVersion', 'dbHost', 'dbType', 'dbVersion', 'groupsTotal', 'hostname', 'httpPort', 'httpRedirection',
  'httpsPort', 'latestVersion', 'latestVersionReleaseDate', 'nodeVersion', 'operatingSystem', 'pagesTotal', 'platform', 'ramTotal',
  'sslDomain', 'sslExpirationDate', 'sslProvider', 'sslStatus', 'sslSubscriberEmail', 'tagsTotal', 'telemetry', 'telemetryClientId',
  'upgradeCapable', 'usersTotal', 'workingDirectory',
] as const;
/** Namespaces whose every field is admin-only unless listed above. */
const DEFAULT_SCOPE: readonly string[] = [SYS];

type Resolver = GraphQLFieldResolver<unknown, V2Context>;
type ResolverMap = Record<string, Record<string, Resolver> | undefined>;

const storageTargets = (): Record<string, unknown>[] => storageQueryResolvers.targets();

const IMPLEMENTED: ResolverMap = {
  PageQuery: pageQueryResolvers as Record<string, Resolver>,
  PageMutation: pageMutationResolvers as Record<string, Resolver>,
  UserQuery: userQueryResolvers as Record<string, Resolver>,
  UserMutation: { ...userMutationResolvers, ...moreUserMutationResolvers } as Record<string, Resolver>,
  GroupQuery: groupQueryResolvers as Record<string, Resolver>,
  GroupMutation: groupMutationResolvers as Record<string, Resolver>,
  AuthenticationQuery: { ...authQueryResolvers, ...moreAuthQueryResolvers } as Record<string, Resolver>,
  AuthenticationMutation: { ...authMutationResolvers, ...moreAuthMutationResolvers } as Record<string, Resolver>,
  AssetQuery: assetQueryResolvers as Record<string, Resolver>,
  AssetMutation: assetMutationResolvers as Record<string, Resolver>,
  NavigationQuery: navigationQueryResolvers as Record<string, Resolver>,
  NavigationMutation: navigationMutationResolvers as Record<string, Resolver>,
  SiteQuery: siteQueryResolvers as Record<string, Resolver>,
  SiteMutation: siteMutationResolvers as Record<string, Resolver>,
  SystemQuery: { ...systemQueryResolvers, ...moreSystemQueryResolvers } as Record<string, Resolver>,
  SystemMutation: moreSystemMutationResolvers as Record<string, Resolver>,
  ThemingQuery: themingQueryResolvers as Record<string, Resolver>,
  ThemingMutation: themingMutationResolvers as Record<string, Resolver>,
  LocalizationQuery: { ...localizationQueryResolvers, ...moreLocalizationQueryResolvers } as Record<string, Resolver>,
  LocalizationMutation: moreLocalizationMutationResolvers as Record<string, Resolver>,
  SearchQuery: searchQueryResolvers as Record<string, Resolver>,
  SearchMutation: { ...searchMutationResolvers, ...moreSearchMutationResolvers } as Record<string, Resolver>,
  StorageQuery: { ...storageQueryResolvers, ...moreStorageQueryResolvers(storageTargets) } as Record<string, Resolver>,
  StorageMutation: moreStorageMutationResolvers(() => storageTargets().map((t) => String(t['key']))) as Record<string, Resolver>,
  CommentQuery: { ...commentQueryResolvers, ...moreCommentQueryResolvers } as Record<string, Resolver>,
  CommentMutation: { ...commentMutationResolvers, ...moreCommentMutationResolvers } as Record<string, Resolver>,
};

/** Field-level `@auth` on object types (not namespaces), from the 2.5 schema files. */
const TYPE_FIELD_AUTH: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  CommentPost: COMMENT_FIELD_AUTH,
  // `system.info` itself is open; each of its fields needs manage:system (observed: a guest's
  // error has the path system.info.<field> and `info` is an object of nulls).
  SystemInfo: Object.fromEntries(SYSTEM_INFO_FIELDS.map((f) => [f, [SYS]])),
};

export const NOT_IMPLEMENTED_MESSAGE = 'This feature is not available in the wikikit sandbox (Wiki.js 2 emulation).';

export function loadIntrospection(): IntrospectionQuery {
  const url = new URL('../../../schemas/wikijs-v2.introspection.json', import.meta.url);
  const json = JSON.parse(readFileSync(url, 'utf8')) as { data: IntrospectionQuery };
  return json.data;
}

function guard(scopes: readonly string[], resolve: Resolver): Resolver {
  if (scopes.length === 0) return resolve;
  return (src, args, ctx, info) => {
    // @auth directive: any one scope (manage:system passes everything), no page context.
    if (!checkAccess(ctx.user, scopes, undefined, groupRules(ctx.svc))) throw jsError('Error', 'Forbidden');
    return resolve(src, args, ctx, info);
  };
}

export function buildV2Schema(): GraphQLSchema {
  const schema = buildClientSchema(loadIntrospection());
  // Resolvers are attached to the field objects of the one schema instance (what graphql-tools'
  // addResolversToSchema does in place), so no second copy of graphql-js gets involved.
  for (const rootName of ['Query', 'Mutation'] as const) {
    const root = rootName === 'Query' ? schema.getQueryType() : schema.getMutationType();
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      // Namespaces (`pages`, `users`, …) resolve to an empty object; their fields do the work.
      field.resolve = () => ({});
      const ns = getNamedType(field.type);
      if (!isObjectType(ns)) continue;
      for (const [name, f] of Object.entries(ns.getFields())) {
        const impl = IMPLEMENTED[ns.name]?.[name];
        const ret = getNamedType(f.type);
        const hasStatus = isObjectType(ret) && 'responseResult' in ret.getFields();
        // Unimplemented: a mutation fails in responseResult (code 1, like any plain Error on the
        // real server); a query field raises a GraphQL error. Never a made-up value.
        const fallback: Resolver = rootName === 'Mutation' && hasStatus
          ? () => ({ responseResult: { succeeded: false, errorCode: 1, slug: 'Error', message: NOT_IMPLEMENTED_MESSAGE } })
          : () => { throw jsError('Error', NOT_IMPLEMENTED_MESSAGE); };
        f.resolve = guard(AUTH[`${ns.name}.${name}`] ?? DEFAULT_SCOPE, impl ?? fallback) as NonNullable<typeof f.resolve>;
      }
    }
  }
  for (const [typeName, fields] of Object.entries(TYPE_FIELD_AUTH)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const [name, scopes] of Object.entries(fields)) {
      const f = type.getFields()[name];
      if (f === undefined) continue;
      const read: Resolver = (src) => (src as Record<string, unknown>)[name];
      f.resolve = guard(scopes, read) as NonNullable<typeof f.resolve>;
    }
  }
  const subscription = schema.getSubscriptionType();
  for (const f of Object.values(subscription?.getFields() ?? {})) {
    const reject: NonNullable<typeof f.subscribe> = () => { throw jsError('Error', NOT_IMPLEMENTED_MESSAGE); };
    f.subscribe = reject;
  }
  return schema;
}
