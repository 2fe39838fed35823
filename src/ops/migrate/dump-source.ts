/**
 * A MediaWiki XML dump as a page source. The dump is streamed twice or more, never held:
 * once to list pages, files, namespaces and the `Template:` pages (kept for template
 * expansion: they are what a live wiki would expand with), then once per `read()` for the
 * page texts, so memory grows with the number of titles, not with the size of the dump.
 *
 * Files come from the dump itself (`dumpBackup.php --uploads --include-files`) or from a
 * directory (`--files DIR`: the wiki's `images/` folder, or any folder holding the files by
 * name), found by name at any depth (MediaWiki stores them as `a/ab/Name.png`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { usageError } from '../../errors.js';
import { readDump, type DumpPage, type DumpSiteinfo } from './dump.js';
import { normalizeTitle } from './mapping.js';
import type { PageSource, ReadOptions, SourceContent, SourceEntry, SourceFile, SourcePage, SourceSite, TemplateExpansion } from './source.js';
import { convertWikitext } from './convert.js';
import { expandTemplates } from './wikitext/expand.js';
import { siteNames, type SiteNames } from './wikitext/title.js';

export interface DumpSourceOptions {
  /** Folder holding the uploaded files (searched by file name, at any depth). */
  readonly filesDir?: string;
  /** Interwiki prefixes (the dump format has no interwiki map): prefix → URL with `$1`. */
  readonly interwiki?: ReadonlyMap<string, string>;
  /** Keep at most this many revisions per page when history is read. @default 5000 */
  readonly historyLimit?: number;
}

type DumpFile = SourceFile & { readonly embedded: boolean; readonly rel?: string };

interface Scan {
  readonly siteinfo: DumpSiteinfo | undefined;
  readonly names: SiteNames;
  readonly pages: SourcePage[];
  readonly files: Map<string, DumpFile>;
  readonly templates: Map<string, string>;
}

/** Folders of a MediaWiki `images/` directory that hold no current originals. */
const NOT_ORIGINALS = new Set(['thumb', 'archive', 'deleted', 'temp', 'lockdir', 'math', 'timeline']);

export class DumpPageSource implements PageSource {
  private readonly path: string;
  private readonly options: DumpSourceOptions;
  private scanned: Promise<Scan> | undefined;
  private fileIndex: Promise<Map<string, string>> | undefined;

  constructor(path: string, options: DumpSourceOptions = {}) {
    this.path = resolve(path);
    this.options = options;
  }

  private scan(signal?: AbortSignal): Promise<Scan> {
    this.scanned ??= this.doScan(signal);
    return this.scanned;
  }

  private async doScan(signal?: AbortSignal): Promise<Scan> {
    let siteinfo: DumpSiteinfo | undefined;
    let names = siteNames([], [], this.options.interwiki ?? []);
    const pages: SourcePage[] = [];
    const files = new Map<string, DumpFile>();
    const templates = new Map<string, string>();
    for await (const item of readDump(this.path, { keep: ({ ns }) => (ns === 10 ? 'latest' : 'none'), ...(signal === undefined ? {} : { signal }) })) {
      if (item.kind === 'siteinfo') {
        siteinfo = item.siteinfo;
        names = siteNames(item.siteinfo.namespaces, [], this.options.interwiki ?? []);
        continue;
      }
      const page = item.page;
      pages.push({ title: page.title, ns: page.ns, pageid: page.id });
      if (page.ns === 10) templates.set(normalizeTitle(page.title), page.revisions[0]?.text ?? '');
      if (page.ns === 6) this.addFile(files, page);
    }
    if (siteinfo === undefined && pages.length === 0) throw usageError(`${this.path} holds no pages`, { field: 'fromDump' });
    return { siteinfo, names, pages, files, templates };
  }

  private addFile(files: Map<string, DumpFile>, page: DumpPage): void {
    const upload = page.uploads[page.uploads.length - 1];
    const name = (upload?.filename ?? page.title.slice(page.title.indexOf(':') + 1)).replace(/ /g, '_');
    const title = `File:${name.replace(/_/g, ' ')}`;
    files.set(normalizeTitle(title), {
      name,
      title,
      embedded: upload?.embedded === true,
      ...(upload?.rel === undefined ? {} : { rel: upload.rel }),
      ...(upload?.size === undefined ? {} : { size: upload.size }),
      ...(upload?.sha1 === undefined ? {} : { sha1: upload.sha1 }),
    });
  }

  async site(signal?: AbortSignal): Promise<SourceSite> {
    const scan = await this.scan(signal);
    const base = scan.siteinfo?.base;
    return {
      // The wiki's own address when the dump names it, so re-exported dumps keep one identity.
      id: base !== undefined && base !== '' ? base : pathToFileURL(this.path).href,
      names: scan.names,
      ...(scan.siteinfo?.sitename === undefined ? {} : { siteName: scan.siteinfo.sitename }),
    };
  }

  async *pages(namespaces: readonly number[], signal?: AbortSignal): AsyncIterable<SourcePage> {
    const scan = await this.scan(signal);
    const wanted = new Set(namespaces);
    const seen = new Set<string>();
    for (const page of scan.pages) {
      // A dump made of several exports may hold a page twice; the mapping wants it once.
      const key = normalizeTitle(page.title);
      if (wanted.has(page.ns) && !seen.has(key)) {
        seen.add(key);
        yield page;
      }
    }
  }

  async *files(signal?: AbortSignal): AsyncIterable<SourceFile> {
    const scan = await this.scan(signal);
    for (const file of scan.files.values()) {
      yield { name: file.name, title: file.title, ...(file.size === undefined ? {} : { size: file.size }), ...(file.sha1 === undefined ? {} : { sha1: file.sha1 }) };
    }
  }

  async filesUsedBy(titles: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
    const scan = await this.scan(signal);
    const wanted = new Set(titles.map(normalizeTitle));
    const used = new Set<string>();
    const pages = scan.pages.filter((p) => wanted.has(normalizeTitle(p.title)));
    for await (const batch of this.read(pages, { batchSize: 50, withHistory: false, ...(signal === undefined ? {} : { signal }) })) {
      for (const entry of batch) {
        const result = convertWikitext(entry.content?.content ?? '', {
          title: entry.page.title,
          site: scan.names,
          resolvePage: () => ({ path: '/', exists: true }),
          resolveFile: () => ({ path: '/', exists: true }),
        });
        for (const file of result.files) used.add(normalizeTitle(file.target));
      }
    }
    return used;
  }

  async *read(pages: readonly SourcePage[], { batchSize, withHistory: history, signal }: ReadOptions): AsyncIterable<SourceEntry[]> {
    const wanted = new Map(pages.map((p) => [normalizeTitle(p.title), p]));
    let batch: SourceEntry[] = [];
    for await (const item of readDump(this.path, {
      keep: ({ title }) => (wanted.has(normalizeTitle(title)) ? (history ? 'all' : 'latest') : 'none'),
      historyLimit: this.options.historyLimit ?? 5000,
      ...(signal === undefined ? {} : { signal }),
    })) {
      if (item.kind !== 'page') continue;
      const key = normalizeTitle(item.page.title);
      const page = wanted.get(key);
      if (page === undefined) continue;
      wanted.delete(key);
      const revisions = item.page.revisions;
      const latest = revisions[revisions.length - 1];
      const toRevision = (r: (typeof revisions)[number]): SourceContent => ({
        title: item.page.title,
        missing: false,
        revid: r.revid,
        ...(r.timestamp === undefined ? {} : { timestamp: r.timestamp }),
        ...(r.user === undefined ? {} : { user: r.user }),
        ...(r.comment === undefined ? {} : { comment: r.comment }),
        content: r.text ?? '',
        ...(r.model === undefined ? {} : { contentmodel: r.model }),
      });
      const all = revisions.map(toRevision);
      batch.push({
        page,
        content: latest === undefined ? undefined : toRevision(latest),
        history: (limit) => Promise.resolve(all.slice(-limit)),
      });
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    // Listed but not found on this pass: the dump changed under us.
    for (const page of wanted.values()) batch.push({ page, content: undefined, history: () => Promise.resolve([]) });
    if (batch.length > 0) yield batch;
  }

  async expandTemplates(title: string, wikitext: string, signal?: AbortSignal): Promise<TemplateExpansion> {
    const scan = await this.scan(signal);
    const result = expandTemplates(wikitext, {
      title,
      site: scan.names,
      ...(scan.siteinfo?.sitename === undefined ? {} : { siteName: scan.siteinfo.sitename }),
      template: (name) => scan.templates.get(normalizeTitle(name)),
    });
    return { text: result.text, warnings: result.warnings };
  }

  async readFile(file: SourceFile, signal?: AbortSignal): Promise<Uint8Array> {
    const scan = await this.scan(signal);
    const known = scan.files.get(normalizeTitle(file.title));
    if (this.options.filesDir !== undefined) {
      if (known?.rel !== undefined && !known.rel.split(/[\\/]/).includes('..')) {
        const data = await readFile(join(this.options.filesDir, known.rel)).catch(() => undefined);
        if (data !== undefined) return data;
      }
      const index = await this.index();
      const path = index.get(fileKey(file.name));
      if (path !== undefined) return readFile(path);
    }
    if (known?.embedded === true) {
      for await (const item of readDump(this.path, { keep: () => 'none', uploadContents: true, ...(signal === undefined ? {} : { signal }) })) {
        if (item.kind !== 'page' || normalizeTitle(item.page.title) !== normalizeTitle(file.title)) continue;
        const contents = item.page.uploads[item.page.uploads.length - 1]?.contents;
        if (contents !== undefined) return contents;
      }
    }
    throw usageError(
      this.options.filesDir === undefined
        ? `the dump has no contents for ${file.title}; give the folder of the wiki's files with --files DIR (its images/ folder), or export with dumpBackup.php --uploads --include-files`
        : `${file.title} is neither in ${this.options.filesDir} nor embedded in the dump`,
      { field: 'files' },
    );
  }

  /** File name → path for every file under `filesDir` (built once). */
  private index(): Promise<Map<string, string>> {
    const dir = this.options.filesDir;
    if (dir === undefined) return Promise.resolve(new Map<string, string>());
    this.fileIndex ??= (async () => {
      const index = new Map<string, string>();
      const walk = async (folder: string, depth: number): Promise<void> => {
        let entries;
        try {
          entries = await readdir(folder, { withFileTypes: true });
        } catch (error) {
          if (depth === 0) throw usageError(`--files ${dir}: ${error instanceof Error ? error.message : String(error)}`, { field: 'files', cause: error });
          return;
        }
        for (const entry of entries) {
          const path = join(folder, entry.name);
          if (entry.isDirectory()) {
            if (!NOT_ORIGINALS.has(entry.name) && depth < 4) await walk(path, depth + 1);
          } else if (entry.isFile() && !index.has(fileKey(entry.name))) {
            index.set(fileKey(entry.name), path);
          }
        }
      };
      await walk(resolve(dir), 0);
      return index;
    })();
    return this.fileIndex;
  }
}

/** Files are found by name as MediaWiki spells it: underscores, first letter upper case. */
function fileKey(name: string): string {
  const n = name.normalize('NFC').replace(/ /g, '_');
  return n.charAt(0).toUpperCase() + n.slice(1);
}
