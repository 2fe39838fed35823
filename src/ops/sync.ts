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
import { usageError } from '../errors.js';
import { deriveTitle, fileToPageInput, inputMatchesPage, pageToFile, parsePageFile, renderPageFile, type PageFile } from '../model/front-matter.js';
import type { ContentFormat, Page, PageInput } from '../model/page.js';
import { isWithinPrefix, stripPrefix, wikiPathToFile } from '../model/path.js';
import { unifiedDiff, type Change, type Conflict, type Skip } from './plan.js';
import { type FileStat } from './sync-state.js';
import { applySync, pagesReadInPlan, PLAN_READ_REUSE_MS } from './sync-apply.js';
import { planAssets } from './sync-assets.js';
import { allFiles, ensureRead, ensureText, fetchPages, localeOpt, localStatus, messageOf, pathOf, refuseUnreadable, revisionOf, scanBothSides, wikiStatus, type LocalEntry, type Scan } from './sync-scan.js';
import type { SyncOptions, SyncPlan, SyncRecord, SyncResult, SyncStatusEntry } from './sync-types.js';

export type { LocalStatus, SyncDirection, SyncOptions, SyncPlan, SyncProgress, SyncRecord, SyncResult, SyncStatusEntry, WikiStatus } from './sync-types.js';
export { applySyncPlan } from './sync-apply.js';
export { describeBytes } from './sync-scan.js';
export { relativeAssetLinks } from './sync-assets.js';

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
