// Length (~400 lines) on purpose: one short facade method per page operation (checks in pages-input.ts, bulk pacing in run-batch.ts); splitting the class would split its API.
/**
 * `client.pages`: the SDK-shaped page API (list/get/getByPath/create/update/delete/move/search,
 * getByTags, createMany/updateMany/deleteMany, and the admin page operations) over whichever
 * major the client speaks. Inputs are checked here, before anything is sent.
 */
import { usageError } from '../errors.js';
import { runBatch } from '../run-batch.js';
import type { ResourceHost } from './resource.js';
import { listing, type Listing } from '../model/listing.js';
import type {
  CallOptions,
  DialectUpdateOptions,
  ItemResult,
  PageConflictLatest,
  PageCreateInput,
  PageHistory,
  PageLinkItem,
  PageListOptions,
  PagePatch,
  PageSearchOptions,
  PageSearchResult,
  PagesDialect,
  PageTag,
  PageTreeItem,
  PageTreeOptions,
  PageVersion,
  UpdateOptions,
  WikiJsDialect,
  WikiJsId,
  WikiJsPage,
  WikiJsPageListItem,
} from './dialect.js';
import { checkIntId, checkLocale, checkNonEmpty, checkNonNegative, checkPath, normalizeTags } from './validate.js';
import { checkCreate, checkId, checkPatch, guardOf } from './pages-input.js';

const ORDER_BY = new Set(['id', 'path', 'title', 'created', 'updated']);

export interface BulkOptions extends CallOptions {
  /**
   * Parent folders worked on at once. Creates and moves under one parent are always
   * serialised: concurrent creates race in the server's page-tree rebuild. @default 2
   */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Folder part of a path (`docs/a/b` → `docs/a`), the unit bulk writes serialise on. */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** A page named by id, or by path (and locale, `en` by default). */
export type PageRef = WikiJsId | { readonly id: WikiJsId } | { readonly path: string; readonly locale?: string };
/** Several pages named by ids, or by paths in one locale (`en` by default). */
export type PageRefs = { readonly ids: readonly WikiJsId[] } | { readonly paths: readonly string[]; readonly locale?: string };

function isIdList(refs: readonly WikiJsId[] | PageRefs): refs is readonly WikiJsId[] {
  return Array.isArray(refs);
}

/** One item of `updateMany`: the page id, the patch, and the revision last seen. */
export type UpdateManyItem = PagePatch & {
  readonly id: WikiJsId;
  /** See {@link UpdateOptions.expectedRevision}. */
  readonly expectedRevision?: string;
  /** @deprecated Use `expectedRevision`. */
  readonly expectedUpdatedAt?: string;
};


type OptionalMethod = Exclude<keyof PagesDialect, 'list' | 'get' | 'getByPath' | 'getMany' | 'getManyByPath' | 'create' | 'update' | 'delete' | 'move' | 'search'>;

export class WikiJsPages {
  readonly #client: ResourceHost;

  constructor(client: ResourceHost) {
    this.#client = client;
  }

  private call<T>(method: string, run: (pages: PagesDialect, dialect: WikiJsDialect) => Promise<T>): Promise<T> {
    return this.#client.run('pages', method, (dialect) => run(dialect.pages, dialect));
  }

  private optional<K extends OptionalMethod>(method: K, run: (fn: NonNullable<PagesDialect[K]>, pages: PagesDialect) => Promise<unknown>): Promise<never> {
    return this.call(method, (pages, dialect) => {
      const fn = pages[method];
      if (typeof fn !== 'function') throw this.#client.unsupported(dialect, `pages.${method}`);
      return run(fn.bind(pages) as NonNullable<PagesDialect[K]>, pages);
    }) as Promise<never>;
  }

  /**
   * Pages, filtered and ordered by the server, then `search`/`offset`/`limit` applied: iterate
   * with `for await`, or `.toArray()`. Wiki.js answers the whole list in one response.
   */
  list(options: PageListOptions = {}): Listing<WikiJsPageListItem> {
    return listing(() => this.#list(options));
  }

  async #list(options: PageListOptions): Promise<WikiJsPageListItem[]> {
    const checked: PageListOptions = {
      ...options,
      ...(options.limit === undefined ? {} : { limit: checkNonNegative(options.limit, 'limit') }),
      ...(options.offset === undefined ? {} : { offset: checkNonNegative(options.offset, 'offset') }),
      ...(options.locale === undefined ? {} : { locale: checkLocale(options.locale) }),
      // Mixed-case tag filters match nothing on the server: tags are stored lower-case.
      ...(options.tags === undefined ? {} : { tags: normalizeTags(options.tags) }),
      ...(options.authorId === undefined ? {} : { authorId: checkId(options.authorId, 'authorId') }),
      ...(options.creatorId === undefined ? {} : { creatorId: checkId(options.creatorId, 'creatorId') }),
    };
    if (options.orderBy !== undefined && !ORDER_BY.has(options.orderBy)) throw usageError(`orderBy must be one of ${[...ORDER_BY].join(', ')}`, { field: 'orderBy' });
    if (options.orderDirection !== undefined && !/^(asc|desc)$/i.test(options.orderDirection)) throw usageError('orderDirection must be asc or desc', { field: 'orderDirection' });
    return this.call('list', (pages) => pages.list(checked));
  }

  /**
   * One page, by id (`get(7)`, `get({ id: 7 })`) or by path (`get({ path: 'docs/a', locale: 'en' })`,
   * locale `en` by default).
   * @throws NotFoundError
   */
  async get(ref: PageRef, options?: CallOptions): Promise<WikiJsPage> {
    if (typeof ref === 'object' && 'path' in ref) return this.#getByPath(ref.path, ref.locale ?? 'en', options);
    const checked = checkId(typeof ref === 'object' ? ref.id : ref);
    return this.call('get', (pages) => pages.get(checked, options));
  }

  /** @deprecated Use `get({ path, locale })`. */
  async getByPath(path: string, locale = 'en', options?: CallOptions): Promise<WikiJsPage> {
    return this.#getByPath(path, locale, options);
  }

  async #getByPath(path: string, locale: string, options: CallOptions | undefined): Promise<WikiJsPage> {
    const p = checkPath(path);
    const l = checkLocale(locale);
    return this.call('getByPath', (pages) => pages.getByPath(p, l, options));
  }

  /**
   * Many pages in few round trips (aliased reads, JSON-array batched), by ids (`getMany([1, 2])`,
   * `getMany({ ids })`) or by paths (`getMany({ paths, locale })`); answers in input order, a
   * missing page → `undefined`.
   */
  async getMany(refs: readonly WikiJsId[] | PageRefs, options?: CallOptions): Promise<(WikiJsPage | undefined)[]> {
    if (!isIdList(refs) && 'paths' in refs) return this.#getManyByPath(refs.paths, refs.locale ?? 'en', options);
    const ids = isIdList(refs) ? refs : refs.ids;
    const checked = ids.map((id, i) => checkId(id, `ids[${i}]`));
    if (checked.length === 0) return Promise.resolve([]);
    return this.call('getMany', (pages) => pages.getMany(checked, options));
  }

  /** @deprecated Use `getMany({ paths, locale })`. */
  async getManyByPath(paths: readonly string[], locale = 'en', options?: CallOptions): Promise<(WikiJsPage | undefined)[]> {
    return this.#getManyByPath(paths, locale, options);
  }

  async #getManyByPath(paths: readonly string[], locale: string, options: CallOptions | undefined): Promise<(WikiJsPage | undefined)[]> {
    const checked = paths.map((p, i) => checkPath(p, `paths[${i}]`));
    const l = checkLocale(locale);
    if (checked.length === 0) return Promise.resolve([]);
    return this.call('getManyByPath', (pages) => pages.getManyByPath(checked, l, options));
  }

  /**
   * Creates a page. A concurrent-create false failure is told from a real one by re-reading the
   * path; a create whose outcome is unknown is re-read, never sent twice.
   * @throws UsageError, ConflictError (6002 path exists), ValidationError, PermissionError
   */
  async create(input: PageCreateInput, options?: CallOptions): Promise<WikiJsPage> {
    const checked = checkCreate(input, 'input');
    return this.call('create', (pages) => pages.create(checked, options));
  }

  /**
   * Changes only what `patch` names; everything else stays exactly as it was.
   * With `expectedRevision` (the `updatedAt` last seen), refuses with ConflictError when the
   * page changed since.
   */
  async update(id: WikiJsId, patch: PagePatch, options: UpdateOptions = {}): Promise<WikiJsPage> {
    const checkedId = checkId(id);
    const checked = checkPatch(patch, 'patch');
    const dialectOptions = guardOf(options);
    return this.call('update', (pages) => pages.update(checkedId, checked, dialectOptions));
  }

  /**
   * @internal The page-model adapter's write: `current` is the page it has just read and checked
   * against the caller's revision, so the dialect sends the change without reading it again.
   */
  async updateFrom(current: WikiJsPage, patch: PagePatch, options: CallOptions = {}): Promise<WikiJsPage> {
    const checked = checkPatch(patch, 'patch');
    const dialectOptions: DialectUpdateOptions = { ...options, expectedRevision: current.updatedAt, current };
    return this.call('update', (pages) => pages.update(current.id, checked, dialectOptions));
  }

  async delete(id: WikiJsId, options?: CallOptions): Promise<void> {
    const checked = checkId(id);
    return this.call('delete', (pages) => pages.delete(checked, options));
  }

  /** Moves a page to another path (`move(id, 'new/path')`) or locale (`move(id, { path, locale })`, `en` by default). */
  move(id: WikiJsId, to: string | { readonly path: string; readonly locale?: string }, options?: CallOptions): Promise<void>;
  /** @deprecated Use `move(id, { path, locale })`. */
  move(id: WikiJsId, destinationPath: string, destinationLocale: string, options?: CallOptions): Promise<void>;
  async move(id: WikiJsId, to: string | { readonly path: string; readonly locale?: string }, localeOrOptions?: string | CallOptions, callOptions?: CallOptions): Promise<void> {
    const destination = typeof to === 'string' ? { path: to, locale: typeof localeOrOptions === 'string' ? localeOrOptions : 'en' } : { path: to.path, locale: to.locale ?? 'en' };
    const options = typeof localeOrOptions === 'object' ? localeOrOptions : callOptions;
    const checked = checkId(id);
    const path = checkPath(destination.path, 'destinationPath');
    const locale = checkLocale(destination.locale, 'destinationLocale');
    return this.call('move', (pages) => pages.move(checked, path, locale, options));
  }

  /** The server's search engine (Wiki.js 2 `db`: title/description/path of published pages). */
  async search(query: string, options: PageSearchOptions = {}): Promise<PageSearchResult[]> {
    checkNonEmpty(query, 'query');
    const checked: PageSearchOptions = {
      ...options,
      ...(options.locale === undefined ? {} : { locale: checkLocale(options.locale) }),
      ...(options.limit === undefined ? {} : { limit: checkNonNegative(options.limit, 'limit') }),
      ...(options.path === undefined ? {} : { path: checkPath(options.path) }),
    };
    return this.call('search', (pages) => pages.search(query, checked));
  }

  /** Pages with all (`matchAll`, default) or any of `tags`. */
  async getByTags(tags: readonly string[], options: CallOptions & { matchAll?: boolean; limit?: number; locale?: string } = {}): Promise<WikiJsPageListItem[]> {
    const wanted = normalizeTags(tags);
    if (wanted.length === 0) throw usageError('tags must name at least one tag', { field: 'tags' });
    const base = { ...(options.locale === undefined ? {} : { locale: options.locale }), ...(options.signal ? { signal: options.signal } : {}) };
    let pages: WikiJsPageListItem[];
    if (options.matchAll ?? true) {
      pages = await this.list({ ...base, tags: wanted });
    } else {
      const lists = await Promise.all(wanted.map((tag) => this.list({ ...base, tags: [tag] })));
      const seen = new Map<WikiJsId, WikiJsPageListItem>();
      for (const page of lists.flat()) if (!seen.has(page.id)) seen.set(page.id, page);
      pages = [...seen.values()];
    }
    return options.limit === undefined ? pages : pages.slice(0, checkNonNegative(options.limit, 'limit'));
  }

  /**
   * Creates many pages; one result per input, in input order (never stops at the first
   * failure). Pages under the same parent are created one after another.
   */
  async createMany(inputs: readonly PageCreateInput[], options: BulkOptions = {}): Promise<ItemResult<PageCreateInput, WikiJsPage>[]> {
    return this.bulk(inputs, (input) => parentOf(typeof input.path === 'string' ? input.path.replace(/^\/+|\/+$/g, '') : ''), (input) => this.create(input, options), options);
  }

  /** Updates many pages (`{ id, ...patch }` each); one result per item. */
  async updateMany(items: readonly UpdateManyItem[], options: BulkOptions = {}): Promise<ItemResult<PagePatch & { readonly id: WikiJsId }, WikiJsPage>[]> {
    return this.bulk(
      items,
      (item) => String(item.id),
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- passed on to update, which folds it
      ({ id, expectedRevision, expectedUpdatedAt, ...patch }) =>
        this.update(id, patch, {
          ...(expectedRevision === undefined ? {} : { expectedRevision }),
          ...(expectedUpdatedAt === undefined ? {} : { expectedUpdatedAt }),
          ...(options.signal ? { signal: options.signal } : {}),
        }),
      options,
    );
  }

  /** Deletes many pages; one result per id. */
  async deleteMany(ids: readonly WikiJsId[], options: BulkOptions = {}): Promise<ItemResult<WikiJsId, true>[]> {
    return this.bulk(ids, () => '', async (id) => {
      await this.delete(id, options);
      return true as const;
    }, { ...options, concurrency: 1 });
  }

  private async bulk<I, T>(items: readonly I[], groupOf: (item: I) => string, work: (item: I) => Promise<T>, options: BulkOptions): Promise<ItemResult<I, T>[]> {
    const results: ItemResult<I, T>[] = new Array<ItemResult<I, T>>(items.length);
    const groups = new Map<string, number[]>();
    items.forEach((item, index) => {
      const key = groupOf(item);
      groups.set(key, [...(groups.get(key) ?? []), index]);
    });
    let done = 0;
    // Groups in parallel, each group's items one after another; an abort is reported per item
    // (so no signal for the runner: every item gets its result).
    await runBatch(
      [...groups.values()],
      async (indexes) => {
        for (const index of indexes) {
          const input = items[index] as I;
          if (options.signal?.aborted) {
            results[index] = { ok: false, index, input, error: options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted') };
          } else {
            try {
              results[index] = { ok: true, index, input, value: await work(input) };
            } catch (error) {
              results[index] = { ok: false, index, input, error: error instanceof Error ? error : new Error(String(error)) };
            }
          }
          options.onProgress?.(++done, items.length);
        }
      },
      { concurrency: Math.max(1, options.concurrency ?? 2) },
    );
    return results;
  }

  async tags(options?: CallOptions): Promise<PageTag[]> {
    return this.optional('tags', (fn) => fn(options));
  }

  async searchTags(query: string, options?: CallOptions): Promise<string[]> {
    checkNonEmpty(query, 'query');
    return this.optional('searchTags', (fn) => fn(query, options));
  }

  async tree(options: PageTreeOptions = {}): Promise<PageTreeItem[]> {
    const checked: PageTreeOptions = {
      ...options,
      ...(options.locale === undefined ? {} : { locale: checkLocale(options.locale) }),
      ...(options.path === undefined ? {} : { path: checkPath(options.path) }),
      ...(options.parent === undefined ? {} : { parent: checkNonNegative(options.parent, 'parent') }),
    };
    return this.optional('tree', (fn) => fn(checked));
  }

  async links(locale = 'en', options?: CallOptions): Promise<PageLinkItem[]> {
    const l = checkLocale(locale);
    return this.optional('links', (fn) => fn(l, options));
  }

  async history(id: WikiJsId, options: CallOptions & { offsetPage?: number; offsetSize?: number } = {}): Promise<PageHistory> {
    const checked = checkId(id);
    return this.optional('history', (fn) => fn(checked, options));
  }

  /** One stored version, or `undefined` when it does not exist. */
  async version(id: WikiJsId, versionId: number, options?: CallOptions): Promise<PageVersion | undefined> {
    const checked = checkId(id);
    checkIntId(versionId, 'versionId');
    return this.optional('version', (fn) => fn(checked, versionId, options));
  }

  /** True when the page changed after `checkoutDate` (a re-render counts as a change). */
  async checkConflicts(id: WikiJsId, checkoutDate: string, options?: CallOptions): Promise<boolean> {
    const checked = checkId(id);
    if (Number.isNaN(Date.parse(checkoutDate))) throw usageError(`checkoutDate "${checkoutDate}" is not an ISO date`, { field: 'checkoutDate' });
    return this.optional('checkConflicts', (fn) => fn(checked, checkoutDate, options));
  }

  async conflictLatest(id: WikiJsId, options?: CallOptions): Promise<PageConflictLatest> {
    const checked = checkId(id);
    return this.optional('conflictLatest', (fn) => fn(checked, options));
  }

  async convert(id: WikiJsId, editor: string, options?: CallOptions): Promise<void> {
    const checked = checkId(id);
    checkNonEmpty(editor, 'editor');
    return this.optional('convert', (fn) => fn(checked, editor, options));
  }

  async deleteTag(tagId: WikiJsId, options?: CallOptions): Promise<void> {
    const checked = checkId(tagId, 'tagId');
    return this.optional('deleteTag', (fn) => fn(checked, options));
  }

  async updateTag(tagId: WikiJsId, tag: string, title: string, options?: CallOptions): Promise<void> {
    const checked = checkId(tagId, 'tagId');
    checkNonEmpty(tag, 'tag');
    return this.optional('updateTag', (fn) => fn(checked, tag, title, options));
  }

  async render(id: WikiJsId, options?: CallOptions): Promise<void> {
    const checked = checkId(id);
    return this.optional('render', (fn) => fn(checked, options));
  }

  async restore(id: WikiJsId, versionId: number, options?: CallOptions): Promise<void> {
    const checked = checkId(id);
    checkIntId(versionId, 'versionId');
    return this.optional('restore', (fn) => fn(checked, versionId, options));
  }

  async purgeHistory(olderThan: string, options?: CallOptions): Promise<void> {
    checkNonEmpty(olderThan, 'olderThan');
    return this.optional('purgeHistory', (fn) => fn(olderThan, options));
  }

  async flushCache(options?: CallOptions): Promise<void> {
    return this.optional('flushCache', (fn) => fn(options));
  }

  async rebuildTree(options?: CallOptions): Promise<void> {
    return this.optional('rebuildTree', (fn) => fn(options));
  }

  /** Moves every page of `sourceLocale` into `targetLocale` (an admin job); returns how many moved. */
  async migrateToLocale(sourceLocale: string, targetLocale: string, options?: CallOptions): Promise<number> {
    const from = checkLocale(sourceLocale, 'sourceLocale');
    const to = checkLocale(targetLocale, 'targetLocale');
    if (from === to) throw usageError('migrateToLocale: sourceLocale and targetLocale are the same', { field: 'targetLocale' });
    return this.optional('migrateToLocale', (fn) => fn(from, to, options));
  }
}
