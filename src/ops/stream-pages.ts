/**
 * Streams whole pages: the listing is consumed lazily and bodies are fetched `batchSize` at a
 * time with `getMany`, so memory holds one batch however large the wiki is.
 */
import type { Page, PageSummary } from '../model/page.js';
import { isWithinPrefix, normalizePathFor } from '../model/path.js';
import type { Wiki } from '../model/wiki.js';

export interface StreamPagesOptions {
  readonly prefix?: string;
  readonly locale?: string;
  /** @default 50 */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** Decides on the summary whether the body is needed at all. */
  readonly filter?: (summary: PageSummary) => boolean;
}

export async function* streamPages(wiki: Wiki, options: StreamPagesOptions = {}): AsyncGenerator<Page> {
  const size = options.batchSize ?? 50;
  const signalOpt = options.signal ? { signal: options.signal } : {};
  let batch: PageSummary[] = [];
  async function* drain(summaries: PageSummary[]): AsyncGenerator<Page> {
    const byLocale = new Map<string, string[]>();
    for (const s of summaries) byLocale.set(s.locale, [...(byLocale.get(s.locale) ?? []), s.path]);
    for (const [locale, paths] of byLocale) {
      const pages = await wiki.getMany(paths, { locale, ...signalOpt });
      for (const path of paths) {
        const page = pages.get(path);
        if (page) yield page;
      }
    }
  }
  // Spelt as the wiki lists it (MediaWiki: `wkt_a` is listed as `Wkt a`), or nothing would match.
  const prefix = options.prefix ? normalizePathFor(wiki.kind, options.prefix, 'prefix') : undefined;
  const listOptions = {
    ...(prefix === undefined ? {} : { prefix }),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
    ...signalOpt,
  };
  for await (const summary of wiki.list(listOptions)) {
    options.signal?.throwIfAborted();
    if (!isWithinPrefix(summary.path, prefix)) continue;
    if (options.filter && !options.filter(summary)) continue;
    batch.push(summary);
    if (batch.length >= size) {
      yield* drain(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield* drain(batch);
}
