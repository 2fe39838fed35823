export interface BackoffOptions {
  /** @default 300 */
  readonly baseDelayMs: number;
  /** @default 20_000 */
  readonly maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * a random wait in [0, min(max, base·2^(attempt-1))]. `attempt` counts retries from 1.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}
