/** The dialect contract (dialect.ts), assets and site administration (navigation, comments, authentication, site, system, localization, search, storage). */
import type { CallOptions, WikiJsId } from './dialect-base.js';

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
