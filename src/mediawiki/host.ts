/**
 * What the page-model backend needs from the MediaWiki client that builds it, as types only:
 * `backend.ts` is created by `client.ts`, so it must not import it back (no import circle).
 */
import type { Transport } from '../transport/index.js';
import type { Listing } from '../model/listing.js';
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

/** A revision as `revisions()` lists it. */
export interface RevisionEntry {
  revid: number;
  parentid?: number;
  timestamp: string;
  user?: string;
  comment?: string;
  size?: number;
  sha1?: string;
  content?: string;
}

/** The client as the page model's backend sees it. */
export interface MediaWikiHost {
  readonly apiUrl: string;
  readonly transport: Transport;
  request(params: ApiParams, options?: RequestOptions): Promise<ApiResponse>;
  getMany(titles: string | readonly string[], options?: ReadOptions): Promise<PageContent[]>;
  readIds(pageids: number | readonly number[], options?: ReadOptions): Promise<PageContent[]>;
  list<T = Readonly<Record<string, unknown>>>(params: ApiParams, options?: { signal?: AbortSignal }): Listing<T>;
  batchSize(signal?: AbortSignal): Promise<number>;
  siteinfo(): Promise<SiteInfo>;
  revisions(title: string, options?: { limit?: number; content?: boolean; signal?: AbortSignal }): Promise<RevisionEntry[]>;
  edit(input: EditInput, options?: { signal?: AbortSignal }): Promise<EditResult>;
  move(from: string, to: string, options?: { reason?: string; movetalk?: boolean; movesubpages?: boolean; noredirect?: boolean; watchlist?: string; ignorewarnings?: boolean; signal?: AbortSignal }): Promise<Readonly<Record<string, unknown>>>;
  delete(title: string, options?: { reason?: string; watchlist?: string; signal?: AbortSignal }): Promise<Readonly<Record<string, unknown>>>;
  upload(filename: string, data: Uint8Array, options?: UploadOptions): Promise<UploadResult>;
  close(): Promise<void>;
}
