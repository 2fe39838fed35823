import { can, fail, newId, nowIso, ok, type V3Context, sandboxError } from '../context.js';
import { ensureFolders, findFolder, joinPath, splitPath } from '../pages-store.js';
import type { AssetRec, FolderRec } from '../records.js';

type Maybe<T> = T | null | undefined;

/** A file handed over by the multipart layer (graphql-multipart-request-spec `Upload`). */
export interface UploadedFile {
  readonly filename: string;
  readonly mimetype: string;
  readonly data: Uint8Array;
}

const KINDS: Record<string, AssetRec['kind']> = { png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', webp: 'image', svg: 'image', pdf: 'document', doc: 'document', docx: 'document', txt: 'document', md: 'document' };
const FOLDER_NAME = /^[a-z0-9\-_]+$/i;

function normFolder(path: Maybe<string>): string {
  return (path ?? '').trim().replace(/^\/+|\/+$/g, '');
}

function text(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function depthOf(path: string): number {
  return path === '' ? 0 : path.split('/').length;
}

function folderItem(ctx: V3Context, f: FolderRec): Record<string, unknown> {
  const full = joinPath(f.folderPath, f.fileName);
  const data = ctx.svc.data.t;
  const inside = (fp: string): boolean => fp === full;
  let children = 0;
  for (const x of data.folders.values()) if (x.siteId === f.siteId && x.locale === f.locale && inside(x.folderPath)) children++;
  for (const p of data.pages.values()) if (p.siteId === f.siteId && p.locale === f.locale && inside(splitPath(p.path).folderPath)) children++;
  for (const a of data.assets.values()) if (a.siteId === f.siteId && inside(a.folderPath)) children++;
  return { __typename: 'TreeItemFolder', id: f.id, childrenCount: children, depth: depthOf(f.folderPath), fileName: f.fileName, folderPath: f.folderPath, title: f.title, isAncestor: false, createdAt: f.createdAt, updatedAt: f.updatedAt };
}

function assetItem(a: AssetRec): Record<string, unknown> {
  return { __typename: 'TreeItemAsset', id: a.id, createdAt: a.createdAt, depth: depthOf(a.folderPath), fileName: a.fileName, fileSize: a.fileSize, fileExt: a.ext, mimeType: a.mime, folderPath: a.folderPath, title: a.fileName, updatedAt: a.updatedAt };
}

/** Finds the folder a request names by `folderId`, or by `folderPath` + `locale` + `siteId` (`''` = root). */
function resolveFolder(ctx: V3Context, args: { folderId?: Maybe<string>; folderPath?: Maybe<string>; locale?: Maybe<string>; siteId?: Maybe<string> }):
  { siteId: string; locale: string; path: string } | string {
  if (args.folderId != null) {
    const f = ctx.svc.data.t.folders.get(args.folderId);
    return f === undefined ? 'ERR_INVALID_FOLDER' : { siteId: f.siteId, locale: f.locale, path: joinPath(f.folderPath, f.fileName) };
  }
  if (args.siteId == null || !ctx.svc.data.t.sites.has(args.siteId)) return 'ERR_INVALID_SITE';
  const path = normFolder(args.folderPath);
  if (path !== '' && !path.split('/').every((s) => FOLDER_NAME.test(s))) return 'ERR_INVALID_PATH';
  return { siteId: args.siteId, locale: args.locale ?? 'en', path };
}

export const treeQueries = {
  /** Folders, pages and assets below a folder, `depth` more levels deep (default 0: its own items), folders first. */
  tree(
    _: unknown,
    args: {
      siteId: string; parentId?: Maybe<string>; parentPath?: Maybe<string>; locale?: Maybe<string>; types?: Maybe<Array<string | null>>; tags?: Maybe<string[]>;
      limit?: Maybe<number>; offset?: Maybe<number>; orderBy?: Maybe<string>; orderByDirection?: Maybe<string>; depth?: Maybe<number>; includeRootFolders?: Maybe<boolean>;
    },
    ctx: V3Context,
  ): Record<string, unknown>[] {
    if (!can(ctx, 'read:pages', 'read:assets', 'write:pages', 'manage:pages')) throw sandboxError('ERR_FORBIDDEN');
    const data = ctx.svc.data.t;
    let parent = normFolder(args.parentPath);
    let locale = args.locale ?? 'en';
    if (args.parentId != null) {
      const f = data.folders.get(args.parentId);
      if (f === undefined) throw sandboxError('ERR_INVALID_FOLDER');
      parent = joinPath(f.folderPath, f.fileName);
      locale = f.locale;
    }
    // As 3.0.x (its resolver matches the folder path against `parent.*{,depth}`): `depth` is how
    // many folder levels below the parent's own items are included, 0 (the default) for none,
    // and above 10 is refused with "Invalid Depth".
    if (args.depth != null && (args.depth < 0 || args.depth > 10)) throw sandboxError('Invalid Depth');
    const maxDepth = args.depth ?? 0;
    const scoped = !ctx.svc.defects.has('tree-unscoped');
    const under = (folderPath: string): boolean => {
      if (parent === '') return depthOf(folderPath) <= maxDepth;
      if (folderPath !== parent && !folderPath.startsWith(`${parent}/`)) return false;
      return depthOf(folderPath) - depthOf(parent) <= maxDepth;
    };
    const types = new Set((args.types ?? ['folder', 'page', 'asset']).filter((t): t is string => t !== null));
    const tagFilter = args.tags ?? [];
    const folders: Record<string, unknown>[] = [];
    const files: Record<string, unknown>[] = [];
    if (types.has('folder')) {
      for (const f of data.folders.values()) {
        if (f.siteId !== args.siteId || f.locale !== locale) continue;
        if (under(f.folderPath) || (args.includeRootFolders === true && f.folderPath === '')) folders.push(folderItem(ctx, f));
      }
    }
    if (types.has('page')) {
      for (const p of data.pages.values()) {
        if (scoped && (p.siteId !== args.siteId || p.locale !== locale)) continue;
        const { folderPath, fileName } = splitPath(p.path);
        if (!under(folderPath)) continue;
        if (tagFilter.length > 0 && !tagFilter.some((t) => p.tags.includes(t.toLowerCase()))) continue;
        files.push({ __typename: 'TreeItemPage', id: p.id, createdAt: p.createdAt, depth: depthOf(folderPath), fileName, folderPath, editor: p.editor, pageType: p.contentType, title: p.title, description: p.description, updatedAt: p.updatedAt });
      }
    }
    if (types.has('asset')) {
      for (const a of data.assets.values()) if (a.siteId === args.siteId && under(a.folderPath)) files.push(assetItem(a));
    }
    const key = args.orderBy ?? 'fileName';
    const dir = args.orderByDirection === 'desc' ? -1 : 1;
    const cmp = (a: Record<string, unknown>, b: Record<string, unknown>): number => {
      const va = text(a[key]); const vb = text(b[key]);
      const fa = joinPath(String(a['folderPath']), String(a['fileName'])); const fb = joinPath(String(b['folderPath']), String(b['fileName']));
      return (va < vb ? -1 : va > vb ? 1 : fa < fb ? -1 : fa > fb ? 1 : 0) * dir;
    };
    const all = [...folders.sort(cmp), ...files.sort(cmp)];
    const offset = Math.max(0, args.offset ?? 0);
    const limit = Math.min(1000, Math.max(1, args.limit ?? 1000));
    return all.slice(offset, offset + limit);
  },

  folderById(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'read:pages', 'read:assets', 'manage:pages')) throw sandboxError('ERR_FORBIDDEN');
    const f = ctx.svc.data.t.folders.get(args.id);
    if (f === undefined) throw sandboxError('ERR_INVALID_FOLDER');
    return folderItem(ctx, f);
  },

  folderByPath(_: unknown, args: { siteId: string; locale: string; path: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'read:pages', 'read:assets', 'manage:pages')) throw sandboxError('ERR_FORBIDDEN');
    const f = findFolder(ctx.svc, args.siteId, args.locale, normFolder(args.path));
    if (f === undefined) throw sandboxError('ERR_INVALID_FOLDER');
    return folderItem(ctx, f);
  },

  assetById(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> | null {
    if (!can(ctx, 'read:assets', 'write:assets', 'manage:assets')) throw sandboxError('ERR_FORBIDDEN');
    const a = ctx.svc.data.t.assets.get(args.id);
    if (a === undefined) return null;
    return { id: a.id, fileName: a.fileName, ext: a.ext, kind: a.kind, mime: a.mime, fileSize: a.fileSize, metadata: {}, createdAt: a.createdAt, updatedAt: a.updatedAt, author: null };
  },
};

export const treeMutations = {
  createFolder(
    _: unknown,
    args: { siteId: string; locale: string; parentId?: Maybe<string>; parentPath?: Maybe<string>; pathName: string; title: string },
    ctx: V3Context,
  ): Record<string, unknown> {
    if (!can(ctx, 'write:pages', 'manage:pages')) return { operation: fail('ERR_FORBIDDEN') };
    const data = ctx.svc.data;
    if (!data.t.sites.has(args.siteId)) return { operation: fail('ERR_INVALID_SITE') };
    let parent = normFolder(args.parentPath);
    if (args.parentId != null) {
      const f = data.t.folders.get(args.parentId);
      if (f === undefined) return { operation: fail('ERR_FOLDER_PARENT_INVALID') };
      parent = joinPath(f.folderPath, f.fileName);
    } else if (parent !== '' && findFolder(ctx.svc, args.siteId, args.locale, parent) === undefined) {
      return { operation: fail('ERR_FOLDER_PARENT_INVALID') };
    }
    const name = args.pathName.trim().toLowerCase();
    if (!FOLDER_NAME.test(name)) return { operation: fail('ERR_INVALID_PATH') };
    if (args.title.trim() === '') return { operation: fail('ERR_FOLDER_TITLE_INVALID') };
    if (findFolder(ctx.svc, args.siteId, args.locale, joinPath(parent, name)) !== undefined) return { operation: fail('ERR_FOLDER_DUPLICATE') };
    const at = nowIso(ctx.svc);
    data.save('folders', { id: newId(), siteId: args.siteId, locale: args.locale, folderPath: parent, fileName: name, title: args.title.trim(), createdAt: at, updatedAt: at });
    return { operation: ok('Folder created successfully') };
  },

  renameFolder(_: unknown, args: { folderId: string; pathName: string; title: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:pages')) return { operation: fail('ERR_FORBIDDEN') };
    const data = ctx.svc.data;
    const f = data.t.folders.get(args.folderId);
    if (f === undefined) return { operation: fail('ERR_INVALID_FOLDER') };
    const name = args.pathName.trim().toLowerCase();
    if (!FOLDER_NAME.test(name)) return { operation: fail('ERR_INVALID_PATH') };
    if (args.title.trim() === '') return { operation: fail('ERR_FOLDER_TITLE_INVALID') };
    const from = joinPath(f.folderPath, f.fileName);
    const to = joinPath(f.folderPath, name);
    if (from !== to && findFolder(ctx.svc, f.siteId, f.locale, to) !== undefined) return { operation: fail('ERR_FOLDER_DUPLICATE') };
    const moveUnder = (p: string): string => (p === from ? to : p.startsWith(`${from}/`) ? to + p.slice(from.length) : p);
    for (const x of data.t.folders.values()) if (x.siteId === f.siteId && x.locale === f.locale && x.id !== f.id && moveUnder(x.folderPath) !== x.folderPath) data.save('folders', { ...x, folderPath: moveUnder(x.folderPath) });
    for (const p of data.t.pages.values()) if (p.siteId === f.siteId && p.locale === f.locale && p.path.startsWith(`${from}/`)) data.save('pages', { ...p, path: moveUnder(p.path) });
    for (const a of data.t.assets.values()) if (a.siteId === f.siteId && moveUnder(a.folderPath) !== a.folderPath) data.save('assets', { ...a, folderPath: moveUnder(a.folderPath) });
    data.save('folders', { ...f, fileName: name, title: args.title.trim(), updatedAt: nowIso(ctx.svc) });
    return { operation: ok('Folder renamed successfully') };
  },

  /** Deletes the folder with everything below it (pages and assets), as 3.0.0 does. */
  deleteFolder(_: unknown, args: { folderId: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:pages')) return { operation: fail('ERR_FORBIDDEN') };
    const data = ctx.svc.data;
    const f = data.t.folders.get(args.folderId);
    if (f === undefined) return { operation: fail('ERR_INVALID_FOLDER') };
    const root = joinPath(f.folderPath, f.fileName);
    const inside = (p: string): boolean => p === root || p.startsWith(`${root}/`);
    for (const x of [...data.t.folders.values()]) if (x.siteId === f.siteId && x.locale === f.locale && inside(joinPath(x.folderPath, x.fileName))) data.remove('folders', x.id);
    for (const p of [...data.t.pages.values()]) if (p.siteId === f.siteId && p.locale === f.locale && inside(p.path)) data.remove('pages', p.id);
    for (const a of [...data.t.assets.values()]) if (a.siteId === f.siteId && inside(a.folderPath)) data.remove('assets', a.id);
    return { operation: ok('Folder deleted successfully') };
  },

  /** Same file name in the same folder replaces the stored file (keeps its id). */
  uploadAssets(
    _: unknown,
    args: { folderId?: Maybe<string>; folderPath?: Maybe<string>; locale?: Maybe<string>; siteId?: Maybe<string>; files: UploadedFile[] },
    ctx: V3Context,
  ): Record<string, unknown> {
    if (!can(ctx, 'write:assets', 'manage:assets')) return { operation: fail('ERR_FORBIDDEN') };
    const where = resolveFolder(ctx, args);
    if (typeof where === 'string') return { operation: fail(where) };
    const data = ctx.svc.data;
    const files = args.files;
    if (files.length === 0) return { operation: fail('ERR_INVALID_INPUT: No files were provided') };
    ensureFolders(ctx.svc, where.siteId, where.locale, where.path);
    for (const file of files) {
      const fileName = file.filename.trim().toLowerCase().replace(/[^a-z0-9.\-_]+/g, '_');
      if (fileName === '' || fileName.startsWith('.')) return { operation: fail('ERR_INVALID_INPUT: Invalid file name') };
      const ext = fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.') + 1) : '';
      const at = nowIso(ctx.svc);
      const existing = [...data.t.assets.values()].find((a) => a.siteId === where.siteId && a.folderPath === where.path && a.fileName === fileName);
      data.save('assets', {
        id: existing?.id ?? newId(), siteId: where.siteId, locale: where.locale, folderPath: where.path, fileName, ext, kind: KINDS[ext] ?? 'other',
        mime: file.mimetype || 'application/octet-stream', fileSize: file.data.byteLength, data: Buffer.from(file.data).toString('base64'),
        authorId: ctx.user.userId, createdAt: existing?.createdAt ?? at, updatedAt: at,
      });
    }
    return { operation: ok('Files uploaded successfully') };
  },

  renameAsset(_: unknown, args: { id: string; fileName: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:assets', 'write:assets')) return { operation: fail('ERR_FORBIDDEN') };
    const a = ctx.svc.data.t.assets.get(args.id);
    if (a === undefined) return { operation: fail('ERR_ASSET_NOT_FOUND') };
    const fileName = args.fileName.trim().toLowerCase();
    if (!/^[a-z0-9\-_]+(\.[a-z0-9]+)?$/.test(fileName)) return { operation: fail('ERR_INVALID_INPUT: Invalid file name') };
    ctx.svc.data.save('assets', { ...a, fileName, updatedAt: nowIso(ctx.svc) });
    return { operation: ok('Asset renamed successfully') };
  },

  deleteAsset(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:assets', 'delete:assets')) return { operation: fail('ERR_FORBIDDEN') };
    const a = ctx.svc.data.t.assets.get(args.id);
    if (a === undefined) return { operation: fail('ERR_ASSET_NOT_FOUND') };
    ctx.svc.data.remove('assets', a.id);
    return { operation: ok('Asset deleted successfully') };
  },
};

/** GET `/<folder>/<file>` on the site serves a stored asset, as the page router does in 3.0.0. */
export function findAssetByPath(data: V3Context['svc']['data'], siteId: string, path: string): AssetRec | undefined {
  const clean = decodeURIComponent(path).replace(/^\/+/, '').toLowerCase();
  const { folderPath, fileName } = splitPath(clean);
  return [...data.t.assets.values()].find((a) => a.siteId === siteId && a.folderPath === folderPath && a.fileName === fileName);
}
