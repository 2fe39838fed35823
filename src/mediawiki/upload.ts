import { createHash } from 'node:crypto';
import { WikiApiError, apiError, timeoutError, usageError } from '../errors.js';
import type { ApiParams, ApiResponse } from './api.js';
import { isAmbiguous } from './edit.js';
import { assertValidTitle } from './title.js';
import { mediawikiError } from './error-codes.js';
import { clientError } from '../client-errors.js';

export interface UploadOptions {
  /** Upload summary (log comment). */
  readonly comment?: string;
  /** Initial page text of the file description page. */
  readonly text?: string;
  readonly tags?: string | readonly string[];
  readonly watchlist?: 'nochange' | 'preferences' | 'watch';
  /** Store even if MediaWiki warns (duplicate, exists, …). @default false */
  readonly ignorewarnings?: boolean;
  /** Files larger than this go in chunks through the stash. @default 4 MiB */
  readonly chunkSize?: number;
  /** How long to wait for the server to assemble a chunked upload. @default 120_000 */
  readonly assemblyTimeoutMs?: number;
  readonly mime?: string;
  readonly signal?: AbortSignal;
}

export interface UploadResult {
  readonly result: 'Success';
  readonly filename: string;
  /** Hex SHA-1 the wiki reports, checked equal to the bytes sent. */
  readonly sha1: string;
  readonly size: number;
  readonly url?: string;
  readonly descriptionurl?: string;
  readonly mime?: string;
  readonly chunked: boolean;
  /** True when the answer was lost and the stored file was verified by its SHA-1 instead. */
  readonly reconciled?: boolean;
}

export interface UploadContext {
  request(params: ApiParams, options: { path: string; signal?: AbortSignal | undefined; multipart?: boolean }): Promise<ApiResponse>;
  read(params: ApiParams, signal?: AbortSignal): Promise<ApiResponse>;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

interface RawUpload {
  result?: string;
  filename?: string;
  filekey?: string;
  offset?: number;
  stage?: string;
  warnings?: Readonly<Record<string, unknown>>;
  imageinfo?: { sha1?: string; size?: number; url?: string; descriptionurl?: string; mime?: string };
  error?: { code?: string; info?: string };
}

const CONFLICT_WARNINGS = new Set(['exists', 'duplicate', 'duplicate-archive', 'was-deleted', 'page-exists', 'exists-normalized', 'nochange', 'duplicateversions']);

function notStored(filename: string, warnings: Readonly<Record<string, unknown>>, filekey: string | undefined): WikiApiError {
  const names = Object.keys(warnings);
  const described = names.map((name) => `${name}${warnings[name] === undefined || warnings[name] === '' ? '' : ` (${JSON.stringify(warnings[name])})`}`).join(', ');
  const options = { wiki: 'mediawiki' as const, code: names[0] ?? 'warning', path: `File:${filename}`, details: { warnings, filekey } };
  const message = `MediaWiki upload of "${filename}" not stored: warning ${described}`;
  return names.some((name) => CONFLICT_WARNINGS.has(name)) ? apiError('conflict', message, options) : apiError('validation', message, options);
}

function sha1Hex(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

function blobOf(data: Uint8Array, mime: string | undefined): Blob {
  // Copy into a plain ArrayBuffer: Blob does not accept views over a SharedArrayBuffer.
  return new Blob([new Uint8Array(data)], { type: mime ?? 'application/octet-stream' });
}

function uploadOf(body: ApiResponse): RawUpload {
  return (body['upload'] as RawUpload | undefined) ?? {};
}

/**
 * `action=upload`: small files in one multipart request, large ones in stashed chunks then
 * committed by file key, waiting (polling `checkstatus`) while the server assembles them.
 * A `Warning` answer is an error (the file was not stored); the stored SHA-1 must match ours.
 */
export async function uploadFile(context: UploadContext, filename: string, data: Uint8Array, options: UploadOptions = {}): Promise<UploadResult> {
  assertValidTitle(filename, 'filename');
  if (filename.includes('/') || filename.includes(':')) throw usageError(`upload: filename "${filename}" must not contain "/" or ":"`, { field: 'filename' });
  if (data.byteLength === 0) throw usageError('upload: the file is empty', { field: 'data' });
  const chunkSize = options.chunkSize ?? 4 * 1024 * 1024;
  if (!Number.isInteger(chunkSize) || chunkSize < 1024) throw usageError('upload: chunkSize must be an integer >= 1024', { field: 'chunkSize' });
  const sha1 = sha1Hex(data);
  const common: ApiParams = {
    action: 'upload',
    filename,
    comment: options.comment,
    text: options.text,
    tags: options.tags,
    watchlist: options.watchlist,
    ignorewarnings: options.ignorewarnings === true,
  };
  const path = `File:${filename}`;
  const chunked = data.byteLength > chunkSize;
  let answer: RawUpload;
  try {
    if (!chunked) {
      answer = uploadOf(await context.request({ ...common, file: blobOf(data, options.mime) }, { path, signal: options.signal, multipart: true }));
    } else {
      const filekey = await uploadChunks(context, filename, data, chunkSize, options);
      answer = uploadOf(await context.request({ ...common, filekey }, { path, signal: options.signal }));
    }
    if (answer.result === 'Poll') answer = await waitForAssembly(context, filename, answer.filekey, options);
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
    const stored = await storedFile(context, filename, options.signal);
    if (stored?.sha1 === sha1) return { result: 'Success', filename, sha1, size: stored.size ?? data.byteLength, chunked, reconciled: true, ...urls(stored) };
    throw error;
  }
  if (answer.result === 'Warning') throw notStored(filename, answer.warnings ?? {}, answer.filekey);
  if (answer.result !== 'Success') {
    throw apiError('api', `MediaWiki upload of "${filename}" not stored: result ${answer.result ?? 'missing'}`, {
      wiki: 'mediawiki',
      code: answer.result ?? 'missingresult',
      path,
      details: { ...answer },
    });
  }
  const storedName = answer.filename ?? filename;
  const info = answer.imageinfo?.sha1 === undefined ? await storedFile(context, storedName, options.signal) : answer.imageinfo;
  if (info?.sha1 !== sha1) {
    throw clientError('sha1mismatch', `MediaWiki upload of "${filename}" stored different bytes: sha1 ${String(info?.sha1)} != ${sha1}`, {
      wiki: 'mediawiki',
      path,
      details: { expected: sha1, actual: info?.sha1 },
    });
  }
  return { result: 'Success', filename: storedName, sha1, size: info.size ?? data.byteLength, chunked, ...urls(info) };
}

function urls(info: RawUpload['imageinfo']): { url?: string; descriptionurl?: string; mime?: string } {
  const out: { url?: string; descriptionurl?: string; mime?: string } = {};
  if (info?.url !== undefined) out.url = info.url;
  if (info?.descriptionurl !== undefined) out.descriptionurl = info.descriptionurl;
  if (info?.mime !== undefined) out.mime = info.mime;
  return out;
}

async function uploadChunks(context: UploadContext, filename: string, data: Uint8Array, chunkSize: number, options: UploadOptions): Promise<string> {
  let filekey: string | undefined;
  let offset = 0;
  const path = `File:${filename}`;
  while (offset < data.byteLength) {
    const piece = data.subarray(offset, Math.min(offset + chunkSize, data.byteLength));
    const answer = uploadOf(
      await context.request(
        {
          action: 'upload',
          stash: true,
          filename,
          filesize: data.byteLength,
          offset,
          filekey,
          ignorewarnings: options.ignorewarnings === true,
          chunk: blobOf(piece, options.mime),
        },
        { path, signal: options.signal, multipart: true },
      ),
    );
    if (answer.result === 'Warning') throw notStored(filename, answer.warnings ?? {}, answer.filekey);
    filekey = answer.filekey ?? filekey;
    if (answer.result === 'Continue') {
      if (typeof answer.offset !== 'number' || answer.offset <= offset) {
        throw mediawikiError('stashfailed', `MediaWiki chunked upload of "${filename}" did not advance (offset ${String(answer.offset)})`, { category: 'api', path });
      }
      offset = answer.offset;
      continue;
    }
    if (answer.result === 'Poll') {
      const done = await waitForAssembly(context, filename, filekey, options);
      filekey = done.filekey ?? filekey;
      break;
    }
    if (answer.result === 'Success') break;
    throw apiError('api', `MediaWiki chunked upload of "${filename}" failed: result ${String(answer.result)}`, { wiki: 'mediawiki', code: answer.result ?? 'stashfailed', path, details: { ...answer } });
  }
  if (filekey === undefined) throw mediawikiError('stashfailed', `MediaWiki chunked upload of "${filename}" returned no file key`, { category: 'api', path });
  return filekey;
}

/** Polls `checkstatus` until the server finishes assembling, with a bounded, growing wait. */
async function waitForAssembly(context: UploadContext, filename: string, filekey: string | undefined, options: UploadOptions): Promise<RawUpload> {
  const path = `File:${filename}`;
  if (filekey === undefined) throw mediawikiError('stashfailed', `MediaWiki upload of "${filename}" is being assembled but gave no file key`, { category: 'api', path });
  const budget = options.assemblyTimeoutMs ?? 120_000;
  const started = Date.now();
  for (let poll = 1; ; poll++) {
    await context.sleep(Math.min(5000, 250 * 2 ** Math.min(poll - 1, 5)), options.signal);
    const answer = uploadOf(await context.request({ action: 'upload', checkstatus: true, filekey }, { path, signal: options.signal }));
    if (answer.result !== 'Poll') return { ...answer, filekey: answer.filekey ?? filekey };
    if (Date.now() - started > budget) {
      throw timeoutError(`MediaWiki upload of "${filename}" still assembling (${answer.stage ?? 'queued'}) after ${budget} ms`, { phase: 'total', timeoutMs: budget });
    }
  }
}

async function storedFile(context: UploadContext, filename: string, signal?: AbortSignal): Promise<RawUpload['imageinfo'] | undefined> {
  const body = await context.read({ action: 'query', titles: `File:${filename}`, prop: 'imageinfo', iiprop: 'sha1|size|url|mime' }, signal);
  const pages = (body['query'] as { pages?: { imageinfo?: RawUpload['imageinfo'][] }[] } | undefined)?.pages;
  return pages?.[0]?.imageinfo?.[0];
}
