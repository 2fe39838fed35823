/**
 * MediaWiki title → Wiki.js path, decided once and written to a mapping file, so that links
 * converted in this run, links converted in a later (resumed) run and the pages themselves
 * all agree.
 *
 * Wiki.js rules the paths must obey (requarks/wiki 2.5 `pages.js`, `helpers/page.js`,
 * `app/data.yml`, and shared/wikijs/v2/observed-behaviour.md):
 * - `.`, spaces, `\` and `//` are refused (6005 PageIllegalPath);
 * - the URL parser strips `\x00-\x1f \x80-\x9f \ " | < > : * ?` (a page holding them can't be opened);
 * - a first segment of one character, a locale-like first segment (`en`, `pt-br`) or one of
 *   the reserved names (login, logout, register, verify, favicons, fonts, img, js, svg, plus
 *   the server's own routes) can't be reached as a page.
 * Uploaded asset names are lower-cased and `[\s,;#]` become `_`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { usageError } from '../../errors.js';
import { WIKIJS_SHADOWED_SEGMENTS } from '../../model/path.js';
import { writeFileAtomic } from '../files.js';

export const RESERVED_FIRST_SEGMENTS: ReadonlySet<string> = new Set(WIKIJS_SHADOWED_SEGMENTS);
const LOCALE_LIKE = /^[a-z]{2}(?:-[a-z]{2})?$/i;
const MAX_SEGMENT = 100;

/** A page of the source wiki, as the mapping needs it. */
export interface SourceTitle {
  readonly title: string;
  /** MediaWiki namespace number (0 = main). */
  readonly ns: number;
  readonly pageId?: number;
}

export interface PageMappingEntry {
  /** Wiki.js path, no leading slash, no locale. */
  readonly path: string;
  readonly ns: number;
  readonly pageId?: number;
  /** Last source revision written to the target (resume skips pages already there). */
  readonly migratedRevid?: number;
  /** Target revision token after that write. */
  readonly targetRevision?: string;
}

export interface FileMappingEntry {
  /** Link path of the asset, with leading slash (`/migrated-files/logo.png`). */
  readonly path: string;
  readonly uploaded?: boolean;
  readonly sha1?: string;
}

export interface MappingData {
  readonly version: 1;
  readonly source?: string;
  readonly target?: string;
  readonly prefix: string;
  readonly assetFolder: string;
  readonly pages: Readonly<Record<string, PageMappingEntry>>;
  readonly files: Readonly<Record<string, FileMappingEntry>>;
}

export interface MappingOptions {
  /** Folder every migrated page goes under (`wiki` → `wiki/main-page`). Default: none. */
  readonly prefix?: string;
  /** Asset folder for migrated files. Default `migrated-files`. */
  readonly assetFolder?: string;
  readonly source?: string;
  readonly target?: string;
}

/** One path segment: lower-case kebab, letters and digits of any script kept. */
export function slugSegment(text: string): string {
  let slug = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const chars = slug.match(/./gsu) ?? [];
  if (chars.length > MAX_SEGMENT) slug = chars.slice(0, MAX_SEGMENT).join('').replace(/-+$/, '');
  return slug;
}

/** Short, stable hash of a title: the deterministic collision suffix. */
export function titleHash(title: string, length = 6): string {
  return createHash('sha1').update(title.normalize('NFC')).digest('hex').slice(0, length);
}

/** True when Wiki.js can't serve a page whose path starts with this segment. */
export function isReservedFirstSegment(segment: string): boolean {
  return (segment.match(/./gsu) ?? []).length <= 1 || LOCALE_LIKE.test(segment) || RESERVED_FIRST_SEGMENTS.has(segment.toLowerCase());
}

/** Why a path would be refused or unreachable on Wiki.js, or undefined when it is fine. */
export function wikiJsPathProblem(path: string): string | undefined {
  if (path === '') return 'empty path';
  if (path.startsWith('/') || path.endsWith('/')) return 'leading or trailing slash';
  if (/[.\s\\]/.test(path)) return 'contains ".", a space or "\\" (PageIllegalPath)';
  if (path.includes('//')) return 'contains "//" (PageIllegalPath)';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x80-\x9f"|<>:*?#%]/.test(path)) return 'contains a character Wiki.js strips from URLs';
  const first = path.split('/')[0] ?? '';
  if (isReservedFirstSegment(first)) return `first segment "${first}" is reserved by Wiki.js`;
  return undefined;
}

/** Predicts the stored name of an uploaded asset (Wiki.js lower-cases and replaces `[\s,;#]`). */
export function assetFileName(fileTitle: string): string {
  const bare = fileTitle.replace(/^[^:]*:/, '');
  const dot = bare.lastIndexOf('.');
  const stem = dot > 0 ? bare.slice(0, dot) : bare;
  const ext = dot > 0 ? bare.slice(dot + 1) : '';
  const clean = (s: string): string =>
    s
      .normalize('NFC')
      .toLowerCase()
      // eslint-disable-next-line no-control-regex
      .replace(/[/?<>\\:*|"\x00-\x1f\x80-\x9f]/g, '')
      .replace(/[\s,;#.]+/g, '_')
      .replace(/^_+|_+$/g, '');
  const cleanStem = clean(stem) || `file-${titleHash(fileTitle)}`;
  const cleanExt = clean(ext);
  return cleanExt === '' ? cleanStem : `${cleanStem}.${cleanExt}`;
}

/** Normalises a MediaWiki title the way MediaWiki compares them (`_` = space, first letter upper). */
export function normalizeTitle(title: string): string {
  const spaced = title.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  const colon = spaced.indexOf(':');
  const upperFirst = (s: string): string => (s === '' ? s : (s[0] ?? '').toUpperCase() + s.slice(1));
  if (colon > 0) {
    return `${upperFirst(spaced.slice(0, colon).trim())}:${upperFirst(spaced.slice(colon + 1).trim())}`;
  }
  return upperFirst(spaced);
}

export class PathMapping {
  readonly prefix: string;
  readonly assetFolder: string;
  readonly source: string | undefined;
  readonly target: string | undefined;
  private readonly pages = new Map<string, PageMappingEntry>();
  private readonly files = new Map<string, FileMappingEntry>();
  private readonly takenPaths = new Map<string, string>();
  private readonly takenAssets = new Set<string>();
  /** Titles known to exist on the source wiki in this run (mapping entries may be older). */
  private readonly existing = new Set<string>();

  constructor(options: MappingOptions = {}) {
    this.prefix = normalizePrefix(options.prefix ?? '');
    this.assetFolder = normalizePrefix(options.assetFolder ?? 'migrated-files');
    if (this.assetFolder === '') throw usageError('the asset folder must not be empty', { field: 'assetFolder' });
    this.source = options.source;
    this.target = options.target;
  }

  static fromJSON(data: MappingData): PathMapping {
    if (data.version !== 1) throw usageError(`mapping file version ${String(data.version)} is not supported`, { field: 'mappingFile' });
    const mapping = new PathMapping({
      prefix: data.prefix,
      assetFolder: data.assetFolder,
      ...(data.source === undefined ? {} : { source: data.source }),
      ...(data.target === undefined ? {} : { target: data.target }),
    });
    for (const [title, entry] of Object.entries(data.pages)) {
      mapping.pages.set(title, entry);
      mapping.takenPaths.set(entry.path.toLowerCase(), title);
    }
    for (const [title, entry] of Object.entries(data.files)) {
      mapping.files.set(title, entry);
      mapping.takenAssets.add(entry.path.toLowerCase());
    }
    return mapping;
  }

  toJSON(): MappingData {
    const sortedPages = [...this.pages.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const sortedFiles = [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      version: 1,
      ...(this.source === undefined ? {} : { source: this.source }),
      ...(this.target === undefined ? {} : { target: this.target }),
      prefix: this.prefix,
      assetFolder: this.assetFolder,
      pages: Object.fromEntries(sortedPages),
      files: Object.fromEntries(sortedFiles),
    };
  }

  /**
   * Gives every title a path. Titles already mapped keep theirs; new ones are taken in
   * (namespace, title) order, so the same set of titles always maps the same way, and a
   * title that collides with a taken path gets `-<hash of its own title>`, which depends on
   * nothing else.
   */
  assignPages(titles: readonly SourceTitle[]): void {
    const fresh: SourceTitle[] = [];
    for (const t of titles) {
      const key = normalizeTitle(t.title);
      this.existing.add(key);
      if (!this.pages.has(key)) fresh.push(t);
    }
    fresh.sort((a, b) => a.ns - b.ns || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
    for (const t of fresh) {
      const key = normalizeTitle(t.title);
      if (this.pages.has(key)) continue;
      const base = this.basePath(key, t.ns);
      let path = base;
      let length = 6;
      while (this.takenPaths.has(path.toLowerCase())) {
        path = `${base}-${titleHash(key, length)}`;
        length += 2;
      }
      this.takenPaths.set(path.toLowerCase(), key);
      this.pages.set(key, { path, ns: t.ns, ...(t.pageId === undefined ? {} : { pageId: t.pageId }) });
    }
  }

  /** Gives every file title an asset path (same ordering and suffix rules as pages). */
  assignFiles(fileTitles: readonly string[]): void {
    const fresh = fileTitles.map(normalizeTitle).filter((t) => !this.files.has(t));
    fresh.sort();
    for (const title of fresh) {
      this.existing.add(title);
      if (this.files.has(title)) continue;
      const name = assetFileName(title);
      let path = `/${this.assetFolder}/${name}`;
      let length = 6;
      while (this.takenAssets.has(path.toLowerCase())) {
        const dot = name.lastIndexOf('.');
        const suffixed = dot > 0 ? `${name.slice(0, dot)}_${titleHash(title, length)}${name.slice(dot)}` : `${name}_${titleHash(title, length)}`;
        path = `/${this.assetFolder}/${suffixed}`;
        length += 2;
      }
      this.takenAssets.add(path.toLowerCase());
      this.files.set(title, { path });
    }
    for (const title of fileTitles) this.existing.add(normalizeTitle(title));
  }

  page(title: string): PageMappingEntry | undefined {
    return this.pages.get(normalizeTitle(title));
  }

  file(title: string): FileMappingEntry | undefined {
    return this.files.get(normalizeTitle(title));
  }

  /** All mapped pages (title → entry). */
  pageEntries(): [string, PageMappingEntry][] {
    return [...this.pages.entries()];
  }

  updatePage(title: string, patch: Partial<Omit<PageMappingEntry, 'path' | 'ns'>>): void {
    const key = normalizeTitle(title);
    const entry = this.pages.get(key);
    if (entry === undefined) return;
    this.pages.set(key, { ...entry, ...patch });
  }

  updateFile(title: string, patch: Partial<FileMappingEntry>): void {
    const key = normalizeTitle(title);
    const entry = this.files.get(key);
    if (entry === undefined) return;
    if (patch.path !== undefined && patch.path !== entry.path) {
      this.takenAssets.delete(entry.path.toLowerCase());
      this.takenAssets.add(patch.path.toLowerCase());
    }
    this.files.set(key, { ...entry, ...patch });
  }

  /** Link target for a page title: the mapped path, or the path it would get (broken link). */
  resolvePage(title: string, nsOf?: (title: string) => number): { path: string; exists: boolean } {
    const key = normalizeTitle(title);
    const entry = this.pages.get(key);
    if (entry !== undefined) return { path: `/${entry.path}`, exists: this.existing.has(key) || entry.migratedRevid !== undefined };
    const ns = nsOf?.(key) ?? (key.includes(':') ? -99 : 0);
    return { path: `/${this.basePath(key, ns)}`, exists: false };
  }

  resolveFile(title: string): { path: string; exists: boolean } {
    const key = normalizeTitle(title.replace(/^(?:Image|Media):/i, 'File:'));
    const entry = this.files.get(key);
    if (entry !== undefined) return { path: entry.path, exists: this.existing.has(key) || entry.uploaded === true };
    return { path: `/${this.assetFolder}/${assetFileName(key)}`, exists: false };
  }

  private basePath(title: string, ns: number): string {
    const colon = title.indexOf(':');
    const hasNamespace = ns !== 0 && colon > 0;
    const nsName = hasNamespace ? title.slice(0, colon) : '';
    const name = hasNamespace ? title.slice(colon + 1) : title;
    const segments = name.split('/').map(slugSegment).filter((s) => s !== '');
    if (segments.length === 0) segments.push(`p-${titleHash(title)}`);
    if (hasNamespace) segments.unshift(slugSegment(nsName) || `ns-${ns}`);
    if (this.prefix !== '') segments.unshift(this.prefix);
    else if (segments[0] !== undefined && isReservedFirstSegment(segments[0])) segments[0] = `${segments[0]}-page`;
    return segments.join('/');
  }
}

function normalizePrefix(prefix: string): string {
  const cleaned = prefix.trim().replace(/^\/+|\/+$/g, '');
  if (cleaned === '') return '';
  const segments = cleaned.split('/').map(slugSegment);
  if (segments.some((s) => s === '')) throw usageError(`prefix "${prefix}" has an empty segment`, { field: 'prefix' });
  const path = segments.join('/');
  const problem = wikiJsPathProblem(path);
  if (problem !== undefined) throw usageError(`prefix "${prefix}" can't be used on Wiki.js: ${problem}`, { field: 'prefix' });
  return path;
}

export async function loadMapping(file: string): Promise<PathMapping | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw usageError(`can't read mapping file ${file}`, { field: 'mappingFile', cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw usageError(`mapping file ${file} is not valid JSON`, { field: 'mappingFile', cause: error });
  }
  if (typeof data !== 'object' || data === null || (data as { version?: unknown }).version !== 1) {
    throw usageError(`mapping file ${file} is not a wikikit mapping (version 1)`, { field: 'mappingFile' });
  }
  return PathMapping.fromJSON(data as MappingData);
}

/** Writes the mapping atomically (temp file + rename), so an interrupted run never leaves half a file. */
export async function saveMapping(file: string, mapping: PathMapping): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(mapping.toJSON(), null, 2)}\n`);
}
