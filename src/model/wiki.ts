import type { WikiKind } from '../errors.js';
import type { Listing } from './listing.js';
import type { AssetRef, Page, PageInput, PageSummary, Revision } from './page.js';

export interface ListOptions {
  /** Only pages whose path starts with this prefix (a folder: `docs` matches `docs/a`, not `docsx`). */
  readonly prefix?: string;
  readonly locale?: string;
  readonly signal?: AbortSignal;
}

export interface PutOptions {
  /**
   * Optimistic-concurrency guard: the revision the caller last saw.
   * - a string: refuse with `ConflictError` unless the page is still at that revision;
   * - `null`: the page must not exist yet (create only);
   * - omitted: no guard (create or update whatever is there).
   */
  readonly expectedRevision?: string | null;
  readonly signal?: AbortSignal;
  /**
   * @internal The page as this wiki object returned it moments ago, at `expectedRevision`:
   * stands in for the write's own re-read (one request fewer). Ignored when it is not at
   * `expectedRevision`, not at the input's path, or not from this wiki object.
   */
  readonly current?: Page;
}

export type PutAction = 'created' | 'updated' | 'unchanged';

export interface PutResult {
  readonly action: PutAction;
  /** The page as stored after the write (revision is the new one). */
  readonly page: Page;
}

export interface WriteGuard {
  /** Refuse with `ConflictError` unless the page is still at this revision. */
  readonly expectedRevision?: string;
  readonly locale?: string;
  readonly signal?: AbortSignal;
}

/** How a page moves; the MediaWiki options are ignored where the wiki has no such thing. */
export interface MoveOptions extends WriteGuard {
  /** MediaWiki: leave a redirect at the old title. @default false */
  readonly redirect?: boolean;
  /** MediaWiki: move the talk page along. @default true */
  readonly talk?: boolean;
  /** MediaWiki: move subpages along (namespaces with subpages only, at most 100). @default false */
  readonly subpages?: boolean;
}

/** What a dialect can do, so jobs can skip or refuse cleanly instead of failing half-way. */
export interface WikiCapabilities {
  readonly assets: boolean;
  readonly history: boolean;
  readonly tags: boolean;
  readonly locales: boolean;
  /** Formats `put` accepts; the first is the native one. */
  readonly formats: readonly Page['format'][];
}

/**
 * One page model that every dialect implements, so batch, sync, export, replace and migrate
 * work on any wiki. Paths are wiki paths without locale (Wiki.js) or titles (MediaWiki).
 */
export interface Wiki {
  readonly kind: WikiKind;
  /** Base URL of the wiki, for messages. Never carries credentials. */
  readonly url: string;
  readonly capabilities: WikiCapabilities;

  /** Every page (or every page under `prefix`), streamed; `.toArray()` collects them. */
  list(options?: ListOptions): Listing<PageSummary>;
  /** One page, or `undefined` when it does not exist. */
  get(path: string, options?: { locale?: string; signal?: AbortSignal }): Promise<Page | undefined>;
  /** One page by the wiki's own id ({@link PageSummary.id}), or `undefined` when no page has it. */
  getById?(id: string, options?: { signal?: AbortSignal }): Promise<Page | undefined>;
  /** Several pages in as few round trips as the API allows; missing paths map to `undefined`. */
  getMany(paths: readonly string[], options?: { locale?: string; signal?: AbortSignal }): Promise<Map<string, Page | undefined>>;
  /** Create or update; never wipes fields the input omits; `unchanged` when nothing differs. */
  put(input: PageInput, options?: PutOptions): Promise<PutResult>;
  delete(path: string, options?: WriteGuard): Promise<void>;
  move(from: string, to: string, options?: MoveOptions): Promise<void>;
  /** Newest first. */
  history(path: string, options?: { locale?: string; withContent?: boolean; limit?: number }): Promise<Revision[]>;
  search(query: string, options?: { locale?: string }): Promise<PageSummary[]>;

  /**
   * Paths of pages whose links point at any of `paths`, from the wiki's own link table
   * (Wiki.js `pages.links`, MediaWiki `linkshere`), where the wiki keeps one. It may lag behind
   * the bodies (a page not re-rendered yet), so jobs read the bodies too.
   */
  linkedFrom?(paths: readonly string[], options?: { locale?: string; signal?: AbortSignal }): Promise<string[]>;
  /** MediaWiki: whether `path`'s namespace has subpages, i.e. `[[/Sub]]` on it is relative. */
  hasSubpages?(path: string, options?: { signal?: AbortSignal }): Promise<boolean>;

  /** Present where `capabilities.assets`. */
  uploadAsset?(name: string, data: Uint8Array, options?: { folder?: string; mime?: string }): Promise<AssetRef>;
  downloadAsset?(path: string): Promise<Uint8Array>;
  listAssets?(): AsyncIterable<AssetRef>;

  close(): Promise<void>;
}
