/**
 * The one place `wikiparser-node` is loaded, and only on first use.
 *
 * Licence boundary: the parser is GPL-3.0-or-later while wikikit is MIT, so importing the
 * package root (or any other feature) must not load it — only converting wikitext does. A
 * synchronous `require` (the package is CommonJS) keeps `convertWikitext` synchronous; the
 * static imports elsewhere in this folder are `import type` only and vanish at compile time.
 */
import { createRequire } from 'node:module';
import type ParserType from 'wikiparser-node';

type WikiParser = typeof ParserType;

let parser: WikiParser | undefined;

export function wikiParser(): WikiParser {
  if (parser === undefined) {
    const loaded = createRequire(import.meta.url)('wikiparser-node') as WikiParser;
    // The parser prints its own diagnostics to the console; ours go into the report instead.
    loaded.warning = false;
    parser = loaded;
  }
  return parser;
}
