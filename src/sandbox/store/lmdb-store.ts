import { open, type RootDatabase } from 'lmdb';
import type { Store, StoreWrite } from './types.js';

/**
 * LMDB: copy-on-write B-tree with atomic commits, so a crash mid-write leaves the previous
 * committed state intact (no journal replay, no partial records). Keys are
 * `[collection, id]` tuples; values are msgpack (Buffers for asset bytes survive as-is).
 */
export function openLmdbStore(dir: string): Store {
  const db: RootDatabase<unknown, [string, string | number]> = open({ path: dir, compression: false });
  return {
    durable: true,
    load(collection) {
      const out: Array<[string | number, unknown]> = [];
      // Upper bound: ordered-binary sorts strings after numbers, and '\uffff' after any id.
      for (const { key, value } of db.getRange({ start: [collection], end: [collection, '\uffff'] })) {
        out.push([key[1], value]);
      }
      return out;
    },
    async commit(writes: readonly StoreWrite[]) {
      if (writes.length === 0) return;
      await db.transaction(() => {
        for (const w of writes) {
          if (w.value === undefined) void db.remove([w.collection, w.id]);
          else void db.put([w.collection, w.id], w.value);
        }
      });
    },
    async clear() {
      await db.clearAsync();
    },
    async close() {
      await db.flushed;
      await db.close();
    },
  };
}
