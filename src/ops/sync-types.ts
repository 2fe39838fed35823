/** The public shapes of folder sync (options, plan, status, result); the job itself is in sync.ts. */
import type { Wiki } from '../model/wiki.js';
import type { Plan, ApplyReport, Skip } from './plan.js';
import type { SyncFileState, FileStat } from './sync-state.js';

export type SyncDirection = 'push' | 'pull';

export interface SyncOptions {
  readonly wiki: Wiki;
  /** The folder of page files. */
  readonly dir: string;
  readonly direction: SyncDirection;
  /** Wiki folder the directory maps to (`docs` ↔ DIR). No page outside it is read or written. */
  readonly prefix?: string;
  readonly locale?: string;
  /** Propagate deletions (a file deleted locally deletes the page on push, and the reverse on pull). */
  readonly delete?: boolean;
  /** Settle every conflict in the direction of the sync. */
  readonly force?: boolean;
  /** Settle only these conflicts (files relative to DIR, or wiki paths) in the direction of the sync. */
  readonly resolve?: readonly string[];
  /** Sync relative images referenced by pages (where the wiki has assets). @default true */
  readonly assets?: boolean;
  /** Pages per `getMany` call. @default 50 */
  readonly batchSize?: number;
  /** @default 4 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SyncProgress) => void;
}

export interface SyncProgress {
  readonly phase: 'scan' | 'read' | 'apply';
  readonly done: number;
  readonly total: number | undefined;
}

/** What the state file learns without any write: both sides already agree. */
export interface SyncRecord extends SyncFileState {
  readonly file: string;
}

export interface SyncPlan extends Plan {
  readonly job: 'sync-push' | 'sync-pull';
  readonly dir: string;
  readonly prefix: string;
  readonly sync: {
    readonly direction: SyncDirection;
    readonly locale?: string;
    /** Base revisions to record without writing (both sides already equal). */
    readonly record: SyncRecord[];
    /** State entries to drop (gone on both sides). */
    readonly forget: string[];
    /** Paths refused for safety (traversal, reserved names, case collisions, symlinks out of DIR). */
    readonly refused: Skip[];
  };
  /** Stat of each local file a change was computed from, so the state can skip re-reading it. */
  readonly fileStats: Record<string, FileStat>;
}

export type LocalStatus = 'same' | 'changed' | 'new' | 'deleted' | 'absent';
export type WikiStatus = 'same' | 'changed' | 'new' | 'deleted' | 'absent';

export interface SyncStatusEntry {
  readonly file: string;
  readonly path: string;
  readonly local: LocalStatus;
  readonly wiki: WikiStatus;
}

export interface SyncResult {
  readonly plan: SyncPlan;
  /** Absent on a dry run. */
  readonly report?: ApplyReport;
}
