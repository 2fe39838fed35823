/**
 * Titles as MediaWiki reads them in links: namespace prefix (local names, canonical names and
 * aliases of the source wiki), interwiki prefix, fragment, first letter upper case.
 */
import type { Title } from './ast.js';

export interface NamespaceInfo {
  readonly id: number;
  readonly name: string;
  readonly canonical?: string;
}

/** A wiki's namespaces and interwiki prefixes, as the parser needs them. */
export interface SiteNames {
  /** Lower-case name, canonical name or alias → namespace number. */
  readonly byName: ReadonlyMap<string, number>;
  /** Namespace number → its (local) name, '' for the main namespace. */
  readonly names: ReadonlyMap<number, string>;
  /** Lower-case interwiki prefix → URL with `$1` for the title. */
  readonly interwiki: ReadonlyMap<string, string>;
}

const CANONICAL: readonly NamespaceInfo[] = [
  { id: -2, name: 'Media' },
  { id: -1, name: 'Special' },
  { id: 0, name: '' },
  { id: 1, name: 'Talk' },
  { id: 2, name: 'User' },
  { id: 3, name: 'User talk' },
  { id: 4, name: 'Project' },
  { id: 5, name: 'Project talk' },
  { id: 6, name: 'File' },
  { id: 7, name: 'File talk' },
  { id: 8, name: 'MediaWiki' },
  { id: 9, name: 'MediaWiki talk' },
  { id: 10, name: 'Template' },
  { id: 11, name: 'Template talk' },
  { id: 12, name: 'Help' },
  { id: 13, name: 'Help talk' },
  { id: 14, name: 'Category' },
  { id: 15, name: 'Category talk' },
];
const CANONICAL_ALIASES: readonly { id: number; alias: string }[] = [
  { id: 6, alias: 'Image' },
  { id: 7, alias: 'Image talk' },
];

/** Builds the lookup from a wiki's namespaces (siteinfo or a dump's `<siteinfo>`); MediaWiki's defaults fill gaps. */
export function siteNames(
  namespaces: Iterable<NamespaceInfo> = [],
  aliases: Iterable<{ id: number; alias: string }> = [],
  interwiki: Iterable<readonly [string, string]> = [],
): SiteNames {
  const byName = new Map<string, number>();
  const names = new Map<number, string>();
  const add = (name: string, id: number): void => {
    if (name !== '') byName.set(name.replace(/_/g, ' ').toLowerCase(), id);
  };
  for (const ns of CANONICAL) {
    add(ns.name, ns.id);
    names.set(ns.id, ns.name);
  }
  for (const alias of CANONICAL_ALIASES) add(alias.alias, alias.id);
  for (const ns of namespaces) {
    add(ns.name, ns.id);
    if (ns.canonical !== undefined) add(ns.canonical, ns.id);
    names.set(ns.id, ns.name);
  }
  for (const alias of aliases) add(alias.alias, alias.id);
  const iw = new Map<string, string>();
  for (const [prefix, url] of interwiki) iw.set(prefix.toLowerCase(), url);
  return { byName, names, interwiki: iw };
}

export const DEFAULT_SITE: SiteNames = siteNames();

/** Title text with HTML entities MediaWiki accepts in titles decoded, underscores as spaces. */
function clean(text: string): string {
  return text
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/_/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function ucfirst(text: string): string {
  if (text === '') return text;
  const first = String.fromCodePoint(text.codePointAt(0) ?? 0);
  return first.toUpperCase() + text.slice(first.length);
}

/** Parses a link target (`Talk:Foo_bar#Sec`, `wikipedia:Foo`, `#Sec`); undefined when it is not a valid title. */
export function parseTitle(target: string, site: SiteNames): Title | undefined {
  let text = target.replace(/^\s*:/, '');
  if (/[<>[\]{}|\n\uE000]/.test(text)) return undefined;
  const hash = text.indexOf('#');
  let fragment: string | undefined;
  if (hash >= 0) {
    fragment = text.slice(hash + 1).replace(/_/g, ' ').trim();
    text = text.slice(0, hash);
  }
  text = clean(text);
  let ns = 0;
  let interwiki = '';
  let remote: string | undefined;
  const colon = text.indexOf(':');
  if (colon > 0) {
    const head = text.slice(0, colon).trim().toLowerCase();
    const id = site.byName.get(head);
    if (id !== undefined) {
      ns = id;
      text = text.slice(colon + 1).trim();
    } else if (site.interwiki.has(head)) {
      interwiki = head;
      remote = text.slice(colon + 1).trim();
      text = remote;
    }
  }
  if (text === '' && fragment === undefined) return undefined;
  if (text === '' && ns !== 0) return undefined;
  const main = interwiki === '' ? ucfirst(text) : text;
  const name = site.names.get(ns) ?? '';
  return {
    ns,
    prefix: interwiki === '' && name !== '' ? `${name}:` : '',
    main,
    interwiki,
    ...(fragment === undefined ? {} : { fragment }),
    ...(remote === undefined ? {} : { remote }),
  };
}

/** `Talk:Foo bar` — namespace prefix and title, no fragment. */
export function fullTitle(title: Title): string {
  return title.prefix + title.main;
}
