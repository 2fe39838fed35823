import { parseDuration } from '../../v2/jwt.js';
import { can, fail, ok, nowIso, newId, typeError, type V3Context, sandboxError } from '../context.js';
import {
  addVersion, contentTypeOf, ensureFolders, ensureTags, findPage, nextUpdatedAt, normalizeNewPath, normalizeTags,
  pageHash, parseLookupPath, renderContent, splitPath,
} from '../pages-store.js';
import type { PageRec, PageRelationRec, PublishState } from '../records.js';

type Maybe<T> = T | null | undefined;

interface CreatePageArgs {
  siteId: string; path: string; locale: string; title: string; description: string; content: string; editor: string;
  publishState: PublishState; tags?: Maybe<string[]>; alias?: Maybe<string>; icon?: Maybe<string>;
  allowComments?: Maybe<boolean>; allowContributions?: Maybe<boolean>; allowRatings?: Maybe<boolean>;
  isBrowsable?: Maybe<boolean>; isSearchable?: Maybe<boolean>; showSidebar?: Maybe<boolean>; showTags?: Maybe<boolean>; showToc?: Maybe<boolean>;
  publishStartDate?: Maybe<string>; publishEndDate?: Maybe<string>; relations?: Maybe<PageRelationRec[]>;
  scriptCss?: Maybe<string>; scriptJsLoad?: Maybe<string>; scriptJsUnload?: Maybe<string>; tocDepth?: Maybe<{ min: number; max: number }>;
}

type PagePatch = Partial<Omit<CreatePageArgs, 'siteId' | 'path' | 'locale' | 'editor'>> & { password?: Maybe<string>; reasonForChange?: Maybe<string> };

const READ = ['read:pages', 'write:pages', 'manage:pages'];

/** ISO 8601 durations (`P100Y`, `P1M2D`, `PT6H`), as luxon's `Duration.fromISO` in 3.0.0's purge. */
export function isoDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().length < 2) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  return ((((n(1) * 365.25 + n(2) * 30.44 + n(3) * 7 + n(4)) * 24 + n(5)) * 60 + n(6)) * 60 + n(7)) * 1000;
}

/** GraphQL `Page` view of a stored page (author/creator resolved: 3.0.0 has no resolver and answers null). */
export function pageView(ctx: V3Context, p: PageRec): Record<string, unknown> {
  const person = (id: string): Record<string, unknown> | null => {
    const u = ctx.svc.data.t.users.get(id);
    return u === undefined ? null : { id: u.id, name: u.name, email: u.email };
  };
  return {
    ...p, toc: [], navigationMode: 'inherit', navigationId: p.siteId,
    password: p.password === '' ? '' : '********',
    author: person(p.authorId), creator: person(p.creatorId),
  };
}

function siteExists(ctx: V3Context, siteId: string): boolean {
  return ctx.svc.data.t.sites.has(siteId);
}

function requirePageRead(ctx: V3Context): void {
  if (!can(ctx, ...READ)) throw sandboxError('ERR_FORBIDDEN');
}

function validSchedule(state: PublishState, start: Maybe<string>, end: Maybe<string>): boolean {
  return state !== 'scheduled' || ((start ?? '') !== '' && (end ?? '') !== '');
}

export const pageQueries = {
  pageById(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> {
    requirePageRead(ctx);
    const page = ctx.svc.data.t.pages.get(args.id);
    if (page === undefined) throw sandboxError('ERR_PAGE_NOT_FOUND');
    return pageView(ctx, page);
  },

  pageByPath(_: unknown, args: { siteId: string; path: string }, ctx: V3Context): Record<string, unknown> {
    requirePageRead(ctx);
    const { locale, path } = parseLookupPath(args.path);
    const page = findPage(ctx.svc, args.siteId, locale, path);
    if (page === undefined) throw sandboxError('ERR_PAGE_NOT_FOUND');
    return pageView(ctx, page);
  },

  /**
   * The documented listing. 3.0.0 fails every call ("unknown relation tags"); the sandbox answers.
   * `PageListItem.id` is an Int in the 3.0.0 schema, so the sandbox's legacy integer id fills it.
   */
  pages(
    _: unknown,
    args: { limit?: Maybe<number>; orderBy?: Maybe<string>; orderByDirection?: Maybe<string>; tags?: Maybe<string[]>; locale?: Maybe<string> },
    ctx: V3Context,
  ): Record<string, unknown>[] {
    requirePageRead(ctx);
    if (ctx.svc.defects.has('pages-list')) throw sandboxError('unknown relation "tags" in a relation expression');
    let list = [...ctx.svc.data.t.pages.values()];
    if (args.locale != null) list = list.filter((p) => p.locale === args.locale);
    const tags = args.tags;
    if (tags != null && tags.length > 0) list = list.filter((p) => tags.every((t) => p.tags.includes(t.toLowerCase())));
    const key = args.orderBy ?? 'TITLE';
    const value = (p: PageRec): string | number =>
      key === 'ID' ? p.legacyId : key === 'PATH' ? p.path : key === 'CREATED' ? p.createdAt : key === 'UPDATED' ? p.updatedAt : p.title;
    const dir = args.orderByDirection === 'DESC' ? -1 : 1;
    list.sort((a, b) => {
      const va = value(a); const vb = value(b);
      return (va < vb ? -1 : va > vb ? 1 : a.legacyId - b.legacyId) * dir;
    });
    if (args.limit != null && args.limit > 0) list = list.slice(0, args.limit);
    return list.map((p) => ({
      id: p.legacyId, path: p.path, locale: p.locale, title: p.title, description: p.description, contentType: p.contentType,
      isPublished: p.publishState === 'published', isPrivate: false, privateNS: null, createdAt: p.createdAt, updatedAt: p.updatedAt, tags: p.tags,
    }));
  },

  searchPages(
    _: unknown,
    args: {
      siteId: string; query: string; path?: Maybe<string>; locale?: Maybe<string[]>; tags?: Maybe<string[]>; editor?: Maybe<string>;
      publishState?: Maybe<PublishState>; orderBy?: Maybe<string>; orderByDirection?: Maybe<string>; offset?: Maybe<number>; limit?: Maybe<number>;
    },
    ctx: V3Context,
  ): { totalHits: number; results: Record<string, unknown>[] } {
    requirePageRead(ctx);
    const terms = args.query.toLowerCase().split(/\s+/).filter((t) => t !== '');
    const prefix = (args.path ?? '').replace(/^\/+/, '');
    const hits: Array<{ page: PageRec; relevancy: number }> = [];
    for (const p of ctx.svc.data.t.pages.values()) {
      if (p.siteId !== args.siteId || !p.isSearchable) continue;
      // 3.0.0 leaves drafts out of the index (the draft page was missing from an empty-query search).
      if (p.publishState !== (args.publishState ?? 'published')) continue;
      if (prefix !== '' && !p.path.startsWith(prefix)) continue;
      if (args.locale != null && args.locale.length > 0 && !args.locale.includes(p.locale)) continue;
      const tagFilter = args.tags;
      if (tagFilter != null && tagFilter.length > 0 && !tagFilter.some((t) => p.tags.includes(t.toLowerCase()))) continue;
      if (args.editor != null && p.editor !== args.editor) continue;
      let relevancy = 0;
      if (terms.length > 0) {
        const title = p.title.toLowerCase(); const body = `${p.description} ${p.content}`.toLowerCase();
        let all = true;
        for (const t of terms) {
          const inTitle = title.includes(t); const inBody = body.includes(t) || p.path.includes(t) || p.tags.includes(t);
          if (!inTitle && !inBody) { all = false; break; }
          relevancy += inTitle ? 1 : 0.6;
        }
        if (!all) continue;
      }
      hits.push({ page: p, relevancy: Math.round(relevancy * 10) / 10 });
    }
    const order = args.orderBy ?? 'relevancy';
    const dir = args.orderByDirection === 'asc' ? 1 : -1;
    hits.sort((a, b) => {
      const va = order === 'title' ? a.page.title : order === 'updatedAt' ? a.page.updatedAt : a.relevancy;
      const vb = order === 'title' ? b.page.title : order === 'updatedAt' ? b.page.updatedAt : b.relevancy;
      return (va < vb ? -1 : va > vb ? 1 : a.page.path < b.page.path ? -1 : 1) * dir;
    });
    const offset = Math.max(0, args.offset ?? 0);
    const limit = Math.min(100, Math.max(1, args.limit ?? 25));
    return {
      totalHits: hits.length,
      results: hits.slice(offset, offset + limit).map(({ page: p, relevancy }) => ({
        id: p.id, path: p.path, locale: p.locale, title: p.title, description: p.description, icon: p.icon, tags: p.tags,
        relevancy, highlight: p.content.replace(/[#*_`>]/g, '').replace(/\s+/g, ' ').trim().slice(0, 60), updatedAt: p.updatedAt,
      })),
    };
  },

  tags(_: unknown, args: { siteId: string }, ctx: V3Context): Record<string, unknown>[] {
    requirePageRead(ctx);
    const pages = [...ctx.svc.data.t.pages.values()].filter((p) => p.siteId === args.siteId);
    return [...ctx.svc.data.t.tags.values()]
      .filter((t) => t.siteId === args.siteId)
      .map((t) => ({ ...t, usageCount: pages.filter((p) => p.tags.includes(t.tag)).length }))
      .sort((a, b) => (a.tag < b.tag ? -1 : 1));
  },

  /** 3.0.0 reads a `pageTree` table that its migration never creates; `tree` replaced it. */
  pageTree(): never {
    throw sandboxError('select * from "pageTree" where ("locale" = $1 and "parent" is null) order by "isFolder" desc, "title" asc - relation "pageTree" does not exist');
  },

  /**
   * 2.x-shaped history keyed by an Int id. 3.0.0 fails on it (it compares the Int with a UUID
   * column); the sandbox resolves the page's legacy integer id, which `pages()` lists.
   */
  pageHistoryById(_: unknown, args: { id: number; offsetPage?: Maybe<number>; offsetSize?: Maybe<number> }, ctx: V3Context): Record<string, unknown> {
    requirePageRead(ctx);
    const page = [...ctx.svc.data.t.pages.values()].find((p) => p.legacyId === args.id);
    if (page === undefined) throw sandboxError('ERR_PAGE_NOT_FOUND');
    const versions = [...ctx.svc.data.t.versions.values()].filter((v) => v.pageLegacyId === args.id).sort((a, b) => b.versionId - a.versionId);
    const size = Math.max(1, args.offsetSize ?? 100);
    const start = Math.max(0, args.offsetPage ?? 0) * size;
    const oldest = versions[versions.length - 1]?.versionId;
    const trail = versions.slice(start, start + size).map((v) => {
      const moved = v.action === 'moved';
      return {
        versionId: v.versionId, versionDate: v.versionDate, authorId: null, authorName: v.authorName,
        actionType: moved ? 'move' : v.versionId === oldest ? 'initial' : 'edit',
        valueBefore: moved ? `${v.locale}/${v.path}` : null, valueAfter: null,
      };
    });
    return { total: versions.length, trail };
  },

  pageVersionById(_: unknown, args: { pageId: number; versionId: number }, ctx: V3Context): Record<string, unknown> {
    requirePageRead(ctx);
    const v = [...ctx.svc.data.t.versions.values()].find((r) => r.pageLegacyId === args.pageId && r.versionId === args.versionId);
    if (v === undefined) throw sandboxError('ERR_PAGE_NOT_FOUND');
    return {
      action: v.action, authorId: v.authorId, authorName: v.authorName, content: v.content, contentType: v.contentType, createdAt: v.createdAt,
      versionDate: v.versionDate, description: v.description, editor: v.editor, isPrivate: false, isPublished: v.publishState === 'published',
      locale: v.locale, pageId: v.pageLegacyId, path: v.path, publishEndDate: v.publishEndDate, publishStartDate: v.publishStartDate,
      render: renderContent(v.content, v.contentType), tags: v.tags, title: v.title, versionId: v.versionId,
    };
  },
};

export const pageMutations = {
  createPage(_: unknown, args: CreatePageArgs, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'write:pages', 'manage:pages')) return { operation: fail('ERR_FORBIDDEN'), page: null };
    if (!siteExists(ctx, args.siteId)) return { operation: fail('ERR_INVALID_SITE'), page: null };
    const path = normalizeNewPath(args.path);
    if (path === undefined) return { operation: fail('ERR_INVALID_PATH'), page: null };
    const locale = args.locale.trim().toLowerCase() || 'en';
    if (findPage(ctx.svc, args.siteId, locale, path) !== undefined) return { operation: fail('ERR_PAGE_DUPLICATE_PATH'), page: null };
    // 3.0.0 answers a TypeError (`WIKI.Error.PageEmptyContent` is undefined); the sandbox gives the documented key.
    if (args.content.trim() === '') return { operation: fail('ERR_INVALID_INPUT: Page content cannot be empty'), page: null };
    if (!validSchedule(args.publishState, args.publishStartDate, args.publishEndDate)) return { operation: fail('ERR_PAGE_MISSING_SCHEDULED_DATES'), page: null };
    const data = ctx.svc.data;
    const tags = normalizeTags(args.tags ?? []);
    const createdAt = nowIso(ctx.svc);
    const contentType = contentTypeOf(args.editor);
    const legacyId = data.settings.nextLegacyPageId;
    data.settings.nextLegacyPageId = legacyId + 1;
    data.saveSettings();
    const page: PageRec = {
      id: newId(), legacyId, siteId: args.siteId, path, locale, title: args.title, description: args.description.trim(),
      icon: args.icon ?? 'las la-file-alt', alias: args.alias ?? null, editor: args.editor, contentType, content: args.content,
      render: renderContent(args.content, contentType), hash: pageHash(args.siteId, locale, path), tags, publishState: args.publishState,
      publishStartDate: args.publishStartDate ?? null, publishEndDate: args.publishEndDate ?? null,
      isBrowsable: args.isBrowsable ?? true, isSearchable: args.isSearchable ?? true, allowComments: args.allowComments ?? true,
      allowContributions: args.allowContributions ?? true, allowRatings: args.allowRatings ?? true, showSidebar: args.showSidebar ?? true,
      showTags: args.showTags ?? true, showToc: args.showToc ?? true, tocDepth: args.tocDepth ?? { min: 1, max: 2 },
      scriptCss: args.scriptCss ?? '', scriptJsLoad: args.scriptJsLoad ?? '', scriptJsUnload: args.scriptJsUnload ?? '', password: '',
      relations: args.relations ?? [], authorId: ctx.user.userId, authorName: ctx.user.name, creatorId: ctx.user.userId,
      createdAt, updatedAt: nextUpdatedAt(ctx.svc, createdAt),
    };
    data.save('pages', page);
    ensureTags(ctx.svc, page.siteId, tags);
    ensureFolders(ctx.svc, page.siteId, locale, splitPath(path).folderPath);
    return { operation: ok('Page created successfully.'), page: pageView(ctx, page) };
  },

  /** Only the fields present in `patch` change; an empty `content` is ignored, as in 3.0.0. */
  updatePage(_: unknown, args: { id: string; patch: PagePatch }, ctx: V3Context): Record<string, unknown> {
    const data = ctx.svc.data;
    const page = data.t.pages.get(args.id);
    if (!can(ctx, 'write:pages', 'manage:pages')) return { operation: fail(page === undefined ? 'ERR_FORBIDDEN' : 'ERR_PAGE_UPDATE_FORBIDDEN'), page: null };
    if (page === undefined) return { operation: fail('ERR_PAGE_NOT_FOUND'), page: null };
    const patch = args.patch;
    if (patch.title != null && patch.title.trim() === '') return { operation: fail('ERR_PAGE_TITLE_MISSING'), page: null };
    const state = patch.publishState ?? page.publishState;
    const start = patch.publishStartDate !== undefined ? patch.publishStartDate : page.publishStartDate;
    const end = patch.publishEndDate !== undefined ? patch.publishEndDate : page.publishEndDate;
    if (patch.publishState != null && !validSchedule(state, start, end)) return { operation: fail('ERR_PAGE_MISSING_SCHEDULED_DATES'), page: null };
    addVersion(ctx.svc, page, 'updated', ctx.user.userId, ctx.user.name);
    const next: PageRec = { ...page };
    if (patch.title != null) next.title = patch.title.trim();
    if (patch.description != null) next.description = patch.description.trim();
    if (patch.content != null && patch.content !== '') { next.content = patch.content; next.render = renderContent(patch.content, page.contentType); }
    if (patch.tags != null) { next.tags = normalizeTags(patch.tags); ensureTags(ctx.svc, page.siteId, next.tags); }
    if (patch.publishState != null) next.publishState = patch.publishState;
    next.publishStartDate = start ?? null;
    next.publishEndDate = end ?? null;
    if (patch.password != null) next.password = patch.password;
    if (patch.relations != null) next.relations = patch.relations;
    if (patch.tocDepth != null) next.tocDepth = patch.tocDepth;
    if (patch.alias !== undefined) next.alias = patch.alias;
    const flags = ['icon', 'scriptCss', 'scriptJsLoad', 'scriptJsUnload'] as const;
    for (const k of flags) { const v = patch[k]; if (v != null) next[k] = v; }
    const bools = ['isBrowsable', 'isSearchable', 'allowComments', 'allowContributions', 'allowRatings', 'showSidebar', 'showTags', 'showToc'] as const;
    for (const k of bools) { const v = patch[k]; if (v != null) next[k] = v; }
    next.authorId = ctx.user.userId;
    next.authorName = ctx.user.name;
    next.updatedAt = nextUpdatedAt(ctx.svc, page.updatedAt);
    data.save('pages', next);
    return { operation: ok('Page has been updated.'), page: pageView(ctx, next) };
  },

  /** 3.0.0 answers every failure here as a TypeError; the sandbox gives the matching documented key. */
  movePage(_: unknown, args: { id: string; destinationLocale: string; destinationPath: string; title?: Maybe<string> }, ctx: V3Context): Record<string, unknown> {
    const data = ctx.svc.data;
    if (!can(ctx, 'manage:pages')) return { operation: fail('ERR_FORBIDDEN') };
    const page = data.t.pages.get(args.id);
    if (page === undefined) return { operation: ctx.svc.defects.has('typeerror-slugs') ? typeError('PageNotFound') : fail('ERR_PAGE_NOT_FOUND') };
    const path = normalizeNewPath(args.destinationPath);
    if (path === undefined) return { operation: fail('ERR_INVALID_PATH') };
    const locale = args.destinationLocale.trim().toLowerCase() || page.locale;
    const other = findPage(ctx.svc, page.siteId, locale, path);
    if (other !== undefined && other.id !== page.id) return { operation: ctx.svc.defects.has('typeerror-slugs') ? typeError('PagePathCollision') : fail('ERR_PAGE_DUPLICATE_PATH') };
    addVersion(ctx.svc, page, 'moved', ctx.user.userId, ctx.user.name);
    const next: PageRec = {
      ...page, path, locale, hash: pageHash(page.siteId, locale, path), title: args.title ?? page.title,
      authorId: ctx.user.userId, authorName: ctx.user.name, updatedAt: nextUpdatedAt(ctx.svc, page.updatedAt),
    };
    data.save('pages', next);
    ensureFolders(ctx.svc, page.siteId, locale, splitPath(path).folderPath);
    return { operation: ok('Page has been moved.') };
  },

  deletePage(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> {
    const data = ctx.svc.data;
    if (!can(ctx, 'delete:pages', 'manage:pages')) return { operation: fail('ERR_FORBIDDEN') };
    const page = data.t.pages.get(args.id);
    if (page === undefined) return { operation: ctx.svc.defects.has('typeerror-slugs') ? typeError('PageNotFound') : fail('ERR_PAGE_NOT_FOUND') };
    addVersion(ctx.svc, page, 'deleted', ctx.user.userId, ctx.user.name);
    data.remove('pages', page.id);
    return { operation: ok('Page has been deleted.') };
  },

  convertPage(_: unknown, args: { id: string; editor: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'write:pages', 'manage:pages')) return { operation: fail('ERR_FORBIDDEN') };
    const page = ctx.svc.data.t.pages.get(args.id);
    if (page === undefined) return { operation: fail('ERR_PAGE_NOT_FOUND') };
    if (args.editor === page.editor) return { operation: ok('Page converted successfully.') };
    addVersion(ctx.svc, page, 'converted', ctx.user.userId, ctx.user.name);
    const contentType = contentTypeOf(args.editor);
    ctx.svc.data.save('pages', { ...page, editor: args.editor, contentType, render: renderContent(page.content, contentType), updatedAt: nextUpdatedAt(ctx.svc, page.updatedAt) });
    return { operation: ok('Page converted successfully.') };
  },

  /** Int ids, as in the schema: the sandbox resolves its legacy integer page id. */
  restorePage(_: unknown, args: { pageId: number; versionId: number }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:pages')) return { operation: fail('ERR_FORBIDDEN') };
    const data = ctx.svc.data;
    const page = [...data.t.pages.values()].find((p) => p.legacyId === args.pageId);
    if (page === undefined) return { operation: fail('ERR_PAGE_NOT_FOUND') };
    const v = [...data.t.versions.values()].find((r) => r.pageLegacyId === args.pageId && r.versionId === args.versionId);
    if (v === undefined) return { operation: fail('ERR_INVALID_INPUT: Invalid Version ID') };
    addVersion(ctx.svc, page, 'restored', ctx.user.userId, ctx.user.name);
    data.save('pages', {
      ...page, title: v.title, description: v.description, content: v.content, render: renderContent(v.content, page.contentType), tags: [...v.tags],
      publishState: v.publishState, publishStartDate: v.publishStartDate, publishEndDate: v.publishEndDate,
      authorId: ctx.user.userId, authorName: ctx.user.name, updatedAt: nextUpdatedAt(ctx.svc, page.updatedAt),
    });
    return { operation: ok('Page version restored successfully.') };
  },

  purgePagesHistory(_: unknown, args: { olderThan: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:system')) return { operation: fail('ERR_FORBIDDEN') };
    const ms = isoDuration(args.olderThan) ?? parseDuration(args.olderThan);
    if (ms === undefined) return { operation: fail('ERR_INVALID_INPUT: Invalid duration') };
    const cutoff = ctx.svc.now() - ms;
    for (const v of [...ctx.svc.data.t.versions.values()]) if (Date.parse(v.createdAt) < cutoff) ctx.svc.data.remove('versions', v.id);
    return { operation: ok('Page history purged successfully.') };
  },

  rebuildPageTree: (_: unknown, __: unknown, ctx: V3Context) => ({ operation: can(ctx, 'manage:system') ? ok('Page tree rebuilt successfully.') : fail('ERR_FORBIDDEN') }),
  flushCache: (_: unknown, __: unknown, ctx: V3Context) => ({ operation: can(ctx, 'manage:system') ? ok('Cache flushed successfully.') : fail('ERR_FORBIDDEN') }),

  rerenderPage(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:pages')) return { operation: fail('ERR_FORBIDDEN') };
    const page = ctx.svc.data.t.pages.get(args.id);
    if (page === undefined) return { operation: fail('ERR_PAGE_NOT_FOUND') };
    ctx.svc.data.save('pages', { ...page, render: renderContent(page.content, page.contentType) });
    return { operation: ok('Page rendered successfully.') };
  },
};
