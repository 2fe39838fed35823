/**
 * Searches page bodies, which the default Wiki.js search engine (`db`) does not index: pages
 * are streamed in batches and matched locally, line by line.
 */
import { normalizePathFor } from '../model/path.js';
import type { Wiki } from '../model/wiki.js';
import { compilePattern, type PatternOptions } from './pattern.js';
import { streamPages } from './stream-pages.js';

export interface GrepOptions extends PatternOptions {
  readonly wiki: Wiki;
  readonly pattern: string;
  readonly pathPrefix?: string;
  readonly locale?: string;
  /** @default 50 */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

export interface GrepMatch {
  readonly path: string;
  readonly locale: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  /** The whole line. */
  readonly text: string;
  readonly match: string;
}

/**
 * @example
 * for await (const m of grepWiki({ wiki, pattern: 'TODO' })) console.log(`${m.path}:${m.line}: ${m.text}`);
 * @throws {UsageError} for an empty or invalid pattern.
 */
export async function* grepWiki(options: GrepOptions): AsyncGenerator<GrepMatch> {
  const re = compilePattern(options.pattern, options);
  const prefix = options.pathPrefix === undefined || options.pathPrefix === '' ? undefined : normalizePathFor(options.wiki.kind, options.pathPrefix, 'pathPrefix');
  for await (const page of streamPages(options.wiki, {
    ...(prefix === undefined ? {} : { prefix }),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.signal ? { signal: options.signal } : {}),
  })) {
    const lines = page.content.split(/\r?\n/);
    for (const [index, text] of lines.entries()) {
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) {
        yield { path: page.path, locale: page.locale, line: index + 1, column: m.index + 1, text, match: m[0] };
        if (m[0] === '') break;
      }
    }
  }
}
