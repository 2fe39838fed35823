// Length (>400 lines) on purpose: one pipeline (list, map, upload, convert, write) whose phases share the mapping, the report and the resume state; each step's logic lives in mapping.ts, convert.ts, source.ts.
/**
 * MediaWiki → Wiki.js migration over the page model.
 *
 * Order matters: list everything and decide every path first (so links in any page resolve),
 * upload files second (so image links use the asset path Wiki.js actually gave), then read,
 * convert and write pages batch by batch, saving the mapping file after each batch so an
 * interrupted run resumes where it stopped. Writes are guarded: a page is created with
 * `expectedRevision: null` and updated only at the revision this migration last wrote, so a
 * re-run never duplicates a page and never overwrites someone's edit on the target.
 */
import pLimit from 'p-limit';
import { ConflictError, isWikikitError, usageError } from '../../errors.js';
import type { PutResult, Wiki } from '../../model/wiki.js';
import { convertWikitext, findTemplates, type ConvertResult } from './convert.js';
import { PathMapping, loadMapping, normalizeTitle, saveMapping } from './mapping.js';
import { ReportBuilder, type MigrationReport } from './report.js';
import { runBatch } from '../run-batch.js';
import { ApiPageSource, type MigrationSource, type PageSource, type SourceEntry, type SourceFile, type SourcePage, type SourceRevision } from './source.js';
import { clientError } from '../../client-errors.js';

export type { MigrationSource } from './source.js';

export interface MigrateProgress {
  readonly phase: 'list' | 'files' | 'pages';
  readonly done: number;
  readonly total: number;
  readonly title?: string;
}

export interface MigrateOptions {
  /** A {@link MediaWikiClient} (read through the API), or any {@link PageSource} such as a `DumpPageSource`. */
  readonly from: MigrationSource | PageSource;
  /** The target, e.g. `new WikiJsClient(…).asWiki()`. */
  readonly to: Wiki;
  /** MediaWiki namespace numbers to migrate. @default [0] */
  readonly namespaces?: readonly number[];
  /** Folder on the target every page goes under. @default '' (site root) */
  readonly prefix?: string;
  /** Asset folder for files. @default 'migrated-files' */
  readonly assetFolder?: string;
  /** Replay every revision in order instead of only the latest. @default false */
  readonly withHistory?: boolean;
  /** Upload files (all of the source's `File:`s) as assets and relink them. @default false */
  readonly withFiles?: boolean;
  /** Produce the report without writing anything (pages, files or mapping file). @default false */
  readonly dryRun?: boolean;
  /** Skip pages the mapping file records as migrated at their current revision. @default false */
  readonly resume?: boolean;
  /** Where the title → path mapping (and resume state) is kept. Without it, nothing persists. */
  readonly mappingFile?: string;
  /** Expand templates (through the source wiki's `action=expandtemplates`, or from a dump's own templates). @default true */
  readonly expandTemplates?: boolean;
  /** Titles read per request. @default 50 */
  readonly batchSize?: number;
  /** Parallel writes to the target. @default 4 */
  readonly concurrency?: number;
  /** Only these titles (after namespace filtering), e.g. for a rehearsal. */
  readonly titles?: readonly string[];
  readonly onProgress?: (progress: MigrateProgress) => void;
  readonly signal?: AbortSignal;
}

/** Revisions read per page with --with-history; a longer history is cut (with a warning). */
const HISTORY_LIMIT = 5000;

/** Marker the provenance footer starts with; also how a re-run recognises its own pages. */
export const PROVENANCE_MARKER = 'wikikit:provenance';

export interface Provenance {
  readonly source: string;
  readonly title: string;
  readonly pageid: number;
  readonly revid: number;
  readonly timestamp?: string;
  readonly author?: string;
  readonly authors?: readonly string[];
  readonly created?: string;
  readonly creator?: string;
  readonly revisions?: number;
}

/** Footer recording where a page came from (Wiki.js sets its own dates and author). */
export function provenanceFooter(p: Provenance): string {
  const json = JSON.stringify(p).replace(/--/g, '-\\u002d');
  const by = p.author === undefined ? '' : ` by ${p.author}`;
  const when = p.timestamp === undefined ? '' : ` on ${p.timestamp}`;
  const created = p.created === undefined ? '' : `; created${p.creator === undefined ? '' : ` by ${p.creator}`} on ${p.created}`;
  const authors = p.authors !== undefined && p.authors.length > 0 ? `; authors: ${p.authors.join(', ')}` : '';
  return [
    '',
    '---',
    `<!-- ${PROVENANCE_MARKER} ${json} -->`,
    `> Migrated from MediaWiki page "${p.title}" (page id ${p.pageid}, revision ${p.revid}) at ${p.source}. Last edited${by}${when}${created}${authors}.`,
    '{.is-info}',
    '',
  ].join('\n');
}

/** Reads the provenance a previous run wrote into a page, if any. */
export function readProvenance(content: string): Provenance | undefined {
  const match = new RegExp(`<!-- ${PROVENANCE_MARKER} (\\{.*?\\}) -->`).exec(content);
  if (match?.[1] === undefined) return undefined;
  try {
    return JSON.parse(match[1]) as Provenance;
  } catch {
    return undefined;
  }
}

function isPageSource(from: MigrationSource | PageSource): from is PageSource {
  return !('apiUrl' in from);
}

export async function migrate(options: MigrateOptions): Promise<MigrationReport> {
  const { to } = options;
  const from: PageSource = isPageSource(options.from) ? options.from : new ApiPageSource(options.from);
  const namespaces = options.namespaces ?? [0];
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? 50;
  if (to.kind === 'mediawiki') throw usageError('the migration target must be a Wiki.js wiki', { field: 'to' });
  if (batchSize < 1) throw usageError('batchSize must be at least 1', { field: 'batchSize' });
  let started = performance.now();
  const site = await from.site(options.signal);
  const sourceId = site.id;
  const report = new ReportBuilder(sourceId, to.url, dryRun);

  const loaded = options.mappingFile === undefined ? undefined : await loadMapping(options.mappingFile);
  if (loaded !== undefined && options.prefix !== undefined && loaded.prefix !== new PathMapping({ prefix: options.prefix }).prefix) {
    throw usageError(`mapping file ${options.mappingFile ?? ''} was made with prefix "${loaded.prefix}", not "${options.prefix}"`, { field: 'prefix' });
  }
  if (options.resume && options.mappingFile === undefined) {
    throw usageError('--resume needs a mapping file (it holds what was already migrated)', { field: 'mappingFile' });
  }
  const mapping = loaded ?? new PathMapping({
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    ...(options.assetFolder === undefined ? {} : { assetFolder: options.assetFolder }),
    source: sourceId,
    target: to.url,
  });
  const persist = async (): Promise<void> => {
    if (!dryRun && options.mappingFile !== undefined) await saveMapping(options.mappingFile, mapping);
  };

  // -- list ---------------------------------------------------------------------------
  const names = site.names;
  const nsOf = (title: string): number => {
    const colon = title.indexOf(':');
    return colon > 0 ? (names.byName.get(title.slice(0, colon).replace(/_/g, ' ').toLowerCase()) ?? 0) : 0;
  };
  let pages: SourcePage[] = [];
  for await (const page of from.pages(namespaces, options.signal)) pages.push(page);
  if (options.titles !== undefined) {
    const wanted = new Set(options.titles.map(normalizeTitle));
    pages = pages.filter((p) => wanted.has(normalizeTitle(p.title)));
  }
  let files: SourceFile[] = [];
  for await (const file of from.files(options.signal)) files.push(file);
  if (options.titles !== undefined) {
    // A partial run (rehearsal) moves only the files its pages show.
    const used = await from.filesUsedBy(pages.map((p) => p.title), options.signal);
    files = files.filter((f) => used.has(normalizeTitle(f.title)));
  }
  mapping.assignPages(pages.map((p) => ({ title: p.title, ns: p.ns, pageId: p.pageid })));
  mapping.assignFiles(files.map((f) => f.title));
  report.read.add(performance.now() - started);
  options.onProgress?.({ phase: 'list', done: pages.length, total: pages.length });
  await persist();

  // -- files --------------------------------------------------------------------------
  if (options.withFiles) {
    started = performance.now();
    const upload = to.uploadAsset?.bind(to);
    // One at a time: the first upload creates the asset folder, and parallel creates race (2002).
    let done = 0;
    const uploads = await runBatch(
      files,
      async (file) => {
        const entry = mapping.file(file.title);
        const path = entry?.path ?? '';
        if (upload === undefined) {
          report.filesSkipped.push({ title: file.title, reason: `the target (${to.kind}) does not take assets` });
        } else if (entry?.uploaded === true && (file.sha1 === undefined || entry.sha1 === file.sha1)) {
          report.filesMigrated.push({ title: file.title, path, action: 'unchanged', ...pick(file, ['size']) });
        } else if (dryRun) {
          report.filesMigrated.push({ title: file.title, path, action: 'planned', ...pick(file, ['size']) });
        } else {
          try {
            const data = await from.readFile(file, options.signal);
            const name = path.slice(path.lastIndexOf('/') + 1);
            const ref = await upload(name, data, { folder: mapping.assetFolder, ...(file.mime === undefined ? {} : { mime: file.mime }) });
            const finalPath = ref.path.startsWith('/') ? ref.path : `/${ref.path}`;
            mapping.updateFile(file.title, { path: finalPath, uploaded: true, ...(file.sha1 === undefined ? {} : { sha1: file.sha1 }) });
            report.filesMigrated.push({ title: file.title, path: finalPath, action: 'uploaded', size: data.byteLength });
          } catch (error) {
            report.filesFailed.push(failure(file.title, error));
          }
        }
        done += 1;
        options.onProgress?.({ phase: 'files', done, total: files.length, title: file.title });
      },
      { concurrency: 1, ...signalOpt(options.signal) },
    );
    // An abort stops the migration (files not started are not "skipped" pages).
    if (uploads.aborted) options.signal?.throwIfAborted();
    // The worker records upload failures itself; anything else it throws stops the migration.
    const unexpected = uploads.failed[0];
    if (unexpected !== undefined) throw unexpected.error;
    report.filesMs += performance.now() - started;
    await persist();
  }

  // -- pages --------------------------------------------------------------------------
  // A pipeline: the next batch is read while this one is expanded and converted, and each page
  // is written as soon as it is converted. The source (often one slow PHP worker) stays busy,
  // and target writes overlap it instead of adding to it.
  const writeLimit = pLimit(Math.max(1, options.concurrency ?? 4));
  const batches = from.read(pages, { batchSize, withHistory: options.withHistory === true, ...signalOpt(options.signal) })[Symbol.asyncIterator]();
  const prefetch = (): Promise<IteratorResult<SourceEntry[]>> => {
    const pending = report.read.time(() => batches.next());
    // Awaited on the next turn; until then a failure (or an abort) must not count as unhandled.
    pending.catch(() => undefined);
    return pending;
  };
  let next = pages.length === 0 ? undefined : prefetch();
  let done = 0;
  try {
    while (next !== undefined) {
      options.signal?.throwIfAborted();
      const result = await next;
      if (result.done === true) break;
      next = prefetch();
      const writes: Promise<void>[] = [];
      for (const entry of result.value) {
        const job = await preparePage(entry);
        if (job !== undefined) writes.push(writeLimit(() => report.write.time(job)));
      }
      await Promise.all(writes);
      done += result.value.length;
      options.onProgress?.({ phase: 'pages', done, total: pages.length });
      await persist();
    }
  } finally {
    await batches.return?.();
  }
  return report.finish();

  /** Reads (history, template expansion) and converts one page; returns its write, if any. */
  async function preparePage(source: SourceEntry): Promise<(() => Promise<void>) | undefined> {
    const { page, content } = source;
    const title = page.title;
    const entry = mapping.page(title);
    if (content === undefined || content.missing || entry === undefined) {
      report.skipped.push({ title, reason: 'deleted on the source while migrating' });
      return undefined;
    }
    if (content.contentmodel !== undefined && content.contentmodel !== 'wikitext') {
      report.skipped.push({ title, reason: `content model "${content.contentmodel}" is not wikitext` });
      return undefined;
    }
    if (options.resume && entry.migratedRevid !== undefined && entry.migratedRevid === content.revid) {
      report.skipped.push({ title, reason: `already migrated at revision ${content.revid} (resume)` });
      return undefined;
    }

    // Revisions to write, oldest first: all of them with history, else the latest only.
    type Rev = SourceRevision;
    let revisions: Rev[] = [{ revid: content.revid, ...pick(content, ['timestamp', 'user', 'comment', 'content']) }];
    let history = revisions;
    if (options.withHistory) {
      const all = await report.read.time(() => source.history(HISTORY_LIMIT));
      if (all.length >= HISTORY_LIMIT) {
        report.warnings.push({ title, construct: 'history', message: `only the latest ${HISTORY_LIMIT} revisions were replayed; older ones are not on the target` });
      }
      // Revisions this mapping says are already on the target are never replayed again (that
      // would write old text over the page and duplicate its history); a plain re-run rewrites
      // the latest one only, so links to pages migrated since then resolve.
      const migrated = entry.migratedRevid;
      const fresh = migrated === undefined ? all : all.filter((r) => r.revid > migrated);
      revisions = fresh.length > 0 || options.resume ? fresh : all.slice(-1);
      history = all;
    }
    // Provenance describes the whole source history, whichever part of it this run writes.
    const authors = [...new Set(history.map((r) => r.user).filter((u): u is string => u !== undefined))];
    const first = history[0];

    const converted: { rev: Rev; result: ConvertResult; markdown: string }[] = [];
    for (const rev of revisions) {
      const wikitext = await expanded(title, rev.content ?? '');
      const started = performance.now();
      const result = convertWikitext(wikitext, {
        title,
        site: names,
        resolvePage: (t) => mapping.resolvePage(t, nsOf),
        resolveFile: (t) => mapping.resolveFile(t),
      });
      const provenance: Provenance = {
        source: sourceId,
        title,
        pageid: page.pageid,
        revid: rev.revid,
        ...(rev.timestamp === undefined ? {} : { timestamp: rev.timestamp }),
        ...(rev.user === undefined ? {} : { author: rev.user }),
        ...(options.withHistory ? { authors, revisions: history.length } : {}),
        ...(options.withHistory && first?.timestamp !== undefined ? { created: first.timestamp } : {}),
        ...(options.withHistory && first?.user !== undefined ? { creator: first.user } : {}),
      };
      converted.push({ rev, result, markdown: result.markdown + provenanceFooter(provenance) });
      report.convertMs += performance.now() - started;
    }
    const latest = converted[converted.length - 1];
    if (latest === undefined) {
      report.skipped.push({ title, reason: 'no revisions to migrate' });
      return undefined;
    }
    for (const w of latest.result.warnings) report.warnings.push({ title, ...w });
    for (const link of latest.result.links) {
      if (link.exists) report.linksRewritten += 1;
      else report.broken.push({ from: title, target: link.target, kind: 'page' });
    }
    for (const file of latest.result.files) {
      if (file.exists) report.linksRewritten += 1;
      else report.broken.push({ from: title, target: file.target, kind: 'file' });
    }
    const displayTitle = latest.result.displayTitle ?? title;
    const redirect = latest.result.redirect?.target;

    if (dryRun) {
      report.migrated.push({ title, path: entry.path, action: 'planned', revisions: converted.length, ...(redirect === undefined ? {} : { redirect }) });
      return undefined;
    }
    return async () => {
      try {
        let expected: string | null | undefined = entry.targetRevision ?? null;
        let action: 'created' | 'updated' | 'unchanged' = 'unchanged';
        for (const { rev, result, markdown } of converted) {
          const input = {
            path: entry.path,
            title: displayTitle,
            content: markdown,
            format: 'markdown' as const,
            description: `Migrated from MediaWiki: ${title}`,
            // Sorted: Wiki.js hands tags back sorted, so a re-run with the same tags is a no-op.
            tags: [...result.tags].sort(),
            summary: rev.comment ?? '',
          };
          let written: PutResult;
          try {
            written = await to.put(input, { expectedRevision: expected, ...signalOpt(options.signal) });
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
            // The target changed since this migration last wrote (or a run stopped before it
            // saved the mapping): take it over only if it is our own earlier copy of this page.
            const current = await to.get(entry.path);
            const mine = current === undefined ? undefined : readProvenance(current.content);
            if (current === undefined || mine === undefined || mine.source !== sourceId || mine.pageid !== page.pageid) {
              throw clientError('TargetExists', `Wiki.js page "${entry.path}" already exists and was not written by this migration of "${title}"; not overwritten`, {
                wiki: to.kind,
                path: entry.path,
                cause: error,
              });
            }
            if (mine.revid >= rev.revid) {
              // Already there: record it, so the next --resume skips it without a round trip.
              expected = current.revision;
              mapping.updatePage(title, { migratedRevid: rev.revid, targetRevision: current.revision });
              continue;
            }
            written = await to.put(input, { expectedRevision: current.revision, ...signalOpt(options.signal) });
          }
          if (written.action !== 'unchanged' && input.tags.some((tag) => !written.page.tags.includes(tag))) {
            // The real Wiki.js 2 drops a page's tags when two pages create the same new tag at
            // the same moment (parallel writes); the tag exists now, so writing again attaches it.
            const current = await to.get(entry.path, signalOpt(options.signal));
            if (current !== undefined && input.tags.some((tag) => !current.tags.includes(tag))) {
              written = await to.put(input, { expectedRevision: current.revision, ...signalOpt(options.signal) });
            }
          }
          expected = written.page.revision;
          if (written.action !== 'unchanged') action = action === 'created' || written.action === 'created' ? 'created' : 'updated';
          mapping.updatePage(title, { migratedRevid: rev.revid, targetRevision: written.page.revision });
        }
        report.migrated.push({ title, path: entry.path, action, revisions: converted.length, ...(redirect === undefined ? {} : { redirect }) });
      } catch (error) {
        report.failed.push(failure(title, error));
      }
    };
  }

  /** Page wikitext with templates expanded by the source, when it uses any. */
  async function expanded(title: string, wikitext: string): Promise<string> {
    if (options.expandTemplates === false) return wikitext;
    const started = performance.now();
    const templates = findTemplates(wikitext);
    report.convertMs += performance.now() - started;
    if (templates.length === 0) return wikitext;
    try {
      const result = await report.read.time(() => from.expandTemplates(title, wikitext, options.signal));
      for (const message of result.warnings) report.warnings.push({ title, construct: 'template', message });
      return result.text;
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      report.warnings.push({ title, construct: 'template', message: `template expansion failed (${error instanceof Error ? error.message : String(error)}); templates kept as wikitext` });
      return wikitext;
    }
  }
}

function failure(title: string, error: unknown): { title: string; error: string; category?: string } {
  const message = error instanceof Error ? error.message : String(error);
  return { title, error: message, ...(isWikikitError(error) ? { category: error.category } : {}) };
}

function signalOpt(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): { [P in K]?: NonNullable<T[P]> } {
  const out: { [P in K]?: NonNullable<T[P]> } = {};
  for (const key of keys) {
    const v = value[key];
    if (v !== undefined && v !== null) out[key] = v;
  }
  return out;
}
