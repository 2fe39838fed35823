// Length (>400 lines) on purpose: one dialect's page resource; every write and its one reconciliation of unknown outcomes share this file's decoder and documents (reconciliation in one place per dialect).
/**
 * Wiki.js 2.x pages, made safe where the server is not (observed-behaviour.md):
 * - `update` reads the page and sends every field, so omitted ones are kept, not wiped;
 * - `create` tells the false `succeeded:false` of concurrent creates (tree rebuild race) from a
 *   real failure by re-reading the path;
 * - a write whose outcome is unknown (timeout, reset, 5xx) is re-read, never resent.
 */
import { NotFoundError, WikiApiError, type WikikitError, apiError } from '../../errors.js';
import { isOutcomeUnknown as isAmbiguous, summaryOf } from '../../transport/index.js';
import { note, reread, REREAD_FAILED, sameTags } from '../reconcile.js';
import type {
  CallOptions,
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
  DialectUpdateOptions,
  WikiJsId,
  WikiJsPage,
  WikiJsPageListItem,
} from '../dialect.js';
import type { BatchItem, GraphQLExecutor, OperationSpec, ResponseResult } from '../graphql.js';
import { checkIntId } from '../validate.js';
import * as doc from './documents.js';
import { clientError } from '../../client-errors.js';

/** Aliased fields per `getMany` document; the executor then batches the documents. */
const MANY_CHUNK = 50;

interface RawPage {
  id: number;
  path: string;
  hash?: string;
  title: string;
  description: string;
  isPrivate: boolean;
  isPublished: boolean;
  publishStartDate?: string | null;
  publishEndDate?: string | null;
  tags?: ({ tag: string } | null)[] | null;
  content?: string;
  render?: string | null;
  contentType?: string;
  createdAt: string;
  updatedAt: string;
  editor?: string;
  locale?: string;
  scriptCss?: string | null;
  scriptJs?: string | null;
  authorId?: number;
  authorName?: string;
  authorEmail?: string;
  creatorId?: number;
  creatorName?: string;
  creatorEmail?: string;
}

interface MutationPayload {
  responseResult: ResponseResult | null;
  page?: RawPage | null;
}

export function decodePage(raw: RawPage, fallback: { locale?: string | undefined; editor?: string | undefined } = {}): WikiJsPage {
  return {
    id: raw.id,
    path: raw.path,
    locale: raw.locale ?? fallback.locale ?? 'en',
    title: raw.title,
    description: raw.description,
    content: raw.content ?? '',
    render: raw.render ?? undefined,
    contentType: raw.contentType ?? 'markdown',
    editor: raw.editor ?? fallback.editor ?? 'markdown',
    isPublished: raw.isPublished,
    isPrivate: raw.isPrivate,
    publishStartDate: raw.publishStartDate ?? '',
    publishEndDate: raw.publishEndDate ?? '',
    tags: (raw.tags ?? []).flatMap((t) => (t ? [t.tag] : [])),
    scriptCss: raw.scriptCss ?? '',
    scriptJs: raw.scriptJs ?? '',
    hash: raw.hash,
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    authorId: raw.authorId,
    authorName: raw.authorName,
    authorEmail: raw.authorEmail,
    creatorId: raw.creatorId,
    creatorName: raw.creatorName,
    creatorEmail: raw.creatorEmail,
  };
}

const ORDER_BY = { id: 'ID', path: 'PATH', title: 'TITLE', created: 'CREATED', updated: 'UPDATED' } as const;
const TREE_MODE = { folders: 'FOLDERS', pages: 'PAGES', all: 'ALL' } as const;


export class V2Pages implements PagesDialect {
  private readonly gql: GraphQLExecutor;

  constructor(gql: GraphQLExecutor) {
    this.gql = gql;
  }

  private id(id: WikiJsId, field = 'id'): number {
    return checkIntId(id, field, 2);
  }

  private async mutate(name: string, query: string, variables: Record<string, unknown>, field: string, options: CallOptions | undefined, extra: Partial<OperationSpec> = {}): Promise<void> {
    const operation: OperationSpec = { name, kind: 'write', ...extra };
    const data = await this.gql.execute<{ pages: Record<string, MutationPayload | null> }>(query, variables, operation, { signal: options?.signal });
    this.gql.check(data.pages[field]?.responseResult, { query, variables, operation });
  }

  async list(options: PageListOptions): Promise<WikiJsPageListItem[]> {
    // The server's `limit` counts page×tag join rows, not pages (a 3-tag page eats limit 3),
    // so limit/offset/search are applied here on the full answer.
    const variables: Record<string, unknown> = {};
    if (options.orderBy) variables['orderBy'] = ORDER_BY[options.orderBy];
    if (options.orderDirection) variables['orderByDirection'] = options.orderDirection.toUpperCase();
    if (options.tags && options.tags.length > 0) variables['tags'] = options.tags;
    if (options.locale) variables['locale'] = options.locale;
    if (options.creatorId !== undefined) variables['creatorId'] = this.id(options.creatorId, 'creatorId');
    if (options.authorId !== undefined) variables['authorId'] = this.id(options.authorId, 'authorId');
    const data = await this.gql.execute<{ pages: { list: (Omit<WikiJsPageListItem, 'tags' | 'title' | 'description'> & { title: string | null; description: string | null; tags: (string | null)[] | null })[] } }>(
      doc.PAGE_LIST,
      variables,
      { name: 'pages.list', kind: 'read' },
      { signal: options.signal },
    );
    let items: WikiJsPageListItem[] = data.pages.list.map((p) => ({
      id: p.id,
      path: p.path,
      locale: p.locale,
      title: p.title ?? '',
      description: p.description ?? '',
      contentType: p.contentType,
      isPublished: p.isPublished,
      isPrivate: p.isPrivate,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      tags: (p.tags ?? []).filter((t): t is string => typeof t === 'string'),
    }));
    if (options.search) {
      const needle = options.search.toLowerCase();
      items = items.filter((p) => [p.title, p.path, p.description].some((s) => s.toLowerCase().includes(needle)));
    }
    const offset = options.offset ?? 0;
    return items.slice(offset, options.limit === undefined ? undefined : offset + options.limit);
  }

  async get(id: WikiJsId, options?: CallOptions): Promise<WikiJsPage> {
    const data = await this.gql.execute<{ pages: { single: RawPage | null } }>(doc.PAGE_SINGLE, { id: this.id(id) }, { name: 'pages.get', kind: 'read', path: `#${id}` }, { signal: options?.signal });
    if (!data.pages.single) throw this.notFound('pages.get', `#${id}`);
    return decodePage(data.pages.single);
  }

  async getByPath(path: string, locale: string, options?: CallOptions): Promise<WikiJsPage> {
    const data = await this.gql.execute<{ pages: { singleByPath: RawPage | null } }>(doc.PAGE_BY_PATH, { path, locale }, { name: 'pages.getByPath', kind: 'read', path }, { signal: options?.signal });
    if (!data.pages.singleByPath) throw this.notFound('pages.getByPath', path);
    return decodePage(data.pages.singleByPath);
  }

  getMany(ids: readonly WikiJsId[], options?: CallOptions): Promise<(WikiJsPage | undefined)[]> {
    const numeric = ids.map((id, i) => this.id(id, `ids[${i}]`));
    return this.readMany(numeric, false, 'en', options);
  }

  getManyByPath(paths: readonly string[], locale: string, options?: CallOptions): Promise<(WikiJsPage | undefined)[]> {
    return this.readMany(paths, true, locale, options);
  }

  /** Aliased `single`/`singleByPath` fields, 50 per document; documents go out as one array POST. */
  private async readMany(keys: readonly (number | string)[], byPath: boolean, locale: string, options?: CallOptions): Promise<(WikiJsPage | undefined)[]> {
    const chunks: (number | string)[][] = [];
    for (let i = 0; i < keys.length; i += MANY_CHUNK) chunks.push(keys.slice(i, i + MANY_CHUNK));
    const parts = await Promise.all(
      chunks.map(async (chunk) => {
        const query = doc.pageManyDocument(chunk.length, byPath);
        const variables: Record<string, unknown> = byPath ? { locale } : {};
        chunk.forEach((key, i) => (variables[byPath ? `p${i}` : `i${i}`] = key));
        const operation: OperationSpec = { name: byPath ? 'pages.getManyByPath' : 'pages.getMany', kind: 'read' };
        const result = await this.gql.request<{ pages: Record<string, RawPage | null> | null }>(query, variables, operation, { signal: options?.signal });
        const item: BatchItem = { query, variables, operation };
        for (const entry of result.errors) {
          const error = this.gql.mapGraphQLError(entry, item, result.httpStatus);
          if (!(error instanceof NotFoundError)) throw error;
        }
        if (!result.data?.pages) throw this.gql.mapGraphQLError({ message: 'no data in answer' }, item, result.httpStatus);
        const pages = result.data.pages;
        return chunk.map((_, i) => {
          const raw = pages[`p${i}`];
          return raw ? decodePage(raw, { locale }) : undefined;
        });
      }),
    );
    return parts.flat();
  }

  private notFound(operation: string, path: string): NotFoundError {
    return apiError('not-found', `Wiki.js ${operation} failed: PageNotFound (6003) — This page does not exist. (path "${path}") [POST ${summaryOf({ method: 'POST', url: this.gql.endpoint, operation: { name: operation, kind: 'read', idempotent: true } }).url}]`, {
      wiki: 'wikijs-v2',
      code: 6003,
      slug: 'PageNotFound',
      path,
    });
  }

  /** The page at path, or undefined; errors other than not-found propagate. */
  private async find(path: string, locale: string, options?: CallOptions): Promise<WikiJsPage | undefined> {
    try {
      return await this.getByPath(path, locale, options);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async create(input: PageCreateInput, options?: CallOptions): Promise<WikiJsPage> {
    const locale = input.locale ?? 'en';
    const editor = input.editor ?? 'markdown';
    const variables: Record<string, unknown> = {
      content: input.content,
      description: input.description ?? '',
      editor,
      isPublished: input.isPublished ?? true,
      isPrivate: input.isPrivate ?? false,
      locale,
      path: input.path,
      tags: [...(input.tags ?? [])],
      title: input.title,
    };
    if (input.publishStartDate) variables['publishStartDate'] = input.publishStartDate;
    if (input.publishEndDate) variables['publishEndDate'] = input.publishEndDate;
    if (input.scriptCss !== undefined) variables['scriptCss'] = input.scriptCss;
    if (input.scriptJs !== undefined) variables['scriptJs'] = input.scriptJs;
    const operation: OperationSpec = { name: 'pages.create', kind: 'write', path: input.path };
    const item: BatchItem = { query: doc.PAGE_CREATE, variables, operation };
    const isOurs = (page: WikiJsPage | undefined): page is WikiJsPage => page !== undefined && page.content === input.content && page.title === input.title;

    let payload: MutationPayload | null | undefined;
    try {
      const data = await this.gql.execute<{ pages: { create: MutationPayload | null } }>(doc.PAGE_CREATE, variables, operation, { signal: options?.signal });
      payload = data.pages.create;
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      // Outcome unknown: learn it by reading, never by sending the create again.
      const found = await reread(() => this.find(input.path, locale));
      if ('failed' in found) throw note(error, REREAD_FAILED);
      if (isOurs(found.value)) return this.settled(found.value, locale, options);
      throw note(error, found.value ? 'a different page now exists at this path' : 're-read: the page was not created, safe to retry');
    }
    const result = payload?.responseResult;
    if (result?.succeeded && payload?.page) return decodePage(payload.page, { locale, editor });
    const failure = result ? this.gql.mapResponseResult(result, item) : undefined;
    if (failure && !this.mayBeFalseFailure(failure)) throw failure;
    // Concurrent creates report `succeeded:false` (errorCode 1, tree rebuild race) although the
    // page was stored; re-check by path before calling it a failure.
    const found = await this.find(input.path, locale, options);
    if (isOurs(found)) {
      if (failure) await this.rebuildTree().catch(() => undefined);
      return found;
    }
    if (failure) throw failure;
    this.gql.check(result, item);
    throw this.notFound('pages.create', input.path);
  }

  /**
   * A page found by the re-read of a create that timed out may still be in the making: the server
   * stores the row first and renders it in a worker process, and saving the render moves
   * `updatedAt`. Reporting the early copy would hand out a revision that goes stale on its own
   * (seen on a loaded real server: the next optimistic update refused). Wait, bounded, for the
   * render; return what is there at the end either way.
   */
  private async settled(page: WikiJsPage, locale: string, options?: CallOptions): Promise<WikiJsPage> {
    let current = page;
    for (let wait = 250; (current.render ?? '') === '' && current.content.trim() !== '' && wait <= 16_000; wait *= 2) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (options?.signal?.aborted) break;
      current = (await this.find(page.path, locale, options).catch(() => undefined)) ?? current;
    }
    return current;
  }

  /** Wiki.js codes are real refusals; errorCode 1 (raw JS errors) may hide a stored page. */
  private mayBeFalseFailure(error: WikikitError): boolean {
    return error instanceof WikiApiError && (typeof error.code !== 'number' || error.code < 1000);
  }

  /**
   * A refusal that may not be one: a raw JS error the server threw after saving the write (a
   * storage target that failed on its file), other than the "Invalid Page Id" it means for a missing page.
   */
  private isFalseFailure(error: unknown): boolean {
    return error instanceof WikiApiError && !(error instanceof NotFoundError) && this.mayBeFalseFailure(error);
  }

  async update(id: WikiJsId, patch: PagePatch, options: DialectUpdateOptions = {}): Promise<WikiJsPage> {
    const pageId = this.id(id);
    const given = options.current;
    // The caller's fresh read at the expected revision is the base; else both reads go out in one
    // array POST (auto batching).
    const [current, conflicted] = given !== undefined && given.id === pageId && (options.expectedRevision === undefined || given.updatedAt === options.expectedRevision)
      ? [given, false]
      : await Promise.all([
        this.get(pageId, options),
        options.expectedRevision === undefined ? Promise.resolve(false) : this.checkConflicts(pageId, options.expectedRevision, options),
      ]);
    if (options.expectedRevision !== undefined && (conflicted || current.updatedAt !== options.expectedRevision)) {
      throw clientError('StaleRevision', `Wiki.js pages.update refused: page "${current.path}" changed since ${options.expectedRevision} (now ${current.updatedAt}) [POST ${summaryOf({ method: 'POST', url: this.gql.endpoint, operation: { name: 'pages.update', kind: 'write', idempotent: false } }).url}]`,
        { wiki: 'wikijs-v2', slug: 'PageChanged', path: current.path, details: { expectedRevision: options.expectedRevision, currentRevision: current.updatedAt } },
      );
    }
    const merged = { ...current, ...definedOnly(patch) };
    const variables: Record<string, unknown> = {
      id: pageId,
      content: merged.content,
      description: merged.description,
      editor: merged.editor,
      isPrivate: merged.isPrivate,
      isPublished: merged.isPublished,
      locale: current.locale,
      path: current.path,
      tags: [...merged.tags],
      title: merged.title,
      scriptCss: merged.scriptCss,
      scriptJs: merged.scriptJs,
    };
    if (merged.publishStartDate) variables['publishStartDate'] = merged.publishStartDate;
    if (merged.publishEndDate) variables['publishEndDate'] = merged.publishEndDate;
    const operation: OperationSpec = { name: 'pages.update', kind: 'write', path: current.path };
    const matches = (page: WikiJsPage): boolean =>
      page.content === merged.content && page.title === merged.title && page.description === merged.description && page.isPublished === merged.isPublished && sameTags(page.tags, merged.tags);
    let payload: MutationPayload | null | undefined;
    try {
      const data = await this.gql.execute<{ pages: { update: MutationPayload | null } }>(doc.PAGE_UPDATE, variables, operation, { signal: options.signal });
      payload = data.pages.update;
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      const now = await reread(() => this.get(pageId));
      if ('failed' in now) throw note(error, REREAD_FAILED);
      if (matches(now.value)) return now.value;
      throw note(error, 're-read: the update was not applied, safe to retry');
    }
    const result = payload?.responseResult;
    if (result && !result.succeeded) {
      const failure = this.gql.mapResponseResult(result, { query: doc.PAGE_UPDATE, variables, operation });
      if (!this.isFalseFailure(failure)) throw failure;
      // Saved before a storage target failed (see move): the re-read tells — a new revision that
      // matches. A failure before the save leaves updatedAt as it was, even for a patch that only
      // touches fields `matches` does not compare.
      const now = await reread(() => this.get(pageId));
      if (!('failed' in now) && now.value.updatedAt !== current.updatedAt && matches(now.value)) return now.value;
      throw failure;
    }
    this.gql.check(result, { query: doc.PAGE_UPDATE, variables, operation });
    if (payload?.page) return decodePage(payload.page, { locale: current.locale, editor: merged.editor });
    return this.get(pageId, options);
  }

  async delete(id: WikiJsId, options?: CallOptions): Promise<void> {
    const pageId = this.id(id);
    try {
      await this.mutate('pages.delete', doc.PAGE_DELETE, { id: pageId }, 'delete', options, { path: `#${pageId}` });
    } catch (error) {
      // Deleted before a storage target failed to remove its file (see move).
      if (!isAmbiguous(error) && !this.isFalseFailure(error)) throw error;
      const gone = await this.get(pageId).then(
        () => false,
        (e: unknown) => e instanceof NotFoundError,
      );
      if (gone) return;
      throw note(error, 're-read: the page still exists, safe to retry');
    }
  }

  async move(id: WikiJsId, destinationPath: string, destinationLocale: string, options?: CallOptions): Promise<void> {
    const pageId = this.id(id);
    try {
      await this.mutate('pages.move', doc.PAGE_MOVE, { id: pageId, destinationPath, destinationLocale }, 'move', options, { path: destinationPath });
    } catch (error) {
      // 2.5 saves the move before it tells the storage targets (disk, git): a target missing the
      // file fails the mutation with a raw error (code 1, "ENOENT …") after the page has moved.
      if (!isAmbiguous(error) && !this.isFalseFailure(error)) throw error;
      const now = await reread(() => this.get(pageId));
      if ('failed' in now) throw note(error, REREAD_FAILED);
      if (now.value.path === destinationPath && now.value.locale === destinationLocale) return;
      throw note(error, 're-read: the page was not moved, safe to retry');
    }
  }

  async search(query: string, options: PageSearchOptions): Promise<PageSearchResult[]> {
    const variables: Record<string, unknown> = { query };
    if (options.path) variables['path'] = options.path;
    if (options.locale) variables['locale'] = options.locale;
    const data = await this.gql.execute<{ pages: { search: { results: (Omit<PageSearchResult, 'id'> & { id: string } | null)[] } } }>(doc.PAGE_SEARCH, variables, { name: 'pages.search', kind: 'read' }, { signal: options.signal });
    // Search ids are strings on the wire (PageSearchResult.id: String!); ints everywhere else.
    const results = data.pages.search.results.flatMap((r) => (r ? [{ ...r, id: /^\d+$/.test(r.id) ? Number(r.id) : r.id }] : []));
    return options.limit === undefined ? results : results.slice(0, options.limit);
  }

  async tags(options?: CallOptions): Promise<PageTag[]> {
    const data = await this.gql.execute<{ pages: { tags: (PageTag | null)[] } }>(doc.PAGE_TAGS, undefined, { name: 'pages.tags', kind: 'read' }, { signal: options?.signal });
    return data.pages.tags.flatMap((t) => (t ? [{ ...t, title: t.title ?? t.tag }] : []));
  }

  async searchTags(query: string, options?: CallOptions): Promise<string[]> {
    const data = await this.gql.execute<{ pages: { searchTags: (string | null)[] } }>(doc.PAGE_SEARCH_TAGS, { query }, { name: 'pages.searchTags', kind: 'read' }, { signal: options?.signal });
    return data.pages.searchTags.filter((t): t is string => typeof t === 'string');
  }

  async tree(options: PageTreeOptions): Promise<PageTreeItem[]> {
    const variables: Record<string, unknown> = { mode: TREE_MODE[options.mode ?? 'all'], locale: options.locale ?? 'en' };
    if (options.path !== undefined) variables['path'] = options.path;
    if (options.parent !== undefined) variables['parent'] = options.parent;
    if (options.includeAncestors !== undefined) variables['includeAncestors'] = options.includeAncestors;
    const data = await this.gql.execute<{ pages: { tree: (PageTreeItem | null)[] | null } }>(doc.PAGE_TREE, variables, { name: 'pages.tree', kind: 'read' }, { signal: options.signal });
    return (data.pages.tree ?? []).filter((t): t is PageTreeItem => t !== null);
  }

  async links(locale: string, options?: CallOptions): Promise<PageLinkItem[]> {
    const data = await this.gql.execute<{ pages: { links: (PageLinkItem | null)[] | null } }>(doc.PAGE_LINKS, { locale }, { name: 'pages.links', kind: 'read' }, { signal: options?.signal });
    return (data.pages.links ?? []).filter((l): l is PageLinkItem => l !== null);
  }

  async history(id: WikiJsId, options: CallOptions & { offsetPage?: number; offsetSize?: number } = {}): Promise<PageHistory> {
    const variables: Record<string, unknown> = { id: this.id(id) };
    if (options.offsetPage !== undefined) variables['offsetPage'] = options.offsetPage;
    if (options.offsetSize !== undefined) variables['offsetSize'] = options.offsetSize;
    const data = await this.gql.execute<{ pages: { history: { trail: PageHistory['trail'] | null; total: number } | null } }>(doc.PAGE_HISTORY, variables, { name: 'pages.history', kind: 'read', path: `#${id}` }, { signal: options.signal });
    if (!data.pages.history) throw this.notFound('pages.history', `#${id}`);
    return { trail: (data.pages.history.trail ?? []).filter((e) => e !== null), total: data.pages.history.total };
  }

  async version(id: WikiJsId, versionId: number, options?: CallOptions): Promise<PageVersion | undefined> {
    const data = await this.gql.execute<{ pages: { version: PageVersion | null } }>(
      doc.PAGE_VERSION,
      { pageId: this.id(id), versionId: checkIntId(versionId, 'versionId') },
      { name: 'pages.version', kind: 'read' },
      { signal: options?.signal },
    );
    // A missing version is `null` with no error on the real server.
    return data.pages.version ?? undefined;
  }

  async checkConflicts(id: WikiJsId, checkoutDate: string, options?: CallOptions): Promise<boolean> {
    const data = await this.gql.execute<{ pages: { checkConflicts: boolean } }>(doc.PAGE_CHECK_CONFLICTS, { id: this.id(id), checkoutDate }, { name: 'pages.checkConflicts', kind: 'read' }, { signal: options?.signal });
    return data.pages.checkConflicts;
  }

  async conflictLatest(id: WikiJsId, options?: CallOptions): Promise<PageConflictLatest> {
    const data = await this.gql.execute<{ pages: { conflictLatest: Omit<PageConflictLatest, 'tags'> & { tags: (string | null)[] | null } } }>(
      doc.PAGE_CONFLICT_LATEST,
      { id: this.id(id) },
      { name: 'pages.conflictLatest', kind: 'read' },
      { signal: options?.signal },
    );
    const latest = data.pages.conflictLatest;
    return { ...latest, tags: (latest.tags ?? []).filter((t): t is string => typeof t === 'string') };
  }

  convert(id: WikiJsId, editor: string, options?: CallOptions): Promise<void> {
    return this.mutate('pages.convert', doc.PAGE_CONVERT, { id: this.id(id), editor }, 'convert', options);
  }

  deleteTag(tagId: WikiJsId, options?: CallOptions): Promise<void> {
    return this.mutate('pages.deleteTag', doc.PAGE_DELETE_TAG, { id: this.id(tagId, 'tagId') }, 'deleteTag', options);
  }

  updateTag(tagId: WikiJsId, tag: string, title: string, options?: CallOptions): Promise<void> {
    return this.mutate('pages.updateTag', doc.PAGE_UPDATE_TAG, { id: this.id(tagId, 'tagId'), tag, title }, 'updateTag', options);
  }

  render(id: WikiJsId, options?: CallOptions): Promise<void> {
    return this.mutate('pages.render', doc.PAGE_RENDER, { id: this.id(id) }, 'render', options, { idempotent: true });
  }

  restore(id: WikiJsId, versionId: number, options?: CallOptions): Promise<void> {
    return this.mutate('pages.restore', doc.PAGE_RESTORE, { pageId: this.id(id), versionId: checkIntId(versionId, 'versionId') }, 'restore', options);
  }

  purgeHistory(olderThan: string, options?: CallOptions): Promise<void> {
    return this.mutate('pages.purgeHistory', doc.PAGE_PURGE_HISTORY, { olderThan }, 'purgeHistory', options, { idempotent: true });
  }

  flushCache(options?: CallOptions): Promise<void> {
    return this.mutate('pages.flushCache', doc.PAGE_FLUSH_CACHE, {}, 'flushCache', options, { idempotent: true });
  }

  rebuildTree(options?: CallOptions): Promise<void> {
    return this.mutate('pages.rebuildTree', doc.PAGE_REBUILD_TREE, {}, 'rebuildTree', options, { idempotent: true });
  }

  async migrateToLocale(sourceLocale: string, targetLocale: string, options?: CallOptions): Promise<number> {
    const variables = { sourceLocale, targetLocale };
    const operation: OperationSpec = { name: 'pages.migrateToLocale', kind: 'write' };
    const data = await this.gql.execute<{ pages: { migrateToLocale: (MutationPayload & { count?: number | null }) | null } }>(doc.PAGE_MIGRATE_TO_LOCALE, variables, operation, { signal: options?.signal });
    this.gql.check(data.pages.migrateToLocale?.responseResult, { query: doc.PAGE_MIGRATE_TO_LOCALE, variables, operation });
    return data.pages.migrateToLocale?.count ?? 0;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
