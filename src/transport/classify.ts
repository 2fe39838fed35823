import { HttpError, NetworkError, TimeoutError } from '../errors.js';
import { isUnsentCode, networkCode } from './fetch-handler.js';
import type { Operation } from './types.js';

/** What went wrong with one attempt, as far as the transport can tell. */
export type AttemptFailure =
  /** The connection never carried the request (refused, DNS): the server cannot have acted on it. */
  | { readonly type: 'unsent'; readonly code?: string }
  /** The connection broke after the request may have reached the server. */
  | { readonly type: 'broken'; readonly code?: string }
  | { readonly type: 'timeout' }
  | { readonly type: 'status'; readonly status: number; readonly retryAfterMs?: number | undefined }
  /** The wiki answered that it did not apply the request (MediaWiki maxlag/readonly). */
  | { readonly type: 'throttled'; readonly reason: string; readonly retryAfterMs?: number | undefined };

export type RetryClass = 'transient' | 'throttled' | 'server' | 'client' | 'ambiguous';

export interface RetryDecision {
  readonly retry: boolean;
  readonly class: RetryClass;
  /** Why, in words, for logs and error messages. */
  readonly reason: string;
  /** Server-given wait, authoritative when present. */
  readonly serverWaitMs?: number;
}

/**
 * Pure classifier: may this failed attempt be sent again?
 * Reads are always safe to repeat. A write is repeated only when the server proved it was not
 * applied (never sent, 429, 503 with Retry-After, an explicit throttle answer); after an
 * ambiguous failure (reset after send, timeout, 5xx) a write is NOT resent: the caller must
 * re-read to learn what happened (stripe-node's reasoning: the server may already have applied it).
 */
export function classifyFailure(failure: AttemptFailure, operation: Operation): RetryDecision {
  const safe = operation.kind === 'read' || operation.idempotent;
  switch (failure.type) {
    case 'unsent':
      return { retry: true, class: 'transient', reason: `connection failed before sending${failure.code ? ` (${failure.code})` : ''}` };
    case 'broken':
      return safe
        ? { retry: true, class: 'transient', reason: `connection broken${failure.code ? ` (${failure.code})` : ''}` }
        : { retry: false, class: 'ambiguous', reason: 'connection broken after the write was sent; outcome unknown' };
    case 'timeout':
      return safe
        ? { retry: true, class: 'transient', reason: 'attempt timed out' }
        : { retry: false, class: 'ambiguous', reason: 'write timed out; outcome unknown' };
    case 'throttled':
      return withWait({ retry: true, class: 'throttled', reason: failure.reason }, failure.retryAfterMs);
    case 'status': {
      const { status, retryAfterMs } = failure;
      if (status === 429) return withWait({ retry: true, class: 'throttled', reason: 'HTTP 429' }, retryAfterMs);
      if (status === 503 && retryAfterMs !== undefined) {
        return withWait({ retry: true, class: 'throttled', reason: 'HTTP 503 with Retry-After' }, retryAfterMs);
      }
      // A 500 on a read is retried too: at scale a job re-reading every page on each rerun would
      // otherwise meet a fresh transient 500 every time and never finish (fault runs, issue 17).
      if (status === 502 || status === 503 || status === 504 || (status === 500 && safe)) {
        return safe
          ? { retry: true, class: 'server', reason: `HTTP ${status}` }
          : { retry: false, class: 'ambiguous', reason: `HTTP ${status} on a write; outcome unknown` };
      }
      if (status >= 500) return { retry: false, class: 'server', reason: `HTTP ${status}` };
      return { retry: false, class: 'client', reason: `HTTP ${status}` };
    }
  }
}

function withWait(decision: RetryDecision, waitMs: number | undefined): RetryDecision {
  return waitMs === undefined ? decision : { ...decision, serverWaitMs: waitMs };
}

/**
 * True when a failed write may nevertheless have been applied (timeout, connection broken
 * after sending, a 5xx or an unexplained answer): the caller must re-read before reporting or
 * retrying. A connection that never carried the request (refused, DNS, TLS) is not ambiguous.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  if (error instanceof NetworkError) return !isUnsentCode(networkCode(error.cause));
  return error instanceof HttpError && error.status >= 500;
}
