/**
 * Single-use, expiring tokens: the confirmation of a delete and the id of a replace plan.
 * A token is random (not derived from what it confirms), so it cannot be guessed or forged;
 * what it stands for stays on the server and is compared on use.
 */
import { randomBytes } from 'node:crypto';

export interface TokenStoreOptions {
  /** @default 600_000 (10 minutes) */
  readonly ttlMs?: number;
  /** @default 100 — the oldest is dropped past it, so a looping agent cannot grow memory. */
  readonly max?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export class TokenStore<T> {
  /** Names what a token is for (`del_…`, `plan_…`), so an agent cannot mix them up unnoticed. */
  readonly prefix: string;
  readonly ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { value: T; expires: number }>();

  constructor(prefix: string, options: TokenStoreOptions = {}) {
    this.prefix = prefix;
    this.ttlMs = options.ttlMs ?? 600_000;
    this.#max = options.max ?? 100;
    this.#now = options.now ?? Date.now;
  }

  issue(value: T): string {
    this.#sweep();
    while (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    const token = `${this.prefix}_${randomBytes(18).toString('base64url')}`;
    this.#entries.set(token, { value, expires: this.#now() + this.ttlMs });
    return token;
  }

  /** The value, without using the token up; `undefined` when unknown or expired. */
  peek(token: string): T | undefined {
    this.#sweep();
    return this.#entries.get(token)?.value;
  }

  /** The value, using the token up; `undefined` when unknown, expired or already used. */
  take(token: string): T | undefined {
    const value = this.peek(token);
    this.#entries.delete(token);
    return value;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [token, entry] of this.#entries) if (entry.expires <= now) this.#entries.delete(token);
  }
}
