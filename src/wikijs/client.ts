// Length (~400 lines) on purpose: construction, version detection and the one request path (`run`) are one state machine over the same private fields; resources live in pages.ts and resource.ts.
/**
 * WikiJsClient: one client for Wiki.js 2.x and 3.x. It detects the major (or takes it from the
 * caller), then hands every call to that major's dialect through dialect-neutral facades that
 * add input checks and bulk pacing. The read cache and JWT re-login are transport layers
 * (src/transport/index.ts decides their place in the chain); the client only configures them.
 */
import { AuthError, PermissionError, UsageError, httpError, usageError } from '../errors.js';
import type { Wiki } from '../model/wiki.js';
import { listing } from '../model/listing.js';
import { createTransport, redactUrl, ResponseCache, responseText, withFreshReads, withoutAuthRecovery, type CacheOptions, type Transport, type TransportOptions } from '../transport/index.js';
import { ApiKeyCredentials, JwtSession } from './auth.js';
import { WikiJsBackend } from './backend.js';
import type { ClientResource, ResourceName } from './resource.js';
import type {
  AssetsApi,
  AuthenticationApi,
  CommentsApi,
  GroupsApi,
  Identity,
  LocalizationApi,
  NavigationApi,
  SearchApi,
  SiteApi,
  StorageApi,
  SystemApi,
  UsersApi,
  WikiJsDialect,
  WikiJsVersion,
} from './dialect.js';
import { DIALECTS } from './dialects.js';
import type { GraphQLExecutor } from './graphql.js';
import { WikiJsPages } from './pages.js';
import { clientError } from '../client-errors.js';

export type WikiJsCredentials =
  | { readonly url: string; readonly apiKey: string }
  | { readonly url: string; readonly username: string; readonly password: string; /** @default 'local' */ readonly strategy?: string }
  /** Anonymous (Guest) access. */
  | { readonly url: string };

export interface WikiJsClientOptions {
  /** Which major to speak; `'auto'` probes the server once (`/graphql` vs `/_graphql`). @default 'auto' */
  readonly version?: WikiJsVersion | 'auto';
  readonly transport?: TransportOptions;
  /** Read cache (LRU + TTL). Off by default so a read after a write elsewhere is never stale. @default false */
  readonly cache?: CacheOptions | boolean;
  /**
   * Check once, before the first call, that an API key is accepted: Wiki.js 2 treats an
   * invalid token as the Guest (HTTP 200 with guest data) instead of refusing it. @default true
   */
  readonly verifyCredentials?: boolean;
}

export interface ConnectionInfo {
  readonly ok: true;
  readonly version: WikiJsVersion;
  /** e.g. `2.5.314`, when the server tells (needs admin rights). */
  readonly serverVersion: string | undefined;
  readonly identity: Identity | undefined;
  /** One line for humans: `Wiki.js 2 at http://…/graphql as Administrator`. */
  readonly message: string;
}

export type { ClientResource } from './resource.js';

/**
 * Facade methods that only read. Their requests may be answered by the read cache; every other
 * method reads fresh, because its reads feed a write (a conflict check on a cached revision
 * would overwrite a newer one).
 */
const READS: Readonly<Record<ResourceName | 'pages', readonly string[]>> = {
  pages: ['list', 'get', 'getByPath', 'getMany', 'getManyByPath', 'search', 'tags', 'searchTags', 'tree', 'links', 'history', 'version', 'checkConflicts', 'conflictLatest'],
  users: ['list', 'search', 'get', 'profile', 'lastLogins'],
  groups: ['list', 'get', 'pageRules'],
  assets: ['folders', 'list', 'download'],
  navigation: ['tree', 'config'],
  comments: ['list', 'get', 'providers'],
  authentication: ['apiKeys', 'apiState', 'strategies', 'availableStrategies', 'activeStrategies'],
  site: ['config'],
  system: ['info', 'flags', 'extensions', 'exportStatus'],
  localization: ['locales', 'config', 'translations'],
  search: ['engines'],
  storage: ['status', 'targets'],
};

/** Resources whose writes change what another resource reads. */
const ALSO_INVALIDATES: Readonly<Record<string, readonly string[]>> = {
  users: ['groups'],
  groups: ['users'],
  comments: ['pages'],
};

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export class WikiJsClient implements AsyncDisposable {
  /** Site base URL (no credentials, no trailing slash). */
  readonly url: string;
  /** The read cache, when enabled (`cache` option); `undefined` otherwise. */
  readonly cache: ResponseCache | undefined;

  readonly pages: WikiJsPages;
  readonly users: ClientResource<UsersApi>;
  readonly groups: ClientResource<GroupsApi>;
  readonly assets: ClientResource<AssetsApi>;
  readonly navigation: ClientResource<NavigationApi>;
  readonly comments: ClientResource<CommentsApi>;
  readonly authentication: ClientResource<AuthenticationApi>;
  readonly site: ClientResource<SiteApi>;
  readonly system: ClientResource<SystemApi>;
  readonly localization: ClientResource<LocalizationApi>;
  readonly search: ClientResource<SearchApi>;
  readonly storage: ClientResource<StorageApi>;

  readonly #credentials: ApiKeyCredentials | JwtSession | undefined;
  readonly #transport: Transport;
  readonly #anonymous: Transport;
  readonly #requested: WikiJsVersion | 'auto';
  readonly #verify: boolean;
  #dialect: Promise<WikiJsDialect> | undefined;
  #known: WikiJsVersion | undefined;
  #verified: Promise<void> | undefined;
  #closed = false;

  constructor(credentials: WikiJsCredentials, options: WikiJsClientOptions = {}) {
    if (typeof credentials !== 'object' || credentials === null || typeof credentials.url !== 'string') {
      throw usageError('WikiJsClient needs { url, apiKey } or { url, username, password }', { field: 'url' });
    }
    let parsed: URL;
    try {
      parsed = new URL(credentials.url);
    } catch {
      throw usageError(`url "${credentials.url}" is not a valid URL`, { field: 'url' });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw usageError(`url must be http(s), got ${parsed.protocol}`, { field: 'url' });
    if (parsed.username || parsed.password) throw usageError('url must not carry credentials; pass apiKey or username/password', { field: 'url' });
    // Accept a pasted GraphQL endpoint too: the client appends the right one per major.
    this.url = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '').replace(/\/_?graphql$/, '');

    const now = options.transport?.now ?? Date.now;
    if ('apiKey' in credentials) {
      if (typeof credentials.apiKey !== 'string' || credentials.apiKey.trim() === '') throw usageError('apiKey must be a non-empty string', { field: 'apiKey' });
      this.#credentials = new ApiKeyCredentials(credentials.apiKey.trim());
    } else if ('username' in credentials) {
      if (typeof credentials.username !== 'string' || credentials.username === '') throw usageError('username must be a non-empty string', { field: 'username' });
      if (typeof credentials.password !== 'string' || credentials.password === '') throw usageError('password must be a non-empty string', { field: 'password' });
      this.#credentials = new JwtSession(credentials.username, credentials.password, credentials.strategy ?? 'local', now);
    }
    const version = options.version ?? 'auto';
    if (version !== 'auto' && version !== 2 && version !== 3) throw usageError(`version must be 2, 3 or 'auto', got ${JSON.stringify(version)}`, { field: 'version' });
    this.#requested = version;
    this.#verify = options.verifyCredentials ?? true;
    this.cache = options.cache === undefined || options.cache === false ? undefined : new ResponseCache(options.cache === true ? {} : options.cache);
    const transportOptions = options.transport ?? {};
    this.#transport = createTransport(transportOptions, this.#credentials, { cache: this.cache ? { cache: this.cache, alsoInvalidates: ALSO_INVALIDATES } : undefined });
    // Version probes and logins: never cached, never with credentials.
    this.#anonymous = createTransport(transportOptions);

    this.pages = new WikiJsPages(this);
    this.users = this.resource<UsersApi>('users');
    this.groups = this.resource<GroupsApi>('groups');
    this.assets = this.resource<AssetsApi>('assets');
    this.navigation = this.resource<NavigationApi>('navigation');
    this.comments = this.resource<CommentsApi>('comments');
    this.authentication = this.resource<AuthenticationApi>('authentication');
    this.site = this.resource<SiteApi>('site');
    this.system = this.resource<SystemApi>('system');
    this.localization = this.resource<LocalizationApi>('localization');
    this.search = this.resource<SearchApi>('search');
    this.storage = this.resource<StorageApi>('storage');
  }

  /** The Wiki.js major in use (probed once when `version: 'auto'`). */
  async version(): Promise<WikiJsVersion> {
    return (await this.dialect()).version;
  }

  /** The GraphQL executor of the detected major: raw `execute`, `executeBatch`, `roundTrips`. */
  async graphql(): Promise<GraphQLExecutor> {
    return (await this.dialect()).graphql;
  }

  /**
   * Checks the server answers and the credentials are accepted.
   * @throws AuthError when the credentials are refused or silently ignored (Guest).
   * @throws NetworkError, TimeoutError, HttpError when no Wiki.js answers at `url`.
   */
  async testConnection(): Promise<ConnectionInfo> {
    const dialect = await this.ready();
    const identity = this.#credentials ? await this.identity(dialect) : undefined;
    if (identity?.guest) throw this.guestError(dialect);
    let serverVersion: string | undefined;
    try {
      serverVersion = (await dialect.system?.info?.())?.currentVersion ?? undefined;
    } catch {
      // system.info needs admin rights; the connection itself is fine.
    }
    const who = identity ? ` as ${identity.name}` : ' as Guest';
    return { ok: true, version: dialect.version, serverVersion, identity, message: `Wiki.js ${dialect.version}${serverVersion ? ` (${serverVersion})` : ''} at ${dialect.endpoint}${who}` };
  }

  /** Frees sockets. Further calls fail with UsageError. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.#transport.close(), this.#anonymous.close()]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** The wiki-neutral page model (src/model/wiki.ts) over this client. */
  asWiki(): Wiki {
    return new WikiJsBackend(this);
  }

  toString(): string {
    const auth = this.#credentials instanceof ApiKeyCredentials ? 'api key' : this.#credentials instanceof JwtSession ? `login ${this.#credentials.username}` : 'guest';
    return `WikiJsClient(${this.url}, ${auth}, version ${this.#requested})`;
  }

  toJSON(): Record<string, unknown> {
    return { url: this.url, version: this.#requested, auth: this.#credentials ? '[REDACTED]' : 'guest' };
  }

  [INSPECT](): string {
    return this.toString();
  }

  // ------------------------------------------------------------------------------------------
  // Internal plumbing shared with the facades (WikiJsPages, backend). @internal

  /** @internal The major when already known (requested, or detected by an earlier call). */
  knownVersion(): WikiJsVersion | undefined {
    return this.#known ?? (this.#requested === 'auto' ? undefined : this.#requested);
  }

  /** @internal The dialect, detected and created once. */
  dialect(): Promise<WikiJsDialect> {
    if (this.#closed) return Promise.reject(usageError('this WikiJsClient is closed', { field: 'client' }));
    this.#dialect ??= this.createDialect().catch((error: unknown) => {
      this.#dialect = undefined;
      throw error;
    });
    return this.#dialect;
  }

  /** @internal The dialect, with credentials checked once (login, or Guest detection). */
  async ready(): Promise<WikiJsDialect> {
    const dialect = await this.dialect();
    this.#verified ??= this.verifyOnce(dialect).catch((error: unknown) => {
      this.#verified = undefined;
      throw error;
    });
    await this.#verified;
    return dialect;
  }

  /**
   * @internal Runs one facade call: reads of a method that is not a pure read bypass the cache,
   * an answer without the API's shape becomes the wiki's error, and a Forbidden answer to an API
   * key is checked against `whoami` (Guest → AuthError). A refused JWT was already renewed and
   * the call resent once by the transport's auth-recovery layer.
   */
  async run<T>(resource: ResourceName | 'pages', method: string, call: (dialect: WikiJsDialect) => Promise<T>): Promise<T> {
    const dialect = await this.ready();
    try {
      return READS[resource].includes(method) ? await call(dialect) : await withFreshReads(() => call(dialect));
    } catch (error) {
      // Decoding an answer that lacks the fields the API always returns (a proxy or another
      // server answering 200) fails deep in a dialect: report it as the wiki's, with the cause.
      if (error instanceof TypeError) {
        throw clientError('MalformedResponse', `Wiki.js ${resource}.${method} failed: the server's answer does not have the shape of the Wiki.js API (${error.message}) [POST ${redactUrl(this.url)}]`, { wiki: dialect.version === 3 ? 'wikijs-v3' : 'wikijs-v2', cause: error });
      }
      if (await this.isIgnoredApiKey(dialect, error)) throw this.guestError(dialect, error);
      throw error;
    }
  }

  /** @internal UsageError for a feature this major lacks. */
  unsupported(dialect: WikiJsDialect, feature: string): UsageError {
    return usageError(`${feature} is not available on Wiki.js ${dialect.version} (server at ${this.url})`, { field: feature });
  }

  /** Forbidden with an API key the server now treats as the Guest (revoked since the first check). */
  private async isIgnoredApiKey(dialect: WikiJsDialect, error: unknown): Promise<boolean> {
    if (!(this.#credentials instanceof ApiKeyCredentials) || !(error instanceof PermissionError)) return false;
    const identity = await this.identity(dialect).catch(() => undefined);
    return identity?.guest === true;
  }

  /** Who the server takes the caller for now: never from the cache, never after a re-login. */
  private identity(dialect: WikiJsDialect): Promise<Identity> {
    return withoutAuthRecovery(() => withFreshReads(() => dialect.whoami()));
  }

  private guestError(dialect: WikiJsDialect, cause?: unknown): AuthError {
    const what = this.#credentials instanceof JwtSession ? 'the login session' : 'the API key';
    return clientError('GuestIdentity', `Wiki.js ${dialect.version} at ${this.url} did not accept ${what}: it answered as the Guest user (an invalid or expired token is not refused with 401 by Wiki.js, it is silently treated as Guest)`,
      { wiki: dialect.wiki, slug: 'GuestIdentity', ...(cause ? { cause } : {}) },
    );
  }

  private async verifyOnce(dialect: WikiJsDialect): Promise<void> {
    const credentials = this.#credentials;
    if (credentials instanceof JwtSession) {
      if (!credentials.hasToken) await credentials.refresh();
      return;
    }
    if (credentials && this.#verify) {
      const identity = await this.identity(dialect);
      if (identity.guest) throw this.guestError(dialect);
    }
  }

  private async createDialect(): Promise<WikiJsDialect> {
    const version = this.#requested === 'auto' ? await this.detectVersion() : this.#requested;
    this.#known = version;
    const factory = DIALECTS[version];
    if (!factory) throw usageError(`Wiki.js ${version} was found at ${this.url}, but this build of wikikit has no Wiki.js ${version} dialect`, { field: 'version' });
    const credentials = this.#credentials;
    const dialect = factory.create({
      baseUrl: this.url,
      transport: this.#transport,
      anonymousTransport: this.#anonymous,
      secrets: () => credentials?.secrets() ?? [],
      hasCredentials: credentials !== undefined,
    });
    if (credentials instanceof JwtSession) {
      credentials.setLogin(async (username, password, strategy) => {
        const result = await dialect.authentication.login(username, password, strategy);
        if (!result.jwt) {
          throw clientError('NoToken', `Wiki.js ${version} login of "${username}" gave no token${result.mustProvideTfa ? ' (two-factor authentication required)' : result.mustChangePassword ? ' (the password must be changed first)' : ''}`, {
            wiki: dialect.wiki,
          });
        }
        return result.jwt;
      });
      credentials.setGuestCheck(async () => (await this.identity(dialect)).guest);
    }
    return dialect;
  }

  /**
   * Probes `/graphql` (2.x) and `/_graphql` (3.x) with `{ __typename }`, without credentials:
   * Wiki.js 3.0 pre-releases crash on any request that carries an API key, so the probe must
   * not send one before the major is known.
   */
  private async detectVersion(): Promise<WikiJsVersion> {
    const probe = async (path: string): Promise<string> => {
      const response = await this.#anonymous.send({
        method: 'POST',
        url: `${this.url}${path}`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
        operation: { name: 'detect-version', kind: 'read', idempotent: true },
      });
      try {
        const body = JSON.parse(responseText(response)) as { data?: { __typename?: unknown } };
        if (body.data?.__typename === 'Query') return 'ok';
      } catch {
        // HTML (v3's 404 page for /graphql, an SPA page): not this major.
      }
      return `HTTP ${response.status}`;
    };
    // One endpoint failing (a proxy resetting /graphql, a hung /_graphql) must not hide the other.
    const [v2, v3] = await Promise.allSettled([probe('/graphql'), probe('/_graphql')]);
    if (v2.status === 'fulfilled' && v2.value === 'ok') return 2;
    if (v3.status === 'fulfilled' && v3.value === 'ok') return 3;
    if (v2.status === 'rejected' && v3.status === 'rejected') throw v2.reason;
    const said = (r: PromiseSettledResult<string>): string => (r.status === 'fulfilled' ? r.value : r.reason instanceof Error ? r.reason.message : String(r.reason));
    throw httpError(`no Wiki.js GraphQL endpoint at ${this.url} (POST /graphql: ${said(v2)}; POST /_graphql: ${said(v3)})`, {
      status: Number(/HTTP (\d+)/.exec(v2.status === 'fulfilled' ? v2.value : v3.status === 'fulfilled' ? v3.value : '')?.[1] ?? 0),
    });
  }

  private resource<T extends object>(name: ResourceName): ClientResource<T> {
    return new Proxy({} as ClientResource<T>, {
      get: (_target, method) => {
        if (typeof method !== 'string' || method === 'then') return undefined;
        const call = (args: unknown[]): Promise<unknown> =>
          this.run(name, method, async (dialect) => {
            const impl = dialect[name] as Record<string, unknown> | undefined;
            const fn = impl?.[method];
            if (typeof fn !== 'function') throw this.unsupported(dialect, `${name}.${method}`);
            return (fn as (...a: unknown[]) => Promise<unknown>).apply(impl, args);
          });
        // Every `list` is a Listing, as `pages.list` is; the server answers each in one response.
        if (method === 'list') return (...args: unknown[]) => listing(async () => (await call(args)) as unknown[]);
        return (...args: unknown[]) => call(args);
      },
    });
  }
}
