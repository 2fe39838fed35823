/**
 * The two sides of a sync, side by side: the folder walked (names checked, changed files read
 * and hashed), the wiki listed, and the status of every file against the state file's base.
 */
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { posix, resolve as resolvePath } from 'node:path';
import { UsageError, isWikikitError, usageError } from '../errors.js';
import type { ContentFormat, Page, PageSummary } from '../model/page.js';
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
import type { Skip } from './plan.js';
import { runBatch } from './run-batch.js';
import { loadState, type FileStat, type SyncState } from './sync-state.js';
import type { LocalStatus, SyncDirection, SyncOptions, WikiStatus } from './sync-types.js';

export const DEFAULT_BATCH = 50;

export interface LocalEntry {
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

export interface Scan {
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

// ---------------------------------------------------------------------------------------------
// Scanning

export async function scanBothSides(options: Omit<SyncOptions, 'direction'>, direction: SyncDirection): Promise<Scan> {
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
export function refuseUnreadable(scan: Scan): boolean {
  let any = false;
  for (const [file, entry] of scan.local) {
    if (entry.problem === undefined) continue;
    scan.refused.push({ path: entry.path, file, reason: entry.problem });
    scan.local.delete(file);
    any = true;
  }
  return any;
}

export async function ensureRead(entry: LocalEntry, state: SyncState): Promise<void> {
  if (entry.text !== undefined) return;
  const base = state.files[entry.file];
  if (base && base.size === entry.stat.size && base.mtimeMs === entry.stat.mtimeMs) {
    entry.hash = base.hash; // unchanged since the last sync: no read
    return;
  }
  readInto(entry, await readFile(entry.abs));
}

export async function ensureText(entry: LocalEntry): Promise<void> {
  if (entry.text !== undefined) return;
  readInto(entry, await readFile(entry.abs));
}

export function allFiles(scan: Scan): string[] {
  const files = new Set<string>([...scan.local.keys(), ...scan.remoteFiles.values()]);
  for (const [file, entry] of Object.entries(scan.state.files)) {
    if (isWithinPrefix(entry.path, scan.prefix)) files.add(file);
  }
  // A refused file must not be planned through its state entry either.
  for (const r of scan.refused) if (r.file !== undefined) files.delete(r.file);
  return [...files].sort();
}

export function pathOf(scan: Scan, file: string): string {
  const local = scan.local.get(file);
  if (local) return local.path;
  const base = scan.state.files[file];
  if (base) return base.path;
  for (const [path, f] of scan.remoteFiles) if (f === file) return path;
  return file;
}

export function localStatus(scan: Scan, file: string): LocalStatus {
  const entry = scan.local.get(file);
  const base = scan.state.files[file];
  if (!entry) return base ? 'deleted' : 'absent';
  if (!base) return 'new';
  return entry.hash === base.hash ? 'same' : 'changed';
}

export function wikiStatus(scan: Scan, file: string): WikiStatus {
  const path = pathOf(scan, file);
  const summary = scan.remote.get(path);
  const base = scan.state.files[file];
  if (!summary) return base ? 'deleted' : 'absent';
  if (!base) return 'new';
  if (summary.revision !== undefined) return summary.revision === base.revision ? 'same' : 'changed';
  return summary.updatedAt === base.updatedAt ? 'same' : 'changed';
}

export function revisionOf(summary: PageSummary): string {
  return summary.revision ?? summary.updatedAt;
}

export async function fetchPages(wiki: Wiki, paths: readonly string[], options: Omit<SyncOptions, 'direction'>): Promise<Map<string, Page | undefined>> {
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

export function localeOpt(options: Pick<SyncOptions, 'locale'>): { locale?: string } {
  return options.locale === undefined ? {} : { locale: options.locale };
}

export function messageOf(error: unknown): string {
  if (isWikikitError(error) || error instanceof Error) return error.message;
  return String(error);
}
