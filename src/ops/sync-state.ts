/**
 * The sync state file (`DIR/.wikikit-sync.json`): for each target (wiki, dialect, locale,
 * prefix) and each page file, the wiki revision and the file content hash at the last successful sync. It is the common base of the three-way
 * comparison, so it is rewritten atomically after every successful change.
 */
import { join } from 'node:path';
import { UsageError, type WikiKind, usageError } from '../errors.js';
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

/**
 * The base for one target: a wiki (URL + dialect), a locale and a prefix. One folder may be
 * synced to several targets (staging and prod, or two prefixes); each keeps its own base.
 */
export interface SyncState {
  /** Wiki the revisions belong to; revisions from another wiki mean nothing. */
  wiki: string;
  /** The dialect (`wikijs-v2`, `wikijs-v3`, `mediawiki`): revisions of one mean nothing to another. */
  kind: WikiKind;
  /** '' for the wiki's default locale. */
  locale: string;
  prefix: string;
  files: Record<string, SyncFileState>;
  assets: Record<string, SyncAssetState>;
}

/** Which base to use: everything a revision is relative to. */
export interface SyncTarget {
  readonly wiki: string;
  readonly kind: WikiKind;
  readonly locale?: string | undefined;
  readonly prefix: string;
}

/** A target as stored; a version-1 file's single entry has no kind or locale (see {@link loadState}). */
interface StoredTarget {
  wiki: string;
  kind?: WikiKind;
  locale?: string;
  prefix: string;
  files: Record<string, SyncFileState>;
  assets: Record<string, SyncAssetState>;
}

/** Version 2: one entry per target. Version 1 held a single entry at the top level. */
interface StateFile {
  version: 2;
  targets: StoredTarget[];
}

export function emptyState(target: SyncTarget): SyncState {
  return { wiki: target.wiki, kind: target.kind, locale: target.locale ?? '', prefix: target.prefix, files: {}, assets: {} };
}

function matches(stored: StoredTarget, target: SyncTarget): boolean {
  return (
    stored.wiki === target.wiki &&
    stored.prefix === target.prefix &&
    // A version-1 entry recorded neither; it belongs to whichever dialect and locale claim it first.
    (stored.kind === undefined || stored.kind === target.kind) &&
    (stored.locale === undefined || stored.locale === (target.locale ?? ''))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function storedTarget(raw: unknown): StoredTarget | undefined {
  if (!isRecord(raw) || typeof raw['wiki'] !== 'string' || typeof raw['prefix'] !== 'string' || !isRecord(raw['files'])) return undefined;
  const kind = raw['kind'];
  const locale = raw['locale'];
  return {
    wiki: raw['wiki'],
    ...(kind === 'wikijs-v2' || kind === 'wikijs-v3' || kind === 'mediawiki' ? { kind } : {}),
    ...(typeof locale === 'string' ? { locale } : {}),
    prefix: raw['prefix'],
    files: { ...(raw['files'] as Record<string, SyncFileState>) },
    assets: isRecord(raw['assets']) ? { ...(raw['assets'] as Record<string, SyncAssetState>) } : {},
  };
}

/**
 * Every target recorded in `dir`. A version-1 file (one target, no dialect or locale) reads as
 * a one-entry list, and is rewritten as version 2 on the next save.
 * @throws {UsageError} when the file exists but is not a sync state.
 */
async function readStateFile(dir: string): Promise<StoredTarget[]> {
  const raw = await readFileIfExists(join(dir, SYNC_STATE_FILE));
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (cause) {
    throw usageError(`${SYNC_STATE_FILE} in ${dir} is not valid JSON; delete it to start over`, { field: 'dir', cause });
  }
  const notState = (): UsageError => usageError(`${SYNC_STATE_FILE} in ${dir} is not a wikikit sync state; delete it to start over`, { field: 'dir' });
  if (!isRecord(parsed)) throw notState();
  if (parsed['version'] === 1) {
    const only = storedTarget(parsed);
    if (only === undefined) throw notState();
    return [only];
  }
  if (parsed['version'] !== 2 || !Array.isArray(parsed['targets'])) throw notState();
  const targets: StoredTarget[] = [];
  for (const entry of parsed['targets']) {
    const target = storedTarget(entry);
    if (target === undefined) throw notState();
    targets.push(target);
  }
  return targets;
}

/**
 * Loads the base for `target`. Bases recorded for other wikis, dialects, locales or prefixes
 * are left alone (and kept on save); with none for this target the sync compares contents.
 * @throws {UsageError} when the file exists but is not a sync state.
 */
export async function loadState(dir: string, target: SyncTarget): Promise<SyncState> {
  const found = (await readStateFile(dir)).find((stored) => matches(stored, target));
  if (found === undefined) return emptyState(target);
  return { ...emptyState(target), files: found.files, assets: found.assets };
}

/** Replaces (or adds) `state`'s entry in the file, keeping every other target's. */
async function saveState(dir: string, state: SyncState): Promise<void> {
  const others = (await readStateFile(dir).catch(() => [])).filter((stored) => !matches(stored, state));
  const file: StateFile = { version: 2, targets: [...others, state] };
  await writeFileAtomic(join(dir, SYNC_STATE_FILE), `${JSON.stringify(file, null, 1)}\n`);
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
        await saveState(this.dir, this.state);
      }
    } catch (error) {
      this.failure = error;
    } finally {
      this.running = undefined;
    }
  }
}
