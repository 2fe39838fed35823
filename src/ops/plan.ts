/**
 * A plan is what a job (sync, replace, import) would do, computed without changing anything:
 * each change names the page or file, the revision or content hash it was computed against,
 * and a unified diff. `--dry-run` prints it, `--plan plan.json` saves it, and `applyPlan`
 * later carries out exactly that plan, refusing any change whose base has moved since.
 */
import { readFile, rm } from 'node:fs/promises';
import { createTwoFilesPatch } from 'diff';
import { ConflictError, WikikitError, type WikiKind, usageError } from '../errors.js';
import { inputMatchesPage } from '../model/front-matter.js';
import type { Page, PageInput } from '../model/page.js';
import { isWithinPrefix, resolveInside } from '../model/path.js';
import type { Wiki } from '../model/wiki.js';
import { readFileIfExists, sha256, writeFileAtomic } from './files.js';
import { runBatch, type BatchProgress } from './run-batch.js';
import { clientError } from '../client-errors.js';

export type ChangeKind = 'create' | 'update' | 'delete' | 'move' | 'write-file' | 'delete-file' | 'upload-asset' | 'download-asset';

export interface Change {
  readonly kind: ChangeKind;
  /** Wiki path of the page (or asset path for asset changes). */
  readonly path: string;
  /** File relative to the job's folder, for file and asset changes and for sync pushes. */
  readonly file?: string;
  readonly locale?: string;
  /**
   * The page revision this change was computed against: a string = the page must still be at
   * it; `null` = the page must not exist; absent = no condition on the wiki side.
   */
  readonly baseRevision?: string | null;
  /** sha256 of the local file this change was computed against; `null` = the file must not exist. */
  readonly baseFileHash?: string | null;
  /** Page to write (`create`, `update`). */
  readonly input?: PageInput;
  /** Destination (`move`). */
  readonly to?: string;
  /** Text to write (`write-file`). */
  readonly fileContent?: string;
  /** Page revision the written file corresponds to (`write-file`), recorded in sync state. */
  readonly revision?: string;
  readonly updatedAt?: string;
  /** Unified diff of the change (old → new). */
  readonly diff?: string;
  /** Why the change is in the plan, for people. */
  readonly reason?: string;
}

export interface Conflict {
  readonly path: string;
  readonly file?: string;
  readonly reason: string;
  /** Wiki version → local version (push) or local → wiki (pull). */
  readonly diff?: string;
  readonly baseRevision?: string | null;
  readonly currentRevision?: string;
}

export interface Skip {
  readonly path: string;
  readonly file?: string;
  readonly reason: string;
  /** Worth a warning even without --verbose: the user has something to fix (e.g. a file name that is not UTF-8). */
  readonly warn?: boolean;
}

export type PlanJob = 'sync-push' | 'sync-pull' | 'replace' | 'import' | 'move';

export interface Plan {
  readonly version: 1;
  readonly job: PlanJob;
  readonly wiki: { readonly kind: WikiKind; readonly url: string };
  /** Absolute folder the plan's file paths are relative to. */
  readonly dir?: string;
  readonly prefix?: string;
  readonly createdAt: string;
  readonly changes: Change[];
  readonly conflicts: Conflict[];
  readonly skipped: Skip[];
}

export type ApplyAction = 'created' | 'updated' | 'unchanged' | 'deleted' | 'moved' | 'written' | 'removed' | 'uploaded' | 'downloaded';

export interface ApplyOutcome {
  readonly action: ApplyAction;
  /** The page's revision after the change (page changes). */
  readonly revision?: string;
  readonly updatedAt?: string;
  /** sha256 of the local file after the change (file changes), or of the file sent (pushes). */
  readonly fileHash?: string;
}

export interface ApplyOptions {
  /** Folder for file changes. @default plan.dir */
  readonly dir?: string;
  /** @default 4 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Journal file of a journaled job (move): steps recorded before and after, for resuming. */
  readonly journal?: string;
  /** Called after each change succeeds, before the next is reported (sync records state here). */
  readonly onApplied?: (change: Change, outcome: ApplyOutcome) => void | Promise<void>;
  /**
   * @internal A page the planner read moments ago, by path: an update whose base is that very
   * revision is written from it instead of being read again (see `Wiki.put`'s `current`).
   */
  readonly readInPlan?: (path: string) => Page | undefined;
}

export interface ApplyReport {
  readonly applied: { readonly change: Change; readonly outcome: ApplyOutcome }[];
  /** Stale bases arrive as `ConflictError`; every other failure is kept as thrown. */
  readonly failed: { readonly change: Change; readonly error: unknown }[];
  /** Not started because the signal was aborted. */
  readonly skipped: Change[];
}

/** Unified diff with `a/` `b/` labels; empty string when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, label: string, oldLabel = label): string {
  if (oldText === newText) return '';
  return createTwoFilesPatch(`a/${oldLabel}`, `b/${label}`, oldText, newText, undefined, undefined, { context: 3 });
}

/**
 * Carries out exactly `plan`. Each change is checked against its base first (page revision
 * through `expectedRevision`, local file through its hash) and refused with `ConflictError`
 * when the base moved. One change's failure never stops or hides the others.
 * @throws {UsageError} when the plan is for another wiki or needs a folder and has none.
 */
export async function applyPlan(plan: Plan, wiki: Wiki, options: ApplyOptions = {}): Promise<ApplyReport> {
  if (plan.wiki.url !== '' && wiki.url !== '' && stripSlash(plan.wiki.url) !== stripSlash(wiki.url)) {
    throw usageError(`plan was made for ${plan.wiki.url}, not ${wiki.url}`, { field: 'plan' });
  }
  checkPlanScope(plan);
  const dir = options.dir ?? plan.dir;
  const needsDir = plan.changes.some((c) => c.kind.endsWith('-file') || c.kind.endsWith('-asset'));
  if (needsDir && dir === undefined) throw usageError('plan has file changes but no folder', { field: 'dir' });
  const report = await runBatch(
    plan.changes,
    async (change) => {
      const outcome = await applyChange(change, wiki, dir ?? '', options.signal, options.readInPlan);
      await options.onApplied?.(change, outcome);
      return outcome;
    },
    {
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    },
  );
  return {
    applied: report.succeeded.map(({ item, result }) => ({ change: item, outcome: result })),
    failed: report.failed.map(({ item, error }) => ({ change: item, error })),
    skipped: report.skipped,
  };
}

/**
 * A plan read from a file may have been edited: refuse the whole plan, before anything is
 * done, when a page change lies outside the prefix it was made for.
 * @throws {UsageError} (field `plan`)
 */
export function checkPlanScope(plan: Plan): void {
  if (plan.prefix === undefined || plan.prefix === '') return;
  for (const change of plan.changes) {
    if (change.kind === 'upload-asset' || change.kind === 'download-asset') continue;
    for (const path of change.to === undefined ? [change.path] : [change.path, change.to]) {
      if (!isWithinPrefix(path, plan.prefix)) {
        throw usageError(`plan: ${change.kind} "${path}" is outside the plan's prefix "${plan.prefix}"; refused, nothing was changed`, { field: 'plan' });
      }
    }
  }
}

async function applyChange(change: Change, wiki: Wiki, dir: string, signal: AbortSignal | undefined, readInPlan: ApplyOptions['readInPlan']): Promise<ApplyOutcome> {
  const withSignal = signal === undefined ? {} : { signal };
  const locale = change.locale === undefined ? {} : { locale: change.locale };
  switch (change.kind) {
    case 'create':
    case 'update': {
      const input = requireInput(change);
      const expectedRevision = change.kind === 'create' ? null : change.baseRevision;
      try {
        const planned = typeof expectedRevision === 'string' ? readInPlan?.(input.path) : undefined;
        const current = planned !== undefined && planned.revision === expectedRevision ? { current: planned } : {};
        const result = await wiki.put(input, { ...(expectedRevision === undefined ? {} : { expectedRevision }), ...current, ...withSignal });
        return { action: result.action, revision: result.page.revision, updatedAt: result.page.updatedAt, ...sentHash(change) };
      } catch (error) {
        // A write whose outcome is unknown was reconciled by the wiki's own write path (one place
        // per dialect: wikijs/v2|v3/pages.ts, mediawiki/edit.ts); what is left is a plan applied
        // twice: a create refused because the page exists, with this very content, is done.
        if (isDuplicate(error, change)) {
          const page = await wiki.get(input.path, { ...locale, ...withSignal });
          if (page && inputMatchesPage(input, page)) {
            return { action: change.kind === 'create' ? 'created' : 'updated', revision: page.revision, updatedAt: page.updatedAt, ...sentHash(change) };
          }
        }
        throw error;
      }
    }
    case 'delete': {
      const guard = typeof change.baseRevision === 'string' ? { expectedRevision: change.baseRevision } : {};
      await wiki.delete(change.path, { ...guard, ...locale, ...withSignal });
      return { action: 'deleted' };
    }
    case 'move': {
      if (change.to === undefined) throw usageError(`plan change move "${change.path}" has no destination`, { field: 'plan' });
      const guard = typeof change.baseRevision === 'string' ? { expectedRevision: change.baseRevision } : {};
      await wiki.move(change.path, change.to, { ...guard, ...locale, ...withSignal });
      return { action: 'moved' };
    }
    case 'write-file': {
      const target = await resolveInside(dir, requireFile(change));
      await checkFileBase(change, target, wiki.kind);
      const content = change.fileContent ?? '';
      await writeFileAtomic(target, content);
      return { action: 'written', fileHash: sha256(content), ...revisionOf(change) };
    }
    case 'delete-file': {
      const target = await resolveInside(dir, requireFile(change));
      await checkFileBase(change, target, wiki.kind);
      await rm(target, { force: true });
      return { action: 'removed' };
    }
    case 'upload-asset': {
      if (!wiki.uploadAsset) throw usageError(`${wiki.url} does not take asset uploads`, { field: 'assets' });
      const target = await resolveInside(dir, requireFile(change));
      const data = await readFile(target);
      const hash = sha256(data);
      if (change.baseFileHash !== undefined && change.baseFileHash !== hash) {
        throw staleFile(change, wiki.kind, 'changed since the plan was made');
      }
      const slash = change.path.lastIndexOf('/');
      const folder = slash > 0 ? change.path.slice(0, slash).replace(/^\/+/, '') : '';
      await wiki.uploadAsset(change.path.slice(slash + 1), data, folder === '' ? {} : { folder });
      return { action: 'uploaded', fileHash: hash };
    }
    case 'download-asset': {
      if (!wiki.downloadAsset) throw usageError(`${wiki.url} does not serve assets`, { field: 'assets' });
      const target = await resolveInside(dir, requireFile(change));
      await checkFileBase(change, target, wiki.kind);
      const data = await wiki.downloadAsset(change.path);
      await writeFileAtomic(target, data);
      return { action: 'downloaded', fileHash: sha256(data) };
    }
  }
}

function sentHash(change: Change): { fileHash?: string } {
  return typeof change.baseFileHash === 'string' ? { fileHash: change.baseFileHash } : {};
}

function revisionOf(change: Change): { revision?: string; updatedAt?: string } {
  return {
    ...(change.revision === undefined ? {} : { revision: change.revision }),
    ...(change.updatedAt === undefined ? {} : { updatedAt: change.updatedAt }),
  };
}

function isDuplicate(error: unknown, change: Change): boolean {
  return change.kind === 'create' && error instanceof ConflictError;
}

async function checkFileBase(change: Change, target: string, kind: WikiKind): Promise<void> {
  if (change.baseFileHash === undefined) return;
  const current = await readFileIfExists(target);
  if (change.baseFileHash === null) {
    if (current !== undefined) throw staleFile(change, kind, 'exists now but did not when the plan was made');
    return;
  }
  if (current === undefined) throw staleFile(change, kind, 'was deleted since the plan was made');
  if (sha256(current) !== change.baseFileHash) throw staleFile(change, kind, 'changed locally since the plan was made');
}

function staleFile(change: Change, kind: WikiKind, what: string): ConflictError {
  return clientError('stale-file', `local file "${change.file ?? change.path}" ${what}; refused`, {
    wiki: kind,
    path: change.path,
    details: { file: change.file, baseFileHash: change.baseFileHash },
  });
}

function requireInput(change: Change): PageInput {
  if (!change.input) throw usageError(`plan change ${change.kind} "${change.path}" has no page input`, { field: 'plan' });
  return change.input;
}

function requireFile(change: Change): string {
  if (change.file === undefined) throw usageError(`plan change ${change.kind} "${change.path}" has no file`, { field: 'plan' });
  return change.file;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

// ---------------------------------------------------------------------------------------------
// Serialisation

const CHANGE_KINDS: readonly ChangeKind[] = ['create', 'update', 'delete', 'move', 'write-file', 'delete-file', 'upload-asset', 'download-asset'];
const JOBS: readonly PlanJob[] = ['sync-push', 'sync-pull', 'replace', 'import', 'move'];

/** The JSON text of a plan (stable, human-readable). */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/**
 * Checks a parsed `plan.json` has the shape `applyPlan` needs.
 * @throws {UsageError} (field `plan`) naming what is wrong.
 */
export function parsePlan(value: unknown): Plan {
  const fail = (what: string): never => {
    throw usageError(`plan: ${what}`, { field: 'plan' });
  };
  if (typeof value !== 'object' || value === null) return fail('not a JSON object');
  const plan = value as Record<string, unknown>;
  if (plan['version'] !== 1) fail(`unsupported version ${JSON.stringify(plan['version'])}`);
  if (!JOBS.includes(plan['job'] as PlanJob)) fail(`unknown job ${JSON.stringify(plan['job'])}`);
  const wiki = plan['wiki'] as Record<string, unknown> | undefined;
  if (typeof wiki !== 'object' || typeof wiki['url'] !== 'string' || typeof wiki['kind'] !== 'string') fail('missing wiki { kind, url }');
  for (const key of ['changes', 'conflicts', 'skipped']) if (!Array.isArray(plan[key])) fail(`"${key}" must be an array`);
  if (plan['job'] === 'sync-push' || plan['job'] === 'sync-pull') {
    const sync = plan['sync'] as Record<string, unknown> | undefined;
    if (typeof plan['dir'] !== 'string') fail('a sync plan needs "dir"');
    if (typeof sync !== 'object' || !Array.isArray(sync['record']) || !Array.isArray(sync['forget'])) fail('a sync plan needs "sync" { record, forget }');
    if (typeof plan['fileStats'] !== 'object' || plan['fileStats'] === null) fail('a sync plan needs "fileStats"');
  }
  if (plan['job'] === 'move') {
    const move = plan['move'] as Record<string, unknown> | undefined;
    if (typeof move !== 'object' || typeof move['from'] !== 'string' || typeof move['to'] !== 'string' || !Array.isArray(move['pages'])) fail('a move plan needs "move" { from, to, pages }');
  }
  (plan['changes'] as unknown[]).forEach((raw, i) => {
    const change = raw as Record<string, unknown>;
    if (typeof change !== 'object' || change === null) return fail(`change ${i} is not an object`);
    if (!CHANGE_KINDS.includes(change['kind'] as ChangeKind)) fail(`change ${i} has unknown kind ${JSON.stringify(change['kind'])}`);
    if (typeof change['path'] !== 'string') fail(`change ${i} has no path`);
    const base = change['baseRevision'];
    if (base !== undefined && base !== null && typeof base !== 'string') fail(`change ${i} baseRevision must be a string or null`);
    if ((change['kind'] === 'create' || change['kind'] === 'update') && typeof change['input'] !== 'object') fail(`change ${i} has no input`);
    return undefined;
  });
  return value as Plan;
}

/** Reads and checks a plan file. @throws {UsageError} */
export async function loadPlan(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw usageError(`cannot read plan file ${file}: ${(cause as Error).message}`, { field: 'plan', cause });
  }
  try {
    return parsePlan(JSON.parse(text));
  } catch (cause) {
    if (cause instanceof WikikitError) throw cause;
    throw usageError(`plan file ${file} is not valid JSON`, { field: 'plan', cause });
  }
}

/** Writes a plan file atomically. */
export async function savePlan(plan: Plan, file: string): Promise<void> {
  await writeFileAtomic(file, serializePlan(plan));
}

/** Counts for a one-line summary. */
export function summarizePlan(plan: Plan): Record<ChangeKind | 'conflicts' | 'skipped', number> {
  const counts = Object.fromEntries([...CHANGE_KINDS.map((k) => [k, 0]), ['conflicts', plan.conflicts.length], ['skipped', plan.skipped.length]]) as Record<
    ChangeKind | 'conflicts' | 'skipped',
    number
  >;
  for (const change of plan.changes) counts[change.kind]++;
  return counts;
}
