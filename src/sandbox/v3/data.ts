import type { Store, StoreWrite } from '../store/types.js';
import type { ApiKeyRec, AssetRec, FolderRec, GroupRec, PageRec, SettingsRec, SiteRec, TagRec, UserRec, VersionRec } from './records.js';
import { sandboxError } from './sandbox-error.js';

interface Tables {
  pages: Map<string, PageRec>;
  versions: Map<string, VersionRec>;
  tags: Map<string, TagRec>;
  folders: Map<string, FolderRec>;
  assets: Map<string, AssetRec>;
  groups: Map<string, GroupRec>;
  users: Map<string, UserRec>;
  apiKeys: Map<string, ApiKeyRec>;
  sites: Map<string, SiteRec>;
}
export type V3TableName = keyof Tables;
type RecOf<T extends V3TableName> = Tables[T] extends Map<string, infer R> ? R : never;

const TABLES: readonly V3TableName[] = ['pages', 'versions', 'tags', 'folders', 'assets', 'groups', 'users', 'apiKeys', 'sites'];
/** Collections are prefixed so a v3 data dir can never be mistaken for a v2 one. */
const PREFIX = 'v3:';

/**
 * The v3 working set: every table in memory (reads are map lookups), every change queued and
 * committed atomically once per HTTP request through the shared sandbox {@link Store}.
 * @internal
 */
export class V3Data {
  readonly t: Tables;
  private readonly store: Store;
  private pending: StoreWrite[] = [];
  private settingsRec: SettingsRec | undefined;

  constructor(store: Store) {
    this.store = store;
    this.t = {
      pages: new Map(), versions: new Map(), tags: new Map(), folders: new Map(), assets: new Map(),
      groups: new Map(), users: new Map(), apiKeys: new Map(), sites: new Map(),
    };
    for (const name of TABLES) {
      const table = this.t[name] as Map<string, unknown>;
      for (const [id, value] of store.load(PREFIX + name)) table.set(String(id), value);
    }
    for (const [k, v] of store.load(`${PREFIX}meta`)) {
      if (k === 'settings') this.settingsRec = v as SettingsRec;
    }
  }

  get isEmpty(): boolean {
    return this.settingsRec === undefined;
  }

  get settings(): SettingsRec {
    if (this.settingsRec === undefined) throw sandboxError('v3 sandbox settings missing (not bootstrapped)');
    return this.settingsRec;
  }

  setSettings(settings: SettingsRec): void {
    this.settingsRec = settings;
    this.pending.push({ collection: `${PREFIX}meta`, id: 'settings', value: settings });
  }

  /** Persists a change made to {@link settings} in place. */
  saveSettings(): void {
    this.setSettings(this.settings);
  }

  save<T extends V3TableName>(table: T, rec: RecOf<T>): void {
    const id = (rec as { id: string }).id;
    (this.t[table] as Map<string, RecOf<T>>).set(id, rec);
    this.pending.push({ collection: PREFIX + table, id, value: rec });
  }

  remove(table: V3TableName, id: string): void {
    this.t[table].delete(id);
    this.pending.push({ collection: PREFIX + table, id, value: undefined });
  }

  /** Commits everything queued since the last flush in one atomic transaction. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    await this.store.commit(writes);
  }

  async clear(): Promise<void> {
    for (const name of TABLES) this.t[name].clear();
    this.settingsRec = undefined;
    this.pending = [];
    await this.store.clear();
  }
}
