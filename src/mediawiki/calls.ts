/**
 * The calls of `MediaWikiClient` that the page-model adapter (backend.ts) makes, and the
 * types they share. A module below both, so the adapter depends on what it calls, not on the
 * client that `asWiki()` builds it from (imports go downwards only).
 */
import type { Listing } from '../model/listing.js';
import type { Transport } from '../transport/index.js';
import type { ApiParams, ApiResponse } from './api.js';
import type { EditInput, EditResult } from './edit.js';
import type { PageContent, ReadOptions } from './read.js';
import type { TokenType } from './session.js';
import type { UploadOptions, UploadResult } from './upload.js';

export interface RequestOptions {
  /** @default 'read' for query/parse-like actions, 'write' otherwise */
  readonly kind?: 'read' | 'write';
  /** Adds this token (fetched lazily, refreshed once on badtoken) as the last parameter. */
  readonly token?: TokenType;
  readonly signal?: AbortSignal | undefined;
  readonly name?: string;
  /** Title involved, for error messages. */
  readonly path?: string | undefined;
  readonly idempotent?: boolean;
  readonly multipart?: boolean;
}

export interface SiteInfo {
  readonly general: Readonly<Record<string, unknown>> & { readonly sitename?: string; readonly lang?: string; readonly generator?: string; readonly maxarticlesize?: number; readonly maxuploadsize?: number };
  readonly namespaces: Readonly<Record<string, { id: number; name: string; canonical?: string; content?: boolean; subpages?: boolean }>>;
  readonly namespacealiases: readonly { id: number; alias: string }[];
  readonly usergroups: readonly { name: string; rights: readonly string[] }[];
}

/** One revision of a page, newest first (`prop=revisions`). */
export interface RevisionInfo {
  revid: number;
  parentid?: number;
  timestamp: string;
  user?: string;
  comment?: string;
  size?: number;
  sha1?: string;
  content?: string;
}

/** What the page-model adapter needs from a MediaWiki client; `MediaWikiClient` implements it. */
export interface MediaWikiCalls {
  readonly apiUrl: string;
  readonly transport: Transport;
  request(params: ApiParams, options?: RequestOptions): Promise<ApiResponse>;
  list<T = Readonly<Record<string, unknown>>>(params: ApiParams, options?: { signal?: AbortSignal }): Listing<T>;
  batchSize(signal?: AbortSignal): Promise<number>;
  getMany(titles: string | readonly string[], options?: ReadOptions): Promise<PageContent[]>;
  readIds(pageids: number | readonly number[], options?: ReadOptions): Promise<PageContent[]>;
  revisions(title: string, options?: { limit?: number; content?: boolean; signal?: AbortSignal }): Promise<RevisionInfo[]>;
  edit(input: EditInput, options?: { signal?: AbortSignal }): Promise<EditResult>;
  siteinfo(): Promise<SiteInfo>;
  move(from: string, to: string, options?: { reason?: string; movetalk?: boolean; movesubpages?: boolean; noredirect?: boolean; watchlist?: string; ignorewarnings?: boolean; signal?: AbortSignal }): Promise<Readonly<Record<string, unknown>>>;
  delete(title: string, options?: { reason?: string; watchlist?: string; signal?: AbortSignal }): Promise<Readonly<Record<string, unknown>>>;
  upload(filename: string, data: Uint8Array, options?: UploadOptions): Promise<UploadResult>;
  close(): Promise<void>;
}
