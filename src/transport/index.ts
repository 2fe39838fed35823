import { authMiddleware, type CredentialProvider } from './auth.js';
import { authRecoveryMiddleware } from './auth-recovery.js';
import { compose } from './compose.js';
import { createFetchHandler } from './fetch-handler.js';
import { resolveTransportOptions, type ResolvedTransportOptions, type TransportOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import { readCacheMiddleware, type ReadCacheOptions } from './read-cache.js';
import { retryMiddleware } from './retry.js';
import { attemptTimeoutMiddleware, totalDeadlineMiddleware } from './timeout.js';
import type { Handler, Middleware, TransportRequest, TransportResponse } from './types.js';

export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  readonly options: ResolvedTransportOptions;
  readonly limiter: RateLimiter;
  close(): Promise<void>;
}

const noCredentials: CredentialProvider = { headers: () => ({}), secrets: () => [] };

/** Layers a client adds to its chain; their place in it is still decided here. */
export interface TransportLayers {
  /** Read cache (off when absent). */
  readonly cache?: ReadCacheOptions | undefined;
}

/**
 * The one place the order of the chain is decided. Outermost first; each line says whether it
 * runs once per operation or once per attempt, and why it sits there.
 */
export function createTransport(options: TransportOptions = {}, credentials: CredentialProvider = noCredentials, layers: TransportLayers = {}): Transport {
  const resolved = resolveTransportOptions(options);
  const limiter = new RateLimiter(resolved);
  const terminal = createFetchHandler(resolved);
  const log: Middleware = (next) => async (request) => {
    const started = resolved.now();
    const response = await next(request);
    resolved.onEvent({ type: 'response', operation: request.operation.name, status: response.status, ms: resolved.now() - started, attempt: response.attempts });
    return response;
  };
  const attemptLog: Middleware = (next) => (request) => {
    resolved.onEvent({ type: 'request', operation: request.operation.name, method: request.method, url: new URL(request.url).origin + new URL(request.url).pathname, attempt: 0 });
    return next(request);
  };
  const chain: Middleware[] = [
    log, // once per operation: one redacted event with the final status
    totalDeadlineMiddleware(resolved), // once: bounds attempts, waits and an auth recovery together
    // once: a hit costs no slot, no attempt and no credentials; a write drops what it touched
    // after everything below ran (recovery and retries included), so no stale answer survives it.
    ...(layers.cache ? [readCacheMiddleware(layers.cache)] : []),
    // once, above the limiter: recovering sends requests of its own (identity check, login)
    // through this chain, which must not wait for the slot the refused request would hold.
    // It resends through the limiter and retry layers, so the resend is paced and retried too.
    authRecoveryMiddleware(credentials),
    limiter.middleware(), // once: concurrency slot, write spacing, origin-wide pause
    retryMiddleware(resolved, limiter), // loops everything below for failures the classifier allows
    authMiddleware(credentials), // per attempt: a refreshed token applies to the next attempt
    attemptLog, // per attempt
    attemptTimeoutMiddleware(resolved), // per attempt
  ];
  const handler: Handler = compose(chain, terminal.handler);
  return { send: handler, options: resolved, limiter, close: terminal.close };
}

export type { CredentialProvider, AuthRefusal } from './auth.js';
export { authRecoverySuspended, statusAuthFailure, withoutAuthRecovery } from './auth-recovery.js';
export { withFreshReads, freshReadsRequested, type ReadCacheOptions } from './read-cache.js';
export type { TransportOptions, RetryOptions, ResolvedTransportOptions, FetchLike } from './options.js';
export type { Operation, TransportRequest, TransportResponse, TransportEvent, ThrottleSignal, RequestBody, AuthRefusalReason } from './types.js';
export { responseText } from './types.js';
export { summaryOf } from './fetch-handler.js';
export { redactUrl, redactValue, redactVariables, redactHeaders, scrubSecrets, summarizeRequest, isSensitiveName, REDACTED } from './redact.js';
export { classifyFailure, isOutcomeUnknown, type AttemptFailure, type RetryDecision } from './classify.js';
export { backoffDelay } from './backoff.js';
export { parseRetryAfter, retryAfterFromHeaders } from './retry-after.js';
export { sleep, DEFAULT_RETRY, PACKAGE_VERSION } from './options.js';
export { unexpectedStatus } from './http-error.js';
export { ResponseCache, type CacheOptions, type CacheStats } from './cache.js';
