import { NotFoundError, usageError } from '../errors.js';
import { createTransport, type Transport, type TransportOptions } from '../transport/index.js';
import { ApiConnection, DEFAULT_GET_URL_LIMIT, type ApiParams, type ApiResponse } from './api.js';
import { continued, continuedItems } from './continuation.js';
import { CookieJar } from './cookie-jar.js';
import { runEdit, validateEditParams, withBaseRevision, type EditInput, type EditResult } from './edit.js';
import { runUpdate, type PageTransform, type UpdateOptions, type UpdateResult } from './update.js';
import { readPages, streamPages, type PageContent, type ReadOptions } from './read.js';
import { Session, type LoginMode, type TokenType, type UserInfo } from './session.js';
import { assertValidTitle } from './title.js';
import { uploadFile, type UploadOptions, type UploadResult } from './upload.js';
import type { Wiki } from '../model/wiki.js';
import { listing, type Listing } from '../model/listing.js';
import { createMediaWikiBackend } from './backend.js';
import type { MediaWikiCalls, RequestOptions, RevisionInfo, SiteInfo } from './calls.js';

export type { RequestOptions, RevisionInfo, SiteInfo } from './calls.js';

export interface MediaWikiCredentials {
  /** The wiki's api.php, e.g. `https://wiki.example/w/api.php`. */
  readonly apiUrl: string;
  /** A bot-password name (`User@app`, logs in with `action=login`) or a main account (`clientlogin`). Omit for anonymous reads. */
  readonly username?: string;
  readonly password?: string;
}

export interface MediaWikiClientOptions {
  readonly transport?: TransportOptions;
  /** `maxlag` sent with every request (seconds); `false` to omit. @default 5 */
  readonly maxlag?: number | false;
  /** How to log in. `auto`: bot password when the name has `@`, else clientlogin. @default 'auto' */
  readonly login?: LoginMode;
  /** Add `assert=user|bot` to writes so a lost session fails instead of editing logged out. @default true */
  readonly assert?: boolean;
  /**
   * Reads (`action=query`, `parse`, …) go as GET while the URL stays within this many bytes, and
   * batch reads cut their batches to fit; longer ones, and every write, go as POST. A server that
   * answers 414 switches the client to POST for good. `0`: every call is a POST. @default 8000
   */
  readonly maxGetUrlLength?: number;
}

const READ_ACTIONS = new Set(['query', 'parse', 'compare', 'expandtemplates', 'opensearch', 'help', 'paraminfo', 'featuredfeed', 'feedrecentchanges', 'sitematrix']);

/**
 * MediaWiki Action API client on the shared transport: formatversion=2 JSON, `maxlag` for bots,
 * bot-password or clientlogin sessions kept in a cookie jar, `assert` on writes, tokens cached
 * and refreshed once on `badtoken`, typed errors for every API error code.
 */
export class MediaWikiClient implements MediaWikiCalls {
  readonly apiUrl: string;
  readonly transport: Transport;
  private readonly conn: ApiConnection;
  private readonly session: Session;
  private readonly assertWrites: boolean;
  private siteinfoPromise: Promise<SiteInfo> | undefined;

  constructor(credentials: MediaWikiCredentials, options: MediaWikiClientOptions = {}) {
    let url: URL;
    try {
      url = new URL(credentials.apiUrl);
    } catch {
      throw usageError(`apiUrl "${credentials.apiUrl}" is not a URL`, { field: 'apiUrl' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError('apiUrl must be http(s)', { field: 'apiUrl' });
    if (url.username || url.password) throw usageError('apiUrl must not carry credentials; pass username/password', { field: 'apiUrl' });
    if ((credentials.username === undefined) !== (credentials.password === undefined)) {
      throw usageError('username and password go together', { field: credentials.username === undefined ? 'username' : 'password' });
    }
    if (options.maxlag !== undefined && options.maxlag !== false && !(Number.isFinite(options.maxlag) && options.maxlag >= 0)) {
      throw usageError('maxlag must be a non-negative number or false', { field: 'maxlag' });
    }
    this.apiUrl = url.toString();
    const jar = new CookieJar();
    this.transport = createTransport(options.transport, jar);
    if (options.maxGetUrlLength !== undefined && !(Number.isInteger(options.maxGetUrlLength) && options.maxGetUrlLength >= 0)) {
      throw usageError('maxGetUrlLength must be a whole number of bytes (0: always POST)', { field: 'maxGetUrlLength' });
    }
    this.conn = new ApiConnection(this.apiUrl, this.transport, jar, options.maxlag === false ? undefined : (options.maxlag ?? 5), options.maxGetUrlLength ?? DEFAULT_GET_URL_LIMIT);
    this.session = new Session(this.conn, credentials.username, credentials.password, options.login ?? 'auto');
    this.assertWrites = options.assert !== false;
  }

  /** The logged-in user (after the first request or `login()`), or undefined. */
  get user(): UserInfo | undefined {
    return this.session.user;
  }

  /** Logs in now (otherwise the first request does); returns the current user when already logged in. */
  async login(signal?: AbortSignal): Promise<UserInfo> {
    if (this.session.loggedIn && this.session.user) return this.session.user;
    return this.session.login(signal);
  }

  async logout(signal?: AbortSignal): Promise<void> {
    await this.session.logout(signal);
  }

  /** A cached token of this type (fetched on first use). */
  async token(type: TokenType, signal?: AbortSignal): Promise<string> {
    await this.session.ensure(signal);
    return this.session.token(type, signal);
  }

  /**
   * One Action API call. Errors in the answer become typed errors; `badtoken` refreshes the
   * token and `assertuserfailed`/`assertbotfailed` logs in again, each once, before resending
   * (neither was applied by the wiki).
   */
  async request(params: ApiParams, options: RequestOptions = {}): Promise<ApiResponse> {
    const action = typeof params['action'] === 'string' ? params['action'] : 'query';
    const kind = options.kind ?? (READ_ACTIONS.has(action) ? 'read' : 'write');
    const name = options.name ?? `action=${action}`;
    let refreshedToken = false;
    let reloggedIn = false;
    for (;;) {
      await this.session.ensure(options.signal);
      const generation = this.session.generation;
      const full: Record<string, ApiParams[string]> = { ...params };
      const assertion = kind === 'write' && this.assertWrites ? this.session.assertion : undefined;
      if (assertion !== undefined && full['assert'] === undefined) full['assert'] = assertion;
      if (options.token) full['token'] = await this.session.token(options.token, options.signal);
      const result = await this.conn.send(full, {
        kind,
        name,
        signal: options.signal,
        path: options.path,
        ...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }),
        ...(options.multipart === undefined ? {} : { multipart: options.multipart }),
      });
      const error = result.body.error;
      if (!error) return result.body;
      if (error.code === 'badtoken' && options.token && !refreshedToken) {
        refreshedToken = true;
        this.session.invalidateTokens();
        continue;
      }
      if ((error.code === 'assertuserfailed' || error.code === 'assertbotfailed') && this.session.hasCredentials && !reloggedIn) {
        reloggedIn = true;
        await this.session.relogin(generation, options.signal);
        continue;
      }
      throw this.conn.toError(name, error, result, options.path);
    }
  }

  /** Every answer of a continued query (`continue` protocol), lists and generators alike. */
  query(params: ApiParams, options: { signal?: AbortSignal } = {}): AsyncGenerator<ApiResponse> {
    return continued((p, signal) => this.request({ action: 'query', ...p }, { kind: 'read', signal }), params, options.signal);
  }

  /**
   * The items of a continued list (`list=allpages` → each page) or a generator's pages, fetched
   * batch by batch as they are iterated; `.toArray()` collects them.
   */
  list<T = Readonly<Record<string, unknown>>>(params: ApiParams, options: { signal?: AbortSignal } = {}): Listing<T> {
    return listing(() => continuedItems<T>((p, signal) => this.request({ action: 'query', ...p }, { kind: 'read', signal }), params, options.signal));
  }

  /** Titles per request: 500 with `apihighlimits`, else 50. */
  async batchSize(signal?: AbortSignal): Promise<number> {
    await this.session.ensure(signal);
    return this.session.hasRight('apihighlimits') ? 500 : 50;
  }

  /**
   * One page's latest revision with content, revid and timestamps, or `undefined` when it does
   * not exist.
   */
  async get(title: string, options: ReadOptions = {}): Promise<PageContent | undefined> {
    const [page] = await this.getMany([title], options);
    return page === undefined || page.missing ? undefined : page;
  }

  /**
   * Latest revision of each page with content, revid and timestamps, batched; answers in input
   * order, a missing page as `{ missing: true }` (mwn calls this `read`).
   */
  async getMany(titles: string | readonly string[], options: ReadOptions = {}): Promise<PageContent[]> {
    const list = typeof titles === 'string' ? [titles] : titles;
    if (list.length === 0) return [];
    list.forEach((title, index) => assertValidTitle(title, `titles[${index}]`));
    return readPages(this.reader(), { titles: list }, await this.batchSize(options.signal), this.transport.options.maxConcurrent, options, this.urlBudget);
  }

  /** @deprecated Use {@link getMany} (the same call, under the name every wikikit reader uses). */
  read(titles: string | readonly string[], options: ReadOptions = {}): Promise<PageContent[]> {
    return this.getMany(titles, options);
  }

  /** Same as {@link getMany}, by page id. */
  async readIds(pageids: number | readonly number[], options: ReadOptions = {}): Promise<PageContent[]> {
    const list = typeof pageids === 'number' ? [pageids] : pageids;
    if (list.length === 0) return [];
    for (const id of list) if (!Number.isInteger(id) || id <= 0) throw usageError(`page id ${id} is not a positive integer`, { field: 'pageids' });
    return readPages(this.reader(), { pageids: list }, await this.batchSize(options.signal), this.transport.options.maxConcurrent, options, this.urlBudget);
  }

  /**
   * {@link getMany} as a stream, for any number of pages in flat memory: batches of 500 titles
   * (50 without apihighlimits) go out in parallel up to the transport's `maxConcurrent`, and
   * pages are yielded in input order while the next batches are already on their way.
   * Breaking out of the loop cancels the batches still in flight.
   */
  async *readStream(titles: readonly string[], options: ReadOptions = {}): AsyncGenerator<PageContent> {
    titles.forEach((title, index) => assertValidTitle(title, `titles[${index}]`));
    if (titles.length === 0) return;
    yield* streamPages(this.reader(), { titles }, await this.batchSize(options.signal), this.transport.options.maxConcurrent, options, this.urlBudget);
  }

  /** Revisions of a page, newest first (`prop=revisions` in enumeration mode, with slots). */
  async revisions(title: string, options: { limit?: number; content?: boolean; signal?: AbortSignal } = {}): Promise<RevisionInfo[]> {
    assertValidTitle(title);
    const limit = options.limit ?? 50;
    const out: { revid: number; timestamp: string; content?: string }[] = [];
    const params: ApiParams = {
      titles: title,
      prop: 'revisions',
      rvprop: options.content ? 'ids|timestamp|user|comment|size|sha1|content' : 'ids|timestamp|user|comment|size|sha1',
      rvslots: 'main',
      rvlimit: Math.min(limit, options.content ? 50 : 500),
    };
    for await (const body of this.query(params, options.signal ? { signal: options.signal } : {})) {
      const page = (body['query'] as { pages?: { revisions?: (Record<string, unknown> & { revid: number; timestamp: string; slots?: { main?: { content?: string } } })[] }[] } | undefined)?.pages?.[0];
      for (const revision of page?.revisions ?? []) {
        const { slots, ...rest } = revision;
        out.push(slots?.main?.content === undefined ? rest : { ...rest, content: slots.main.content });
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  async edit(input: EditInput, options: { signal?: AbortSignal } = {}): Promise<EditResult> {
    const params = withBaseRevision(input);
    validateEditParams(params); // bad input fails before any request, login included
    // Logged in first: whether to mark the edit `bot` depends on the account's rights.
    await this.session.ensure(options.signal);
    return runEdit(this.editContext(), params, options.signal);
  }

  /**
   * Read-modify-write that never overwrites a newer revision (see {@link runUpdate}); mwn calls
   * it `edit`. A missing page is refused (`NotFoundError`) unless `{ create: true }`.
   */
  update(title: string, transform: PageTransform, options: UpdateOptions = {}): Promise<UpdateResult> {
    return runUpdate(this.editContext(), title, transform, options);
  }

  async parse(params: ApiParams, options: { signal?: AbortSignal } = {}): Promise<Readonly<Record<string, unknown>>> {
    const body = await this.request({ action: 'parse', ...params }, { kind: 'read', signal: options.signal });
    return (body['parse'] as Readonly<Record<string, unknown>> | undefined) ?? {};
  }

  /** Site facts (namespaces, limits, group rights), fetched once per client. */
  siteinfo(): Promise<SiteInfo> {
    this.siteinfoPromise ??= this.request({ action: 'query', meta: 'siteinfo', siprop: 'general|namespaces|namespacealiases|usergroups' }, { kind: 'read' })
      .then((body) => body['query'] as SiteInfo)
      .catch((error: unknown) => {
        this.siteinfoPromise = undefined;
        throw error;
      });
    return this.siteinfoPromise;
  }

  async move(from: string, to: string, options: { reason?: string; movetalk?: boolean; movesubpages?: boolean; noredirect?: boolean; watchlist?: string; ignorewarnings?: boolean; signal?: AbortSignal } = {}): Promise<Readonly<Record<string, unknown>>> {
    assertValidTitle(from, 'from');
    assertValidTitle(to, 'to');
    const { signal, ...rest } = options;
    const body = await this.request({ action: 'move', from, to, ...rest }, { token: 'csrf', path: from, signal });
    return body['move'] as Readonly<Record<string, unknown>>;
  }

  async delete(title: string, options: { reason?: string; watchlist?: string; signal?: AbortSignal } = {}): Promise<Readonly<Record<string, unknown>>> {
    assertValidTitle(title);
    const { signal, ...rest } = options;
    try {
      const body = await this.request({ action: 'delete', title, ...rest }, { token: 'csrf', path: title, signal, idempotent: true });
      return body['delete'] as Readonly<Record<string, unknown>>;
    } catch (error) {
      // Repeated after a lost answer: "missing" on a later attempt means the first one deleted it.
      if (error instanceof NotFoundError && error.attempts > 1) return { title, alreadyDeleted: true };
      throw error;
    }
  }

  async undelete(title: string, options: { reason?: string; timestamps?: readonly string[]; signal?: AbortSignal } = {}): Promise<Readonly<Record<string, unknown>>> {
    assertValidTitle(title);
    const { signal, ...rest } = options;
    const body = await this.request({ action: 'undelete', title, ...rest }, { token: 'csrf', path: title, signal });
    return body['undelete'] as Readonly<Record<string, unknown>>;
  }

  /** `protections` maps an action to a level, e.g. `{ edit: 'sysop', move: 'sysop' }`; `all` is the default expiry. */
  async protect(title: string, protections: Readonly<Record<string, string>>, options: { expiry?: string | readonly string[]; reason?: string; cascade?: boolean; signal?: AbortSignal } = {}): Promise<Readonly<Record<string, unknown>>> {
    assertValidTitle(title);
    const { signal, expiry, ...rest } = options;
    const list = Object.entries(protections).map(([action, level]) => `${action}=${level}`);
    const body = await this.request(
      { action: 'protect', title, protections: list, expiry: expiry ?? 'infinite', ...rest },
      { token: 'csrf', path: title, signal, idempotent: true },
    );
    return body['protect'] as Readonly<Record<string, unknown>>;
  }

  async rollback(title: string, user: string, options: { summary?: string; markbot?: boolean; signal?: AbortSignal } = {}): Promise<Readonly<Record<string, unknown>>> {
    assertValidTitle(title);
    if (user.trim() === '') throw usageError('rollback: user is empty', { field: 'user' });
    const { signal, ...rest } = options;
    const body = await this.request({ action: 'rollback', title, user, ...rest }, { token: 'rollback', path: title, signal });
    return body['rollback'] as Readonly<Record<string, unknown>>;
  }

  async purge(titles: string | readonly string[], options: { forcelinkupdate?: boolean; signal?: AbortSignal } = {}): Promise<readonly Readonly<Record<string, unknown>>[]> {
    const list = typeof titles === 'string' ? [titles] : titles;
    list.forEach((title, index) => assertValidTitle(title, `titles[${index}]`));
    const { signal, ...rest } = options;
    const body = await this.request({ action: 'purge', titles: list, ...rest }, { kind: 'write', idempotent: true, signal });
    return (body['purge'] as Readonly<Record<string, unknown>>[] | undefined) ?? [];
  }

  async watch(titles: string | readonly string[], options: { unwatch?: boolean; expiry?: string; signal?: AbortSignal } = {}): Promise<readonly Readonly<Record<string, unknown>>[]> {
    const list = typeof titles === 'string' ? [titles] : titles;
    list.forEach((title, index) => assertValidTitle(title, `titles[${index}]`));
    const body = await this.request(
      { action: 'watch', titles: list, unwatch: options.unwatch === true, expiry: options.expiry },
      { token: 'watch', idempotent: true, signal: options.signal },
    );
    return (body['watch'] as Readonly<Record<string, unknown>>[] | undefined) ?? [];
  }

  upload(filename: string, data: Uint8Array, options: UploadOptions = {}): Promise<UploadResult> {
    return uploadFile(
      {
        request: (params, opts) => this.request(params, { token: 'csrf', path: opts.path, signal: opts.signal, ...(opts.multipart ? { multipart: true } : {}) }),
        read: (params, signal) => this.request(params, { kind: 'read', signal }),
        sleep: (ms, signal) => this.transport.options.sleep(ms, signal),
      },
      filename,
      data,
      options,
    );
  }

  /** This wiki behind the wiki-neutral page model (title = path, revid = revision). */
  asWiki(): Wiki {
    return createMediaWikiBackend(this);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Batch reads fit their batches to a GET URL only when batches can be in flight together: GET is
   * what lets them run side by side on a SQLite wiki, and one at a time it would only cost requests.
   */
  private readonly urlBudget = (params: ApiParams, field: string): number | undefined =>
    this.transport.options.maxConcurrent > 1 ? this.conn.getBudget(params, field) : undefined;

  private reader(): (params: ApiParams, signal?: AbortSignal) => Promise<ApiResponse> {
    return (params, signal) => this.request(params, { kind: 'read', signal });
  }

  private editContext(): Parameters<typeof runUpdate>[0] {
    return {
      request: (params, opts) => this.request(params, { token: 'csrf', name: 'action=edit', path: opts.path, signal: opts.signal }),
      readLatest: async (target, signal) => {
        const options = signal ? { signal } : {};
        const [page] = 'title' in target ? await this.getMany([target.title], { ...options, details: true }) : await this.readIds([target.pageid], { ...options, details: true });
        if (!page) throw usageError('read returned nothing', { field: 'title' });
        return page;
      },
      userName: () => this.session.user?.name,
      isBot: () => this.session.hasRight('bot'),
      edit: (params, signal) => this.edit(params, signal ? { signal } : {}),
    };
  }
}
