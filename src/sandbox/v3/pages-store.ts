import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import { newId, nowIso, type V3Service } from './context.js';
import type { FolderRec, PageRec, VersionRec } from './records.js';

const md = new MarkdownIt({ html: true, linkify: true });

/** 3.0.0 `createPage`: leading/trailing slashes dropped, lower-cased, only `[a-zA-Z0-9-_/]`. */
export function normalizeNewPath(path: string): string | undefined {
  const p = path.trim().replace(/^\/+|\/+$/g, '').toLowerCase();
  if (p === '' || !/^[a-z0-9\-_/]+$/.test(p) || p.includes('//')) return undefined;
  return p;
}

/** Tags are trimmed, lower-cased and de-duplicated, in first-seen order. */
export function normalizeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const v = t.trim().toLowerCase();
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

/** `parsePath` of 3.0.0: a leading `/` dropped, a first segment shaped like a locale becomes the locale. */
export function parseLookupPath(path: string): { locale: string; path: string } {
  const p = path.replace(/^\/+/, '');
  const m = /^([a-z]{2}(?:-[a-z]{2})?)\/(.+)$/i.exec(p);
  if (m?.[1] !== undefined && m[2] !== undefined) return { locale: m[1].toLowerCase(), path: m[2] };
  return { locale: 'en', path: p };
}

export function contentTypeOf(editor: string): string {
  if (editor === 'markdown') return 'markdown';
  if (editor === 'wysiwyg' || editor === 'ckeditor' || editor === 'code') return 'html';
  return 'text';
}

export function renderContent(content: string, contentType: string): string {
  if (contentType === 'markdown') return md.render(content);
  if (contentType === 'html') return content;
  return `<pre>${content.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>`;
}

export function pageHash(siteId: string, locale: string, path: string): string {
  return createHash('sha1').update(`${siteId}|${locale}|${path}`).digest('hex');
}

export function findPage(svc: V3Service, siteId: string, locale: string, path: string): PageRec | undefined {
  for (const p of svc.data.t.pages.values()) {
    if (p.siteId === siteId && p.locale === locale && p.path === path) return p;
  }
  return undefined;
}

export function findFolder(svc: V3Service, siteId: string, locale: string, fullPath: string): FolderRec | undefined {
  for (const f of svc.data.t.folders.values()) {
    if (f.siteId === siteId && f.locale === locale && joinPath(f.folderPath, f.fileName) === fullPath) return f;
  }
  return undefined;
}

export function joinPath(folderPath: string, fileName: string): string {
  return folderPath === '' ? fileName : `${folderPath}/${fileName}`;
}

export function splitPath(fullPath: string): { folderPath: string; fileName: string } {
  const i = fullPath.lastIndexOf('/');
  return i < 0 ? { folderPath: '', fileName: fullPath } : { folderPath: fullPath.slice(0, i), fileName: fullPath.slice(i + 1) };
}

/** Wiki.js 3 keeps a folder row for every ancestor of a page or asset; create the missing ones. */
export function ensureFolders(svc: V3Service, siteId: string, locale: string, folderPath: string): void {
  if (folderPath === '') return;
  const parts = folderPath.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const full = parts.slice(0, i).join('/');
    if (findFolder(svc, siteId, locale, full) !== undefined) continue;
    const at = nowIso(svc);
    const { folderPath: parent, fileName } = splitPath(full);
    svc.data.save('folders', { id: newId(), siteId, locale, folderPath: parent, fileName, title: fileName, createdAt: at, updatedAt: at });
  }
}

/** Stores the state a page had before a change, as Wiki.js's `pageHistory` does. */
export function addVersion(svc: V3Service, page: PageRec, action: string, authorId: string, authorName: string): VersionRec {
  const settings = svc.data.settings;
  const versionId = settings.nextVersionId;
  settings.nextVersionId = versionId + 1;
  svc.data.saveSettings();
  const rec: VersionRec = {
    id: newId(), versionId, pageLegacyId: page.legacyId, pageId: page.id, action, authorId, authorName,
    path: page.path, locale: page.locale, title: page.title, description: page.description, content: page.content,
    contentType: page.contentType, editor: page.editor, tags: [...page.tags], publishState: page.publishState,
    publishStartDate: page.publishStartDate, publishEndDate: page.publishEndDate, versionDate: page.updatedAt, createdAt: nowIso(svc),
  };
  svc.data.save('versions', rec);
  return rec;
}

/** Registers tags of a site on first use, so `tags(siteId)` lists them with stable ids. */
export function ensureTags(svc: V3Service, siteId: string, tags: readonly string[]): void {
  const known = new Set([...svc.data.t.tags.values()].filter((t) => t.siteId === siteId).map((t) => t.tag));
  for (const tag of tags) {
    if (known.has(tag)) continue;
    const at = nowIso(svc);
    svc.data.save('tags', { id: newId(), siteId, tag, createdAt: at, updatedAt: at });
    known.add(tag);
  }
}

/**
 * A strictly increasing ISO timestamp: `updatedAt` is the page's revision token, so two writes
 * within one millisecond must still differ.
 */
export function nextUpdatedAt(svc: V3Service, previous: string | undefined): string {
  let t = svc.now();
  if (previous !== undefined) t = Math.max(t, Date.parse(previous) + 1);
  return new Date(t).toISOString();
}
