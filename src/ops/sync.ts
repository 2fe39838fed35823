/**
 * Folder ↔ wiki sync, three-way safe.
 *
 * The base of each comparison is the state file: the wiki revision and file hash at the last
 * sync. A page whose revision moved is "changed on the wiki"; a file whose hash moved is
 * "changed locally". `push` writes only pages unchanged on the wiki since the base (and
 * `expectedRevision` makes the wiki itself refuse a race); `pull` writes only files unchanged
 * locally (checked again by hash just before writing). Both changed → a conflict with a diff,
 * settled by `force` or by listing the file in `resolve`. When both sides turn out to hold the
 * same content, the base is simply recorded, which also heals a run interrupted between a
 * write and its state update.
 *
 * Reads are kept low: one listing gives every page's revision; files whose size and mtime match
 * the state are not read; page bodies are fetched (batched) only for pages that need them.
 */
import { lstat, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { posix, resolve as resolvePath } from 'node:path';
import { UsageError, isWikikitError, usageError } from '../errors.js';
import { deriveTitle, fileToPageInput, inputMatchesPage, pageToFile, parsePageFile, renderPageFile, type PageFile } from '../model/front-matter.js';
import type { ContentFormat, Page, PageInput, PageSummary } from '../model/page.js';
import {
  findCaseCollisions,
  fileToWikiPath,
  isWithinPrefix,
  joinWikiPath,
  normalizePathFor,
  resolveInside,
  stripPrefix,
  validateWikiPath,
  wikiPathToFile,
} from '../model/path.js';
import type { Wiki } from '../model/wiki.js';
import { sha256 } from './files.js';
import { applyPlan, checkPlanScope, unifiedDiff, type ApplyOutcome, type ApplyReport, type Change, type Conflict, type Plan, type Skip } from './plan.js';
import { runBatch } from './run-batch.js';
import { StateWriter, loadState, type FileStat, type SyncFileState, type SyncState } from './sync-state.js';

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

const DEFAULT_BATCH = 50;

/**
 * How long a page read while planning may stand in for the write's own re-read when `runSync`
 * applies the plan it just made. Wiki.js has no conditional update: the revision is always
 * checked by a read before the write; this bounds the gap between the two as a re-read would
 * (a plan applied later, `applySyncPlan`/`wikikit apply`, always re-reads).
 */
const PLAN_READ_REUSE_MS = 5_000;

/** The pages each plan read, and when: only `runSync` hands them to its own apply. */
const pagesReadInPlan = new WeakMap<SyncPlan, { readonly pages: ReadonlyMap<string, Page | undefined>; readonly at: number }>();

interface LocalEntry {
  file: string;
  path: string;
  format: ContentFormat;
  abs: string;
  stat: FileStat;
  /** Filled when the file was read. */
  text?: string;
  hash?: string;
  /** Set when the bytes are not a text page (binary, not UTF-8): the file is refused. */
  problem?: string;
}

interface Scan {
  state: SyncState;
  dir: string;
  prefix: string;
  local: Map<string, LocalEntry>;
  /** Non-page files, by relative path (asset candidates). */
  otherFiles: Map<string, { abs: string; stat: FileStat }>;
  remote: Map<string, PageSummary>;
  /** Wiki path → file for remote pages. */
  remoteFiles: Map<string, string>;
  refused: Skip[];
  skipped: Skip[];
  /** Pages read alongside the listing (files changed since the last sync, on push). */
  prefetched: Map<string, Page | undefined>;
  /** When the first page body was asked for (the age of every page this plan read). */
  readSince: number;
}

/** Where each file stands on both sides, without reading any page body or unchanged file. */
export async function syncStatus(options: Omit<SyncOptions, 'direction'>): Promise<SyncStatusEntry[]> {
  const scan = await scanBothSides(options, 'push');
  const entries: SyncStatusEntry[] = [];
  for (const file of allFiles(scan)) {
    const local = scan.local.get(file);
    if (local) await ensureRead(local, scan.state);
    if (local?.problem !== undefined) continue; // not a text page: push refuses it
    entries.push({ file, path: pathOf(scan, file), local: localStatus(scan, file), wiki: wikiStatus(scan, file) });
  }
  return entries.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * Computes what a sync would do, changing nothing.
 * @throws {UsageError} for a bad prefix or folder.
 */
export async function planSync(options: SyncOptions): Promise<SyncPlan> {
  const { wiki, direction } = options;
  const scan = await scanBothSides(options, direction);
  const force = options.force === true;
  const resolveSet = new Set((options.resolve ?? []).map((r) => r.replace(/\\/g, '/')));
  const settles = (file: string, path: string): boolean => force || resolveSet.has(file) || resolveSet.has(path);
  const changes: Change[] = [];
  const conflicts: Conflict[] = [];
  const skipped: Skip[] = [...scan.skipped];
  const record: SyncRecord[] = [];
  const forget: string[] = [];
  const fileStats: Record<string, FileStat> = {};
  let files = allFiles(scan);

  // Read changed local files and decide which page bodies are needed.
  let readDone = 0;
  for (const file of files) {
    const local = scan.local.get(file);
    if (local) {
      await ensureRead(local, scan.state);
      // A page that moved on the wiki is compared with (or merged into) the file: read it too.
      const w = wikiStatus(scan, file);
      if (w === 'changed' || w === 'new') await ensureText(local);
    }
    options.onProgress?.({ phase: 'read', done: ++readDone, total: files.length });
  }
  // A file that is not a text page is refused before planning: neither side is touched for it.
  if (refuseUnreadable(scan)) files = allFiles(scan);
  const needPages: string[] = [];
  for (const file of files) {
    const l = localStatus(scan, file);
    const w = wikiStatus(scan, file);
    if (w === 'absent' || w === 'deleted') continue;
    const wikiMoved = w === 'changed' || w === 'new';
    const localMoved = l === 'changed' || l === 'new';
    const path = pathOf(scan, file);
    if ((direction === 'push' ? localMoved || wikiMoved : wikiMoved) && !scan.prefetched.has(path)) needPages.push(path);
  }
  const pages = new Map([...scan.prefetched, ...(needPages.length === 0 ? [] : await fetchPages(wiki, needPages, options))]);


  for (const file of files) {
    const path = pathOf(scan, file);
    const l = localStatus(scan, file);
    const w = wikiStatus(scan, file);
    const local = scan.local.get(file);
    const summary = scan.remote.get(path);
    const page = pages.get(path);
    const base = scan.state.files[file];
    if (local?.stat) fileStats[file] = local.stat;
    const localText = local?.text;
    const localFile = localText === undefined ? undefined : parseSafely(localText, file, skipped);
    if (local && localText !== undefined && localFile === undefined) continue; // unparsable: reported in skipped

    if (l === 'deleted' && w === 'deleted') {
      forget.push(file);
      continue;
    }
    if (l === 'same' && w === 'same') continue;

    // Both sides hold the same content already: record the base, write nothing.
    if (local && localFile && page && inputMatchesPage(toInput(localFile, path, local.format, options), page)) {
      if (l !== 'same' || w !== 'same') record.push(recordOf(file, page, local));
      continue;
    }

    const currentRevision = summary ? revisionOf(summary) : undefined;
    const conflict = (reason: string, diff?: string): void => {
      conflicts.push({
        path,
        file,
        reason,
        ...(diff === undefined || diff === '' ? {} : { diff }),
        ...(base === undefined ? {} : { baseRevision: base.revision }),
        ...(currentRevision === undefined ? {} : { currentRevision }),
      });
    };

    if (direction === 'push') {
      const localMoved = l === 'changed' || l === 'new';
      const push = (kind: 'create' | 'update', baseRevision: string | null, reason: string): void => {
        if (!local || !localFile) return;
        const input = toInput(localFile, path, local.format, options, kind === 'create' ? 'create' : 'update');
        const oldText = page ? renderPageFile(pageToFile(page, localFile.extraKeys, localFile.meta)) : '';
        changes.push({
          kind,
          path,
          file,
          ...localeOf(input),
          baseRevision,
          baseFileHash: local.hash ?? null,
          input,
          diff: unifiedDiff(oldText, local.text ?? '', file),
          reason,
        });
      };
      if (localMoved && (w === 'same' || w === 'absent')) {
        if (w === 'absent') push('create', null, l === 'new' ? 'new file' : 'changed file; page absent');
        else push('update', base?.revision ?? null, 'changed locally');
      } else if (localMoved && (w === 'changed' || w === 'new')) {
        const diff = page && localFile ? unifiedDiff(renderPageFile(pageToFile(page, localFile.extraKeys, localFile.meta)), local?.text ?? '', file) : undefined;
        if (settles(file, path) && currentRevision !== undefined) push('update', currentRevision, 'forced over a wiki change');
        else conflict(w === 'new' ? 'page exists on the wiki and differs from the new file' : 'changed both locally and on the wiki since the last sync', diff);
      } else if (localMoved && w === 'deleted') {
        if (settles(file, path)) push('create', null, 'forced: page was deleted on the wiki');
        else conflict('changed locally but deleted on the wiki since the last sync');
      } else if (l === 'same' && w === 'changed') {
        skipped.push({ path, file, reason: 'changed on the wiki; pull to get it' });
      } else if (l === 'same' && w === 'deleted') {
        if (settles(file, path)) push('create', null, 'forced: page was deleted on the wiki');
        else conflict('deleted on the wiki since the last sync; file unchanged');
      } else if (l === 'deleted' && (w === 'same' || w === 'changed')) {
        if (options.delete !== true) skipped.push({ path, file, reason: 'deleted locally; use --delete to delete the page' });
        else if (w === 'same' || settles(file, path)) {
          const old = page ? renderPageFile(pageToFile(page)) : '';
          changes.push({ kind: 'delete', path, file, ...localeOpt(options), baseRevision: (w === 'same' ? base?.revision : currentRevision) ?? null, diff: unifiedDiff(old, '', file), reason: 'deleted locally' });
        } else conflict('deleted locally but changed on the wiki since the last sync');
      } else if (l === 'absent' && w === 'new') {
        skipped.push({ path, file, reason: 'only on the wiki; pull to get it' });
      }
    } else {
      const wikiMoved = w === 'changed' || w === 'new';
      const write = (baseFileHash: string | null, reason: string): void => {
        if (!page) {
          skipped.push({ path, file, reason: 'page disappeared while the plan was made' });
          return;
        }
        const text = renderPageFile(pageToFile(page, localFile?.extraKeys ?? {}, localFile?.meta));
        changes.push({
          kind: 'write-file',
          path,
          file: fileForPage(scan, file, page),
          ...localeOpt(options),
          baseFileHash,
          revision: page.revision,
          updatedAt: page.updatedAt,
          fileContent: text,
          diff: unifiedDiff(localText ?? '', text, file),
          reason,
        });
      };
      if (wikiMoved && (l === 'same' || l === 'absent')) {
        write(l === 'absent' ? null : (local?.hash ?? null), w === 'new' ? 'new page' : 'changed on the wiki');
      } else if (wikiMoved && (l === 'changed' || l === 'new')) {
        const diff = page ? unifiedDiff(localText ?? '', renderPageFile(pageToFile(page, localFile?.extraKeys ?? {}, localFile?.meta)), file) : undefined;
        if (settles(file, path)) write(local?.hash ?? null, 'forced over a local change');
        else conflict(l === 'new' ? 'file exists locally and differs from the page' : 'changed both locally and on the wiki since the last sync', diff);
      } else if (wikiMoved && l === 'deleted') {
        if (settles(file, path)) write(null, 'forced: file was deleted locally');
        else conflict('changed on the wiki but deleted locally since the last sync');
      } else if (w === 'same' && l === 'changed') {
        skipped.push({ path, file, reason: 'changed locally; push to send it' });
      } else if (w === 'same' && l === 'deleted') {
        if (settles(file, path)) {
          const refetched = await fetchPages(wiki, [path], options);
          const p = refetched.get(path);
          if (p) {
            const text = renderPageFile(pageToFile(p));
            changes.push({ kind: 'write-file', path, file, ...localeOpt(options), baseFileHash: null, revision: p.revision, updatedAt: p.updatedAt, fileContent: text, diff: unifiedDiff('', text, file), reason: 'forced: file was deleted locally' });
          }
        } else conflict('deleted locally since the last sync; page unchanged');
      } else if (w === 'deleted' && (l === 'same' || l === 'changed')) {
        if (options.delete !== true) skipped.push({ path, file, reason: 'deleted on the wiki; use --delete to delete the file' });
        else if (l === 'same' || settles(file, path)) {
          changes.push({ kind: 'delete-file', path, file, baseFileHash: local?.hash ?? null, diff: unifiedDiff(localText ?? '', '', file), reason: 'deleted on the wiki' });
        } else conflict('changed locally but deleted on the wiki since the last sync');
      } else if (w === 'absent' && l === 'new') {
        skipped.push({ path, file, reason: 'only in the folder; push to send it' });
      }
    }
  }

  if (options.assets !== false) {
    changes.push(...(await planAssets(scan, changes, direction, wiki)));
  }

  for (const change of changes) {
    if (!change.kind.endsWith('-asset') && !isWithinPrefix(change.path, scan.prefix)) {
      // Cannot happen by construction; the check keeps it that way.
      throw usageError(`internal: planned change to "${change.path}" outside prefix "${scan.prefix}"`, { field: 'prefix' });
    }
  }

  const plan: SyncPlan = {
    version: 1,
    job: direction === 'push' ? 'sync-push' : 'sync-pull',
    wiki: { kind: wiki.kind, url: wiki.url },
    dir: scan.dir,
    prefix: scan.prefix,
    createdAt: new Date().toISOString(),
    changes,
    conflicts,
    skipped,
    sync: { direction, ...localeOpt(options), record, forget, refused: scan.refused },
    fileStats,
  };
  pagesReadInPlan.set(plan, { pages, at: scan.readSince });
  return plan;
}

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

async function applySync(
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

/** Plans and applies a sync (or only plans, with `dryRun`). Conflicts are left unapplied and returned in the plan. */
export async function runSync(options: SyncOptions & { readonly dryRun?: boolean }): Promise<SyncResult> {
  const plan = await planSync(options);
  if (options.dryRun === true) return { plan };
  // The plan was made just now, by this call: its page reads stand in for the writes' re-reads
  // while they are fresh (PLAN_READ_REUSE_MS).
  const read = pagesReadInPlan.get(plan);
  const readInPlan = read === undefined ? undefined : (path: string): Page | undefined => (Date.now() - read.at <= PLAN_READ_REUSE_MS ? read.pages.get(path) : undefined);
  const report = await applySync(plan, options.wiki, options, readInPlan);
  return { plan, report };
}

// ---------------------------------------------------------------------------------------------
// Scanning

async function scanBothSides(options: Omit<SyncOptions, 'direction'>, direction: SyncDirection): Promise<Scan> {
  const { wiki } = options;
  const dir = resolvePath(options.dir);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    if (direction === 'push' || info !== undefined) throw usageError(`${dir} is not a folder`, { field: 'dir' });
  }
  const prefix = options.prefix === undefined || options.prefix.trim() === '' || options.prefix.trim() === '/' ? '' : normalizePathFor(wiki.kind, options.prefix, 'prefix');
  const state = await loadState(dir, { wiki: wiki.url, kind: wiki.kind, locale: options.locale, prefix });
  const refused: Skip[] = [];
  const skipped: Skip[] = [];
  const local = new Map<string, LocalEntry>();
  const otherFiles = new Map<string, { abs: string; stat: FileStat }>();

  if (info?.isDirectory()) {
    for await (const { rel, abs, stats } of walk(dir, dir, refused, skipped)) {
      let mapped: { path: string; format: ContentFormat };
      try {
        mapped = fileToWikiPath(rel);
      } catch (error) {
        if (error instanceof UsageError && /not a page file/.test(error.message)) {
          otherFiles.set(rel, { abs, stat: stats });
          continue;
        }
        refused.push({ path: rel, file: rel, reason: messageOf(error) });
        continue;
      }
      // MediaWiki lists `a_b` back as `A b`: compare in its spelling, or every push would re-create.
      const joined = joinWikiPath(prefix, mapped.path);
      const path = wiki.kind === 'mediawiki' ? normalizePathFor(wiki.kind, joined, 'path') : joined;
      if (direction === 'push' && !wiki.capabilities.formats.includes(mapped.format) && wiki.kind === 'mediawiki') {
        refused.push({ path, file: rel, reason: `MediaWiki pages are wikitext; name the file "${rel.replace(/\.[^./]+$/, '.wiki')}" (a ${mapped.format} file would be stored as wikitext unconverted)` });
        continue;
      }
      if (direction === 'push') {
        try {
          validateWikiPath(path, wiki.kind, 'path');
        } catch (error) {
          refused.push({ path, file: rel, reason: messageOf(error) });
          continue;
        }
      }
      local.set(rel, { file: rel, path, format: mapped.format, abs, stat: stats });
    }
  }
  for (const group of findCaseCollisions(local.keys())) {
    for (const file of group) {
      refused.push({ path: local.get(file)?.path ?? file, file, reason: `names differ only by case (${group.join(', ')}); refused on case-insensitive file systems` });
      local.delete(file);
    }
  }
  // Several spellings name one page (`a.md` / `a.markdown`, `>.md` / `%3E.md`, `b%2Fc.md` / `b/c.md`):
  // two files must never be written into one page, so both are refused.
  const filesOfPath = new Map<string, string[]>();
  for (const entry of local.values()) filesOfPath.set(entry.path, [...(filesOfPath.get(entry.path) ?? []), entry.file]);
  for (const [path, group] of filesOfPath) {
    if (group.length < 2) continue;
    for (const file of group) {
      refused.push({ path, file, reason: `files ${group.join(', ')} all name page "${path}"; keep one of them` });
      local.delete(file);
    }
  }

  const remote = new Map<string, PageSummary>();
  const remoteFiles = new Map<string, string>();
  const stateByPath = new Map(Object.entries(state.files).map(([file, s]) => [s.path, file]));
  const localByPath = new Map([...local.values()].map((e) => [e.path, e.file]));
  const defaultFormat = wiki.capabilities.formats[0] ?? 'markdown';
  // A file changed since the last sync needs its page (diff, no-op check, write base): its read
  // goes out with the listing, in the same round trip where the wiki batches reads.
  const prefetch: string[] = [];
  if (direction === 'push') {
    for (const entry of local.values()) {
      if (state.files[entry.file] === undefined) continue;
      await ensureRead(entry, state);
      if (entry.hash !== state.files[entry.file]?.hash) prefetch.push(entry.path);
    }
  }
  const readSince = Date.now();
  const prefetching = prefetch.length === 0 ? Promise.resolve(new Map<string, Page | undefined>()) : fetchPages(wiki, prefetch, options);
  // Awaited after the listing; a failure must not go unhandled meanwhile.
  prefetching.catch(() => undefined);
  let listed = 0;
  for await (const summary of wiki.list({ ...(prefix === '' ? {} : { prefix }), ...localeOpt(options), ...(options.signal ? { signal: options.signal } : {}) })) {
    options.onProgress?.({ phase: 'scan', done: ++listed, total: undefined });
    if (!isWithinPrefix(summary.path, prefix)) continue;
    if (options.locale !== undefined && summary.locale !== options.locale) continue;
    const rest = stripPrefix(summary.path, prefix);
    if (rest === '') {
      skipped.push({ path: summary.path, reason: 'the prefix page itself has no file in the folder' });
      continue;
    }
    let file = stateByPath.get(summary.path) ?? localByPath.get(summary.path);
    if (file === undefined) {
      try {
        file = wikiPathToFile(rest, defaultFormat);
      } catch (error) {
        refused.push({ path: summary.path, reason: messageOf(error) });
        continue;
      }
    }
    remote.set(summary.path, summary);
    remoteFiles.set(summary.path, file);
  }
  // Two pages landing on one file (by case) cannot both be pulled.
  if (direction === 'pull') {
    const byFile = new Map<string, string[]>();
    for (const [path, file] of remoteFiles) {
      const key = file.toLowerCase();
      byFile.set(key, [...(byFile.get(key) ?? []), path]);
    }
    for (const paths of byFile.values()) {
      if (paths.length < 2) continue;
      for (const path of paths) {
        refused.push({ path, file: remoteFiles.get(path) ?? path, reason: `pages ${paths.join(', ')} map to files that differ only by case; refused` });
        remote.delete(path);
        remoteFiles.delete(path);
      }
    }
  }
  return { state, dir, prefix, local, otherFiles, remote, remoteFiles, refused, skipped, prefetched: await prefetching, readSince };
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A name as its bytes: printable ASCII as is, every other byte as `\xNN` (`caf\xE9.md`). */
export function describeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/**
 * Walks DIR. Names are read as bytes: a name that is not UTF-8 cannot be a wiki path, and
 * decoding it lossily (U+FFFD) names a file that does not exist, so it is skipped with a
 * warning that shows its bytes instead of failing the whole sync.
 */
async function* walk(root: string, dir: string, refused: Skip[], skipped: Skip[]): AsyncGenerator<{ rel: string; abs: string; stats: FileStat }> {
  const rawEntries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  const entries: { name: string; entry: (typeof rawEntries)[number] }[] = [];
  const relDir = posix.relative(root.split('\\').join('/'), dir.split('\\').join('/'));
  for (const entry of rawEntries) {
    let name: string;
    try {
      name = STRICT_UTF8.decode(entry.name);
    } catch {
      const shown = `${relDir === '' ? '' : `${relDir}/`}${describeBytes(entry.name)}`;
      skipped.push({ path: shown, file: shown, reason: `the name is not valid UTF-8 (bytes: ${describeBytes(entry.name)}); rename it to sync it`, warn: true });
      continue;
    }
    entries.push({ name, entry });
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const { name, entry } of entries) {
    // Dotfiles hold tooling (.git, our state file, temp files), never pages.
    if (name.startsWith('.') || name === 'node_modules') continue;
    const abs = `${dir}/${name}`;
    const rel = posix.relative(root.split('\\').join('/'), abs.split('\\').join('/'));
    if (entry.isSymbolicLink()) {
      try {
        await resolveInside(root, rel);
      } catch (error) {
        refused.push({ path: rel, file: rel, reason: messageOf(error) });
        continue;
      }
      const target = await stat(abs).catch(() => undefined);
      if (target?.isFile()) yield { rel, abs, stats: { size: target.size, mtimeMs: target.mtimeMs } };
      // Symlinked folders are not followed: a loop or an escape is too easy.
      continue;
    }
    if (entry.isDirectory()) {
      yield* walk(root, abs, refused, skipped);
    } else if (entry.isFile()) {
      const s = await lstat(abs);
      yield { rel, abs, stats: { size: s.size, mtimeMs: s.mtimeMs } };
    }
  }
}

/**
 * A page file's text, or why it is not one: binary (a NUL byte) or not valid UTF-8. Decoding
 * such bytes would upload U+FFFD in place of what the file held.
 */
function decodePageText(data: Uint8Array): { text: string } | { problem: string } {
  if (data.includes(0)) return { problem: 'the file is binary (it contains NUL bytes), not a text page; refused' };
  try {
    return { text: STRICT_UTF8.decode(data) };
  } catch {
    return { problem: 'the content is not valid UTF-8 (uploading it would replace characters with U+FFFD); re-save it as UTF-8. Refused' };
  }
}

function readInto(entry: LocalEntry, data: Buffer): void {
  entry.hash = sha256(data);
  const decoded = decodePageText(data);
  if ('text' in decoded) entry.text = decoded.text;
  else {
    entry.text = '';
    entry.problem = decoded.problem;
  }
}

/** Moves local files that turned out not to be text pages from `local` to `refused`. True when any did. */
function refuseUnreadable(scan: Scan): boolean {
  let any = false;
  for (const [file, entry] of scan.local) {
    if (entry.problem === undefined) continue;
    scan.refused.push({ path: entry.path, file, reason: entry.problem });
    scan.local.delete(file);
    any = true;
  }
  return any;
}

async function ensureRead(entry: LocalEntry, state: SyncState): Promise<void> {
  if (entry.text !== undefined) return;
  const base = state.files[entry.file];
  if (base && base.size === entry.stat.size && base.mtimeMs === entry.stat.mtimeMs) {
    entry.hash = base.hash; // unchanged since the last sync: no read
    return;
  }
  readInto(entry, await readFile(entry.abs));
}

async function ensureText(entry: LocalEntry): Promise<void> {
  if (entry.text !== undefined) return;
  readInto(entry, await readFile(entry.abs));
}

function allFiles(scan: Scan): string[] {
  const files = new Set<string>([...scan.local.keys(), ...scan.remoteFiles.values()]);
  for (const [file, entry] of Object.entries(scan.state.files)) {
    if (isWithinPrefix(entry.path, scan.prefix)) files.add(file);
  }
  // A refused file must not be planned through its state entry either.
  for (const r of scan.refused) if (r.file !== undefined) files.delete(r.file);
  return [...files].sort();
}

function pathOf(scan: Scan, file: string): string {
  const local = scan.local.get(file);
  if (local) return local.path;
  const base = scan.state.files[file];
  if (base) return base.path;
  for (const [path, f] of scan.remoteFiles) if (f === file) return path;
  return file;
}

function localStatus(scan: Scan, file: string): LocalStatus {
  const entry = scan.local.get(file);
  const base = scan.state.files[file];
  if (!entry) return base ? 'deleted' : 'absent';
  if (!base) return 'new';
  return entry.hash === base.hash ? 'same' : 'changed';
}

function wikiStatus(scan: Scan, file: string): WikiStatus {
  const path = pathOf(scan, file);
  const summary = scan.remote.get(path);
  const base = scan.state.files[file];
  if (!summary) return base ? 'deleted' : 'absent';
  if (!base) return 'new';
  if (summary.revision !== undefined) return summary.revision === base.revision ? 'same' : 'changed';
  return summary.updatedAt === base.updatedAt ? 'same' : 'changed';
}

function revisionOf(summary: PageSummary): string {
  return summary.revision ?? summary.updatedAt;
}

async function fetchPages(wiki: Wiki, paths: readonly string[], options: Omit<SyncOptions, 'direction'>): Promise<Map<string, Page | undefined>> {
  const size = options.batchSize ?? DEFAULT_BATCH;
  const batches: string[][] = [];
  for (let i = 0; i < paths.length; i += size) batches.push(paths.slice(i, i + size));
  const result = new Map<string, Page | undefined>();
  let done = 0;
  const report = await runBatch(
    batches,
    async (batch) => {
      const got = await wiki.getMany(batch, { ...localeOpt(options), ...(options.signal ? { signal: options.signal } : {}) });
      for (const [path, page] of got) result.set(path, page);
      done += batch.length;
      options.onProgress?.({ phase: 'read', done, total: paths.length });
    },
    { concurrency: Math.min(2, options.concurrency ?? 2), ...(options.signal ? { signal: options.signal } : {}) },
  );
  const failure = report.failed[0];
  if (failure) throw failure.error;
  if (report.aborted) throw options.signal?.reason ?? new Error('aborted');
  return result;
}

function toInput(file: PageFile, path: string, format: ContentFormat, options: Pick<SyncOptions, 'locale'>, mode: 'create' | 'update' = 'update'): PageInput {
  const input = fileToPageInput(file, path, format);
  const locale = input.locale ?? options.locale;
  return {
    ...input,
    ...(locale === undefined ? {} : { locale }),
    ...(mode === 'create' && input.title === undefined ? { title: deriveTitle(input.content, path) } : {}),
  };
}

function recordOf(file: string, page: Page, local: LocalEntry): SyncRecord {
  return {
    file,
    path: page.path,
    revision: page.revision,
    updatedAt: page.updatedAt,
    hash: local.hash ?? '',
    size: local.stat.size,
    mtimeMs: local.stat.mtimeMs,
  };
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

function fileForPage(scan: Scan, file: string, page: Page): string {
  // A page first seen now gets the extension of its real format.
  if (scan.state.files[file] || scan.local.has(file)) return file;
  try {
    return wikiPathToFile(stripPrefix(page.path, scan.prefix), page.format);
  } catch {
    return file;
  }
}

function parseSafely(text: string, file: string, skipped: Skip[]): PageFile | undefined {
  try {
    return parsePageFile(text, file);
  } catch (error) {
    skipped.push({ path: file, file, reason: messageOf(error) });
    return undefined;
  }
}

function localeOf(input: PageInput): { locale?: string } {
  return input.locale === undefined ? {} : { locale: input.locale };
}

function localeOpt(options: Pick<SyncOptions, 'locale'>): { locale?: string } {
  return options.locale === undefined ? {} : { locale: options.locale };
}

function messageOf(error: unknown): string {
  if (isWikikitError(error) || error instanceof Error) return error.message;
  return String(error);
}

// ---------------------------------------------------------------------------------------------
// Assets: relative images referenced by pages

const IMAGE_LINK = /!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const HTML_IMG = /<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi;

/** Relative asset links in a page body, resolved against the page file's folder (POSIX, inside the root). */
export function relativeAssetLinks(content: string, pageFile: string): string[] {
  const out = new Set<string>();
  const folder = posix.dirname(pageFile);
  for (const re of [IMAGE_LINK, HTML_IMG]) {
    for (const match of content.matchAll(re)) {
      const raw = match[1];
      if (raw === undefined || /^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('/') || raw.startsWith('#')) continue;
      let decoded: string;
      try {
        decoded = decodeURIComponent(raw.split(/[?#]/)[0] ?? '');
      } catch {
        continue;
      }
      const joined = posix.normalize(posix.join(folder === '.' ? '' : folder, decoded));
      if (joined === '' || joined === '.' || joined.startsWith('../') || joined === '..' || posix.isAbsolute(joined)) continue;
      out.add(joined);
    }
  }
  return [...out];
}

async function planAssets(scan: Scan, pageChanges: readonly Change[], direction: SyncDirection, wiki: Wiki): Promise<Change[]> {
  if (!wiki.capabilities.assets) return [];
  const changes: Change[] = [];
  const seen = new Set<string>();
  if (direction === 'push') {
    if (!wiki.uploadAsset) return [];
    const candidates = new Set<string>();
    for (const change of pageChanges) {
      if ((change.kind === 'create' || change.kind === 'update') && change.input && change.file) {
        for (const link of relativeAssetLinks(change.input.content, change.file)) candidates.add(link);
      }
    }
    // Assets already synced are re-sent when they changed, even if no page changed.
    for (const file of Object.keys(scan.state.assets)) candidates.add(file);
    for (const file of [...candidates].sort()) {
      if (seen.has(file)) continue;
      seen.add(file);
      const entry = scan.otherFiles.get(file);
      if (!entry) continue;
      const base = scan.state.assets[file];
      if (base && base.size === entry.stat.size && base.mtimeMs === entry.stat.mtimeMs) continue;
      try {
        await resolveInside(scan.dir, file);
      } catch (error) {
        scan.refused.push({ path: file, file, reason: messageOf(error) });
        continue;
      }
      const data = await readFile(entry.abs);
      const hash = sha256(data);
      if (base?.hash === hash) continue;
      const reason = base === undefined ? 'asset referenced by a page' : base.hash === '' ? 'retrying an upload that did not complete' : 'asset changed';
      changes.push({ kind: 'upload-asset', path: `/${joinWikiPath(scan.prefix, file)}`, file, baseFileHash: hash, reason });
    }
  } else {
    if (!wiki.downloadAsset) return [];
    for (const change of pageChanges) {
      if (change.kind !== 'write-file' || change.fileContent === undefined || change.file === undefined) continue;
      for (const file of relativeAssetLinks(parsePageFile(change.fileContent).content, change.file)) {
        if (seen.has(file) || scan.state.assets[file]) continue;
        seen.add(file);
        if (scan.otherFiles.has(file)) continue;
        try {
          wikiPathToFile(file.replace(/\.[^./]+$/, ''), 'markdown', 'asset');
        } catch (error) {
          scan.refused.push({ path: file, file, reason: messageOf(error) });
          continue;
        }
        changes.push({ kind: 'download-asset', path: `/${joinWikiPath(scan.prefix, file)}`, file, baseFileHash: null, reason: 'asset referenced by a page' });
      }
    }
  }
  return changes;
}
