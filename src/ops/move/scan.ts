/**
 * Reading a wiki for the move job and the link check: every page summary (MediaWiki lists one
 * namespace at a time, so the prefix's namespace is listed too), bodies in batches, and each
 * page's links through the syntax of its format.
 * Internal module: not part of the public API.
 */
import type { Page, PageSummary } from '../../model/page.js';
import { normalizeMediaWikiTitle } from '../../model/path.js';
import type { Wiki } from '../../model/wiki.js';
import { runBatch } from '../run-batch.js';
import { targetKey, type FoundLink, type PageLocation } from './links.js';
import { findMarkdownLinks } from './links-markdown.js';
import { findWikiLinks } from './links-wikitext.js';

export interface ScanOptions {
  readonly locale?: string;
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/** Every page summary, keyed by `locale/path`; `prefixes` are listed too (their namespace, on MediaWiki). */
export async function listAll(wiki: Wiki, prefixes: readonly string[], options: ScanOptions): Promise<Map<string, PageSummary>> {
  const out = new Map<string, PageSummary>();
  const common = { ...(options.locale === undefined ? {} : { locale: options.locale }), ...(options.signal ? { signal: options.signal } : {}) };
  const listings: { prefix?: string }[] = [{}];
  // Wiki.js lists every page at once; a MediaWiki listing stays in one namespace.
  if (wiki.kind === 'mediawiki') for (const prefix of prefixes) if (prefix.includes(':')) listings.push({ prefix });
  for (const extra of listings) {
    for await (const summary of wiki.list({ ...common, ...extra })) {
      if (options.locale !== undefined && summary.locale !== options.locale) continue;
      out.set(targetKey(summary), summary);
    }
  }
  return out;
}

/** Bodies of `paths` (grouped by locale), `batchSize` per request, two requests at a time. */
export async function readPages(wiki: Wiki, refs: readonly { path: string; locale: string }[], options: ScanOptions & { onRead?: (done: number) => void }): Promise<Map<string, Page>> {
  const size = options.batchSize ?? 50;
  const batches: { locale: string; paths: string[] }[] = [];
  const byLocale = new Map<string, string[]>();
  for (const ref of refs) byLocale.set(ref.locale, [...(byLocale.get(ref.locale) ?? []), ref.path]);
  for (const [locale, paths] of byLocale) for (let i = 0; i < paths.length; i += size) batches.push({ locale, paths: paths.slice(i, i + size) });
  const out = new Map<string, Page>();
  let done = 0;
  const report = await runBatch(
    batches,
    async ({ locale, paths }) => {
      const pages = await wiki.getMany(paths, { locale, ...(options.signal ? { signal: options.signal } : {}) });
      for (const [path, page] of pages) if (page) out.set(`${locale}/${normalizeFor(wiki, path)}`, page);
      done += paths.length;
      options.onRead?.(done);
    },
    { concurrency: 2, ...(options.signal ? { signal: options.signal } : {}) },
  );
  const failure = report.failed[0];
  if (failure) throw failure.error;
  options.signal?.throwIfAborted();
  return out;
}

/** A path as the wiki lists it (MediaWiki: first letter upper case, spaces). */
export function normalizeFor(wiki: Wiki, path: string): string {
  return wiki.kind === 'mediawiki' ? normalizeMediaWikiTitle(path) : path;
}

/** Decides, once per namespace, whether `[[/Sub]]` is relative on a MediaWiki page. */
export function subpageOracle(wiki: Wiki): (path: string) => Promise<boolean> {
  const cache = new Map<string, Promise<boolean>>();
  return (path) => {
    if (wiki.kind !== 'mediawiki' || wiki.hasSubpages === undefined) return Promise.resolve(false);
    const colon = path.indexOf(':');
    const ns = colon > 0 ? path.slice(0, colon) : '';
    let known = cache.get(ns);
    if (known === undefined) {
      known = wiki.hasSubpages(path);
      cache.set(ns, known);
    }
    return known;
  };
}

export interface PageLinks {
  readonly links: FoundLink[];
  /** `{{…}}` spans (wikitext only). */
  readonly templates: [number, number][];
}

/** The links of one page body, by its format. */
export function linksOf(page: Pick<Page, 'content' | 'format'>, location: PageLocation, wiki: Wiki): PageLinks {
  if (page.format === 'wikitext') return findWikiLinks(page.content, location);
  return { links: findMarkdownLinks(page.content, location, originOf(wiki.url)), templates: [] };
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
