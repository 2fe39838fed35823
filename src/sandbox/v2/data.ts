import type { Store, StoreWrite } from '../store/types.js';
import type { ApiKeyRec, AssetFolderRec, AssetRec, CommentRec, GroupRec, PageRec, SettingsRec, TagRec, UserRec, VersionRec } from './records.js';
import { jsError } from './wiki-errors.js';

interface Tables {
  pages: Map<number, PageRec>;
  tags: Map<number, TagRec>;
  versions: Map<number, VersionRec>;
  users: Map<number, UserRec>;
  groups: Map<number, GroupRec>;
  apiKeys: Map<number, ApiKeyRec>;
  assetFolders: Map<number, AssetFolderRec>;
  assets: Map<number, AssetRec>;
  comments: Map<number, CommentRec>;
}
export type TableName = keyof Tables;
type RecOf<T extends TableName> = Tables[T] extends Map<number, infer R> ? R : never;

const pageKey = (locale: string, path: string): string => `${locale}\u0000${path}`;

const TABLES: readonly TableName[] = ['pages', 'tags', 'versions', 'users', 'groups', 'apiKeys', 'assetFolders', 'assets', 'comments'];

/**
 * The v2 working set: every table in memory, every change queued for the store and
 * committed atomically once per HTTP request ({@link V2Data.flush}).
 * Ids come from per-table sequences that only grow (PostgreSQL serials: never reused).
 */
export class V2Data {
  readonly t: Tables;
  private readonly seq = new Map<string, number>();
  private readonly meta = new Map<string, unknown>();
  private pending: StoreWrite[] = [];
  private readonly store: Store;
  /** Bumped on every page write; caches (page tree) key on it. */
  revision = 0;
  /** Unique indexes the real tables have (pages: locale+path, tags: tag), so lookups are not scans. */
  private readonly pageIndex = new Map<string, number>();
  private readonly tagIndex = new Map<string, number>();

  constructor(store: Store) {
    this.store = store;
    this.t = {
      pages: new Map(), tags: new Map(), versions: new Map(), users: new Map(),
      groups: new Map(), apiKeys: new Map(), assetFolders: new Map(), assets: new Map(), comments: new Map(),
    };
    for (const name of TABLES) {
      const table = this.t[name] as Map<number, unknown>;
      for (const [id, value] of store.load(name)) table.set(Number(id), value);
    }
    for (const p of this.t.pages.values()) this.pageIndex.set(pageKey(p.localeCode, p.path), p.id);
    for (const t of this.t.tags.values()) this.tagIndex.set(t.tag, t.id);
    for (const [k, v] of store.load('meta')) {
      if (typeof k === 'string' && k.startsWith('seq:') && typeof v === 'number') this.seq.set(k.slice(4), v);
      else this.meta.set(String(k), v);
    }
  }

  get isEmpty(): boolean {
    return this.t.users.size === 0;
  }

  nextId(table: string): number {
    const id = (this.seq.get(table) ?? 0) + 1;
    this.seq.set(table, id);
    this.pending.push({ collection: 'meta', id: `seq:${table}`, value: id });
    return id;
  }

  save<T extends TableName>(table: T, rec: RecOf<T>): void {
    this.unindex(table, (rec as { id: number }).id);
    (this.t[table] as Map<number, RecOf<T>>).set((rec as { id: number }).id, rec);
    if (table === 'pages') this.pageIndex.set(pageKey((rec as PageRec).localeCode, (rec as PageRec).path), (rec as PageRec).id);
    else if (table === 'tags') this.tagIndex.set((rec as TagRec).tag, (rec as TagRec).id);
    this.pending.push({ collection: table, id: (rec as { id: number }).id, value: rec });
    if (table === 'pages' || table === 'tags') this.revision++;
  }

  remove(table: TableName, id: number): void {
    this.unindex(table, id);
    this.t[table].delete(id);
    this.pending.push({ collection: table, id, value: undefined });
    if (table === 'pages') this.revision++;
  }

  pageIdByPath(locale: string, path: string): number | undefined {
    return this.pageIndex.get(pageKey(locale, path));
  }

  tagIdByName(tag: string): number | undefined {
    return this.tagIndex.get(tag);
  }

  private unindex(table: TableName, id: number): void {
    if (table === 'pages') {
      const old = this.t.pages.get(id);
      const key = old === undefined ? undefined : pageKey(old.localeCode, old.path);
      if (key !== undefined && this.pageIndex.get(key) === id) this.pageIndex.delete(key);
    } else if (table === 'tags') {
      const old = this.t.tags.get(id);
      if (old !== undefined && this.tagIndex.get(old.tag) === id) this.tagIndex.delete(old.tag);
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- typed read of an untyped store
  getMeta<T>(key: string): T | undefined {
    return this.meta.get(key) as T | undefined;
  }

  setMeta(key: string, value: unknown): void {
    this.meta.set(key, value);
    this.pending.push({ collection: 'meta', id: key, value });
  }

  get settings(): SettingsRec {
    const s = this.getMeta<SettingsRec>('settings');
    if (s === undefined) throw jsError('Error', 'sandbox settings missing (not bootstrapped)');
    return s;
  }

  saveSettings(): void {
    this.setMeta('settings', this.settings);
  }

  /** Commits everything queued since the last flush in one atomic transaction. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    await this.store.commit(writes);
  }
}
