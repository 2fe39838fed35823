/**
 * Wiki.js 3.x assets. v3 keeps assets in the site tree (folders are tree items with UUIDs),
 * uploads through `uploadAssets(files: [Upload!]!)` (graphql-multipart-request-spec) and answers
 * only `operation`. The 2.x-shaped {@link AssetsApi} numbers folders: here those numbers are
 * handles the dialect hands out (0 = root), stable for the life of the client.
 */
import { randomBytes } from 'node:crypto';
import { apiError, usageError } from '../../errors.js';
import { statusAuthFailure, unexpectedStatus } from '../../transport/index.js';
import type { AssetFolder, AssetItem, AssetKind, AssetsApi, AssetUploadOptions, CallOptions, WikiJsId } from '../dialect.js';
import { checkNonNegative } from '../validate.js';
import * as doc from './documents.js';
import { V3_WIKI } from './errors.js';
import { checkUuid } from './ids.js';
import type { V3Operation, V3Ops } from './ops.js';
import { treeAll } from './listing.js';
import { clientError } from '../../client-errors.js';

const FOLDER_SLUG = /^[a-z0-9\-_]+$/;
const IMAGE = /^image\//;

interface Part {
  readonly name: string;
  readonly value: string | Uint8Array;
  readonly filename?: string;
  readonly type?: string;
}

/**
 * A multipart/form-data body built by hand: an injected `fetch` (or undici's own) need not
 * recognise another realm's FormData, but every fetch sends bytes with their content type.
 */
export function multipart(parts: readonly Part[]): { body: Uint8Array; contentType: string } {
  const boundary = `----wikikit${randomBytes(12).toString('hex')}`;
  const chunks: Uint8Array[] = [];
  const enc = new TextEncoder();
  const quote = (s: string): string => s.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c));
  for (const part of parts) {
    const disposition = `form-data; name="${quote(part.name)}"${part.filename === undefined ? '' : `; filename="${quote(part.filename)}"`}`;
    const type = part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`;
    chunks.push(enc.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(typeof part.value === 'string' ? enc.encode(part.value) : part.value);
    chunks.push(enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    body.set(c, offset);
    offset += c.byteLength;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export function v3Assets(ops: V3Ops, locale = 'en'): AssetsApi {
  const paths = new Map<number, string>([[0, '']]);
  const handles = new Map<string, number>([['', 0]]);
  const handle = (path: string): number => {
    let h = handles.get(path);
    if (h === undefined) {
      h = paths.size;
      handles.set(path, h);
      paths.set(h, path);
    }
    return h;
  };
  const pathOf = (folderId: number | undefined, field = 'folderId'): string => {
    const id = checkNonNegative(folderId ?? 0, field);
    const path = paths.get(id);
    if (path === undefined) throw usageError(`${field} ${id} is not a folder this client listed or created (Wiki.js 3 folder ids are UUIDs; list folders first)`, { field });
    return path;
  };
  const join = (parent: string, name: string): string => (parent === '' ? name : `${parent}/${name}`);

  const listAssets = async (folderId?: number, options: CallOptions & { kind?: AssetKind } = {}): Promise<AssetItem[]> => {
    const siteId = await ops.siteId(options);
    const items = await treeAll(ops, siteId, pathOf(folderId), locale, ['asset'], 0, options);
    return items
      .filter((i) => i.__typename === 'TreeItemAsset')
      .map((i) => ({
        id: i.id, filename: i.fileName ?? '', ext: i.fileExt ? `.${i.fileExt}` : '', kind: IMAGE.test(i.mimeType ?? '') ? 'image' : 'binary', mime: i.mimeType ?? '',
        fileSize: i.fileSize ?? 0, createdAt: i.createdAt ?? '', updatedAt: i.updatedAt ?? '',
      }))
      .filter((a) => options.kind === undefined || options.kind === 'all' || a.kind === options.kind);
  };

  return {
    async folders(parentFolderId?: number, options?: CallOptions): Promise<AssetFolder[]> {
      const parent = pathOf(parentFolderId, 'parentFolderId');
      const siteId = await ops.siteId(options);
      const items = await treeAll(ops, siteId, parent, locale, ['folder'], 0, options ?? {});
      return items.filter((i) => i.__typename === 'TreeItemFolder').map((i) => {
        const slug = i.fileName ?? '';
        return { id: handle(join(parent, slug)), slug, name: i.title ?? slug };
      });
    },
    async createFolder(parentFolderId: number, slug: string, options: CallOptions & { name?: string } = {}): Promise<AssetFolder> {
      const parent = pathOf(parentFolderId, 'parentFolderId');
      const clean = slug.trim().toLowerCase();
      if (!FOLDER_SLUG.test(clean)) throw usageError(`slug "${slug}" must be letters, digits, "-" or "_"`, { field: 'slug' });
      const siteId = await ops.siteId(options);
      await ops.write('assets.createFolder', 'createFolder', doc.CREATE_FOLDER, {
        siteId, locale, pathName: clean, title: options.name ?? clean, ...(parent === '' ? {} : { parentPath: parent }),
      }, options);
      return { id: handle(join(parent, clean)), slug: clean, name: options.name ?? clean };
    },
    list: listAssets,
    rename: async (id: WikiJsId, filename: string, options?: CallOptions) => {
      await ops.write('assets.rename', 'renameAsset', doc.RENAME_ASSET, { id: checkUuid(id), fileName: filename }, options);
    },
    delete: async (id: WikiJsId, options?: CallOptions) => {
      await ops.write('assets.delete', 'deleteAsset', doc.DELETE_ASSET, { id: checkUuid(id) }, options);
    },
    async upload(filename: string, data: Uint8Array, options: AssetUploadOptions = {}): Promise<AssetItem> {
      const folderPath = pathOf(options.folderId);
      const siteId = await ops.siteId(options);
      const operations = { query: doc.UPLOAD_ASSETS, variables: { siteId, folderPath, locale, files: [null] } };
      const { body: payload, contentType } = multipart([
        { name: 'operations', value: JSON.stringify(operations) },
        { name: 'map', value: JSON.stringify({ 0: ['variables.files.0'] }) },
        { name: '0', value: data, filename, type: options.mime ?? 'application/octet-stream' },
      ]);
      const request = {
        method: 'POST' as const, url: ops.gql.endpoint, body: payload,
        // Apollo's CSRF prevention refuses multipart bodies without a preflight header.
        headers: { 'content-type': contentType, 'apollo-require-preflight': 'true', accept: 'application/json' },
        operation: { name: 'assets.upload', kind: 'write' as const, idempotent: false, wiki: V3_WIKI, resources: ['assets'] },
        authFailure: statusAuthFailure,
        summaryVariables: { siteId, folderPath, filename },
        ...(options.signal ? { signal: options.signal } : {}),
      };
      const response = await ops.context.transport.send(request);
      let body: { data?: { uploadAssets?: { operation?: V3Operation | null } | null } | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
      try {
        body = JSON.parse(new TextDecoder().decode(response.body)) as typeof body;
      } catch {
        throw unexpectedStatus(request, response, ops.context.secrets());
      }
      const error = body.errors?.[0];
      const item = { query: doc.UPLOAD_ASSETS, variables: operations.variables, operation: { name: 'assets.upload', kind: 'write' as const } };
      if (error) throw ops.gql.mapGraphQLError(error, item, response.status);
      const op = body.data?.uploadAssets?.operation;
      ops.gql.check(op ? { succeeded: op.succeeded === true, errorCode: '', slug: op.slug ?? '', message: op.message ?? '' } : undefined, item, response.status);
      // The server answers only `operation`: find the stored file (names are lower-cased on upload).
      const wanted = filename.trim().toLowerCase();
      const sanitized = wanted.replace(/[^a-z0-9.\-_]+/g, '_');
      const stored = (await listAssets(options.folderId, options)).find((a) => a.filename.toLowerCase() === wanted || a.filename.toLowerCase() === sanitized);
      if (!stored) throw clientError('AssetNotListed', `Wiki.js assets.upload: the server reported success but "${filename}" is not listed in "/${folderPath}"`, { wiki: V3_WIKI });
      return stored;
    },
    async download(path: string, options?: CallOptions): Promise<Uint8Array> {
      const clean = `/${path.replace(/^\/+/, '')}`;
      const url = `${ops.context.baseUrl}${clean.split('/').map((s) => encodeURIComponent(s)).join('/')}`;
      const request = { method: 'GET' as const, url, operation: { name: 'assets.download', kind: 'read' as const, idempotent: true, wiki: V3_WIKI, resources: ['assets'] },
        authFailure: statusAuthFailure, ...(options?.signal ? { signal: options.signal } : {}) };
      const response = await ops.context.transport.send(request);
      if (response.status === 404) throw apiError('not-found', `Wiki.js assets.download failed: no asset at "${clean}" [GET ${url}]`, { wiki: V3_WIKI, code: 404, httpStatus: 404, path: clean });
      if (response.status !== 200) throw unexpectedStatus(request, response, ops.context.secrets());
      return response.body;
    },
  };
}
