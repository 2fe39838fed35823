/**
 * The read cache as middleware: a read answer is kept under its operation name and request
 * (URL + body) and tagged with the operation's resources; any other operation drops the
 * answers of the resources it touches, after it ran and even when it failed (a failed write
 * may still have changed something).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ResponseCache } from './cache.js';
import type { Middleware, TransportRequest, TransportResponse } from './types.js';

export interface ReadCacheOptions {
  readonly cache: ResponseCache;
  /** Resources whose writes change what another resource reads (`comments` → `pages`). */
  readonly alsoInvalidates?: Readonly<Record<string, readonly string[]>>;
}

const freshReads = new AsyncLocalStorage<true>();

/** Runs `call` with every read it makes bypassing the cache (lookups and stores). */
export function withFreshReads<T>(call: () => Promise<T>): Promise<T> {
  return freshReads.run(true, call);
}

/** True inside {@link withFreshReads}; batching layers capture it per queued item. */
export function freshReadsRequested(): boolean {
  return freshReads.getStore() === true;
}

function keyOf(request: TransportRequest): string | undefined {
  const body = request.body;
  // Form and binary bodies are uploads, never cached reads.
  if (body !== undefined && typeof body !== 'string') return undefined;
  return `${request.operation.name}\n${request.method} ${request.url}\n${body ?? ''}`;
}

export function readCacheMiddleware(options: ReadCacheOptions): Middleware {
  const { cache, alsoInvalidates = {} } = options;
  const invalidate = (tags: readonly string[]): void => {
    if (tags.length === 0) {
      cache.clear();
      return;
    }
    for (const tag of tags) {
      cache.invalidateResource(tag);
      for (const other of alsoInvalidates[tag] ?? []) cache.invalidateResource(other);
    }
  };
  return (next) => async (request) => {
    const tags = request.operation.resources ?? [];
    if (request.operation.kind !== 'read') {
      try {
        return await next(request);
      } finally {
        invalidate(tags);
      }
    }
    const key = keyOf(request);
    if (key === undefined || request.fresh === true || freshReadsRequested()) return next(request);
    const hit = cache.get<TransportResponse>(key);
    if (hit !== undefined) return hit;
    const response = await next(request);
    if (response.status >= 200 && response.status < 300 && (request.cacheable?.(response) ?? true)) cache.set(key, response, tags);
    return response;
  };
}
