/**
 * The sandbox's persistence seam. Dialects keep their working set in memory (so reads are
 * map lookups) and hand every change to a Store; the store decides durability.
 * @internal
 */
export interface StoreWrite {
  readonly collection: string;
  readonly id: string | number;
  /** `undefined` deletes the record. */
  readonly value: unknown;
}

export interface Store {
  /** True when records survive a restart. */
  readonly durable: boolean;
  /** Every record of one collection, in key order. */
  load(collection: string): Array<[string | number, unknown]>;
  /** Applies the writes atomically: all of them or none survive a crash. */
  commit(writes: readonly StoreWrite[]): Promise<void>;
  /** Removes every record (used by `reset`). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
