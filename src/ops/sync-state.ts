/**
 * The sync state file (`DIR/.wikikit-sync.json`): for each page file, the wiki revision and the
 * file content hash at the last successful sync. It is the common base of the three-way
 * comparison, so it is rewritten atomically after every successful change.
 */
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { readFileIfExists, writeFileAtomic } from './files.js';

export const SYNC_STATE_FILE = '.wikikit-sync.json';

export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
}

export interface SyncFileState {
  /** Wiki path. */
  readonly path: string;
  readonly revision: string;
  readonly updatedAt: string;
  /** sha256 of the file bytes as last synced. */
  readonly hash: string;
  /** Stat at that time; when it still matches, the file is not read again. */
  readonly size?: number;
  readonly mtimeMs?: number;
}

export interface SyncAssetState {
  readonly path: string;
  readonly hash: string;
  readonly size?: number;
  readonly mtimeMs?: number;
}

export interface SyncState {
  version: 1;
  /** Wiki the revisions belong to; revisions from another wiki mean nothing. */
  wiki: string;
  prefix: string;
  files: Record<string, SyncFileState>;
  assets: Record<string, SyncAssetState>;
}

export function emptyState(wiki: string, prefix: string): SyncState {
  return { version: 1, wiki, prefix, files: {}, assets: {} };
}

/**
 * Loads the state for (`wiki`, `prefix`). A state recorded for another wiki or prefix is not
 * reused (its revisions mean nothing there); the sync then compares contents instead.
 * @throws {UsageError} when the file exists but is not a sync state.
 */
export async function loadState(dir: string, wiki: string, prefix: string): Promise<SyncState> {
  const raw = await readFileIfExists(join(dir, SYNC_STATE_FILE));
  if (raw === undefined) return emptyState(wiki, prefix);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (cause) {
    throw new UsageError(`${SYNC_STATE_FILE} in ${dir} is not valid JSON; delete it to start over`, { field: 'dir', cause });
  }
  const state = parsed as Partial<SyncState> | null;
  if (state?.version !== 1 || typeof state.files !== 'object' || state.files === null) {
    throw new UsageError(`${SYNC_STATE_FILE} in ${dir} is not a wikikit sync state; delete it to start over`, { field: 'dir' });
  }
  if (state.wiki !== wiki || state.prefix !== prefix) return emptyState(wiki, prefix);
  return { version: 1, wiki, prefix, files: { ...state.files }, assets: { ...(state.assets ?? {}) } };
}

/**
 * Coalescing atomic writer: `save()` after every change costs at most one write in flight and
 * one queued, however many changes finish meanwhile.
 */
export class StateWriter {
  private running: Promise<void> | undefined;
  private dirty = false;
  private failure: unknown;
  private readonly dir: string;
  private readonly state: SyncState;

  constructor(dir: string, state: SyncState) {
    this.dir = dir;
    this.state = state;
  }

  save(): void {
    this.dirty = true;
    this.running ??= this.loop();
  }

  /** Waits for pending writes; rethrows a write failure. */
  async flush(): Promise<void> {
    this.save();
    await this.running;
    if (this.failure !== undefined) throw this.failure instanceof Error ? this.failure : new Error('writing the sync state failed', { cause: this.failure });
  }

  private async loop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeFileAtomic(join(this.dir, SYNC_STATE_FILE), `${JSON.stringify(this.state, null, 1)}\n`);
      }
    } catch (error) {
      this.failure = error;
    } finally {
      this.running = undefined;
    }
  }
}
