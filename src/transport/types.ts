import type { FormData as UndiciFormData } from 'undici';
import type { WikiKind } from '../errors.js';

/**
 * What a call means, decided by the client that builds it, not by the HTTP method:
 * Wiki.js queries are POSTs but safe, mutations are not; MediaWiki `action=query` is safe,
 * `action=edit` is not. Retry and cache decisions key on this.
 */
export interface Operation {
  /** e.g. `pages.create`, `action=edit`. */
  readonly name: string;
  readonly kind: 'read' | 'write';
  /** A repeat has the same effect as one call (all reads; a few writes such as delete-by-id). */
  readonly idempotent: boolean;
  readonly wiki?: WikiKind;
  /**
   * Resources the call reads or changes (`pages`, `users`): the read cache tags a read's answer
   * with them, and a write drops every answer tagged with one. A write without them drops all.
   */
  readonly resources?: readonly string[];
}

/** Either FormData works: the fetch handler converts Node's global one to undici's. */
export type RequestBody = string | Uint8Array | FormData | UndiciFormData | URLSearchParams;

export interface TransportRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: RequestBody;
  readonly operation: Operation;
  /** Caller's cancellation; combined with the per-attempt and total deadlines. */
  readonly signal?: AbortSignal;
  /** Variables/form fields to show (redacted) in error summaries. */
  readonly summaryVariables?: Readonly<Record<string, unknown>>;
  /**
   * Lets a dialect say that an HTTP 200 answer means "not applied, try again later"
   * (MediaWiki `maxlag`, `readonly`). Returning a signal makes the retry layer wait and resend.
   */
  readonly classifyResponse?: (response: TransportResponse) => ThrottleSignal | undefined;
  /** Must come from the wiki, not the read cache (a write's own conflict check, an identity check). */
  readonly fresh?: boolean;
  /** Whether the read cache may keep this answer (a GraphQL answer without errors). @default status 2xx */
  readonly cacheable?: (response: TransportResponse) => boolean;
  /**
   * Lets a dialect say that an answer refused the credentials (Wiki.js answers HTTP 200 with
   * `Forbidden`): `credentials` when they were rejected, `permission` when the caller may just
   * lack the right. The auth-recovery layer then asks the credentials to recover, once.
   */
  readonly authFailure?: (response: TransportResponse) => AuthRefusalReason | undefined;
}

export type AuthRefusalReason = 'credentials' | 'permission';

export interface ThrottleSignal {
  readonly reason: string;
  /** Server-given wait, when it gave one. */
  readonly waitMs?: number;
}

export interface TransportResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
  readonly url: string;
  /** Attempts it took (1 = first try). */
  readonly attempts: number;
}

export type Handler = (request: TransportRequest) => Promise<TransportResponse>;
export type Middleware = (next: Handler) => Handler;

/** Observability hook: every event is already redacted. */
export type TransportEvent =
  | { readonly type: 'request'; readonly operation: string; readonly method: string; readonly url: string; readonly attempt: number }
  | { readonly type: 'response'; readonly operation: string; readonly status: number; readonly ms: number; readonly attempt: number }
  | { readonly type: 'retry'; readonly operation: string; readonly reason: string; readonly waitMs: number; readonly attempt: number }
  | { readonly type: 'rate-limit'; readonly origin: string; readonly reason: string; readonly waitMs: number };

export function responseText(response: TransportResponse): string {
  return new TextDecoder().decode(response.body);
}
