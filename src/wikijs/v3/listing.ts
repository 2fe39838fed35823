/**
 * Wiki.js 3.x page listings: `pages()` with its UUIDs taken from the `tree`, or where `pages()` is
 * broken (3.0.0) `tree` + `searchPages`; the paged `tree` and `searchPages` reads; and the Int ids
 * (`pages()` only) that 3.0.0's history fields take.
 */
import { WikiApiError, usageError } from '../../errors.js';
import type { CallOptions, PageListOptions, WikiJsPage, WikiJsPageListItem } from '../dialect.js';
import { checkLocale, normalizeTags } from '../validate.js';
import { compact, decodePage, strings, type RawV3Page } from './decode.js';
import * as doc from './documents.js';
import { wikijsV3Error } from './errors.js';
import type { V3Ops } from './ops.js';

type Maybe<T> = T | null | undefined;

interface RawListItem {
  id: number;
  path: string;
  locale: string;
  title: Maybe<string>;
  description: Maybe<string>;
  contentType: Maybe<string>;
  isPublished: Maybe<boolean>;
  createdAt: string;
  updatedAt: string;
  tags: Maybe<Array<string | null>>;
}

export interface RawTreeItem {
  __typename: 'TreeItemFolder' | 'TreeItemPage' | 'TreeItemAsset';
  id: string;
  folderPath: Maybe<string>;
  fileName: Maybe<string>;
  title: Maybe<string>;
  depth?: Maybe<number>;
  description?: Maybe<string>;
  pageType?: Maybe<string>;
  createdAt?: Maybe<string>;
  updatedAt?: Maybe<string>;
  fileSize?: Maybe<number>;
  mimeType?: Maybe<string>;
  fileExt?: Maybe<string>;
}

interface RawSearchHit {
  id: string;
  path: string;
  locale: string;
  title: Maybe<string>;
  description: Maybe<string>;
  tags: Maybe<Array<string | null>>;
  updatedAt: Maybe<string>;
}

export const SEARCH_PAGE = 100;
const TREE_PAGE = 1000;
/** The deepest `tree` walk 3.0.x accepts (it refuses more with "Invalid Depth"): pages up to 10 folders deep. */
const TREE_DEPTH = 10;

export function joinPath(folderPath: Maybe<string>, fileName: Maybe<string>): string {
  const folder = folderPath ?? '';
  return folder === '' ? (fileName ?? '') : `${folder}/${fileName ?? ''}`;
}

/** Every search hit (paged by SEARCH_PAGE), at most `max`. */
export async function searchAll(ops: V3Ops, siteId: string, query: string, locale: string | undefined, path: string | undefined, options: CallOptions, max = Number.POSITIVE_INFINITY): Promise<RawSearchHit[]> {
  const out: RawSearchHit[] = [];
  for (let offset = 0; out.length < max; offset += SEARCH_PAGE) {
    const res = await ops.read<Maybe<{ totalHits: Maybe<number>; results: Maybe<Array<RawSearchHit | null>> }>>('pages.search', 'searchPages', doc.SEARCH_PAGES, {
      siteId, query, orderBy: 'title', orderByDirection: 'asc', offset, limit: SEARCH_PAGE,
      ...(locale === undefined ? {} : { locale: [locale] }), ...(path === undefined ? {} : { path }),
    }, options);
    const batch = compact(res?.results);
    out.push(...batch);
    if (batch.length < SEARCH_PAGE || out.length >= (res?.totalHits ?? 0)) break;
  }
  return out.slice(0, max);
}

/** Every tree item below `parentPath` and up to `depth` folder levels further down (0: its own items only), paged by TREE_PAGE. */
export async function treeAll(ops: V3Ops, siteId: string, parentPath: string, locale: string, types: string[], depth: number, options: CallOptions): Promise<RawTreeItem[]> {
  return (await treeWalk(ops, siteId, parentPath, locale, types, depth, options)).items;
}

interface TreeWalk {
  readonly items: RawTreeItem[];
  /** Answered in one page. Later pages are read at an offset of an order that is not unique, so an item may be skipped between them. */
  readonly whole: boolean;
}

async function treeWalk(ops: V3Ops, siteId: string, parentPath: string, locale: string, types: string[], depth: number, options: CallOptions): Promise<TreeWalk> {
  const items: RawTreeItem[] = [];
  const seen = new Set<string>();
  for (let offset = 0; ; offset += TREE_PAGE) {
    const batch = compact(await ops.read<Maybe<Array<RawTreeItem | null>>>('pages.tree', 'tree', doc.TREE, { siteId, parentPath, locale, types, depth, limit: TREE_PAGE, offset }, options));
    const fresh = batch.filter((item) => !seen.has(item.id));
    for (const item of fresh) seen.add(item.id);
    items.push(...fresh);
    // A server that ignores `offset` answers the same full page forever: stop when nothing is new.
    if (batch.length < TREE_PAGE || fresh.length === 0) return { items, whole: offset === 0 && batch.length < TREE_PAGE };
  }
}

function isDefect(error: unknown): error is WikiApiError {
  return error instanceof WikiApiError && error.code === 'ServerDefect';
}

/**
 * A path as a tree may spell it: 3.0.x stores folder paths as ltree labels and, on PostgreSQL
 * before 16, answers `_` as `-` and `.` as `/`. Paths that differ only there share a key, so
 * they are ambiguous to each other rather than mistaken for each other.
 */
function treeKey(path: string): string {
  return path.replace(/_/g, '-').replace(/\./g, '/');
}

export type PageReader = (ids: readonly string[], options: CallOptions) => Promise<Map<string, RawV3Page | undefined>>;

/** One client's listings; remembers what it learned of the server (its locales, a broken `pages()`). */
export class V3Listing {
  readonly #ops: V3Ops;
  /** UUID → the Int id `pageHistoryById`/`pageVersionById` need (resolved through `pages()`). */
  readonly #legacyIds = new Map<string, number>();
  /** Locales whose tree a listing without a locale fetches up front: `en`, then every locale listed. */
  readonly #localesSeen = new Set<string>(['en']);
  /** The 3.0.0 defect `pages()` answered, once seen: neither listings nor history ask it again. */
  #pagesDefect: WikiApiError | undefined;
  /** Whole pages by UUID (the dialect's batched read), for tree items only a page read can place. */
  readonly #readPages: PageReader;

  constructor(ops: V3Ops, readPages: PageReader) {
    this.#ops = ops;
    this.#readPages = readPages;
  }

  async list(options: PageListOptions = {}): Promise<WikiJsPageListItem[]> {
    if (options.authorId !== undefined || options.creatorId !== undefined) {
      throw usageError('pages.list authorId/creatorId filters are not available on Wiki.js 3 (its pages() takes Int user ids, v3 user ids are UUIDs)', { field: 'authorId' });
    }
    const locale = options.locale === undefined ? undefined : checkLocale(options.locale);
    const tags = options.tags === undefined ? undefined : normalizeTags(options.tags);
    const siteId = await this.#ops.siteId(options);
    // The trees of the locales expected go out now, in the same round trip as the listing (and
    // any read the caller queued alongside): they give the UUIDs that pages() does not, and are
    // the listing itself where pages() is broken.
    const trees = new Map<string, Promise<TreeWalk>>();
    for (const loc of locale === undefined ? this.#localesSeen : [locale]) trees.set(loc, this.pagesOfTree(siteId, loc, options));
    let items: WikiJsPageListItem[] | undefined;
    if (this.#pagesDefect === undefined) {
      try {
        items = await this.listViaPages(siteId, locale, tags, trees, options);
      } catch (error) {
        if (!isDefect(error)) throw error;
      }
    }
    items ??= await this.listViaTreeAndSearch(siteId, locale, tags, trees, options);
    for (const item of items) this.#localesSeen.add(item.locale);
    return this.finish(items, options);
  }

  /** The pages of a locale's tree; a tree the server refuses is empty and not whole (the callers have other sources). */
  private pagesOfTree(siteId: string, locale: string, options: CallOptions): Promise<TreeWalk> {
    const walk = treeWalk(this.#ops, siteId, '', locale, ['page'], TREE_DEPTH, options).then(
      ({ items, whole }) => ({ items: items.filter((item) => item.__typename === 'TreeItemPage'), whole }),
      (error: unknown) => {
        if (error instanceof WikiApiError) return { items: [], whole: false };
        throw error;
      },
    );
    // Awaited later, or not at all when pages() fails first: never an unhandled rejection.
    walk.catch(() => undefined);
    return walk;
  }

  /**
   * The documented listing, each UUID taken from the trees when that cannot name the wrong
   * page, else from one batched `pageByPath { id }`. A tree may hold every site's and locale's
   * pages whatever it was asked (3.0.x's resolver does not filter), so a tree item is matched
   * by path alone, and only when: every tree came whole (no page of it skipped between reads),
   * no other tree item has that path, its title is the listed one, and no other listed page
   * claims the same item. Pages deeper than the walk, in a locale with pages at the same paths,
   * or new since the tree was read are looked up.
   */
  private async listViaPages(
    siteId: string, locale: string | undefined, tags: string[] | undefined, trees: Map<string, Promise<TreeWalk>>, options: CallOptions,
  ): Promise<WikiJsPageListItem[]> {
    // Unfiltered (the filters are applied below): every page must be seen to know which pages
    // claim the same tree item, e.g. an `en` page whose own tree row is missing and an `fr` one.
    const all = await this.pagesList('pages.list', {}, options);
    const atPath = new Map<string, RawTreeItem | null>(); // by treeKey; null: several tree items there
    let whole = true;
    for (const walk of trees.values()) {
      const tree = await walk;
      whole &&= tree.whole;
      for (const item of tree.items) {
        const key = treeKey(joinPath(item.folderPath, item.fileName));
        const there = atPath.get(key);
        atPath.set(key, there === undefined || there?.id === item.id ? item : null);
      }
    }
    const matched = new Map(all.map((item) => {
      const there = whole ? atPath.get(treeKey(item.path)) : undefined;
      return [item, there && (there.title ?? '') === (item.title ?? '') ? there.id : undefined] as const;
    }));
    const claims = new Map<string, number>();
    for (const id of matched.values()) if (id !== undefined) claims.set(id, (claims.get(id) ?? 0) + 1);
    const raw = all.filter((item) => (locale === undefined || item.locale === locale) && (tags === undefined || tags.every((t) => strings(item.tags).includes(t))));
    const ids = await Promise.all(raw.map(async (item) => {
      const id = matched.get(item);
      if (id !== undefined && claims.get(id) === 1) return id;
      const res = await this.#ops.gql.request<{ pageByPath: { id: string } | null }>(doc.PAGE_ID_BY_PATH, { siteId, path: `${item.locale}/${item.path}` }, { name: 'pages.list', kind: 'read' }, { signal: options.signal });
      return res.data?.pageByPath?.id;
    }));
    const out: WikiJsPageListItem[] = [];
    raw.forEach((item, i) => {
      const id = ids[i];
      if (id === undefined) return; // deleted between the two reads, or of another site
      this.#legacyIds.set(id, item.id);
      out.push({
        id, path: item.path, locale: item.locale, title: item.title ?? '', description: item.description ?? '', contentType: item.contentType ?? '',
        isPublished: item.isPublished ?? true, isPrivate: false, createdAt: item.createdAt, updatedAt: item.updatedAt, tags: strings(item.tags),
      });
    });
    return out;
  }

  /**
   * 3.0.0's `pages()` always fails ("unknown relation tags"). `tree` gives every page (drafts
   * too) with its UUID; `searchPages` of every locale gives a page its locale, exact path and
   * tags by UUID (a tree may answer every site's and locale's pages to each locale asked, and
   * spell `_` as `-`). A tree page search does not know (a draft, a page kept out of search,
   * another site's page) is read by id: one more request, only when there are such pages.
   */
  private async listViaTreeAndSearch(
    siteId: string, locale: string | undefined, tags: string[] | undefined, trees: Map<string, Promise<TreeWalk>>, options: CallOptions,
  ): Promise<WikiJsPageListItem[]> {
    const hits = await searchAll(this.#ops, siteId, '', undefined, undefined, options);
    const hitById = new Map(hits.map((h) => [h.id, h]));
    const locales = locale !== undefined ? [locale] : [...new Set([...trees.keys(), ...hits.map((h) => h.locale)])];
    const wanted = (loc: string): boolean => locale === undefined || loc === locale;
    const treeById = new Map<string, RawTreeItem>();
    for (const loc of locales) {
      for (const item of (await (trees.get(loc) ?? this.pagesOfTree(siteId, loc, options))).items) treeById.set(item.id, item);
    }
    const out = new Map<string, WikiJsPageListItem>();
    for (const hit of hits) {
      if (!wanted(hit.locale)) continue;
      const item = treeById.get(hit.id);
      out.set(hit.id, {
        id: hit.id, path: hit.path, locale: hit.locale, title: item?.title ?? hit.title ?? '', description: item?.description ?? hit.description ?? '',
        contentType: item?.pageType ?? '', isPublished: true, isPrivate: false, createdAt: item?.createdAt ?? hit.updatedAt ?? '',
        updatedAt: item?.updatedAt ?? hit.updatedAt ?? '', tags: strings(hit.tags),
      });
    }
    const unknown = [...treeById.keys()].filter((id) => !hitById.has(id));
    if (unknown.length > 0) {
      for (const raw of (await this.#readPages(unknown, options)).values()) {
        if (raw === undefined || (raw.siteId != null && raw.siteId !== siteId) || !wanted(raw.locale)) continue;
        const page = decodePage(raw);
        out.set(page.id as string, {
          id: page.id, path: page.path, locale: page.locale, title: page.title, description: page.description, contentType: page.contentType,
          isPublished: page.isPublished, isPrivate: false, createdAt: page.createdAt, updatedAt: page.updatedAt, tags: [...page.tags],
        });
      }
    }
    let items = [...out.values()];
    if (tags !== undefined && tags.length > 0) items = items.filter((p) => tags.every((t) => p.tags.includes(t)));
    return items;
  }

  private finish(items: WikiJsPageListItem[], options: PageListOptions): WikiJsPageListItem[] {
    let out = items;
    if (options.search !== undefined && options.search !== '') {
      const q = options.search.toLowerCase();
      out = out.filter((p) => p.title.toLowerCase().includes(q) || p.path.toLowerCase().includes(q) || p.description.toLowerCase().includes(q));
    }
    const key = options.orderBy ?? 'title';
    const value = (p: WikiJsPageListItem): string => (key === 'path' ? p.path : key === 'created' ? p.createdAt : key === 'updated' ? p.updatedAt : key === 'id' ? String(p.id) : p.title);
    const dir = options.orderDirection === 'desc' ? -1 : 1;
    out = [...out].sort((a, b) => {
      const va = value(a); const vb = value(b);
      return (va < vb ? -1 : va > vb ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0) * dir;
    });
    const offset = options.offset ?? 0;
    return out.slice(offset, options.limit === undefined ? undefined : offset + options.limit);
  }

  /** `pages()`, or the defect it answered before: 3.0.0 fails every call, so it is asked once. */
  private async pagesList(name: string, variables: Record<string, unknown>, options?: CallOptions): Promise<RawListItem[]> {
    if (this.#pagesDefect !== undefined) throw this.#pagesDefect;
    try {
      return compact(await this.#ops.read<Maybe<Array<RawListItem | null>>>(name, 'pages', doc.PAGES_LIST, variables, options));
    } catch (error) {
      if (isDefect(error)) this.#pagesDefect = error;
      throw error;
    }
  }

  /** The Int id of a page for the 2.x-shaped history fields; needs a working `pages()`. */
  async legacyId(uuid: string, page: () => Promise<WikiJsPage>, options?: CallOptions): Promise<number> {
    const known = this.#legacyIds.get(uuid);
    if (known !== undefined) return known;
    const { path, locale } = await page();
    let raw: RawListItem[];
    try {
      raw = await this.pagesList('pages.history', { locale }, options);
    } catch (error) {
      if (isDefect(error)) {
        throw wikijsV3Error('ServerDefect',
          `Wiki.js pages.history failed: ServerDefect — page history is not reachable on this Wiki.js 3 server: pageHistoryById takes the Int id that only pages() lists, and pages() is broken (known defect of 3.0.0) (path "${path}")`,
          { slug: 'ServerDefect', path, cause: error, ...(error.request ? { request: error.request } : {}) },
        );
      }
      throw error;
    }
    const match = raw.find((r) => r.path === path && r.locale === locale);
    if (match === undefined) throw wikijsV3Error('ERR_PAGE_NOT_FOUND', `Wiki.js pages.history failed: ERR_PAGE_NOT_FOUND — the page is not in pages() (path "${path}")`, { slug: 'ERR_PAGE_NOT_FOUND', path });
    this.#legacyIds.set(uuid, match.id);
    return match.id;
  }
}
