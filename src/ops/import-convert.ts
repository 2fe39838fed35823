/**
 * Import across dialects: a MediaWiki export holds wikitext pages under titles with spaces and
 * namespaces, which a Wiki.js can store neither of. Such pages are converted the way
 * `wikikit migrate` converts them (titles → kebab paths, wikitext → Markdown, categories →
 * tags, links rewritten to the new paths), so they land as readable pages. Same-dialect
 * imports never come here and stay byte-for-byte.
 *
 * The converter (a wikitext parser) is loaded only when an import needs it.
 */
import type { ContentFormat, PageInput } from '../model/page.js';
import type { Wiki } from '../model/wiki.js';
import type { ManifestPage } from './export.js';

export type PageConverter = (entry: ManifestPage, input: PageInput) => PageInput;

/** Whether the target cannot store `format` as it is. */
export function needsConversion(wiki: Pick<Wiki, 'capabilities'>, format: ContentFormat): boolean {
  return format === 'wikitext' && !wiki.capabilities.formats.includes('wikitext');
}

/**
 * A converter for the pages of one export, or undefined when none needs converting. Every
 * title is mapped up front so links between imported pages point at their new paths.
 */
export async function createPageConverter(wiki: Pick<Wiki, 'capabilities'>, pages: readonly ManifestPage[]): Promise<PageConverter | undefined> {
  const wikitext = pages.filter((p) => needsConversion(wiki, p.format));
  if (wikitext.length === 0) return undefined;
  const { PathMapping, convertWikitext } = await import('./migrate/index.js');
  const mapping = new PathMapping();
  // Namespace numbers are not in the export; any "Ns:" title outside the main namespace only
  // needs a non-zero number for its path to keep the namespace as a first segment.
  mapping.assignPages(wikitext.map((p) => ({ title: p.path, ns: /^[^:/]+:/.test(p.path) ? 1 : 0 })));
  return (entry, input) => {
    if (!needsConversion(wiki, entry.format)) return input;
    const path = mapping.page(entry.path)?.path ?? mapping.resolvePage(entry.path).path.replace(/^\/+/, '');
    const result = convertWikitext(input.content, {
      title: entry.path,
      resolvePage: (title) => mapping.resolvePage(title),
      resolveFile: (title) => mapping.resolveFile(title),
    });
    const tags = [...new Set([...(input.tags ?? []).map((t) => t.toLowerCase()), ...result.tags])];
    return {
      ...input,
      path,
      title: input.title !== undefined && input.title !== '' ? input.title : entry.path,
      content: result.markdown,
      format: 'markdown',
      tags,
    };
  };
}
