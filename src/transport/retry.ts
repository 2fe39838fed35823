import { NetworkError, TimeoutError, type WikikitError } from '../errors.js';
import { backoffDelay } from './backoff.js';
import { classifyFailure, type AttemptFailure, type RetryDecision } from './classify.js';
import { isUnsentCode, networkCode } from './fetch-handler.js';
import type { ResolvedTransportOptions } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import { retryAfterFromHeaders } from './retry-after.js';
import type { Middleware, TransportRequest, TransportResponse } from './types.js';

/** Statuses the retry layer looks at; everything else goes straight back to the dialect. */
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

function failureOfResponse(request: TransportRequest, response: TransportResponse, now: number): AttemptFailure | undefined {
  const signal = request.classifyResponse?.(response);
  if (signal) return { type: 'throttled', reason: signal.reason, retryAfterMs: signal.waitMs ?? retryAfterFromHeaders(response.headers, now) };
  if (RETRY_STATUSES.has(response.status)) {
    return { type: 'status', status: response.status, retryAfterMs: retryAfterFromHeaders(response.headers, now) };
  }
  return undefined;
}

function failureOfError(request: TransportRequest, error: unknown): AttemptFailure | undefined {
  // The caller (or the total deadline) gave up: nothing to retry, whatever the error says.
  if (request.signal?.aborted) return undefined;
  if (error instanceof TimeoutError) return error.phase === 'attempt' ? { type: 'timeout' } : undefined;
  if (error instanceof NetworkError) {
    const code = networkCode(error.cause);
    return isUnsentCode(code) ? { type: 'unsent', ...(code ? { code } : {}) } : { type: 'broken', ...(code ? { code } : {}) };
  }
  return undefined;
}

/**
 * Loops the inner chain for failures the classifier allows. Server timing is authoritative
 * (capped by maxRetryAfterMs); our own backoff is exponential with full jitter. The final error
 * or response records how many attempts it took.
 */
export function retryMiddleware(options: ResolvedTransportOptions, limiter: RateLimiter): Middleware {
  return (next) => async (request) => {
    for (let attempt = 1; ; attempt++) {
      let failure: AttemptFailure | undefined;
      let response: TransportResponse | undefined;
      let error: unknown;
      try {
        response = await next(request);
        failure = failureOfResponse(request, response, options.now());
        if (!failure) return { ...response, attempts: attempt };
      } catch (caught) {
        error = caught;
        failure = failureOfError(request, caught);
        if (!failure) throw stamp(caught, attempt);
      }
      const decision = classifyFailure(failure, request.operation);
      const waitMs = nextWait(decision, attempt, options);
      if (waitMs === undefined || request.signal?.aborted) {
        if (response) return { ...response, attempts: attempt };
        throw stamp(error, attempt, decision);
      }
      if (decision.class === 'throttled') limiter.pause(waitMs, new URL(request.url).origin, decision.reason);
      options.onEvent({ type: 'retry', operation: request.operation.name, reason: decision.reason, waitMs, attempt });
      await options.sleep(waitMs, request.signal);
    }
  };
}

function nextWait(decision: RetryDecision, attempt: number, options: ResolvedTransportOptions): number | undefined {
  if (!decision.retry || attempt > options.retry.limit) return undefined;
  if (decision.serverWaitMs !== undefined) {
    return decision.serverWaitMs > options.retry.maxRetryAfterMs ? undefined : decision.serverWaitMs;
  }
  return backoffDelay(attempt, options.retry, options.random);
}

function stamp(error: unknown, attempts: number, decision?: RetryDecision): unknown {
  if (error && typeof error === 'object' && 'attempts' in error) {
    (error as WikikitError).attempts = attempts;
    if (decision?.class === 'ambiguous' && error instanceof Error && !error.message.includes('outcome unknown')) {
      error.message += ` (${decision.reason})`;
    }
  }
  return error;
}

