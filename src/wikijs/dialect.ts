/**
 * The contract between {@link WikiJsClient} (dialect-neutral facades: validation, caching, bulk
 * pacing, `asWiki()`) and one Wiki.js major (`v2/`, `v3/`): what each major implements.
 *
 * Stable on purpose: the v2 and v3 dialects are written against it by different people.
 * Methods marked optional are features a major may lack; the client turns a missing method
 * into a `UsageError` naming the feature and the version (e.g. `pages.tree is not available on
 * Wiki.js 3`), so callers see the same surface on both.
 *
 * One job per file: dialect-base.ts (ids, options), dialect-pages.ts, dialect-users.ts,
 * dialect-admin.ts (the resources), and here the dialect itself; everything is re-exported here.
 */
import type { WikiKind } from '../errors.js';
import type { Transport } from '../transport/index.js';
import type { CallOptions, WikiJsId, WikiJsVersion } from './dialect-base.js';
import type { PagesDialect } from './dialect-pages.js';
import type { GroupsApi, UsersApi } from './dialect-users.js';
import type { AssetsApi, AuthenticationApi, CommentsApi, LocalizationApi, NavigationApi, SearchApi, SiteApi, StorageApi, SystemApi } from './dialect-admin.js';
import type { GraphQLExecutor } from './graphql.js';

export type { CallOptions, WikiJsId, WikiJsVersion } from './dialect-base.js';
export type { WikiJsPage, WikiJsPageListItem, PageCreateInput, PagePatch, UpdateOptions, DialectUpdateOptions, PageOrderBy, OrderDirection, PageListOptions, PageSearchOptions, PageSearchResult, PageTag, PageTreeItem, PageTreeOptions, PageLinkItem, PageHistoryEntry, PageHistory, PageVersion, PageConflictLatest, PagesDialect } from './dialect-pages.js';
export type { WikiJsUserSummary, WikiJsUserMatch, WikiJsUser, UserCreateInput, UserPatch, UsersApi, ProfilePatch, PageRuleMatch, PageRule, WikiJsGroupSummary, WikiJsGroup, GroupPatch, GroupsApi } from './dialect-users.js';
export type { AssetKind, AssetFolder, AssetItem, AssetUploadOptions, AssetsApi, NavigationItem, NavigationTree, NavigationMode, NavigationApi, WikiJsComment, CommentCreateInput, CommentsApi, ModuleUpdate, ApiKeyInfo, LoginResult, AuthStrategyConfig, AuthStrategyInfo, AuthenticationApi, SiteConfig, SiteApi, SystemInfo, SystemExtension, ExportStatus, ExportEntity, SystemApi, LocaleInfo, LocalizationConfig, LocalizationApi, KeyValue, SearchEngineInfo, SearchApi, StorageStatus, StorageTargetInfo, StorageApi } from './dialect-admin.js';

// The dialect itself

/** Who the server thinks we are. `guest: true` means the credentials were ignored. */
export interface Identity {
  readonly id: WikiJsId;
  readonly name: string;
  readonly email: string;
  readonly guest: boolean;
}

/** What the client hands a dialect when it creates it. */
export interface DialectContext {
  /** Site base URL, no trailing slash (e.g. `http://127.0.0.1:3000`). */
  readonly baseUrl: string;
  /** Shared transport: auth, retries, rate limits, timeouts already applied. */
  readonly transport: Transport;
  /**
   * Transport without credentials, for `authentication.login` (the JWT session calls login
   * through the dialect; using the authenticated transport there would wait on itself).
   */
  readonly anonymousTransport: Transport;
  /** Secret values to scrub from any server text that ends up in an error. */
  readonly secrets: () => readonly string[];
  /** True when the client was given credentials (so a Guest answer means they were ignored). */
  readonly hasCredentials: boolean;
}

/** One Wiki.js major. Resource objects may be partial; see {@link PagesDialect}. */
export interface WikiJsDialect {
  readonly version: WikiJsVersion;
  readonly wiki: WikiKind;
  /** Full GraphQL endpoint URL. */
  readonly endpoint: string;
  /** The executor the dialect uses (raw queries, explicit batches, round-trip count). */
  readonly graphql: GraphQLExecutor;
  readonly pages: PagesDialect;
  readonly users?: Partial<UsersApi>;
  readonly groups?: Partial<GroupsApi>;
  readonly assets?: Partial<AssetsApi>;
  readonly navigation?: Partial<NavigationApi>;
  readonly comments?: Partial<CommentsApi>;
  readonly authentication: Partial<AuthenticationApi> & Pick<AuthenticationApi, 'login'>;
  readonly site?: Partial<SiteApi>;
  readonly system?: Partial<SystemApi>;
  readonly localization?: Partial<LocalizationApi>;
  readonly search?: Partial<SearchApi>;
  readonly storage?: Partial<StorageApi>;
  /** Checks who the credentials act as; the client raises AuthError on `guest`. */
  whoami(options?: CallOptions): Promise<Identity>;
  /** Ids this major accepts; throws UsageError naming `field` otherwise (a UUID on v2, a number on v3). */
  checkId(id: WikiJsId, field: string): WikiJsId;
}

export interface WikiJsDialectFactory {
  readonly version: WikiJsVersion;
  /** `/graphql` (2) or `/_graphql` (3). */
  readonly endpointPath: string;
  create(context: DialectContext): WikiJsDialect;
}

/** A result per item of a bulk call: bulk calls never throw away the rest on the first failure. */
export type ItemResult<I, T> =
  | { readonly ok: true; readonly index: number; readonly input: I; readonly value: T }
  | { readonly ok: false; readonly index: number; readonly input: I; readonly error: Error };
