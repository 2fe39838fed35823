import { can, findPageByPath, now, pageHash, pageRef, pageTags, userById, type V2Context, type V2Service } from './context.js';
import type { PageRec, VersionRec } from './records.js';
import { editorContentType, htmlToMarkdown, markdownRenderToHtml } from './convert.js';
import { renderMarkdown } from './render.js';
import { jsError, wikiError } from './wiki-errors.js';

/** The page model logic of Wiki.js 2.5 (server/models/pages.js): what each page write does to the store. */

export type Args = Record<string, unknown>;
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const int = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

export function authorFields(svc: V2Service, page: PageRec): Record<string, unknown> {
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
export function mutationPage(svc: V2Service, page: PageRec, render: string | null): Record<string, unknown> {
  return { ...pageObject(svc, page, false), render, scriptCss: null, scriptJs: null };
}

export function renderPage(svc: V2Service, page: PageRec): void {
  const r = renderMarkdown(page.content, { path: page.path, locale: page.localeCode }, (l, p) => findPageByPath(svc, l, p) !== undefined);
  page.render = r.html;
  page.toc = r.toc;
  page.links = r.links;
  page.updatedAt = now();
}

/** tags.associateTags: trimmed, lower-cased, de-duplicated; missing tags are created. */
export function associateTags(svc: V2Service, page: PageRec, tags: unknown): void {
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

export function illegalPath(path: string): boolean {
  return path.includes('.') || path.includes(' ') || path.includes('\\') || path.includes('//');
}

export function trimSlashes(path: string): string {
  let p = path;
  if (p.endsWith('/')) p = p.slice(0, -1);
  if (p.startsWith('/')) p = p.slice(1);
  return p;
}

export function addVersion(svc: V2Service, page: PageRec, action: string): void {
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
export function foreignKeyError(constraint: string): Error {
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

