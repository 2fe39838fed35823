/**
 * Backup of a wiki to a folder or a `.tar.gz`: pages as front-matter files, optional assets and
 * full history, and a `manifest.json` with a sha256 per file.
 *
 * Memory stays flat as the wiki grows: pages are listed as a stream and fetched in small
 * batches, each body is written and dropped; only one small manifest line per page is kept.
 * Resumable: every finished page is appended to a journal, and a re-run skips pages whose
 * revision is already exported.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGzip } from 'node:zlib';
import * as tar from 'tar';
import { type WikiKind, usageError } from '../errors.js';
import { pageToFile, renderPageFile } from '../model/front-matter.js';
import type { ContentFormat, Page, PageSummary } from '../model/page.js';
import { extensionFor, normalizePathFor, resolveInside, wikiPathToFile } from '../model/path.js';
import type { Wiki } from '../model/wiki.js';
import { replaceFileAtomic, sha256, writeFileAtomic } from './files.js';

export const MANIFEST_FILE = 'manifest.json';

/** Archive and compression extensions other than the supported `.tar.gz` / `.tgz`. */
const UNSUPPORTED_ARCHIVE = /\.(zip|tar|gz|tar\.bz2|tbz2?|bz2|tar\.xz|txz|xz|tar\.zst|tzst|zst|7z|rar|jar|cpio|lz|lzma|z)$/i;
const JOURNAL_FILE = '.export-journal.ndjson';

export interface ExportOptions {
  readonly wiki: Wiki;
  /** A folder, or a file ending in `.tar.gz` / `.tgz`. */
  readonly target: string;
  readonly withHistory?: boolean;
  readonly withAssets?: boolean;
  /** Only pages under this wiki path. */
  readonly prefix?: string;
  readonly locale?: string;
  /** Pages per `getMany`. @default 50 */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExportProgress) => void;
}

export interface ExportProgress {
  readonly phase: 'pages' | 'assets' | 'archive';
  readonly done: number;
  readonly total: number | undefined;
}

export interface ManifestPage {
  readonly path: string;
  readonly locale: string;
  /** Relative to the export root. */
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
  readonly format: ContentFormat;
  readonly id: string;
  readonly revision: string;
  readonly updatedAt: string;
  readonly history?: readonly ManifestFile[];
}

export interface ManifestFile {
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
  readonly revision?: string;
}

export interface ManifestAsset extends ManifestFile {
  /** Asset path on the wiki, e.g. `/images/logo.png`. */
  readonly path: string;
}

export interface ExportManifest {
  readonly format: 'wikikit-export';
  readonly version: 1;
  readonly wiki: { readonly kind: WikiKind; readonly url: string };
  readonly exportedAt: string;
  readonly withHistory: boolean;
  readonly withAssets: boolean;
  readonly pages: ManifestPage[];
  readonly assets: ManifestAsset[];
}

export interface ExportResult {
  readonly target: string;
  readonly pages: number;
  /** Pages already exported by an interrupted earlier run and skipped now. */
  readonly resumed: number;
  readonly assets: number;
  readonly failed: { readonly path: string; readonly error: unknown }[];
}

/**
 * @example
 * await exportWiki({ wiki, target: 'backup.tar.gz', withAssets: true });
 * @throws {UsageError} for a target that is not a folder or `.tar.gz`.
 */
export async function exportWiki(options: ExportOptions): Promise<ExportResult> {
  const target = resolve(options.target);
  const archive = /\.(tar\.gz|tgz)$/i.test(target);
  const unsupported = archive ? undefined : UNSUPPORTED_ARCHIVE.exec(basename(target))?.[0];
  if (unsupported !== undefined) {
    // Writing a folder named `x.zip` would look like a zip to everyone after us.
    throw usageError(`cannot write a ${unsupported} archive: give a name ending in .tar.gz or .tgz, or a folder name without an archive extension`, { field: 'target' });
  }
  const root = archive ? `${target}.partial` : target;
  const existing = await stat(root).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw usageError(`${root} exists and is not a folder`, { field: 'target' });
  await mkdir(root, { recursive: true });

  const journalPath = join(root, JOURNAL_FILE);
  const done = await readJournal(journalPath);
  const journal = createWriteStream(journalPath, { flags: 'a' });
  const seen = new Map<string, ManifestPage>();
  const failed: { path: string; error: unknown }[] = [];
  let resumed = 0;
  let count = 0;
  const batchSize = options.batchSize ?? 50;
  const signalOpt = options.signal ? { signal: options.signal } : {};
  const localeOpt = options.locale === undefined ? {} : { locale: options.locale };

  const flush = async (batch: PageSummary[]): Promise<void> => {
    const byLocale = new Map<string, PageSummary[]>();
    for (const s of batch) byLocale.set(s.locale, [...(byLocale.get(s.locale) ?? []), s]);
    for (const [locale, summaries] of byLocale) {
      const pages = await options.wiki.getMany(summaries.map((s) => s.path), { locale, ...signalOpt });
      for (const summary of summaries) {
        const page = pages.get(summary.path);
        if (!page) continue; // deleted since the listing
        try {
          const entry = await writePage(root, page, options);
          seen.set(key(page), entry);
          journal.write(`${JSON.stringify(entry)}\n`);
        } catch (error) {
          failed.push({ path: summary.path, error });
        }
        options.onProgress?.({ phase: 'pages', done: ++count, total: undefined });
      }
    }
  };

  try {
    let batch: PageSummary[] = [];
    const prefix = options.prefix === undefined || options.prefix.trim() === '' ? undefined : normalizePathFor(options.wiki.kind, options.prefix, 'prefix');
    for await (const summary of options.wiki.list({ ...(prefix === undefined ? {} : { prefix }), ...localeOpt, ...signalOpt })) {
      options.signal?.throwIfAborted();
      const previous = done.get(key(summary));
      if (previous && previous.revision === (summary.revision ?? summary.updatedAt) && (await fileMatches(root, previous))) {
        seen.set(key(summary), previous);
        resumed++;
        options.onProgress?.({ phase: 'pages', done: ++count, total: undefined });
        continue;
      }
      batch.push(summary);
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
    await flush(batch);
  } finally {
    journal.end();
    await once(journal, 'close');
  }

  const assets: ManifestAsset[] = [];
  if (options.withAssets === true && options.wiki.listAssets && options.wiki.downloadAsset) {
    for await (const asset of options.wiki.listAssets()) {
      options.signal?.throwIfAborted();
      try {
        const rel = `assets/${safeAssetPath(asset.path)}`;
        const data = await options.wiki.downloadAsset(asset.path);
        await writeFileAtomic(await resolveInside(root, rel), data);
        assets.push({ path: asset.path, file: rel, sha256: sha256(data), size: data.byteLength });
      } catch (error) {
        failed.push({ path: asset.path, error });
      }
      options.onProgress?.({ phase: 'assets', done: assets.length, total: undefined });
    }
  }

  const manifest: ExportManifest = {
    format: 'wikikit-export',
    version: 1,
    wiki: { kind: options.wiki.kind, url: options.wiki.url },
    exportedAt: new Date().toISOString(),
    withHistory: options.withHistory === true,
    withAssets: options.withAssets === true,
    pages: [...seen.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    assets: assets.sort((a, b) => (a.file < b.file ? -1 : 1)),
  };
  await writeFileAtomic(join(root, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  if (failed.length === 0) await rm(journalPath, { force: true });

  if (archive && failed.length === 0) {
    options.onProgress?.({ phase: 'archive', done: 0, total: 1 });
    await replaceFileAtomic(target, (temp) => writeArchive(root, temp, manifest));
    await rm(root, { recursive: true, force: true });
    options.onProgress?.({ phase: 'archive', done: 1, total: 1 });
  }
  return { target: archive && failed.length === 0 ? target : root, pages: seen.size, resumed, assets: assets.length, failed };
}

/** Reads and checks `manifest.json`. @throws {UsageError} */
export async function readManifest(root: string): Promise<ExportManifest> {
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(await readFile(join(root, MANIFEST_FILE), 'utf8')) as ExportManifest;
  } catch (cause) {
    throw usageError(`${root} has no readable ${MANIFEST_FILE}; is it a wikikit export?`, { field: 'source', cause });
  }
  if (manifest.format !== 'wikikit-export' || manifest.version !== 1 || !Array.isArray(manifest.pages)) {
    throw usageError(`${join(root, MANIFEST_FILE)} is not a wikikit export manifest (version 1)`, { field: 'source' });
  }
  return manifest;
}

async function writePage(root: string, page: Page, options: ExportOptions): Promise<ManifestPage> {
  const rel = `pages/${safeSegment(page.locale)}/${wikiPathToFile(page.path, page.format)}`;
  const text = renderPageFile(pageToFile(page));
  await writeExportFile(await resolveInside(root, rel), text);
  const size = Buffer.byteLength(text);
  let history: ManifestFile[] | undefined;
  if (options.withHistory === true && options.wiki.capabilities.history) {
    history = [];
    const revisions = await options.wiki.history(page.path, { locale: page.locale, withContent: true });
    const base = rel.slice('pages/'.length, rel.length - extensionFor(page.format).length);
    for (const [index, revision] of revisions.entries()) {
      const hrel = `history/${base}/${String(revisions.length - index).padStart(5, '0')}${extensionFor(page.format)}`;
      const htext = renderPageFile({
        meta: {},
        extraKeys: {
          revision: revision.revision,
          timestamp: revision.timestamp,
          ...(revision.author === undefined ? {} : { author: revision.author }),
          ...(revision.summary === undefined ? {} : { summary: revision.summary }),
        },
        content: revision.content ?? '',
      });
      await writeExportFile(await resolveInside(root, hrel), htext);
      history.push({ file: hrel, sha256: sha256(htext), size: Buffer.byteLength(htext), revision: revision.revision });
    }
  }
  return {
    path: page.path,
    locale: page.locale,
    file: rel,
    sha256: sha256(text),
    size,
    format: page.format,
    id: page.id,
    revision: page.revision,
    updatedAt: page.updatedAt,
    ...(history ? { history } : {}),
  };
}

/**
 * Streams the export into a gzip'd tar one file at a time with backpressure. (Handing
 * `tar.Pack` every path up front queues a job per file, so memory grows with the wiki;
 * headers still come from node-tar.)
 */
async function writeArchive(root: string, file: string, manifest: ExportManifest): Promise<void> {
  const gzip = createGzip();
  const out = createWriteStream(file);
  const finished = new Promise<void>((resolvePromise, reject) => {
    out.on('close', resolvePromise);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const files = [MANIFEST_FILE];
  for (const page of manifest.pages) {
    files.push(page.file);
    for (const h of page.history ?? []) files.push(h.file);
  }
  for (const asset of manifest.assets) files.push(asset.file);
  const mtime = new Date(manifest.exportedAt);
  for (const rel of files) {
    const data = await readFile(join(root, rel));
    const fields = { path: rel, mode: 0o644, uid: 0, gid: 0, size: data.byteLength, mtime, type: 'File' as const };
    const header = new tar.Header(fields);
    // Names past the ustar limits go in a PAX extended header first, as tar(1) does.
    if (header.encode()) await send(gzip, new tar.Pax(fields).encode());
    if (header.block) await send(gzip, header.block);
    await send(gzip, data);
    const pad = (512 - (data.byteLength % 512)) % 512;
    if (pad > 0) await send(gzip, Buffer.alloc(pad));
  }
  gzip.end(Buffer.alloc(1024)); // two zero blocks end a tar archive
  await finished;
}

async function send(stream: NodeJS.WritableStream, chunk: Uint8Array): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * Page files are written without fsync: a torn file is caught on resume by its checksum in the
 * journal, and the manifest (written atomically, last) is what makes an export complete.
 */
async function writeExportFile(path: string, data: string): Promise<void> {
  const dir = dirname(path);
  if (!madeDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    // Bounded: a wiki has far fewer folders than pages, and the set only saves syscalls.
    if (madeDirs.size > 10_000) madeDirs.clear();
    madeDirs.add(dir);
  }
  try {
    await writeFile(path, data);
  } catch (error) {
    // The folder was removed since it was made (an earlier export in this process): make it again.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dir, { recursive: true });
    await writeFile(path, data);
  }
}
const madeDirs = new Set<string>();

async function readJournal(file: string): Promise<Map<string, ManifestPage>> {
  const entries = new Map<string, ManifestPage>();
  const exists = await stat(file).catch(() => undefined);
  if (!exists) return entries;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as ManifestPage;
      entries.set(key(entry), entry);
    } catch {
      // A torn last line from a crash: that page is exported again.
    }
  }
  return entries;
}

async function fileMatches(root: string, entry: ManifestPage): Promise<boolean> {
  try {
    const data = await readFile(join(root, entry.file));
    return sha256(data) === entry.sha256;
  } catch {
    return false;
  }
}

function key(page: { locale: string; path: string }): string {
  return `${page.locale}\u0000${page.path}`;
}

function safeSegment(locale: string): string {
  return wikiPathToFile(locale === '' ? 'default' : locale, 'markdown', 'locale').replace(/\.md$/, '');
}

function safeAssetPath(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  const dot = trimmed.lastIndexOf('.');
  const slash = trimmed.lastIndexOf('/');
  // Reuse the page mapping's checks (no `..`, reserved names, …) on the name without its extension.
  const stem = dot > slash ? trimmed.slice(0, dot) : trimmed;
  const ext = dot > slash ? trimmed.slice(dot) : '';
  const mapped = wikiPathToFile(stem, 'markdown', 'asset').replace(/\.md$/, '');
  return `${mapped}${ext}`;
}
