/**
 * The contract between {@link WikiJsClient} (dialect-neutral facades: validation, caching, bulk
 * pacing, `asWiki()`) and one Wiki.js major (`v2/`, `v3/`): what each major implements.
 *
 * Stable on purpose: the v2 and v3 dialects are written against it by different people.
 * Methods marked optional are features a major may lack; the client turns a missing method
 * into a `UsageError` naming the feature and the version (e.g. `pages.tree is not available on
 * Wiki.js 3`), so callers see the same surface on both.
 */
import type { WikiKind } from '../errors.js';
import type { Transport } from '../transport/index.js';
import type { GraphQLExecutor } from './graphql.js';

export type WikiJsVersion = 2 | 3;

/** Page, user, group ids: Wiki.js 2 integers, Wiki.js 3 UUID strings. */
export type WikiJsId = number | string;

/** Per-call options every method accepts as its last argument where it matters. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

// ---------------------------------------------------------------------------------------------
// Pages

export interface WikiJsPage {
  readonly id: WikiJsId;
  /** Path without locale and without leading/trailing slashes, e.g. `docs/intro`. */
  readonly path: string;
  readonly locale: string;
  readonly title: string;
  readonly description: string;
  readonly content: string;
  /** Rendered HTML, when the server has it. */
  readonly render?: string | undefined;
  /** `markdown`, `html`, … */
  readonly contentType: string;
  /** Editor key: `markdown`, `ckeditor`, `code`, … */
  readonly editor: string;
  readonly isPublished: boolean;
  readonly isPrivate: boolean;
  /** `''` when not set (as the server stores it). */
  readonly publishStartDate: string;
  readonly publishEndDate: string;
  /** Lower-case tag names, in server order. */
  readonly tags: readonly string[];
  readonly scriptCss: string;
  readonly scriptJs: string;
  readonly hash?: string | undefined;
  /** ISO 8601 with milliseconds. Also the optimistic-concurrency token. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly authorId?: WikiJsId | undefined;
  readonly authorName?: string | undefined;
  readonly authorEmail?: string | undefined;
  readonly creatorId?: WikiJsId | undefined;
  readonly creatorName?: string | undefined;
  readonly creatorEmail?: string | undefined;
}

export interface WikiJsPageListItem {
  readonly id: WikiJsId;
  readonly path: string;
  readonly locale: string;
  readonly title: string;
  readonly description: string;
  readonly contentType: string;
  readonly isPublished: boolean;
  readonly isPrivate: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Careful (Wiki.js 2): with a `tags` filter this holds only the tags that matched. */
  readonly tags: readonly string[];
}

export interface PageCreateInput {
  readonly path: string;
  readonly title: string;
  readonly content: string;
  /** @default '' */
  readonly description?: string;
  /** @default 'markdown' */
  readonly editor?: string;
  /** @default 'en' */
  readonly locale?: string;
  /** @default [] */
  readonly tags?: readonly string[];
  /** @default true */
  readonly isPublished?: boolean;
  /** @default false */
  readonly isPrivate?: boolean;
  readonly publishStartDate?: string;
  readonly publishEndDate?: string;
  readonly scriptCss?: string;
  readonly scriptJs?: string;
}

/** Fields `update` may change. Omitted fields keep their current value (never wiped). Use `move` for path/locale. */
export interface PagePatch {
  readonly title?: string;
  readonly content?: string;
  readonly description?: string;
  readonly editor?: string;
  readonly tags?: readonly string[];
  readonly isPublished?: boolean;
  readonly isPrivate?: boolean;
  readonly publishStartDate?: string;
  readonly publishEndDate?: string;
  readonly scriptCss?: string;
  readonly scriptJs?: string;
}

export interface UpdateOptions extends CallOptions {
  /**
   * Optimistic-concurrency guard: the revision the caller last saw, which on Wiki.js is the
   * page's `updatedAt`; a later change on the server → `ConflictError`, nothing written.
   */
  readonly expectedRevision?: string;
  /** @deprecated Use `expectedRevision` (the same value: the page's `updatedAt`). */
  readonly expectedUpdatedAt?: string;
}

/**
 * @internal What the page-model adapter hands a dialect's `update`: the page it has just read
 * (at `expectedRevision`) stands in for the dialect's own pre-write read, so the revision is
 * checked once, by the caller that read it.
 */
export interface DialectUpdateOptions extends UpdateOptions {
  readonly current?: WikiJsPage;
}

export type PageOrderBy = 'id' | 'path' | 'title' | 'created' | 'updated';
export type OrderDirection = 'asc' | 'desc';

export interface PageListOptions extends CallOptions {
  /** Pages returned at most (after `offset`). */
  readonly limit?: number;
  /** Pages skipped (applied by the client: the server has no offset). */
  readonly offset?: number;
  /** Case-insensitive substring of title, path or description (applied by the client). */
  readonly search?: string;
  /** Pages that have every one of these tags. */
  readonly tags?: readonly string[];
  readonly locale?: string;
  readonly authorId?: WikiJsId;
  readonly creatorId?: WikiJsId;
  readonly orderBy?: PageOrderBy;
  readonly orderDirection?: OrderDirection;
}

export interface PageSearchOptions extends CallOptions {
  readonly locale?: string;
  /** Only under this path. */
  readonly path?: string;
  readonly limit?: number;
}

export interface PageSearchResult {
  readonly id: WikiJsId;
  readonly path: string;
  readonly locale: string;
  readonly title: string;
  readonly description: string;
}

export interface PageTag {
  readonly id: WikiJsId;
  readonly tag: string;
  readonly title: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PageTreeItem {
  /** Tree node id — not the page id. */
  readonly id: number;
  readonly path: string;
  readonly depth: number;
  readonly title: string;
  readonly isPrivate: boolean;
  readonly isFolder: boolean;
  readonly parent: number | null;
  readonly pageId: WikiJsId | null;
  readonly locale: string;
}

export interface PageTreeOptions extends CallOptions {
  readonly path?: string;
  readonly parent?: number;
  /** @default 'all' */
  readonly mode?: 'folders' | 'pages' | 'all';
  /** @default 'en' */
  readonly locale?: string;
  readonly includeAncestors?: boolean;
}

export interface PageLinkItem {
  readonly id: WikiJsId;
  /** Wiki.js 2 prefixes the locale: `en/docs/a`. */
  readonly path: string;
  readonly title: string;
  readonly links: readonly string[];
}

export interface PageHistoryEntry {
  readonly versionId: number;
  readonly versionDate: string;
  readonly authorId: WikiJsId;
  readonly authorName: string;
  readonly actionType: string;
  readonly valueBefore: string | null;
  readonly valueAfter: string | null;
}

export interface PageHistory {
  /** Newest first. Each entry is the page as it was BEFORE a change; the current state is not listed. */
  readonly trail: readonly PageHistoryEntry[];
  readonly total: number;
}

export interface PageVersion {
  readonly versionId: number;
  readonly pageId: WikiJsId;
  readonly action: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly content: string;
  readonly contentType: string;
  readonly createdAt: string;
  readonly versionDate: string;
  readonly description: string;
  readonly editor: string;
  readonly isPrivate: boolean;
  readonly isPublished: boolean;
  readonly locale: string;
  readonly path: string;
  readonly publishStartDate: string;
  readonly publishEndDate: string;
  readonly tags: readonly string[];
  readonly title: string;
}

export interface PageConflictLatest {
  readonly id: WikiJsId;
  readonly authorId: string;
  readonly authorName: string;
  readonly content: string;
  readonly createdAt: string;
  readonly description: string;
  readonly isPublished: boolean;
  readonly locale: string;
  readonly path: string;
  readonly tags: readonly string[];
  readonly title: string;
  readonly updatedAt: string;
}

/** What one major implements for pages. The client adds validation, cache, bulk and tag helpers. */
export interface PagesDialect {
  list(options: PageListOptions): Promise<WikiJsPageListItem[]>;
  /** @throws NotFoundError */
  get(id: WikiJsId, options?: CallOptions): Promise<WikiJsPage>;
  /** @throws NotFoundError */
  getByPath(path: string, locale: string, options?: CallOptions): Promise<WikiJsPage>;
  /** As few round trips as the API allows; a missing id maps to `undefined`. */
  getMany(ids: readonly WikiJsId[], options?: CallOptions): Promise<(WikiJsPage | undefined)[]>;
  /** Same for paths in one locale. */
  getManyByPath(paths: readonly string[], locale: string, options?: CallOptions): Promise<(WikiJsPage | undefined)[]>;
  /** Never reports a created page as failed, never creates twice (see v2 notes). */
  create(input: PageCreateInput, options?: CallOptions): Promise<WikiJsPage>;
  /** Changes only what `patch` names. */
  update(id: WikiJsId, patch: PagePatch, options?: DialectUpdateOptions): Promise<WikiJsPage>;
  delete(id: WikiJsId, options?: CallOptions): Promise<void>;
  move(id: WikiJsId, destinationPath: string, destinationLocale: string, options?: CallOptions): Promise<void>;
  search(query: string, options: PageSearchOptions): Promise<PageSearchResult[]>;

  tags?(options?: CallOptions): Promise<PageTag[]>;
  searchTags?(query: string, options?: CallOptions): Promise<string[]>;
  tree?(options: PageTreeOptions): Promise<PageTreeItem[]>;
  links?(locale: string, options?: CallOptions): Promise<PageLinkItem[]>;
  history?(id: WikiJsId, options?: CallOptions & { offsetPage?: number; offsetSize?: number }): Promise<PageHistory>;
  version?(id: WikiJsId, versionId: number, options?: CallOptions): Promise<PageVersion | undefined>;
  checkConflicts?(id: WikiJsId, checkoutDate: string, options?: CallOptions): Promise<boolean>;
  conflictLatest?(id: WikiJsId, options?: CallOptions): Promise<PageConflictLatest>;
  convert?(id: WikiJsId, editor: string, options?: CallOptions): Promise<void>;
  deleteTag?(tagId: WikiJsId, options?: CallOptions): Promise<void>;
  updateTag?(tagId: WikiJsId, tag: string, title: string, options?: CallOptions): Promise<void>;
  render?(id: WikiJsId, options?: CallOptions): Promise<void>;
  restore?(id: WikiJsId, versionId: number, options?: CallOptions): Promise<void>;
  /** `olderThan`: a duration such as `'1d'`, `'1M'` (server syntax). */
  purgeHistory?(olderThan: string, options?: CallOptions): Promise<void>;
  flushCache?(options?: CallOptions): Promise<void>;
  rebuildTree?(options?: CallOptions): Promise<void>;
  /** Moves every page of `sourceLocale` into `targetLocale`; returns how many moved. */
  migrateToLocale?(sourceLocale: string, targetLocale: string, options?: CallOptions): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Users and groups

export interface WikiJsUserSummary {
  readonly id: WikiJsId;
  readonly name: string;
  readonly email: string;
  readonly providerKey: string;
  readonly isSystem: boolean;
  readonly isActive: boolean;
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
}

/**
 * A `users.search` hit. Wiki.js 2.5 selects only these columns for a search (asking it for
 * `isSystem` or `isActive` fails the whole query: "Cannot return null for non-nullable field").
 */
export type WikiJsUserMatch = Pick<WikiJsUserSummary, 'id' | 'name' | 'email' | 'providerKey' | 'createdAt'>;

export interface WikiJsUser extends WikiJsUserSummary {
  readonly isVerified: boolean;
  readonly location: string;
  readonly jobTitle: string;
  readonly timezone: string;
  readonly dateFormat: string;
  readonly appearance: string;
  readonly updatedAt: string;
  readonly tfaIsActive: boolean;
  readonly groups: readonly { readonly id: WikiJsId; readonly name: string }[];
}

export interface UserCreateInput {
  readonly email: string;
  readonly name: string;
  /** Not sent anywhere but the create call; never logged. */
  readonly password?: string;
  /** @default 'local' */
  readonly providerKey?: string;
  /** @default [] */
  readonly groups?: readonly WikiJsId[];
  readonly mustChangePassword?: boolean;
  /** @default false (true fails on a server without mail, although the user is created) */
  readonly sendWelcomeEmail?: boolean;
}

export interface UserPatch {
  readonly email?: string;
  readonly name?: string;
  readonly newPassword?: string;
  readonly groups?: readonly WikiJsId[];
  readonly location?: string;
  readonly jobTitle?: string;
  readonly timezone?: string;
  readonly dateFormat?: string;
  readonly appearance?: string;
}

export interface UsersApi {
  list(options?: CallOptions & { filter?: string; orderBy?: string }): Promise<WikiJsUserSummary[]>;
  search?(query: string, options?: CallOptions): Promise<WikiJsUserMatch[]>;
  get(id: WikiJsId, options?: CallOptions): Promise<WikiJsUser>;
  /** The caller's own profile (an API key acts as the admin on Wiki.js 2). */
  profile?(options?: CallOptions): Promise<{ readonly id: WikiJsId; readonly name: string; readonly email: string }>;
  /** Returns the created user (looked up after the create where the server does not return it). */
  create(input: UserCreateInput, options?: CallOptions): Promise<WikiJsUserSummary>;
  update(id: WikiJsId, patch: UserPatch, options?: CallOptions): Promise<void>;
  delete(id: WikiJsId, options?: CallOptions & { replaceId?: WikiJsId }): Promise<void>;
  activate?(id: WikiJsId, options?: CallOptions): Promise<void>;
  deactivate?(id: WikiJsId, options?: CallOptions): Promise<void>;
  verify?(id: WikiJsId, options?: CallOptions): Promise<void>;
  resetPassword?(id: WikiJsId, options?: CallOptions): Promise<void>;
  enableTfa?(id: WikiJsId, options?: CallOptions): Promise<void>;
  disableTfa?(id: WikiJsId, options?: CallOptions): Promise<void>;
  /** The ten most recent logins (who and when). */
  lastLogins?(options?: CallOptions): Promise<{ readonly id: WikiJsId; readonly name: string; readonly lastLoginAt: string }[]>;
  /**
   * Changes the caller's own profile (an API key acts as user 1 on Wiki.js 2); omitted fields
   * keep their value. Returns the renewed session token the server hands back.
   */
  updateProfile?(patch: ProfilePatch, options?: CallOptions): Promise<{ readonly jwt: string }>;
  /** Changes the caller's own password (local accounts); returns the renewed session token. */
  changePassword?(current: string, next: string, options?: CallOptions): Promise<{ readonly jwt: string }>;
}

export interface ProfilePatch {
  readonly name?: string;
  readonly location?: string;
  readonly jobTitle?: string;
  readonly timezone?: string;
  /** `''`, `DD/MM/YYYY`, `DD.MM.YYYY`, `MM/DD/YYYY`, `YYYY-MM-DD` or `YYYY/MM/DD` (server rule). */
  readonly dateFormat?: string;
  /** `''`, `light` or `dark`. */
  readonly appearance?: string;
}

export type PageRuleMatch = 'START' | 'EXACT' | 'END' | 'REGEX' | 'TAG';

export interface PageRule {
  readonly id: string;
  readonly deny: boolean;
  readonly match: PageRuleMatch;
  readonly roles: readonly string[];
  readonly path: string;
  readonly locales: readonly string[];
}

export interface WikiJsGroupSummary {
  readonly id: WikiJsId;
  readonly name: string;
  readonly isSystem: boolean;
  readonly userCount?: number | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface WikiJsGroup extends WikiJsGroupSummary {
  readonly redirectOnLogin: string;
  readonly permissions: readonly string[];
  readonly pageRules: readonly PageRule[];
  readonly users: readonly { readonly id: WikiJsId; readonly name: string; readonly email: string }[];
}

export interface GroupPatch {
  readonly name?: string;
  readonly redirectOnLogin?: string;
  readonly permissions?: readonly string[];
  readonly pageRules?: readonly PageRule[];
}

export interface GroupsApi {
  list(options?: CallOptions): Promise<WikiJsGroupSummary[]>;
  get(id: WikiJsId, options?: CallOptions): Promise<WikiJsGroup>;
  create(name: string, options?: CallOptions): Promise<WikiJsGroup>;
  /** Changes only what `patch` names (the server needs every field; the client merges). */
  update(id: WikiJsId, patch: GroupPatch, options?: CallOptions): Promise<void>;
  delete(id: WikiJsId, options?: CallOptions): Promise<void>;
  assignUser(groupId: WikiJsId, userId: WikiJsId, options?: CallOptions): Promise<void>;
  unassignUser(groupId: WikiJsId, userId: WikiJsId, options?: CallOptions): Promise<void>;
  pageRules?(groupId: WikiJsId, options?: CallOptions): Promise<PageRule[]>;
  setPageRules?(groupId: WikiJsId, rules: readonly PageRule[], options?: CallOptions): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Assets

export type AssetKind = 'image' | 'binary' | 'all';

export interface AssetFolder {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
}

export interface AssetItem {
  readonly id: WikiJsId;
  readonly filename: string;
  readonly ext: string;
  readonly kind: string;
  readonly mime: string;
  readonly fileSize: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AssetUploadOptions extends CallOptions {
  /** 0 = root. @default 0 */
  readonly folderId?: number;
  /** @default application/octet-stream */
  readonly mime?: string;
}

export interface AssetsApi {
  folders(parentFolderId?: number, options?: CallOptions): Promise<AssetFolder[]>;
  /** Creates and returns the folder (looked up by slug: the server returns no id). */
  createFolder(parentFolderId: number, slug: string, options?: CallOptions & { name?: string }): Promise<AssetFolder>;
  list(folderId?: number, options?: CallOptions & { kind?: AssetKind }): Promise<AssetItem[]>;
  rename(id: WikiJsId, filename: string, options?: CallOptions): Promise<void>;
  delete(id: WikiJsId, options?: CallOptions): Promise<void>;
  /** Uploads and returns the stored asset (looked up: the server answers only `ok`). */
  upload(filename: string, data: Uint8Array, options?: AssetUploadOptions): Promise<AssetItem>;
  /** GET `/<folder path>/<filename>`. */
  download(path: string, options?: CallOptions): Promise<Uint8Array>;
  flushTempUploads?(options?: CallOptions): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Site administration

export interface NavigationItem {
  readonly id: string;
  readonly kind: string;
  readonly label?: string | null;
  readonly icon?: string | null;
  readonly targetType?: string | null;
  readonly target?: string | null;
  readonly visibilityMode?: string | null;
  readonly visibilityGroups?: readonly number[] | null;
}

export interface NavigationTree {
  readonly locale: string;
  readonly items: readonly NavigationItem[];
}

export type NavigationMode = 'NONE' | 'TREE' | 'MIXED' | 'STATIC';

export interface NavigationApi {
  tree(options?: CallOptions): Promise<NavigationTree[]>;
  config(options?: CallOptions): Promise<{ readonly mode: NavigationMode }>;
  updateTree(tree: readonly NavigationTree[], options?: CallOptions): Promise<void>;
  updateConfig(mode: NavigationMode, options?: CallOptions): Promise<void>;
}

export interface WikiJsComment {
  readonly id: WikiJsId;
  readonly content: string;
  readonly render: string;
  readonly authorId: WikiJsId;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CommentCreateInput {
  readonly pageId: WikiJsId;
  readonly content: string;
  readonly replyTo?: WikiJsId;
  readonly guestName?: string;
  readonly guestEmail?: string;
}

export interface CommentsApi {
  list(path: string, locale?: string, options?: CallOptions): Promise<WikiJsComment[]>;
  get(id: WikiJsId, options?: CallOptions): Promise<WikiJsComment>;
  /** Returns the new comment id. */
  create(input: CommentCreateInput, options?: CallOptions): Promise<WikiJsId>;
  /** Returns the new rendered HTML. */
  update(id: WikiJsId, content: string, options?: CallOptions): Promise<string>;
  delete(id: WikiJsId, options?: CallOptions): Promise<void>;
  providers?(options?: CallOptions): Promise<{ readonly key: string; readonly title: string; readonly isEnabled: boolean }[]>;
  /** Enables/disables and configures providers; config keys not given keep their value. */
  updateProviders?(providers: readonly ModuleUpdate[], options?: CallOptions): Promise<void>;
}

/** A module (comment provider, storage target, auth strategy) to change: only what is named changes. */
export interface ModuleUpdate {
  readonly key: string;
  readonly isEnabled?: boolean;
  /** Setting values by name (plain values; the client encodes them as the server wants). */
  readonly config?: Readonly<Record<string, unknown>>;
}

export interface ApiKeyInfo {
  readonly id: WikiJsId;
  readonly name: string;
  readonly keyShort: string;
  readonly expiration: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly isRevoked: boolean;
}

export interface LoginResult {
  readonly jwt: string;
  readonly mustChangePassword: boolean;
  readonly mustProvideTfa: boolean;
  /** Set when TFA must first be set up (`tfaQRImage` then holds the secret as a QR code). */
  readonly mustSetupTfa?: boolean;
  /** For `loginTfa` / `loginChangePassword` when the login is not complete yet. */
  readonly continuationToken?: string;
  readonly redirect?: string;
}

export interface AuthStrategyConfig {
  /** Instance key (`local`, or an id for added strategies). */
  readonly key: string;
  /** Module key (`local`, `ldap`, …). */
  readonly strategyKey: string;
  readonly displayName: string;
  readonly order: number;
  readonly isEnabled: boolean;
  readonly selfRegistration: boolean;
  readonly domainWhitelist: readonly string[];
  readonly autoEnrollGroups: readonly number[];
  /** Setting values by name. */
  readonly config: Readonly<Record<string, unknown>>;
}

export interface AuthStrategyInfo {
  readonly key: string;
  readonly title: string;
  readonly isEnabled?: boolean;
}

export interface AuthenticationApi {
  /** @default strategy 'local' */
  login(username: string, password: string, strategy?: string, options?: CallOptions): Promise<LoginResult>;
  apiKeys(options?: CallOptions): Promise<ApiKeyInfo[]>;
  /** The key is returned once; keep it secret. `expiration` in server syntax (`'1y'`, `'30d'`). */
  createApiKey(input: { name: string; expiration: string; fullAccess: boolean; group?: WikiJsId }, options?: CallOptions): Promise<{ readonly key: string }>;
  revokeApiKey(id: WikiJsId, options?: CallOptions): Promise<void>;
  apiState(options?: CallOptions): Promise<boolean>;
  setApiState(enabled: boolean, options?: CallOptions): Promise<void>;
  strategies?(options?: CallOptions): Promise<AuthStrategyInfo[]>;
  /** Every strategy module the server ships (configured or not). */
  availableStrategies?(options?: CallOptions): Promise<AuthStrategyInfo[]>;
  /** The configured strategies with their settings. */
  activeStrategies?(options?: CallOptions): Promise<AuthStrategyConfig[]>;
  /**
   * Changes configured strategies by key (only what is named); strategies not named are kept
   * (the server itself would delete every strategy left out of the list).
   */
  updateStrategies?(updates: readonly (Partial<Omit<AuthStrategyConfig, 'key'>> & { readonly key: string })[], options?: CallOptions): Promise<void>;
  /** Second step of a TFA login. */
  loginTfa?(continuationToken: string, securityCode: string, options?: CallOptions & { setup?: boolean }): Promise<LoginResult>;
  /** Second step of a login that must change its password first. */
  loginChangePassword?(continuationToken: string, newPassword: string, options?: CallOptions): Promise<LoginResult>;
  /** Sends a reset mail (needs mail set up on the server; an unknown email is silently ignored). */
  forgotPassword?(email: string, options?: CallOptions): Promise<void>;
  /** Self-registration (local strategy with self-registration on; sends a verification mail). */
  register?(input: { email: string; password: string; name: string }, options?: CallOptions): Promise<void>;
  /** Recreates the Guest user with its default group. */
  resetGuestUser?(options?: CallOptions): Promise<void>;
  /** New JWT signing keys: every API key and session stops working. */
  regenerateCertificates?(options?: CallOptions): Promise<void>;
}

export type SiteConfig = Readonly<Record<string, string | number | boolean | readonly string[] | null>>;

export interface SiteApi {
  config(options?: CallOptions): Promise<SiteConfig>;
  /** Changes only the keys given. */
  updateConfig(patch: SiteConfig, options?: CallOptions): Promise<void>;
  /** Wiki.js 3 only: every site of a multi-site install. */
  sites?(options?: CallOptions): Promise<SiteConfig[]>;
  /** Wiki.js 3 only: the site page calls use (hostname `*`, else the first). */
  defaultSite?(options?: CallOptions): Promise<SiteConfig>;
}

export interface SystemInfo {
  readonly currentVersion: string | null;
  readonly latestVersion?: string | null;
  readonly dbType?: string | null;
  readonly dbVersion?: string | null;
  readonly nodeVersion?: string | null;
  readonly operatingSystem?: string | null;
  readonly hostname?: string | null;
  readonly pagesTotal?: number | null;
  readonly usersTotal?: number | null;
  readonly groupsTotal?: number | null;
  readonly tagsTotal?: number | null;
}

export interface SystemExtension {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly isInstalled: boolean;
  readonly isCompatible: boolean;
}

export interface ExportStatus {
  /** `notrunning`, `running`, `success` or `error`. */
  readonly status: string;
  readonly progress: number;
  readonly message: string;
  readonly startedAt: string | null;
}

/** What `system.export` can write. */
export type ExportEntity = 'assets' | 'comments' | 'groups' | 'history' | 'navigation' | 'pages' | 'settings' | 'update' | 'users';

export interface SystemApi {
  info(options?: CallOptions): Promise<SystemInfo>;
  flags?(options?: CallOptions): Promise<{ readonly key: string; readonly value: boolean }[]>;
  /** Sets the flags given; flags not named keep their value (the server would drop them). */
  updateFlags?(flags: readonly { readonly key: string; readonly value: boolean }[], options?: CallOptions): Promise<void>;
  extensions?(options?: CallOptions): Promise<SystemExtension[]>;
  /** Starts an export to a folder ON THE SERVER (must be empty); follow it with `exportStatus`. */
  export?(entities: readonly ExportEntity[], path: string, options?: CallOptions): Promise<void>;
  exportStatus?(options?: CallOptions): Promise<ExportStatus>;
  setTelemetry?(enabled: boolean, options?: CallOptions): Promise<void>;
  resetTelemetryClientId?(options?: CallOptions): Promise<void>;
  setHttpsRedirection?(enabled: boolean, options?: CallOptions): Promise<void>;
  renewHttpsCertificate?(options?: CallOptions): Promise<void>;
  /** Needs the wiki-update-companion container next to the server. */
  performUpgrade?(options?: CallOptions): Promise<void>;
  /** Imports the users of a Wiki.js 1.x MongoDB. */
  importUsersFromV1?(mongoDbConnString: string, groupMode: 'MULTI' | 'SINGLE' | 'NONE', options?: CallOptions): Promise<{ readonly usersCount: number; readonly groupsCount: number; readonly failed: readonly { readonly email: string; readonly error: string }[] }>;
}

export interface LocaleInfo {
  readonly code: string;
  readonly name: string;
  readonly nativeName: string;
  readonly isInstalled: boolean;
  readonly isRTL: boolean;
  readonly availability: number;
}

export interface LocalizationConfig {
  readonly locale: string;
  readonly autoUpdate: boolean;
  readonly namespacing: boolean;
  readonly namespaces: readonly string[];
}

export interface LocalizationApi {
  locales(options?: CallOptions): Promise<LocaleInfo[]>;
  config(options?: CallOptions): Promise<LocalizationConfig>;
  translations?(locale: string, namespace: string, options?: CallOptions): Promise<{ readonly key: string; readonly value: string }[]>;
  updateLocale?(config: LocalizationConfig, options?: CallOptions): Promise<void>;
  downloadLocale?(locale: string, options?: CallOptions): Promise<void>;
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface SearchEngineInfo {
  readonly key: string;
  readonly title: string;
  readonly isEnabled: boolean;
  readonly isAvailable: boolean;
  readonly config: readonly KeyValue[];
}

export interface SearchApi {
  engines(options?: CallOptions): Promise<SearchEngineInfo[]>;
  updateEngines(engines: readonly { key: string; isEnabled: boolean; config?: readonly KeyValue[] }[], options?: CallOptions): Promise<void>;
  rebuildIndex(options?: CallOptions): Promise<void>;
}

export interface StorageStatus {
  readonly key: string;
  readonly title: string;
  readonly status: string;
  readonly message: string;
  readonly lastAttempt: string;
}

export interface StorageTargetInfo {
  readonly key: string;
  readonly title: string;
  readonly isEnabled: boolean;
  readonly isAvailable: boolean;
  readonly mode: string | null;
}

export interface StorageApi {
  status(options?: CallOptions): Promise<StorageStatus[]>;
  targets(options?: CallOptions): Promise<StorageTargetInfo[]>;
  /** Changes the targets named (mode, enabled, settings); settings not given keep their value. */
  updateTargets?(updates: readonly (ModuleUpdate & { readonly mode?: string; readonly syncInterval?: string })[], options?: CallOptions): Promise<void>;
  executeAction?(targetKey: string, handler: string, options?: CallOptions): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
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
