import pLimit, { type LimitFunction } from 'p-limit';
import type { ResolvedTransportOptions } from './options.js';
import type { Middleware } from './types.js';

/**
 * Per-client limiter (never module-level: two clients must not share or starve each other):
 * at most `maxConcurrent` requests in flight, writes at least `minWriteIntervalMs` apart, and
 * a throttle signal pauses the whole origin, not just the request that met it.
 */
export class RateLimiter {
  private readonly limit: LimitFunction;
  private readonly writes = pLimit(1);
  private lastWriteAt = 0;
  private pausedUntil = 0;

  private readonly options: ResolvedTransportOptions;

  constructor(options: ResolvedTransportOptions) {
    this.options = options;
    this.limit = pLimit(options.maxConcurrent);
  }

  /** Called by the retry layer when the server asked us to slow down. */
  pause(ms: number, origin: string, reason: string): void {
    const until = this.options.now() + ms;
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.options.onEvent({ type: 'rate-limit', origin, reason, waitMs: ms });
    }
  }

  async waitForPause(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.pausedUntil - this.options.now();
      if (wait <= 0) return;
      await this.options.sleep(wait, signal);
    }
  }

  middleware(): Middleware {
    return (next) => (request) =>
      this.limit(async () => {
        await this.waitForPause(request.signal);
        if (request.operation.kind !== 'write' || this.options.minWriteIntervalMs === 0) return next(request);
        return this.writes(async () => {
          const wait = this.lastWriteAt + this.options.minWriteIntervalMs - this.options.now();
          if (wait > 0) await this.options.sleep(wait, request.signal);
          try {
            return await next(request);
          } finally {
            this.lastWriteAt = this.options.now();
          }
        });
      });
  }
}
