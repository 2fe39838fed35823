/**
 * Wiki.js 3.x pages (observed-behaviour.md, "Pages"), with the workarounds 3.0.0 needs:
 * - listings, and the Int ids 3.0.0's history fields take, are listing.ts;
 * - move/delete failures arrive as `slug: "TypeError"` and are still mapped to typed errors;
 * - a write whose outcome is unknown (timeout, reset) is re-read, never resent (the one
 *   reconciliation of this dialect).
 */
import { NotFoundError, usageError } from '../../errors.js';
import { isOutcomeUnknown } from '../../transport/index.js';
import { note, reread, REREAD_FAILED, sameTags } from '../reconcile.js';
import type {
  CallOptions, PageConflictLatest, PageCreateInput, PageHistory, PageListOptions, PagePatch, PageSearchOptions, PageSearchResult, PagesDialect,
  PageTag, PageTreeItem, PageTreeOptions, PageVersion, DialectUpdateOptions, WikiJsId, WikiJsPage, WikiJsPageListItem,
} from '../dialect.js';
import type { GraphQLResult } from '../graphql.js';
import { checkLocale, checkPath, normalizeTags } from '../validate.js';
import { compact, decodePage, decodeVersion, type RawV3Page, type RawV3Version } from './decode.js';
import * as doc from './documents.js';
import { checkUuid } from './ids.js';
import { joinPath, SEARCH_PAGE, searchAll, treeAll, V3Listing, type RawTreeItem } from './listing.js';
import type { V3Ops, V3Operation } from './ops.js';
import { V3_WIKI } from './errors.js';
import { clientError } from '../../client-errors.js';

type Maybe<T> = T | null | undefined;

/** Aliased page fields per document in getMany (the executor may still batch documents). */
const MANY_CHUNK = 50;
/** Per-alias answers of an aliased read that mean "no such page" rather than a failure. */
const NOT_FOUND: ReadonlySet<string> = new Set(['ERR_PAGE_NOT_FOUND']);
const NOT_READABLE: ReadonlySet<string> = new Set(['ERR_PAGE_NOT_FOUND', 'ERR_FORBIDDEN']);

/** Paths the v3 server accepts: it lower-cases on create and looks up without lower-casing. */
export function v3Path(path: unknown, field = 'path'): string {
  return checkPath(path, field).toLowerCase();
}

function isNotFound(result: GraphQLResult<unknown>): boolean {
  return result.errors.some((e) => e.message === 'ERR_PAGE_NOT_FOUND');
}

function decoded(raw: RawV3Page | undefined): WikiJsPage | undefined {
  return raw === undefined ? undefined : decodePage(raw);
}

/** After an unknown-outcome update: does the page now hold what the patch asked for? */
function patchApplied(page: WikiJsPage, patch: PagePatch): boolean {
  return (patch.title === undefined || page.title === patch.title)
    && (patch.content === undefined || page.content === patch.content)
    && (patch.description === undefined || page.description === patch.description)
    && (patch.isPublished === undefined || page.isPublished === patch.isPublished)
    && (patch.tags === undefined || sameTags(page.tags, patch.tags));
}

export class V3Pages implements PagesDialect {
  readonly #ops: V3Ops;
  readonly #listing: V3Listing;

  constructor(ops: V3Ops) {
    this.#ops = ops;
    this.#listing = new V3Listing(ops, (ids, options) => this.rawById(ids.map((id, i) => checkUuid(id, `ids[${i}]`)), options, true));
  }

  list(options: PageListOptions = {}): Promise<WikiJsPageListItem[]> {
    return this.#listing.list(options);
  }

  private get gql() {
    return this.#ops.gql;
  }

  async get(id: WikiJsId, options?: CallOptions): Promise<WikiJsPage> {
    const uuid = checkUuid(id);
    return decodePage(await this.#ops.read<RawV3Page>('pages.get', 'pageById', doc.PAGE_BY_ID, { id: uuid }, options));
  }

  async getByPath(path: string, locale: string, options?: CallOptions): Promise<WikiJsPage> {
    const clean = v3Path(path);
    const loc = checkLocale(locale);
    const siteId = await this.#ops.siteId(options);
    // Always prefix the locale: 3.0.0 otherwise reads a first segment like `ab/` as a locale.
    return decodePage(await this.#ops.read<RawV3Page>('pages.getByPath', 'pageByPath', doc.PAGE_BY_PATH, { siteId, path: `${loc}/${clean}` }, options, { path: clean }));
  }

  async getMany(ids: readonly WikiJsId[], options?: CallOptions): Promise<(WikiJsPage | undefined)[]> {
    const uuids = ids.map((id, i) => checkUuid(id, `ids[${i}]`));
    const found = await this.rawById(uuids, options);
    return uuids.map((id) => decoded(found.get(id)));
  }

  /**
   * Undecoded pages by UUID: the listing needs `siteId`, which the decoded page drops. With
   * `unreadable`, a page the caller may not read is missing instead of failing the call (3.0.0
   * refuses every page read by a non-admin, and its tree lists pages without checking access).
   */
  private rawById(uuids: readonly string[], options?: CallOptions, unreadable = false): Promise<Map<string, RawV3Page | undefined>> {
    return this.aliased('pages.getMany', [...new Set(uuids)], (id, i) => ({ field: `pageById(id: $v${i})`, decl: `$v${i}: UUID!`, value: id }), options, undefined, unreadable ? NOT_READABLE : NOT_FOUND);
  }

  async getManyByPath(paths: readonly string[], locale: string, options?: CallOptions): Promise<(WikiJsPage | undefined)[]> {
    const clean = paths.map((p, i) => v3Path(p, `paths[${i}]`));
    const loc = checkLocale(locale);
    const siteId = await this.#ops.siteId(options);
    const found = await this.aliased('pages.getManyByPath', [...new Set(clean)], (path, i) => ({ field: `pageByPath(siteId: $site, path: $v${i})`, decl: `$v${i}: String!`, value: `${loc}/${path}` }), options, siteId);
    return clean.map((path) => decoded(found.get(path)));
  }

  /**
   * Many page reads as aliased fields of few documents (MANY_CHUNK per document), so a list of
   * any length costs a handful of round trips. A missing page is its alias's ERR_PAGE_NOT_FOUND.
   */
  private async aliased(
    name: string, keys: readonly string[], field: (key: string, i: number) => { field: string; decl: string; value: string }, options?: CallOptions, siteId?: string,
    missing: ReadonlySet<string> = NOT_FOUND,
  ): Promise<Map<string, RawV3Page | undefined>> {
    const out = new Map<string, RawV3Page | undefined>();
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += MANY_CHUNK) chunks.push(keys.slice(i, i + MANY_CHUNK));
    await Promise.all(chunks.map(async (chunk) => {
      const parts = chunk.map((key, i) => field(key, i));
      const decls = [...(siteId === undefined ? [] : ['$site: UUID!']), ...parts.map((p) => p.decl)].join(', ');
      const query = `query WikikitV3Many(${decls}) { ${parts.map((p, i) => `p${i}: ${p.field} { ${doc.PAGE_FIELDS} }`).join(' ')} }`;
      const variables: Record<string, unknown> = siteId === undefined ? {} : { site: siteId };
      parts.forEach((p, i) => { variables[`v${i}`] = p.value; });
      const operation = { name, kind: 'read' as const };
      const result = await this.gql.request<Record<string, RawV3Page | null>>(query, variables, operation, { signal: options?.signal });
      const fatal = result.errors.find((e) => !missing.has(e.message) || typeof e.path?.[0] !== 'string');
      if (fatal) throw this.gql.mapGraphQLError(fatal, { query, variables, operation }, result.httpStatus);
      chunk.forEach((key, i) => {
        const raw = result.data?.[`p${i}`];
        out.set(key, raw ?? undefined);
      });
    }));
    return out;
  }

  private async findByPath(path: string, locale: string): Promise<WikiJsPage | undefined> {
    return this.getByPath(path, locale).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
  }

  async create(input: PageCreateInput, options?: CallOptions): Promise<WikiJsPage> {
    const path = v3Path(input.path);
    const locale = checkLocale(input.locale ?? 'en');
    if (input.isPrivate === true) throw usageError('isPrivate is not available on Wiki.js 3 (it has no private pages)', { field: 'isPrivate' });
    if (typeof input.content !== 'string' || input.content.trim() === '') {
      throw usageError('content must not be empty (Wiki.js 3 refuses empty page content)', { field: 'content' });
    }
    const siteId = await this.#ops.siteId(options);
    const variables: Record<string, unknown> = {
      siteId, path, locale, title: input.title, description: input.description ?? '', content: input.content, editor: input.editor ?? 'markdown',
      publishState: input.isPublished === false ? 'draft' : 'published', tags: normalizeTags(input.tags),
      ...(input.publishStartDate ? { publishStartDate: input.publishStartDate } : {}),
      ...(input.publishEndDate ? { publishEndDate: input.publishEndDate } : {}),
      ...(input.scriptCss === undefined ? {} : { scriptCss: input.scriptCss }),
      ...(input.scriptJs === undefined ? {} : { scriptJsLoad: input.scriptJs }),
    };
    try {
      const res = await this.#ops.write<{ operation?: V3Operation | null; page: RawV3Page | null }>('pages.create', 'createPage', doc.CREATE_PAGE, variables, options, { path });
      return res.page ? decodePage(res.page) : await this.getByPath(path, locale, options);
    } catch (error) {
      // Unknown outcome: the page may exist now. Re-read; never send the create again.
      if (!isOutcomeUnknown(error)) throw error;
      const found = await reread(() => this.findByPath(path, locale));
      if ('failed' in found) throw note(error, REREAD_FAILED);
      const existing = found.value;
      if (existing !== undefined && existing.content === input.content) return existing;
      throw note(error, existing ? 'a different page now exists at this path' : 're-read: the page was not created, safe to retry');
    }
  }

  async update(id: WikiJsId, patch: PagePatch, options: DialectUpdateOptions = {}): Promise<WikiJsPage> {
    const uuid = checkUuid(id);
    if (patch.isPrivate === true) throw usageError('isPrivate is not available on Wiki.js 3 (it has no private pages)', { field: 'isPrivate' });
    if (patch.content !== undefined && patch.content.trim() === '') {
      // 3.0.0 answers success and keeps the old content: refuse instead of pretending.
      throw usageError('content must not be empty (Wiki.js 3 silently ignores empty content)', { field: 'content' });
    }
    if (patch.title !== undefined && patch.title.trim() === '') throw usageError('title must not be blank', { field: 'title' });
    // The caller's fresh read at the expected revision is the check; else read it here.
    const given = options.current !== undefined && options.current.id === uuid && options.current.updatedAt === options.expectedRevision;
    if (options.expectedRevision !== undefined && !given) {
      const current = await this.get(uuid, options);
      if (current.updatedAt !== options.expectedRevision) {
        throw clientError('StaleRevision', `Wiki.js pages.update refused: the page changed since it was read (path "${current.path}")`, {
          wiki: V3_WIKI, slug: 'StaleRevision', path: current.path,
          details: { expectedRevision: options.expectedRevision, currentRevision: current.updatedAt },
        });
      }
    }
    if (patch.editor !== undefined) {
      await this.#ops.write('pages.convert', 'convertPage', doc.CONVERT_PAGE, { id: uuid, editor: patch.editor }, options);
    }
    const body: Record<string, unknown> = {};
    if (patch.title !== undefined) body['title'] = patch.title;
    if (patch.content !== undefined) body['content'] = patch.content;
    if (patch.description !== undefined) body['description'] = patch.description;
    if (patch.tags !== undefined) body['tags'] = normalizeTags(patch.tags);
    if (patch.isPublished !== undefined) body['publishState'] = patch.isPublished ? 'published' : 'draft';
    if (patch.publishStartDate !== undefined) body['publishStartDate'] = patch.publishStartDate === '' ? null : patch.publishStartDate;
    if (patch.publishEndDate !== undefined) body['publishEndDate'] = patch.publishEndDate === '' ? null : patch.publishEndDate;
    if (patch.scriptCss !== undefined) body['scriptCss'] = patch.scriptCss;
    if (patch.scriptJs !== undefined) body['scriptJsLoad'] = patch.scriptJs;
    let res: { operation?: V3Operation | null; page: RawV3Page | null };
    try {
      res = await this.#ops.write<{ operation?: V3Operation | null; page: RawV3Page | null }>('pages.update', 'updatePage', doc.UPDATE_PAGE, { id: uuid, patch: body }, options);
    } catch (error) {
      // Unknown outcome: the patch may be applied. Re-read; never send it again.
      if (!isOutcomeUnknown(error)) throw error;
      const now = await reread(() => this.get(uuid));
      if ('failed' in now) throw note(error, REREAD_FAILED);
      if (patchApplied(now.value, patch)) return now.value;
      throw note(error, 're-read: the update was not applied, safe to retry');
    }
    return res.page ? decodePage(res.page) : this.get(uuid, options);
  }

  async delete(id: WikiJsId, options?: CallOptions): Promise<void> {
    const uuid = checkUuid(id);
    try {
      // Not marked idempotent: a resent delete of a page the first attempt removed answers
      // "PageNotFound" (observed), which would report a successful delete as a failure.
      await this.#ops.write('pages.delete', 'deletePage', doc.DELETE_PAGE, { id: uuid }, options);
    } catch (error) {
      if (!isOutcomeUnknown(error)) throw error;
      // Unknown outcome: gone now means the delete was applied.
      const gone = await this.get(uuid).then(() => false, (e: unknown) => e instanceof NotFoundError);
      if (gone) return;
      throw note(error, 're-read: the page still exists, safe to retry');
    }
  }

  async move(id: WikiJsId, destinationPath: string, destinationLocale: string, options?: CallOptions): Promise<void> {
    const uuid = checkUuid(id);
    const path = v3Path(destinationPath, 'destinationPath');
    const locale = checkLocale(destinationLocale, 'destinationLocale');
    try {
      await this.#ops.write('pages.move', 'movePage', doc.MOVE_PAGE, { id: uuid, destinationPath: path, destinationLocale: locale }, options, { path });
    } catch (error) {
      if (!isOutcomeUnknown(error)) throw error;
      const now = await reread(() => this.get(uuid));
      if ('failed' in now) throw note(error, REREAD_FAILED);
      if (now.value.path === path && now.value.locale === locale) return;
      throw note(error, 're-read: the page was not moved, safe to retry');
    }
  }

  async search(query: string, options: PageSearchOptions = {}): Promise<PageSearchResult[]> {
    const siteId = await this.#ops.siteId(options);
    const locale = options.locale === undefined ? undefined : checkLocale(options.locale);
    const path = options.path === undefined ? undefined : checkPath(options.path).toLowerCase();
    const hits = await searchAll(this.#ops, siteId, query, locale, path, options, options.limit ?? SEARCH_PAGE);
    return hits.map((h) => ({ id: h.id, path: h.path, locale: h.locale, title: h.title ?? '', description: h.description ?? '' }));
  }

  async tags(options?: CallOptions): Promise<PageTag[]> {
    const siteId = await this.#ops.siteId(options);
    const raw = compact(await this.#ops.read<Maybe<Array<{ id: string; tag: string; createdAt: Maybe<string>; updatedAt: Maybe<string> } | null>>>('pages.tags', 'tags', doc.TAGS, { siteId }, options));
    return raw.map((t) => ({ id: t.id, tag: t.tag, title: t.tag, createdAt: t.createdAt ?? '', updatedAt: t.updatedAt ?? t.createdAt ?? '' }));
  }

  async searchTags(query: string, options?: CallOptions): Promise<string[]> {
    const q = query.trim().toLowerCase();
    return (await this.tags(options)).map((t) => t.tag).filter((t) => t.includes(q));
  }

  /**
   * As 2.x `pageTree(path)`: the items next to `path` (the children of its folder; the root
   * level without a path), plus the folders above with `includeAncestors`. v3 tree nodes are
   * UUIDs; the 2.x-shaped result numbers them in answer order (`id`/`parent` only mean something
   * within one result; `pageId` is the page UUID).
   */
  async tree(options: PageTreeOptions = {}): Promise<PageTreeItem[]> {
    if (options.parent !== undefined) throw usageError('pages.tree parent (a numeric tree node id) is not available on Wiki.js 3; pass path instead', { field: 'parent' });
    const siteId = await this.#ops.siteId(options);
    const locale = checkLocale(options.locale ?? 'en');
    const path = options.path === undefined ? '' : options.path.replace(/^\/+|\/+$/g, '').toLowerCase();
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const mode = options.mode ?? 'all';
    const types = mode === 'folders' ? ['folder'] : mode === 'pages' ? ['page'] : ['folder', 'page'];
    const items: RawTreeItem[] = [];
    if (options.includeAncestors === true && folder !== '') {
      const parts = folder.split('/');
      for (let i = 0; i < parts.length; i++) {
        const parent = parts.slice(0, i).join('/');
        const level = await treeAll(this.#ops, siteId, parent, locale, ['folder'], 0, options);
        items.push(...level.filter((f) => f.fileName === parts[i]));
      }
    }
    items.push(...(await treeAll(this.#ops, siteId, path === '' ? '' : folder, locale, types, 0, options)));
    const ids = new Map<string, number>();
    items.forEach((item, i) => ids.set(joinPath(item.folderPath, item.fileName), i + 1));
    return items.map((item, i) => ({
      id: i + 1, path: joinPath(item.folderPath, item.fileName), depth: (item.folderPath ?? '') === '' ? 0 : (item.folderPath ?? '').split('/').length, title: item.title ?? '',
      isPrivate: false, isFolder: item.__typename === 'TreeItemFolder', parent: ids.get(item.folderPath ?? '') ?? null,
      pageId: item.__typename === 'TreeItemPage' ? item.id : null, locale,
    }));
  }

  async history(id: WikiJsId, options: CallOptions & { offsetPage?: number; offsetSize?: number } = {}): Promise<PageHistory> {
    const uuid = checkUuid(id);
    const legacy = await this.#listing.legacyId(uuid, () => this.get(uuid, options), options);
    const res = await this.#ops.read<Maybe<{ total: Maybe<number>; trail: Maybe<Array<{ versionId: number; versionDate: Maybe<string>; authorId: Maybe<number>; authorName: Maybe<string>; actionType: Maybe<string>; valueBefore: Maybe<string>; valueAfter: Maybe<string> } | null>> }>>(
      'pages.history', 'pageHistoryById', doc.PAGE_HISTORY, { id: legacy, offsetPage: options.offsetPage ?? 0, offsetSize: options.offsetSize ?? 100 }, options,
    );
    const trail = compact(res?.trail).map((e) => ({
      versionId: e.versionId, versionDate: e.versionDate ?? '', authorId: e.authorId ?? '', authorName: e.authorName ?? '', actionType: e.actionType ?? '',
      valueBefore: e.valueBefore ?? null, valueAfter: e.valueAfter ?? null,
    }));
    return { trail, total: res?.total ?? trail.length };
  }

  async version(id: WikiJsId, versionId: number, options?: CallOptions): Promise<PageVersion | undefined> {
    const uuid = checkUuid(id);
    const legacy = await this.#listing.legacyId(uuid, () => this.get(uuid, options), options);
    const operation = { name: 'pages.version', kind: 'read' as const };
    const variables = { pageId: legacy, versionId };
    const result = await this.gql.request<{ pageVersionById: RawV3Version | null }>(doc.PAGE_VERSION, variables, operation, { signal: options?.signal });
    if (isNotFound(result)) return undefined;
    const raw = this.gql.unwrap(result, { query: doc.PAGE_VERSION, variables, operation }).pageVersionById;
    return raw ? decodeVersion(raw, uuid) : undefined;
  }

  /** Client-side: v3's `checkConflicts` takes the Int id (see {@link legacyId}); `updatedAt` says the same. */
  async checkConflicts(id: WikiJsId, checkoutDate: string, options?: CallOptions): Promise<boolean> {
    const page = await this.get(id, options);
    return Date.parse(page.updatedAt) > Date.parse(checkoutDate);
  }

  async conflictLatest(id: WikiJsId, options?: CallOptions): Promise<PageConflictLatest> {
    const p = await this.get(id, options);
    return {
      id: p.id, authorId: String(p.authorId ?? ''), authorName: p.authorName ?? '', content: p.content, createdAt: p.createdAt, description: p.description,
      isPublished: p.isPublished, locale: p.locale, path: p.path, tags: p.tags, title: p.title, updatedAt: p.updatedAt,
    };
  }

  async restore(id: WikiJsId, versionId: number, options?: CallOptions): Promise<void> {
    const legacy = await this.#listing.legacyId(checkUuid(id), () => this.get(id, options), options);
    await this.#ops.write('pages.restore', 'restorePage', doc.RESTORE_PAGE, { pageId: legacy, versionId }, options);
  }

  async purgeHistory(olderThan: string, options?: CallOptions): Promise<void> {
    await this.#ops.write('pages.purgeHistory', 'purgePagesHistory', doc.PURGE_HISTORY, { olderThan }, options, { idempotent: true });
  }

  async rebuildTree(options?: CallOptions): Promise<void> {
    await this.#ops.write('pages.rebuildTree', 'rebuildPageTree', doc.REBUILD_TREE, {}, options, { idempotent: true });
  }

  async flushCache(options?: CallOptions): Promise<void> {
    await this.#ops.write('pages.flushCache', 'flushCache', doc.FLUSH_CACHE, {}, options, { idempotent: true });
  }

  async convert(id: WikiJsId, editor: string, options?: CallOptions): Promise<void> {
    await this.#ops.write('pages.convert', 'convertPage', doc.CONVERT_PAGE, { id: checkUuid(id), editor }, options);
  }

  async render(id: WikiJsId, options?: CallOptions): Promise<void> {
    await this.#ops.write('pages.render', 'rerenderPage', doc.RERENDER_PAGE, { id: checkUuid(id) }, options, { idempotent: true });
  }
}
