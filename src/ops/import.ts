/**
 * Restores an export (folder or `.tar.gz`) into a wiki. Every page is created with
 * `expectedRevision: null`, so an existing page is never overwritten: identical content counts
 * as already imported (which is what makes an interrupted import resumable), different content
 * is a conflict. Checksums from the manifest are verified before anything is sent.
 *
 * An export made `--with-history` is restored with its history: the revisions are replayed
 * oldest first (each one a real edit, with its summary), then the exported page itself. A
 * replay interrupted half-way resumes from the revision the page stands at.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tar from 'tar';
import { isConflictError, usageError } from '../errors.js';
import { fileToPageInput, inputMatchesPage, parsePageFile } from '../model/front-matter.js';
import type { PageInput } from '../model/page.js';
import { resolveInside } from '../model/path.js';
import type { Wiki } from '../model/wiki.js';
import { readManifest, type ExportManifest, type ManifestPage } from './export.js';
import { sha256 } from './files.js';
import { createPageConverter, type PageConverter } from './import-convert.js';
import { unifiedDiff, type Change, type Plan } from './plan.js';
import { runBatch, type BatchProgress } from './run-batch.js';

export interface ImportOptions {
  readonly wiki: Wiki;
  /** An export folder or `.tar.gz`. */
  readonly source: string;
  /** Upload assets too, where the wiki takes them. @default true */
  readonly withAssets?: boolean;
  /** @default 4 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BatchProgress) => void;
}

export interface ImportResult {
  readonly created: string[];
  /** Earlier revisions replayed from an export made with history (beyond one per page). */
  readonly revisions: number;
  /** What was not restored, and why (e.g. history into a wiki that keeps none). */
  readonly warnings: string[];
  /** Already in the wiki with the same content (a resumed import). */
  readonly unchanged: string[];
  readonly assets: number;
  /** Conflicts (page exists with other content) arrive as `ConflictError`. */
  readonly failed: { readonly path: string; readonly error: unknown }[];
}

/**
 * @example
 * const result = await importWiki({ wiki, source: 'backup.tar.gz' });
 * @throws {UsageError} when the source is not an export or a checksum does not match.
 */
export async function importWiki(options: ImportOptions): Promise<ImportResult> {
  return withSource(options.source, async (root, manifest) => {
    const created: string[] = [];
    const unchanged: string[] = [];
    const warnings: string[] = [];
    let revisions = 0;
    const convert = await createPageConverter(options.wiki, manifest.pages);
    const withHistory = manifest.pages.some((p) => (p.history?.length ?? 0) > 0);
    if (withHistory && !options.wiki.capabilities.history) {
      warnings.push(`the export holds page history, but ${options.wiki.url} keeps none that can be written; only the latest revision of each page was imported`);
    }
    const replay = withHistory && options.wiki.capabilities.history;
    const report = await runBatch(
      manifest.pages,
      async (entry) => {
        const input = await readEntry(root, entry, convert);
        const signalOpt = options.signal ? { signal: options.signal } : {};
        const steps = replay ? await readHistory(root, entry, convert) : [];
        const outcome = await restorePage(options.wiki, entry, [...steps, input], signalOpt);
        if (outcome.action === 'unchanged') unchanged.push(input.path);
        else created.push(input.path);
        revisions += outcome.replayed;
      },
      {
        concurrency: options.concurrency ?? 4,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
    );
    const failed = report.failed.map(({ item, error }) => ({ path: item.path, error }));
    let assets = 0;
    if (options.withAssets !== false && manifest.assets.length > 0 && options.wiki.uploadAsset) {
      for (const asset of manifest.assets) {
        try {
          const data = await readFile(await resolveInside(root, asset.file));
          if (sha256(data) !== asset.sha256) throw usageError(`${asset.file}: checksum does not match the manifest`, { field: 'source' });
          const trimmed = asset.path.replace(/^\/+/, '');
          const slash = trimmed.lastIndexOf('/');
          await options.wiki.uploadAsset(trimmed.slice(slash + 1), data, slash > 0 ? { folder: trimmed.slice(0, slash) } : {});
          assets++;
        } catch (error) {
          failed.push({ path: asset.path, error });
        }
      }
    }
    return { created, unchanged, revisions, warnings, assets, failed };
  });
}

/** The import as a plan of `create` changes (for `--dry-run` / `--plan`); reads the whole export. */
export async function planImport(options: Pick<ImportOptions, 'wiki' | 'source'>): Promise<Plan> {
  return withSource(options.source, async (root, manifest) => {
    const changes: Change[] = [];
    const skipped: Plan['skipped'] = [];
    const convert = await createPageConverter(options.wiki, manifest.pages);
    for (const entry of manifest.pages) {
      const input = await readEntry(root, entry, convert);
      const current = await options.wiki.get(input.path, { locale: entry.locale });
      if (current && inputMatchesPage(input, current)) {
        skipped.push({ path: input.path, reason: 'already in the wiki with the same content' });
        continue;
      }
      changes.push({
        kind: 'create',
        path: input.path,
        locale: entry.locale,
        baseRevision: null,
        input,
        diff: unifiedDiff(current?.content ?? '', input.content, entry.file),
        reason: current ? 'exists with other content: will be refused' : 'restore',
      });
    }
    return {
      version: 1,
      job: 'import',
      wiki: { kind: options.wiki.kind, url: options.wiki.url },
      createdAt: new Date().toISOString(),
      changes,
      conflicts: [],
      skipped,
    };
  });
}

/**
 * Writes `sequence` (oldest first; the last is the exported page) as successive edits. The
 * first is a create that never overwrites: when the page exists, it is either already the
 * exported page (`unchanged`), or one of the earlier revisions of an interrupted replay (the
 * replay goes on from there, guarded by its revision), or someone else's page (the conflict).
 */
async function restorePage(
  wiki: Wiki,
  entry: ManifestPage,
  sequence: readonly PageInput[],
  signalOpt: { signal?: AbortSignal },
): Promise<{ action: 'created' | 'unchanged'; replayed: number }> {
  const earlier = sequence.length - 1;
  const last = sequence[earlier] as PageInput;
  let replayed = 0;
  let next: number;
  let expected: string;
  try {
    expected = (await wiki.put(sequence[0] as PageInput, { expectedRevision: null, ...signalOpt })).page.revision;
    if (earlier > 0) replayed++;
    next = 1;
  } catch (error) {
    if (!isConflictError(error)) throw error;
    const current = await wiki.get(last.path, { locale: entry.locale, ...signalOpt });
    if (current && inputMatchesPage(last, current)) return { action: 'unchanged', replayed: 0 };
    const at = current === undefined ? -1 : sequence.findLastIndex((step, i) => i < earlier && step.content === current.content);
    if (current === undefined || at < 0) throw error;
    expected = current.revision;
    next = at + 1;
  }
  for (let i = next; i < sequence.length; i++) {
    const result = await wiki.put(sequence[i] as PageInput, { expectedRevision: expected, ...signalOpt });
    expected = result.page.revision;
    if (i < earlier && result.action !== 'unchanged') replayed++;
  }
  return { action: 'created', replayed };
}

/**
 * The exported history of a page as inputs, oldest first, each checked against the manifest.
 * Revisions carry the page's final metadata (the export keeps only each revision's content
 * and summary) and are converted like the page when the import converts it.
 */
async function readHistory(root: string, entry: ManifestPage, convert?: PageConverter): Promise<PageInput[]> {
  const page = await readEntry(root, entry);
  const raws: PageInput[] = [];
  // The manifest lists the history newest first (as the wiki returns it).
  for (const item of [...(entry.history ?? [])].reverse()) {
    const data = await readFile(await resolveInside(root, item.file));
    if (sha256(data) !== item.sha256) {
      throw usageError(`${item.file}: checksum does not match the manifest; the export is damaged`, { field: 'source' });
    }
    const file = parsePageFile(data.toString('utf8'), item.file);
    const summary = file.extraKeys['summary'];
    raws.push({ ...page, content: file.content, ...(typeof summary === 'string' && summary !== '' ? { summary } : {}) });
  }
  // The newest history entry is often the exported page itself: writing it twice adds nothing.
  while (raws.length > 0 && raws[raws.length - 1]?.content === page.content) raws.pop();
  return convert === undefined ? raws : raws.map((raw) => convert(entry, raw));
}

async function readEntry(root: string, entry: ManifestPage, convert?: PageConverter): Promise<PageInput> {
  const data = await readFile(await resolveInside(root, entry.file));
  if (sha256(data) !== entry.sha256) {
    throw usageError(`${entry.file}: checksum does not match the manifest; the export is damaged`, { field: 'source' });
  }
  const file = parsePageFile(data.toString('utf8'), entry.file);
  const input: PageInput = { ...fileToPageInput(file, entry.path, entry.format), locale: entry.locale };
  return convert === undefined ? input : convert(entry, input);
}

async function withSource<T>(source: string, run: (root: string, manifest: ExportManifest) => Promise<T>): Promise<T> {
  const abs = resolve(source);
  const info = await stat(abs).catch(() => undefined);
  if (!info) throw usageError(`${abs} does not exist`, { field: 'source' });
  if (info.isDirectory()) return run(abs, await readManifest(abs));
  if (!/\.(tar\.gz|tgz)$/i.test(abs)) throw usageError(`${abs} is neither an export folder nor a .tar.gz`, { field: 'source' });
  const temp = await mkdtemp(join(tmpdir(), 'wikikit-import-'));
  try {
    // tar strips absolute paths and refuses `..` entries and writes through symlinks by default.
    await tar.x({ file: abs, cwd: temp, strict: true });
    return await run(temp, await readManifest(temp));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
