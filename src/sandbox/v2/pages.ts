import { can, findPageByPath, now, pageRef, pageTags, userById, type V2Context, type V2Service } from './context.js';
import type { PageRec, VersionRec } from './records.js';
import { failure, jsError, success, wikiError } from './wiki-errors.js';
import { convertPage, createPage, deletePage, int, migrateToLocale, movePage, mutationPage, pageObject, purgeHistory, renderPage, str, updatePage, type Args } from './page-writes.js';

export { createPage } from './page-writes.js';

/** Page resolvers of Wiki.js 2.5 (PageQuery, PageMutation) over the page model in page-writes.ts. */

const mutationResult = (fn: () => string): { responseResult: ReturnType<typeof success> } => {
  try {
    return { responseResult: success(fn()) };
  } catch (e) {
    return { responseResult: failure(e) };
  }
};

// ---------- list / search / tree ----------

/** One collator for every sort: `localeCompare(b, 'en')` builds a new one per call. */
const collator = new Intl.Collator('en');

function cmp(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

function listPages(ctx: V2Context, args: Args): Array<Record<string, unknown>> {
  const svc = ctx.svc;
  const filterTags = Array.isArray(args['tags']) ? (args['tags'] as unknown[]).map(String) : [];
  const wantedLower = filterTags.map((t) => t.trim().toLowerCase());
  const locale = str(args['locale']);
  const creatorId = typeof args['creatorId'] === 'number' ? args['creatorId'] : 0;
  const authorId = typeof args['authorId'] === 'number' ? args['authorId'] : 0;
  let pages = [...svc.data.t.pages.values()].filter((p) => {
    if (locale !== undefined && locale !== '' && p.localeCode !== locale) return false;
    if (creatorId > 0 && authorId > 0) return p.creatorId === creatorId || p.authorId === authorId;
    if (creatorId > 0 && p.creatorId !== creatorId) return false;
    if (authorId > 0 && p.authorId !== authorId) return false;
    return true;
  });
  const dir = args['orderByDirection'] === 'DESC' ? -1 : 1;
  const key = (p: PageRec): string | number => {
    switch (args['orderBy']) {
      case 'CREATED': return p.createdAt;
      case 'PATH': return p.path;
      case 'TITLE': return p.title;
      case 'UPDATED': return p.updatedAt;
      default: return p.id;
    }
  };
  pages = pages.sort((a, b) => dir * cmp(key(a), key(b)) || a.id - b.id);
  // SQL join rows (page × tag, tag-filtered); `limit` counts these rows, not pages (observed).
  const rows: Array<{ page: PageRec; tag: string | null }> = [];
  for (const p of pages) {
    const tags = pageTags(svc, p).map((t) => t.tag);
    if (filterTags.length > 0) {
      for (const t of tags) if (wantedLower.includes(t)) rows.push({ page: p, tag: t });
    } else if (tags.length === 0) rows.push({ page: p, tag: null });
    else for (const t of tags) rows.push({ page: p, tag: t });
  }
  const limit = typeof args['limit'] === 'number' && args['limit'] > 0 ? args['limit'] : undefined;
  const limited = limit === undefined ? rows : rows.slice(0, limit);
  const byId = new Map<number, { page: PageRec; tags: string[] }>();
  for (const r of limited) {
    const e = byId.get(r.page.id) ?? { page: r.page, tags: [] };
    if (r.tag !== null) e.tags.push(r.tag);
    byId.set(r.page.id, e);
  }
  return [...byId.values()]
    .filter((e) => can(ctx, ['read:pages'], { path: e.page.path, locale: e.page.localeCode, tags: e.tags.map((tag) => ({ tag })) }))
    // The post-filter compares the raw arguments: a mixed-case tag filter matches nothing (observed).
    .filter((e) => filterTags.every((t) => e.tags.includes(t)))
    .map(({ page: p, tags }) => ({
      id: p.id, path: p.path, locale: p.localeCode, title: p.title, description: p.description,
      contentType: p.contentType, isPublished: p.isPublished, isPrivate: p.isPrivate, privateNS: p.privateNS,
      createdAt: p.createdAt, updatedAt: p.updatedAt, tags,
    }));
}

/** Lower-cased `title`, `description`, `path` per stored row (rows are replaced, never mutated, on write). */
const searchText = new WeakMap<PageRec, readonly [string, string, string]>();

function haystack(p: PageRec): readonly [string, string, string] {
  let h = searchText.get(p);
  if (h === undefined) {
    h = [p.title.toLowerCase(), p.description.toLowerCase(), p.path.toLowerCase()];
    searchText.set(p, h);
  }
  return h;
}

/** The `db` engine: case-insensitive substring on title/description/path of published pages, 100 hits at most. */
function searchPages(ctx: V2Context, args: Args): Record<string, unknown> {
  const q = (str(args['query']) ?? '').toLowerCase();
  const locale = str(args['locale']);
  const path = str(args['path']);
  const hits: PageRec[] = [];
  for (const p of ctx.svc.data.t.pages.values()) {
    if (!p.isPublished) continue;
    if (locale !== undefined && locale !== '' && p.localeCode !== locale) continue;
    if (path !== undefined && path !== '' && !p.path.startsWith(path)) continue;
    const [title, description, lowerPath] = haystack(p);
    if (!title.includes(q) && !description.includes(q) && !lowerPath.includes(q)) continue;
    hits.push(p);
    if (hits.length === 100) break;
  }
  const results = hits
    .filter((p) => can(ctx, ['read:pages'], { path: p.path, locale: p.localeCode }))
    .map((p) => ({ id: String(p.id), title: p.title, description: p.description, path: p.path, locale: p.localeCode }));
  return { results, suggestions: [], totalHits: results.length };
}

interface TreeRow { id: number; path: string; depth: number; title: string; isPrivate: boolean; isFolder: boolean; privateNS: string | null; parent: number | null; pageId: number | null; locale: string; ancestors: number[] }

let treeCache: { svc: V2Service; rev: number; rows: TreeRow[] } | undefined;

/** rebuild-tree job: pages by locale+path, folders implied by segments, ids in that order. */
function pageTree(svc: V2Service): TreeRow[] {
  if (treeCache?.svc === svc && treeCache.rev === svc.data.revision) return treeCache.rows;
  const rows: TreeRow[] = [];
  const index = new Map<string, TreeRow>();
  const pages = [...svc.data.t.pages.values()].sort((a, b) => cmp(a.localeCode, b.localeCode) || cmp(a.path, b.path));
  for (const p of pages) {
    const segs = p.path.split('/');
    let parent: TreeRow | undefined;
    const ancestors: number[] = [];
    for (let i = 0; i < segs.length; i++) {
      const sub = segs.slice(0, i + 1).join('/');
      const isLeaf = i === segs.length - 1;
      const k = `${p.localeCode}|${sub}`;
      let row = index.get(k);
      if (row === undefined) {
        row = {
          id: rows.length + 1, path: sub, depth: i + 1, title: isLeaf ? p.title : (segs[i] ?? ''), isPrivate: false,
          isFolder: !isLeaf, privateNS: null, parent: parent?.id ?? null, pageId: isLeaf ? p.id : null, locale: p.localeCode, ancestors: [...ancestors],
        };
        rows.push(row);
        index.set(k, row);
      } else if (isLeaf) {
        row.pageId = p.id;
        row.title = p.title;
      } else {
        row.isFolder = true;
      }
      ancestors.push(row.id);
      parent = row;
    }
  }
  treeCache = { svc, rev: svc.data.revision, rows };
  return rows;
}

function tree(ctx: V2Context, args: Args): Array<Record<string, unknown>> {
  // 2.5.314's PAGES filter calls a query-builder method its knex does not have (observed, every time).
  if (args['mode'] === 'PAGES') throw jsError('TypeError', 'builder.andWhereNotNull is not a function');
  const rows = pageTree(ctx.svc);
  const locale = str(args['locale']) ?? 'en';
  let parent = typeof args['parent'] === 'number' ? args['parent'] : 0;
  let cur: TreeRow | undefined;
  const path = str(args['path']);
  if (path !== undefined && path !== '' && parent === 0) {
    cur = rows.find((r) => r.path === path && r.locale === locale);
    if (cur === undefined) return [];
    parent = cur.parent ?? 0;
  }
  return rows
    .filter((r) => r.locale === locale)
    .filter((r) => args['mode'] === 'FOLDERS' ? r.isFolder : args['mode'] === 'PAGES' ? r.pageId !== null : true)
    .filter((r) => {
      if (parent < 1) return r.parent === null;
      return r.parent === parent || (args['includeAncestors'] === true && cur !== undefined && cur.ancestors.includes(r.id));
    })
    .sort((a, b) => Number(b.isFolder) - Number(a.isFolder) || cmp(a.title, b.title))
    .filter((r) => can(ctx, ['read:pages'], { path: r.path, locale: r.locale }))
    .map((r) => ({ id: r.id, path: r.path, depth: r.depth, title: r.title, isPrivate: r.isPrivate, isFolder: r.isFolder, privateNS: r.privateNS, parent: r.parent ?? 0, pageId: r.pageId, locale: r.locale }));
}

// ---------- resolvers ----------

function getPageOr6003(ctx: V2Context, id: number): PageRec {
  const page = ctx.svc.data.t.pages.get(id);
  if (page === undefined) throw wikiError('PageNotFound');
  return page;
}

export const pageQueryResolvers = {
  list: (_: unknown, args: Args, ctx: V2Context) => listPages(ctx, args),
  search: (_: unknown, args: Args, ctx: V2Context) => searchPages(ctx, args),
  single: (_: unknown, args: Args, ctx: V2Context) => {
    const page = getPageOr6003(ctx, int(args['id']));
    // Needs manage:pages or delete:pages on the page: read:pages is not enough (observed 6013 for guests).
    if (!can(ctx, ['manage:pages', 'delete:pages'], pageRef(ctx.svc, page))) throw wikiError('PageViewForbidden');
    return pageObject(ctx.svc, page, true);
  },
  singleByPath: (_: unknown, args: Args, ctx: V2Context) => {
    const page = findPageByPath(ctx.svc, str(args['locale']) ?? '', str(args['path']) ?? '');
    if (page === undefined) throw wikiError('PageNotFound');
    // Like `single`: a key whose group has read:pages and write:pages (in its permissions and its
    // page rules) still gets 6013 from 2.5.314; manage:pages or delete:pages is what opens it.
    if (!can(ctx, ['manage:pages', 'delete:pages'], pageRef(ctx.svc, page))) throw wikiError('PageViewForbidden');
    return pageObject(ctx.svc, page, true);
  },
  tags: (_: unknown, _args: Args, ctx: V2Context) => {
    const seen = new Set<number>();
    for (const p of ctx.svc.data.t.pages.values()) {
      if (!can(ctx, ['read:pages'], pageRef(ctx.svc, p))) continue;
      for (const id of p.tagIds) seen.add(id);
    }
    return [...seen].map((id) => ctx.svc.data.t.tags.get(id)).filter((t) => t !== undefined).sort((a, b) => cmp(a.tag, b.tag));
  },
  searchTags: (_: unknown, args: Args, ctx: V2Context) => {
    const q = (str(args['query']) ?? '').toLowerCase();
    const used = new Set<number>();
    for (const p of ctx.svc.data.t.pages.values()) if (can(ctx, ['read:pages'], pageRef(ctx.svc, p))) for (const id of p.tagIds) used.add(id);
    return [...ctx.svc.data.t.tags.values()].filter((t) => used.has(t.id) && t.tag.toLowerCase().includes(q)).slice(0, 5).map((t) => t.tag);
  },
  tree: (_: unknown, args: Args, ctx: V2Context) => tree(ctx, args),
  links: (_: unknown, args: Args, ctx: V2Context) => {
    const locale = str(args['locale']) ?? 'en';
    return [...ctx.svc.data.t.pages.values()]
      .filter((p) => p.localeCode === locale && can(ctx, ['read:pages'], { path: p.path, locale }))
      // PostgreSQL returns the grouped rows in no set order; pages with links came first there.
      .sort((a, b) => Number(b.links.length > 0) - Number(a.links.length > 0) || a.id - b.id)
      .map((p) => ({ id: p.id, path: `${locale}/${p.path}`, title: p.title, links: p.links }));
  },
  history: (_: unknown, args: Args, ctx: V2Context) => {
    const page = ctx.svc.data.t.pages.get(int(args['id']));
    // Real server: a raw TypeError from reading `page.path` of undefined (observed).
    if (page === undefined) throw jsError('TypeError', "Cannot read properties of undefined (reading 'path')");
    if (!can(ctx, ['read:history'], pageRef(ctx.svc, page))) throw wikiError('PageHistoryForbidden');
    const offsetPage = typeof args['offsetPage'] === 'number' ? args['offsetPage'] : 0;
    const offsetSize = typeof args['offsetSize'] === 'number' ? args['offsetSize'] : 100;
    const all = [...ctx.svc.data.t.versions.values()].filter((v) => v.pageId === page.id).sort((a, b) => b.versionDate.localeCompare(a.versionDate) || b.id - a.id);
    const slice = all.slice(offsetPage * offsetSize, offsetPage * offsetSize + offsetSize);
    const upperLimit = (offsetPage + 1) * offsetSize;
    const trail: Array<Record<string, unknown>> = [];
    let prev: VersionRec | undefined;
    for (const v of [...slice].reverse()) {
      let actionType = 'edit';
      let valueBefore: string | null = null;
      let valueAfter: string | null = null;
      if (prev === undefined && all.length < upperLimit) actionType = 'initial';
      else if ((prev?.path ?? '') !== v.path) {
        actionType = 'move';
        valueBefore = prev?.path ?? '';
        valueAfter = v.path;
      }
      trail.unshift({ versionId: v.id, authorId: v.authorId, authorName: userById(ctx.svc, v.authorId)?.name ?? '', actionType, valueBefore, valueAfter, versionDate: v.versionDate });
      prev = v;
    }
    return { trail, total: all.length };
  },
  version: (_: unknown, args: Args, ctx: V2Context) => {
    const v = ctx.svc.data.t.versions.get(int(args['versionId']));
    if (v === undefined || v.pageId !== int(args['pageId'])) return null;
    if (!can(ctx, ['read:history'], { path: v.path, locale: v.localeCode })) throw wikiError('PageHistoryForbidden');
    return {
      action: v.action, authorId: String(v.authorId), authorName: userById(ctx.svc, v.authorId)?.name ?? '', content: v.content,
      contentType: v.contentType, createdAt: v.createdAt, versionDate: v.versionDate, description: v.description, editor: v.editorKey,
      isPrivate: v.isPrivate, isPublished: v.isPublished, locale: v.localeCode, pageId: v.pageId, path: v.path,
      publishEndDate: v.publishEndDate, publishStartDate: v.publishStartDate, tags: [], title: v.title, versionId: v.id,
    };
  },
  checkConflicts: (_: unknown, args: Args, ctx: V2Context) => {
    const page = getPageOr6003(ctx, int(args['id']));
    if (!can(ctx, ['write:pages', 'manage:pages'], pageRef(ctx.svc, page))) throw wikiError('PageUpdateForbidden');
    return Date.parse(page.updatedAt) > Date.parse(String(args['checkoutDate']));
  },
  conflictLatest: (_: unknown, args: Args, ctx: V2Context) => {
    const page = getPageOr6003(ctx, int(args['id']));
    if (!can(ctx, ['write:pages', 'manage:pages'], pageRef(ctx.svc, page))) throw wikiError('PageViewForbidden');
    return {
      id: page.id, authorId: String(page.authorId), authorName: userById(ctx.svc, page.authorId)?.name ?? '', content: page.content,
      createdAt: page.createdAt, description: page.description, isPublished: page.isPublished, locale: page.localeCode,
      path: page.path, tags: pageTags(ctx.svc, page).map((t) => t.tag), title: page.title, updatedAt: page.updatedAt,
    };
  },
};

export const pageMutationResolvers = {
  create: (_: unknown, args: Args, ctx: V2Context) => {
    try {
      const page = createPage(ctx, args);
      // The real answer is the row as inserted, before the render job ran (observed).
      return { responseResult: success('Page created successfully.'), page: mutationPage(ctx.svc, page, null) };
    } catch (e) {
      return { responseResult: failure(e), page: null };
    }
  },
  update: (_: unknown, args: Args, ctx: V2Context) => {
    try {
      const before = ctx.svc.data.t.pages.get(int(args['id']))?.render ?? null;
      const page = updatePage(ctx, args);
      // The real answer still carries the previous render: the new one is made afterwards (observed).
      return { responseResult: success('Page has been updated.'), page: mutationPage(ctx.svc, page, before) };
    } catch (e) {
      return { responseResult: failure(e), page: null };
    }
  },
  move: (_: unknown, args: Args, ctx: V2Context) => mutationResult(() => {
    movePage(ctx, args);
    return 'Page has been moved.';
  }),
  delete: (_: unknown, args: Args, ctx: V2Context) => mutationResult(() => {
    deletePage(ctx, int(args['id']));
    return 'Page has been deleted.';
  }),
  render: (_: unknown, args: Args, ctx: V2Context) => mutationResult(() => {
    const page = getPageOr6003(ctx, int(args['id']));
    const copy = { ...page };
    renderPage(ctx.svc, copy);
    ctx.svc.data.save('pages', copy);
    return 'Page rendered successfully.';
  }),
  restore: (_: unknown, args: Args, ctx: V2Context) => mutationResult(() => {
    const page = getPageOr6003(ctx, int(args['pageId']));
    if (!can(ctx, ['write:pages'], pageRef(ctx.svc, page))) throw wikiError('PageRestoreForbidden');
    const v = ctx.svc.data.t.versions.get(int(args['versionId']));
    if (v === undefined || v.pageId !== page.id) throw wikiError('PageNotFound');
    // getVersion() has tags: [] — restoring a version therefore clears the page's tags (as the real server does).
    updatePage(ctx, {
      id: page.id, content: v.content, description: v.description, editor: v.editorKey, isPublished: v.isPublished,
      publishEndDate: v.publishEndDate, publishStartDate: v.publishStartDate, title: v.title, tags: [],
      path: v.path, locale: v.localeCode,
    }, 'restored');
    return 'Page version restored successfully.';
  }),
  deleteTag: (_: unknown, args: Args, ctx: V2Context) => mutationResult(() => {
    const id = int(args['id']);
    if (!ctx.svc.data.t.tags.has(id)) throw jsError('Error', 'This tag does not exist.');
    for (const p of ctx.svc.data.t.pages.values()) {
      if (p.tagIds.includes(id)) ctx.svc.data.save('pages', { ...p, tagIds: p.tagIds.filter((t) => t !== id) });
    }
    ctx.svc.data.remove('tags', id);
    return 'Tag has been deleted.';
  }),
  updateTag: (_: unknown, args: Args, ctx: V2Context) => mutationResult(() => {
    const tag = ctx.svc.data.t.tags.get(int(args['id']));
    if (tag === undefined) throw jsError('Error', 'This tag does not exist.');
    ctx.svc.data.save('tags', { ...tag, tag: (str(args['tag']) ?? tag.tag).trim().toLowerCase(), title: (str(args['title']) ?? tag.title).trim(), updatedAt: now() });
    return 'Tag has been updated successfully.';
  }),
  convert: async (_: unknown, args: Args, ctx: V2Context) => {
    try {
      await convertPage(ctx, int(args['id']), str(args['editor']) ?? '');
      return { responseResult: success('Page has been converted.') };
    } catch (e) {
      return { responseResult: failure(e) };
    }
  },
  purgeHistory: (_: unknown, args: Args, ctx: V2Context) => mutationResult(() => {
    purgeHistory(ctx, str(args['olderThan']) ?? '');
    return 'Page history purged successfully.';
  }),
  migrateToLocale: (_: unknown, args: Args, ctx: V2Context) => {
    try {
      const count = migrateToLocale(ctx, str(args['sourceLocale']) ?? '', str(args['targetLocale']) ?? '');
      return { responseResult: success('Migrated content to target locale successfully.'), count };
    } catch (e) {
      return { responseResult: failure(e), count: null };
    }
  },
  flushCache: () => ({ responseResult: success('Pages Cache has been flushed successfully.') }),
  rebuildTree: () => ({ responseResult: success('Page tree rebuilt successfully.') }),
};
