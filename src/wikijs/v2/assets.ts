/**
 * Wiki.js 2.x assets: folders and listing over GraphQL, upload as multipart `POST /u` (both
 * parts named `mediaUpload`: the JSON `{"folderId":n}` text part and the file part), download
 * as a plain GET of `/<folder slugs>/<filename>`. The server answers an upload with a bare
 * `ok` (no id) — even when nothing was stored — so the client looks the asset up afterwards.
 */
import { randomUUID } from 'node:crypto';
import { createApiError, apiError, httpError, usageError } from '../../errors.js';
import { responseText, statusAuthFailure, summaryOf, unexpectedStatus, type Transport, type TransportRequest } from '../../transport/index.js';
import type { AssetFolder, AssetItem, AssetKind, AssetsApi, AssetUploadOptions, CallOptions, WikiJsId } from '../dialect.js';
import { checkIntId, checkNonEmpty, checkNonNegative } from '../validate.js';
import { compact, RESULT, type V2Ops } from './ops.js';
import { clientError } from '../../client-errors.js';

const KIND = { image: 'IMAGE', binary: 'BINARY', all: 'ALL' } as const;
type Payload = { responseResult?: import('../graphql.js').ResponseResult | null };

/** How the server renames an uploaded file: lower-cased; spaces, `,`, `;`, `#` → `_`. */
export function storedFilename(name: string): string {
  return name.toLowerCase().replace(/[\s,;#]/g, '_');
}

type Part = { readonly name: string; readonly value: string } | { readonly name: string; readonly filename: string; readonly type: string; readonly data: Uint8Array };

/** multipart/form-data (RFC 7578) with the parts in the given order. */
export function multipart(parts: readonly Part[]): { body: Uint8Array; contentType: string } {
  const boundary = `----wikikit${randomUUID().replaceAll('-', '')}`;
  const chunks: Uint8Array[] = [];
  const text = (s: string): void => {
    chunks.push(new TextEncoder().encode(s));
  };
  const quote = (s: string): string => s.replace(/["\r\n]/g, (c) => encodeURIComponent(c));
  for (const part of parts) {
    text(`--${boundary}\r\n`);
    if ('value' in part) {
      text(`Content-Disposition: form-data; name="${quote(part.name)}"\r\n\r\n${part.value}\r\n`);
    } else {
      text(`Content-Disposition: form-data; name="${quote(part.name)}"; filename="${quote(part.filename)}"\r\nContent-Type: ${part.type}\r\n\r\n`);
      chunks.push(part.data);
      text('\r\n');
    }
  }
  text(`--${boundary}--\r\n`);
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function v2Assets(ops: V2Ops, transport: Transport, baseUrl: string, secrets: () => readonly string[]): AssetsApi {
  const api: AssetsApi = {
    async folders(parentFolderId = 0, options?: CallOptions) {
      checkNonNegative(parentFolderId, 'parentFolderId');
      return compact(
        await ops.read<(AssetFolder | null)[]>('assets.folders', 'assets.folders', 'query ($parentFolderId: Int!) { assets { folders(parentFolderId: $parentFolderId) { id slug name } } }', { parentFolderId }, options),
      ).map((f) => ({ ...f, name: f.name ?? f.slug }));
    },
    async createFolder(parentFolderId, slug, options = {}) {
      checkNonNegative(parentFolderId, 'parentFolderId');
      checkNonEmpty(slug, 'slug');
      await ops.write<Payload>(
        'assets.createFolder',
        'assets.createFolder',
        `mutation ($parentFolderId: Int!, $slug: String!, $name: String) { assets { createFolder(parentFolderId: $parentFolderId, slug: $slug, name: $name) { ${RESULT} } } }`,
        { parentFolderId, slug, name: options.name ?? slug },
        options,
        { path: slug },
      );
      // No id in the answer; the slug is stored lower-cased.
      const wanted = slug.toLowerCase();
      const found = (await api.folders(parentFolderId, options)).find((f) => f.slug === wanted);
      if (!found) throw clientError('NotFound', `Wiki.js assets.createFolder: folder "${slug}" not found after creating it`, { wiki: 'wikijs-v2', path: slug });
      return found;
    },
    async list(folderId = 0, options: CallOptions & { kind?: AssetKind } = {}) {
      checkNonNegative(folderId, 'folderId');
      return compact(
        await ops.read<(AssetItem | null)[]>(
          'assets.list',
          'assets.list',
          'query ($folderId: Int!, $kind: AssetKind!) { assets { list(folderId: $folderId, kind: $kind) { id filename ext kind mime fileSize createdAt updatedAt } } }',
          { folderId, kind: KIND[options.kind ?? 'all'] },
          options,
        ),
      );
    },
    async rename(assetId: WikiJsId, filename: string, options?: CallOptions) {
      checkNonEmpty(filename, 'filename');
      await ops.write<Payload>('assets.rename', 'assets.renameAsset', `mutation ($id: Int!, $filename: String!) { assets { renameAsset(id: $id, filename: $filename) { ${RESULT} } } }`, {
        id: checkIntId(assetId, 'id'),
        filename,
      }, options, { path: filename });
    },
    async delete(assetId: WikiJsId, options?: CallOptions) {
      await ops.write<Payload>('assets.delete', 'assets.deleteAsset', `mutation ($id: Int!) { assets { deleteAsset(id: $id) { ${RESULT} } } }`, { id: checkIntId(assetId, 'id') }, options);
    },
    async upload(filename: string, data: Uint8Array, options: AssetUploadOptions = {}) {
      checkNonEmpty(filename, 'filename');
      if (/[/\\]/.test(filename)) throw usageError(`filename "${filename}" must not contain a slash`, { field: 'filename' });
      const folderId = checkNonNegative(options.folderId ?? 0, 'folderId');
      const { body, contentType } = multipart([
        { name: 'mediaUpload', value: JSON.stringify({ folderId }) },
        { name: 'mediaUpload', filename, type: options.mime ?? 'application/octet-stream', data },
      ]);
      const request: TransportRequest = {
        method: 'POST',
        url: `${baseUrl}/u`,
        // Encoded here, not as a FormData: the transport's fetch (undici) and the global one
        // disagree on what a FormData is, and a mismatch silently sends "[object FormData]".
        headers: { 'content-type': contentType },
        body,
        // Uploading the same file again overwrites it in place: safe to repeat.
        operation: { name: 'assets.upload', kind: 'write', idempotent: true, wiki: 'wikijs-v2', resources: ['assets'] },
        authFailure: statusAuthFailure,
        summaryVariables: { filename, folderId, bytes: data.byteLength },
        ...(options.signal ? { signal: options.signal } : {}),
      };
      const response = await transport.send(request);
      const text = responseText(response);
      if (response.status !== 200 || text.trim() !== 'ok') {
        let message = text.slice(0, 300);
        try {
          const body = JSON.parse(text) as { message?: unknown };
          if (typeof body.message === 'string') message = body.message;
        } catch {
          // not JSON: an HTML error page (e.g. multer "Unexpected field" as a 500)
        }
        const category = response.status === 400 ? 'validation' : response.status === 401 ? 'auth' : response.status === 403 ? 'permission' : undefined;
        if (!category) throw unexpectedStatus(request, response, secrets());
        const summary = summaryOf(request);
        throw createApiError(category, `Wiki.js assets.upload failed: HTTP ${response.status} — ${message} (path "${filename}") [POST ${summary.url}]`, {
          wiki: 'wikijs-v2',
          code: response.status,
          httpStatus: response.status,
          path: filename,
          request: summary,
        });
      }
      const stored = storedFilename(filename);
      const match = (await api.list(folderId, options)).filter((a) => a.filename === stored).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
      if (!match) {
        throw clientError('UploadNotStored', `Wiki.js assets.upload: the server answered "ok" but stored nothing — does folder ${folderId} exist? (path "${filename}")`, {
          wiki: 'wikijs-v2',
          path: filename,
        });
      }
      return match;
    },
    async download(path: string, options?: CallOptions) {
      const clean = checkNonEmpty(path, 'path').replace(/^\/+/, '');
      const request: TransportRequest = {
        method: 'GET',
        url: `${baseUrl}/${clean.split('/').map(encodeURIComponent).join('/')}`,
        operation: { name: 'assets.download', kind: 'read', idempotent: true, wiki: 'wikijs-v2', resources: ['assets'] },
        authFailure: statusAuthFailure,
        ...(options?.signal ? { signal: options.signal } : {}),
      };
      const response = await transport.send(request);
      if (response.status === 404) throw apiError('not-found', `Wiki.js assets.download failed: HTTP 404 (path "${clean}")`, { wiki: 'wikijs-v2', code: 404, httpStatus: 404, path: clean, request: summaryOf(request) });
      if (response.status !== 200) throw unexpectedStatus(request, response, secrets());
      // Root .txt/.md/.html names are routed as pages: an HTML page comes back instead of the file.
      if (/\.(txt|md|html?)$/i.test(clean) && !clean.includes('/') && (response.headers.get('content-type') ?? '').includes('text/html')) {
        throw httpError(`Wiki.js assets.download: "${clean}" is served as a page, not a file (root .txt/.md/.html assets cannot be downloaded)`, { status: 200, request: summaryOf(request) });
      }
      return response.body;
    },
    async flushTempUploads(options?: CallOptions) {
      await ops.write<Payload>('assets.flushTempUploads', 'assets.flushTempUploads', `mutation { assets { flushTempUploads { ${RESULT} } } }`, {}, options, { idempotent: true });
    },
  };
  return api;
}
