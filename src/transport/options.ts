import { usageError } from '../errors.js';
import type { TransportEvent } from './types.js';

export interface RetryOptions {
  /** Retries after the first attempt. @default 3 */
  readonly limit?: number;
  /** @default 300 */
  readonly baseDelayMs?: number;
  /** Cap on our own backoff. @default 20_000 */
  readonly maxDelayMs?: number;
  /** Cap on a server-given wait (Retry-After, maxlag); longer waits fail instead. @default 120_000 */
  readonly maxRetryAfterMs?: number;
}

export type FetchLike = (url: string, init: RequestInit & { dispatcher?: unknown }) => Promise<Response>;

export interface TransportOptions {
  /** Per-attempt timeout. @default 30_000 */
  readonly timeoutMs?: number;
  /** Whole-operation deadline, retries and waits included. @default 120_000 */
  readonly totalTimeoutMs?: number;
  readonly retry?: RetryOptions | false;
  /** Requests in flight at once per client. @default 4 */
  readonly maxConcurrent?: number;
  /** Minimum gap between two writes. @default 0 */
  readonly minWriteIntervalMs?: number;
  /** Extra user agent text, appended to `wikikit/<version>`. */
  readonly userAgent?: string;
  /** Turns TLS certificate verification off. Only for a test wiki with a self-signed certificate. @default false */
  readonly insecureSkipTlsVerify?: boolean;
  /** Redacted observability events. */
  readonly onEvent?: (event: TransportEvent) => void;
  /** Injection points for tests. */
  readonly fetch?: FetchLike;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

export interface ResolvedRetryOptions {
  readonly limit: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY = {
  limit: 3,
  baseDelayMs: 300,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
} as const satisfies ResolvedRetryOptions;

export interface ResolvedTransportOptions {
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly retry: ResolvedRetryOptions;
  readonly maxConcurrent: number;
  readonly minWriteIntervalMs: number;
  readonly userAgent: string;
  readonly insecureSkipTlsVerify: boolean;
  readonly onEvent: (event: TransportEvent) => void;
  readonly fetch: FetchLike | undefined;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
}

export const PACKAGE_VERSION = '0.1.0';

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw usageError(`transport option ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${value}`, { field: `transport.${name}` });
  }
  return value;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function resolveTransportOptions(options: TransportOptions = {}): ResolvedTransportOptions {
  const retry = options.retry === false ? { limit: 0 } : (options.retry ?? {});
  return Object.freeze({
    timeoutMs: positive('timeoutMs', options.timeoutMs, 30_000),
    totalTimeoutMs: positive('totalTimeoutMs', options.totalTimeoutMs, 120_000),
    retry: Object.freeze({
      limit: positive('retry.limit', retry.limit, DEFAULT_RETRY.limit, true),
      baseDelayMs: positive('retry.baseDelayMs', 'baseDelayMs' in retry ? retry.baseDelayMs : undefined, DEFAULT_RETRY.baseDelayMs, true),
      maxDelayMs: positive('retry.maxDelayMs', 'maxDelayMs' in retry ? retry.maxDelayMs : undefined, DEFAULT_RETRY.maxDelayMs, true),
      maxRetryAfterMs: positive(
        'retry.maxRetryAfterMs',
        'maxRetryAfterMs' in retry ? retry.maxRetryAfterMs : undefined,
        DEFAULT_RETRY.maxRetryAfterMs,
        true,
      ),
    }),
    maxConcurrent: positive('maxConcurrent', options.maxConcurrent, 4),
    minWriteIntervalMs: positive('minWriteIntervalMs', options.minWriteIntervalMs, 0, true),
    userAgent: `wikikit/${PACKAGE_VERSION} (+https://www.npmjs.com/package/wikikit)${options.userAgent ? ` ${options.userAgent}` : ''}`,
    insecureSkipTlsVerify: options.insecureSkipTlsVerify ?? false,
    onEvent: options.onEvent ?? (() => undefined),
    fetch: options.fetch,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  });
}
