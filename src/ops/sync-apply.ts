/**
 * Applying a sync plan: the plan's changes through applyPlan, with the state file kept current
 * after every change so an interrupted run resumes where it stopped.
 */
import { mkdir, stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import type { Page } from '../model/page.js';
import type { Wiki } from '../model/wiki.js';
import { applyPlan, checkPlanScope, type ApplyOutcome, type ApplyReport, type Change } from './plan.js';
import { StateWriter, loadState, type SyncFileState } from './sync-state.js';
import type { SyncOptions, SyncPlan, SyncRecord } from './sync-types.js';

/**
 * How long a page read while planning may stand in for the write's own re-read when `runSync`
 * applies the plan it just made. Wiki.js has no conditional update: the revision is always
 * checked by a read before the write; this bounds the gap between the two as a re-read would
 * (a plan applied later, `applySyncPlan`/`wikikit apply`, always re-reads).
 */
export const PLAN_READ_REUSE_MS = 5_000;

/** The pages each plan read, and when: only `runSync` hands them to its own apply. */
export const pagesReadInPlan = new WeakMap<SyncPlan, { readonly pages: ReadonlyMap<string, Page | undefined>; readonly at: number }>();

/**
 * Applies a sync plan and keeps the state file current after every successful change, so an
 * interrupted run resumes where it stopped.
 */
export function applySyncPlan(
  plan: SyncPlan,
  wiki: Wiki,
  options: Pick<SyncOptions, 'concurrency' | 'signal' | 'onProgress'> & { readonly dir?: string } = {},
): Promise<ApplyReport> {
  return applySync(plan, wiki, options, undefined);
}

export async function applySync(
  plan: SyncPlan,
  wiki: Wiki,
  options: Pick<SyncOptions, 'concurrency' | 'signal' | 'onProgress'> & { readonly dir?: string },
  readInPlan: ((path: string) => Page | undefined) | undefined,
): Promise<ApplyReport> {
  checkPlanScope(plan);
  const dir = options.dir === undefined ? plan.dir : resolvePath(options.dir);
  const state = await loadState(dir, { wiki: wiki.url, kind: wiki.kind, locale: plan.sync.locale, prefix: plan.prefix });
  // A pull into a folder that does not exist yet creates it.
  if (plan.changes.some((c) => c.kind === 'write-file' || c.kind === 'download-asset')) await mkdir(dir, { recursive: true });
  const writer = new StateWriter(dir, state);
  for (const entry of plan.sync.record) {
    state.files[entry.file] = stripFile(entry);
  }
  for (const file of plan.sync.forget) Reflect.deleteProperty(state.files, file);
  // An upload is marked pending (hash '') before it is tried, and recorded only once it
  // succeeded: one that fails, or a crash mid-way, is retried by the next push even when no
  // page referencing it changes again.
  const uploads = plan.changes.filter((c) => c.kind === 'upload-asset' && c.file !== undefined && state.assets[c.file] === undefined);
  for (const change of uploads) state.assets[change.file ?? ''] = { path: change.path, hash: '' };
  if (plan.sync.record.length > 0 || plan.sync.forget.length > 0 || uploads.length > 0) writer.save();

  const onApplied = async (change: Change, outcome: ApplyOutcome): Promise<void> => {
    const file = change.file;
    if (file === undefined) return;
    switch (change.kind) {
      case 'create':
      case 'update': {
        if (outcome.revision === undefined || typeof change.baseFileHash !== 'string') break;
        const st = plan.fileStats[file];
        state.files[file] = { path: change.path, revision: outcome.revision, updatedAt: outcome.updatedAt ?? outcome.revision, hash: change.baseFileHash, ...(st ?? {}) };
        break;
      }
      case 'write-file': {
        if (outcome.fileHash === undefined) break;
        const st = await stat(resolvePath(dir, file)).catch(() => undefined);
        state.files[file] = {
          path: change.path,
          revision: change.revision ?? '',
          updatedAt: change.updatedAt ?? change.revision ?? '',
          hash: outcome.fileHash,
          ...(st ? { size: st.size, mtimeMs: st.mtimeMs } : {}),
        };
        break;
      }
      case 'delete':
      case 'delete-file':
        Reflect.deleteProperty(state.files, file);
        break;
      case 'upload-asset':
      case 'download-asset': {
        if (outcome.fileHash === undefined) break;
        const st = await stat(resolvePath(dir, file)).catch(() => undefined);
        state.assets[file] = { path: change.path, hash: outcome.fileHash, ...(st ? { size: st.size, mtimeMs: st.mtimeMs } : {}) };
        break;
      }
      case 'move':
        break;
    }
    writer.save();
  };

  try {
    return await applyPlan(plan, wiki, {
      dir,
      onApplied,
      ...(readInPlan === undefined ? {} : { readInPlan }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onProgress === undefined
        ? {}
        : { onProgress: (p) => options.onProgress?.({ phase: 'apply', done: p.done, total: p.total }) }),
    });
  } finally {
    await writer.flush();
  }
}

/** Only the state's own keys: a plan file read from disk may carry anything else. */
function stripFile(entry: SyncRecord): SyncFileState {
  return {
    path: entry.path,
    revision: entry.revision,
    updatedAt: entry.updatedAt,
    hash: entry.hash,
    ...(entry.size === undefined ? {} : { size: entry.size }),
    ...(entry.mtimeMs === undefined ? {} : { mtimeMs: entry.mtimeMs }),
  };
}
