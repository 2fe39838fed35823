/** The dialect contract (dialect.ts), pages: what a major implements and the shapes it answers. */
import type { CallOptions, WikiJsId } from './dialect-base.js';

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
 * What the page-model adapter hands a dialect's `update`: the page it has just read
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
