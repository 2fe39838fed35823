import { can, findPageByPath, now, pageHash, pageRef, pageTags, userById, type V2Context, type V2Service } from './context.js';
import type { PageRec, VersionRec } from './records.js';
import { editorContentType, htmlToMarkdown, markdownRenderToHtml } from './convert.js';
import { renderMarkdown } from './render.js';
import { failure, jsError, success, wikiError } from './wiki-errors.js';

/** Page resolvers and the page model logic of Wiki.js 2.5 (server/models/pages.js). */

type Args = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

function authorFields(svc: V2Service, page: PageRec): Record<string, unknown> {
  const author = userById(svc, page.authorId);
  const creator = userById(svc, page.creatorId);
  return {
    authorId: page.authorId, authorName: author?.name ?? '', authorEmail: author?.email ?? '',
    creatorId: page.creatorId, creatorName: creator?.name ?? '', creatorEmail: creator?.email ?? '',
  };
}

/**
 * The GraphQL Page object. Mutation results come from getPageFromDb, which has
 * `localeCode`/`editorKey` but no `locale`/`editor`: selecting those nulls `page` (observed).
 * `toc` is the stored array: serialising it as String fails exactly as on PostgreSQL.
 */
export function pageObject(svc: V2Service, page: PageRec, fromQuery: boolean): Record<string, unknown> {
  return {
    id: page.id, path: page.path, hash: page.hash, title: page.title, description: page.description,
    isPrivate: page.isPrivate, isPublished: page.isPublished, privateNS: page.privateNS,
    publishStartDate: page.publishStartDate, publishEndDate: page.publishEndDate,
    tags: pageTags(svc, page), content: page.content, render: page.render, toc: page.toc,
    contentType: page.contentType, createdAt: page.createdAt, updatedAt: page.updatedAt,
    ...(fromQuery ? { editor: page.editorKey, locale: page.localeCode } : {}),
    scriptCss: page.scriptCss, scriptJs: page.scriptJs, ...authorFields(svc, page),
  };
}

/** A page in a create/update answer: scripts live in the row's `extra` JSON there, so they are null. */
function mutationPage(svc: V2Service, page: PageRec, render: string | null): Record<string, unknown> {
  return { ...pageObject(svc, page, false), render, scriptCss: null, scriptJs: null };
}

function renderPage(svc: V2Service, page: PageRec): void {
  const r = renderMarkdown(page.content, { path: page.path, locale: page.localeCode }, (l, p) => findPageByPath(svc, l, p) !== undefined);
  page.render = r.html;
  page.toc = r.toc;
  page.links = r.links;
  page.updatedAt = now();
}

/** tags.associateTags: trimmed, lower-cased, de-duplicated; missing tags are created. */
function associateTags(svc: V2Service, page: PageRec, tags: unknown): void {
  if (!Array.isArray(tags)) throw jsError('TypeError', "Cannot read properties of undefined (reading 'map')");
  const wanted = [...new Set(tags.map((t) => String(t ?? '').trim().toLowerCase()))].filter((t) => t !== '');
  const ids: number[] = [];
  for (const name of wanted) {
    const existingId = svc.data.tagIdByName(name);
    let tag = existingId === undefined ? undefined : svc.data.t.tags.get(existingId);
    if (tag === undefined) {
      const ts = now();
      tag = { id: svc.data.nextId('tags'), tag: name, title: name, createdAt: ts, updatedAt: ts };
      svc.data.save('tags', tag);
    }
    ids.push(tag.id);
  }
  page.tagIds = ids.sort((a, b) => a - b);
}

function illegalPath(path: string): boolean {
  return path.includes('.') || path.includes(' ') || path.includes('\\') || path.includes('//');
}

function trimSlashes(path: string): string {
  let p = path;
  if (p.endsWith('/')) p = p.slice(0, -1);
  if (p.startsWith('/')) p = p.slice(1);
  return p;
}

function addVersion(svc: V2Service, page: PageRec, action: string): void {
  const v: VersionRec = {
    id: svc.data.nextId('versions'), pageId: page.id, action, authorId: page.authorId, content: page.content,
    contentType: page.contentType, createdAt: now(), versionDate: page.updatedAt, description: page.description,
    editorKey: page.editorKey, isPrivate: page.isPrivate, isPublished: page.isPublished, localeCode: page.localeCode,
    path: page.path, publishEndDate: page.publishEndDate, publishStartDate: page.publishStartDate, title: page.title,
  };
  svc.data.save('versions', v);
}

/** The `editors` table of 2.5.314 and the locales of a fresh install. */
const EDITORS = new Set(['api', 'asciidoc', 'ckeditor', 'code', 'markdown', 'redirect', 'wysiwyg']);
const LOCALES = new Set(['en']);
const PAGE_INSERT = 'insert into "pages" ("authorId", "content", "contentType", "createdAt", "creatorId", "description", "editorKey", "extra", "hash", "isPrivate", "isPublished", "localeCode", "path", "publishEndDate", "publishStartDate", "title", "toc", "updatedAt") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) returning "id"';

/** objection's error for a violated foreign key, as the real server reports it (errorCode 1). */
function foreignKeyError(constraint: string): Error {
  const err = new Error(`${PAGE_INSERT} - insert or update on table "pages" violates foreign key constraint "${constraint}"`);
  err.name = 'ForeignKeyViolationError';
  return err;
}

export function createPage(ctx: V2Context, args: Args): PageRec {
  const svc = ctx.svc;
  let path = str(args['path']) ?? '';
  const locale = str(args['locale']) ?? 'en';
  if (illegalPath(path)) throw wikiError('PageIllegalPath');
  path = trimSlashes(path);
  // Wiki.js 2.5.314 throws PageDeleteForbidden here (a copy-paste in createPage), not 6008.
  if (!can(ctx, ['write:pages'], { locale, path })) throw wikiError('PageDeleteForbidden');
  if (findPageByPath(svc, locale, path) !== undefined) throw wikiError('PageDuplicateCreate');
  const content = str(args['content']) ?? '';
  if (content.trim().length < 1) throw wikiError('PageEmptyContent');
  const editor = str(args['editor']) ?? 'markdown';
  // The row's editor and locale are foreign keys: an unknown one fails the INSERT (observed; the
  // editor's constraint is checked first). A fresh install has the locale `en` only.
  if (!EDITORS.has(editor)) throw foreignKeyError('pages_editorkey_foreign');
  if (!LOCALES.has(locale)) throw foreignKeyError('pages_localecode_foreign');
  const ts = now();
  const page: PageRec = {
    id: svc.data.nextId('pages'), path, hash: pageHash(locale, path, ''), title: str(args['title']) ?? '',
    description: str(args['description']) ?? '', isPrivate: args['isPrivate'] === true, isPublished: args['isPublished'] === true,
    privateNS: null, publishStartDate: str(args['publishStartDate']) ?? '', publishEndDate: str(args['publishEndDate']) ?? '',
    content, render: '', toc: [], contentType: 'markdown', createdAt: ts, updatedAt: ts,
    editorKey: editor, localeCode: locale, scriptCss: str(args['scriptCss']) ?? '',
    scriptJs: str(args['scriptJs']) ?? '', authorId: ctx.user.id, creatorId: ctx.user.id, tagIds: [], links: [],
  };
  associateTags(svc, page, args['tags']);
  renderPage(svc, page);
  svc.data.save('pages', page);
  return page;
}

/** updatePage: omitted isPublished/dates/scripts are overwritten with false/''; omitted title/description kept. */
export function updatePage(ctx: V2Context, args: Args, action = 'updated'): PageRec {
  const svc = ctx.svc;
  const og = svc.data.t.pages.get(int(args['id']));
  if (og === undefined) throw jsError('Error', 'Invalid Page Id');
  if (!can(ctx, ['write:pages'], { locale: og.localeCode, path: og.path })) throw wikiError('PageUpdateForbidden');
  const content = str(args['content']) ?? '';
  if (content.trim().length < 1) throw wikiError('PageEmptyContent');
  addVersion(svc, og, action);
  const page: PageRec = {
    ...og,
    authorId: ctx.user.id, content,
    description: str(args['description']) ?? og.description,
    isPublished: args['isPublished'] === true,
    publishEndDate: str(args['publishEndDate']) ?? '',
    publishStartDate: str(args['publishStartDate']) ?? '',
    title: str(args['title']) ?? og.title,
    scriptCss: str(args['scriptCss']) ?? '', scriptJs: str(args['scriptJs']) ?? '',
    updatedAt: now(),
  };
  // The row is written before tags are associated: a missing `tags` fails after saving (observed).
  svc.data.save('pages', page);
  associateTags(svc, page, args['tags']);
  renderPage(svc, page);
  svc.data.save('pages', page);
  const newPath = str(args['path']);
  const newLocale = str(args['locale']);
  if ((newLocale !== undefined && newLocale !== page.localeCode) || (newPath !== undefined && newPath !== page.path)) {
    movePage(ctx, { id: page.id, destinationPath: newPath ?? page.path, destinationLocale: newLocale ?? page.localeCode });
  }
  return svc.data.t.pages.get(page.id) ?? page;
}

export function movePage(ctx: V2Context, args: Args): void {
  const svc = ctx.svc;
  const page = svc.data.t.pages.get(int(args['id']));
  if (page === undefined) throw wikiError('PageNotFound');
  let dest = str(args['destinationPath']) ?? '';
  const destLocale = str(args['destinationLocale']) ?? page.localeCode;
  if (illegalPath(dest)) throw wikiError('PageIllegalPath');
  dest = trimSlashes(dest);
  if (!can(ctx, ['manage:pages'], pageRef(svc, page))) throw wikiError('PageMoveForbidden');
  if (!can(ctx, ['write:pages'], { locale: destLocale, path: dest })) throw wikiError('PageMoveForbidden');
  if (findPageByPath(svc, destLocale, dest) !== undefined) throw wikiError('PagePathCollision');
  addVersion(svc, page, 'moved');
  const lastSeg = (p: string): string => p.split('/').pop() ?? p;
  const moved: PageRec = {
    ...page, path: dest, localeCode: destLocale, hash: pageHash(destLocale, dest, ''),
    title: page.title === lastSeg(page.path) ? lastSeg(dest) : page.title, updatedAt: now(),
  };
  svc.data.save('pages', moved);
}

export function deletePage(ctx: V2Context, id: number): void {
  const svc = ctx.svc;
  const page = svc.data.t.pages.get(id);
  if (page === undefined) throw wikiError('PageNotFound');
  if (!can(ctx, ['delete:pages'], pageRef(svc, page))) throw wikiError('PageDeleteForbidden');
  addVersion(svc, page, 'deleted');
  // 2.5 deletes the page's comments first (requarks/wiki#2199): no orphans, no FK failure.
  for (const c of [...svc.data.t.comments.values()]) if (c.pageId === id) svc.data.remove('comments', c.id);
  svc.data.remove('pages', id);
}

/** pages.convertPage: switch editor, converting the content when the content type changes. */
export async function convertPage(ctx: V2Context, id: number, editor: string): Promise<void> {
  const svc = ctx.svc;
  const og = svc.data.t.pages.get(id);
  if (og === undefined) throw jsError('Error', 'Invalid Page Id');
  if (og.editorKey === editor) throw jsError('Error', 'Page is already using this editor. Nothing to convert.');
  if (!can(ctx, ['write:pages'], { locale: og.localeCode, path: og.path })) throw wikiError('PageUpdateForbidden');
  const target = editorContentType(editor);
  const shouldConvert = og.contentType !== target;
  let content: string | undefined;
  if (shouldConvert) {
    if (og.contentType === 'markdown' && target === 'html') {
      if (og.render === '') throw jsError('Error', 'Aborted conversion because rendered page content is empty!');
      content = markdownRenderToHtml(og.render);
    } else if (og.contentType === 'html' && target === 'markdown') {
      content = await htmlToMarkdown(og.content);
    } else {
      throw jsError('Error', 'Unsupported source / destination content types combination.');
    }
    addVersion(svc, og, 'updated');
  }
  // A patch without a render: `render` keeps the old HTML until the next render (as on the real server).
  svc.data.save('pages', { ...og, contentType: target, editorKey: editor, ...(content !== undefined && content !== '' ? { content } : {}), updatedAt: now() });
}

/** pageHistory.purge: ISO-8601 duration (luxon `Duration.fromISO`); an invalid one deletes nothing. */
export function purgeHistory(ctx: V2Context, olderThan: string): void {
  const m = /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?!$)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(olderThan);
  // luxon's invalid Duration makes `minus()` throw (observed for "garbage").
  if (m === null) throw jsError('Error', 'Invalid unit value NaN');
  const n = (i: number): number => Number(m[i] ?? 0);
  const cutoff = new Date();
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - n(1), cutoff.getUTCMonth() - n(2), cutoff.getUTCDate() - n(3) * 7 - n(4));
  const ms = cutoff.getTime() - ((n(5) * 60 + n(6)) * 60 + n(7)) * 1000;
  for (const v of [...ctx.svc.data.t.versions.values()]) if (Date.parse(v.versionDate) < ms) ctx.svc.data.remove('versions', v.id);
}

/** pages.migrateToLocale: moves every page of one locale unless the target locale has that path. */
export function migrateToLocale(ctx: V2Context, sourceLocale: string, targetLocale: string): number {
  const svc = ctx.svc;
  let count = 0;
  for (const p of [...svc.data.t.pages.values()]) {
    if (p.localeCode !== sourceLocale || svc.data.pageIdByPath(targetLocale, p.path) !== undefined) continue;
    svc.data.save('pages', { ...p, localeCode: targetLocale });
    count++;
  }
  return count;
}

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
