/**
 * The broken-link report: links in page bodies whose target page does not exist. It reads the
 * bodies with the same link syntaxes the move rewrites with, so after a move it finds exactly
 * what the move would have had to fix. On MediaWiki a link to a redirect is not broken (the
 * redirect is a page); links into File:, Category: (categorisation), Special: and interwiki-looking
 * prefixes are not checked.
 */
import { normalizeMediaWikiTitle } from '../../model/path.js';
import { isWithinPrefix } from '../../model/path.js';
import type { Wiki } from '../../model/wiki.js';
import { targetKey } from './links.js';
import { linksOf, listAll, normalizeFor, readPages, subpageOracle, type ScanOptions } from './scan.js';

export interface CheckLinksOptions extends ScanOptions {
  readonly wiki: Wiki;
  /** Only links whose target is one of these paths or under them (e.g. the old and new prefix of a move). */
  readonly targets?: readonly string[];
  /** Only pages under this path are read for links. @default every page */
  readonly pagesUnder?: string;
  readonly onProgress?: (progress: { readonly done: number; readonly total: number | undefined }) => void;
}

export interface BrokenPageLink {
  /** The page holding the link. */
  readonly path: string;
  readonly locale: string;
  readonly line: number;
  /** The link as written. */
  readonly link: string;
  /** The page it reaches, which does not exist. */
  readonly target: string;
}

export interface LinkReport {
  readonly pages: number;
  readonly links: number;
  readonly broken: BrokenPageLink[];
}

/** Every broken link (in scope), sorted by page and line. */
export async function checkLinks(options: CheckLinksOptions): Promise<LinkReport> {
  const { wiki } = options;
  const targets = (options.targets ?? []).map((t) => normalizeFor(wiki, t.replace(/^\/+|\/+$/g, '')));
  const pagesUnder = options.pagesUnder === undefined ? undefined : normalizeFor(wiki, options.pagesUnder.replace(/^\/+|\/+$/g, ''));
  const listed = await listAll(wiki, [...targets, ...(pagesUnder === undefined ? [] : [pagesUnder])], options);
  const refs = [...listed.values()].filter((s) => isWithinPrefix(s.path, pagesUnder)).map((s) => ({ path: s.path, locale: s.locale }));
  const pages = await readPages(wiki, refs, { ...options, onRead: (done) => options.onProgress?.({ done, total: refs.length }) });
  const subpages = subpageOracle(wiki);
  const inScope = (path: string): boolean => targets.length === 0 || targets.some((t) => isWithinPrefix(path, t));
  const suspects: { page: string; locale: string; line: number; link: string; target: { path: string; locale: string } }[] = [];
  let links = 0;
  for (const page of pages.values()) {
    const found = linksOf(page, { path: page.path, locale: page.locale, subpages: await subpages(page.path) }, wiki);
    for (const link of found.links) {
      links++;
      if (!inScope(link.target.path) || listed.has(targetKey(link.target))) continue;
      if (wiki.kind === 'mediawiki' && looksInterwiki(link.target.path)) continue;
      suspects.push({ page: page.path, locale: page.locale, line: link.line, link: link.raw, target: link.target });
    }
  }
  // Not listed is not yet missing: another namespace or locale may hold it.
  const unknown = new Map(suspects.map((s) => [targetKey(s.target), s.target]));
  const found = await readPages(wiki, [...unknown.values()], options);
  const broken = suspects
    .filter((s) => !found.has(targetKey(s.target)))
    .map((s) => ({ path: s.page, locale: s.locale, line: s.line, link: s.link, target: s.target.path }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return { pages: pages.size, links, broken };
}

const KNOWN_NAMESPACES = new Set(['talk', 'user', 'user talk', 'project', 'project talk', 'file talk', 'mediawiki', 'mediawiki talk', 'template', 'template talk', 'help', 'help talk', 'category', 'category talk', 'module', 'module talk']);

/** `wikipedia:Foo` may be an interwiki link; without the wiki's interwiki map it is not checked. */
function looksInterwiki(title: string): boolean {
  const colon = normalizeMediaWikiTitle(title).indexOf(':');
  if (colon <= 0) return false;
  return !KNOWN_NAMESPACES.has(title.slice(0, colon).toLowerCase());
}
