import { LRUCache } from 'lru-cache';

export interface CacheOptions {
  /** Entries kept. @default 500 */
  readonly max?: number;
  /** Time to live. @default 60_000 */
  readonly ttlMs?: number;
}

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
  readonly size: number;
  readonly hitRate: number;
}

interface Entry {
  readonly value: unknown;
  /** `resource` and `resource:id` tags this value depends on. */
  readonly tags: readonly string[];
}

/**
 * LRU + TTL read cache (lru-cache) with stats. Entries are tagged with the resources they were
 * read from, and every write invalidates the tags it touched, so a read after a write never
 * sees the old value.
 */
export class ResponseCache {
  private readonly lru: LRUCache<string, Entry>;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(options: CacheOptions = {}) {
    this.lru = new LRUCache<string, Entry>({
      max: options.max ?? 500,
      ttl: options.ttlMs ?? 60_000,
      ttlAutopurge: false,
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') this.evictions++;
      },
    });
  }

  // The caller knows what it stored under its key; the cast lives here instead of at every call site.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  get<T>(key: string): T | undefined {
    const entry = this.lru.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return entry.value as T;
  }

  set(key: string, value: unknown, tags: readonly string[] = []): void {
    this.lru.set(key, { value, tags });
  }

  delete(key: string): boolean {
    return this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  /** Drops every entry read from `resource` (e.g. `pages`) or from one item of it (`pages`, `42`). */
  invalidateResource(resource: string, id?: string | number): number {
    const tag = id === undefined ? resource : `${resource}:${id}`;
    let dropped = 0;
    for (const [key, entry] of this.lru.entries()) {
      if (entry.tags.includes(tag) || (id === undefined && entry.tags.some((t) => t.startsWith(`${resource}:`)))) {
        this.lru.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  /** Removes expired entries now instead of on next access; returns how many went. */
  cleanupExpired(): number {
    const before = this.lru.size;
    this.lru.purgeStale();
    return before - this.lru.size;
  }

  stats(): CacheStats {
    const total = this.hits + this.misses;
    return { hits: this.hits, misses: this.misses, evictions: this.evictions, size: this.lru.size, hitRate: total === 0 ? 0 : this.hits / total };
  }
}
