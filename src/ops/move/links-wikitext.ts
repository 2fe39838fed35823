/**
 * Wikilinks in MediaWiki wikitext: `[[A]]`, `[[A|label]]`, `[[A#s]]`, `[[:A]]`, and, in
 * namespaces with subpages, `[[/Sub]]`, `[[/Sub/]]` and `[[../X]]` relative to the page.
 * Titles compare the way MediaWiki does ($wgCapitalLinks): `_` is a space, the first letter is
 * upper case. Links inside `<nowiki>`, `<pre>`, comments and code blocks are text; links and
 * titles inside a template call `{{…}}` are reported so people can look, never rewritten (a
 * template's parameters mean what the template makes of them).
 * Internal module: not part of the public API.
 */
import { normalizeMediaWikiTitle } from '../../model/path.js';
import { lineAt, lineStartsOf, Ranges, type FoundLink, type LinkTarget, type PageLocation } from './links.js';

const WIKILINK = /\[\[([^[\]\n|]*)(?:\|((?:[^[\]]|\[(?!\[)[^\]]*\])*?))?\]\]/dg;
const MASKS = [
  /<!--[\s\S]*?(?:-->|$)/g,
  /<nowiki\s*>[\s\S]*?(?:<\/nowiki\s*>|$)/gi,
  /<nowiki\s*\/>/gi,
  /<(pre|syntaxhighlight|source|math)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi,
];
/** Namespaces whose unprefixed-colon links embed or categorise instead of linking. */
const NOT_LINKS = new Set(['file', 'image', 'media', 'category', 'special']);

/** `{{…}}` spans, nested ones included in the outer span. */
export function templateRanges(content: string, masked: Ranges): [number, number][] {
  const out: [number, number][] = [];
  const stack: number[] = [];
  for (let i = 0; i < content.length - 1; i++) {
    if (masked.inside(i)) continue;
    if (content[i] === '{' && content[i + 1] === '{') {
      stack.push(i);
      i++;
    } else if (content[i] === '}' && content[i + 1] === '}' && stack.length > 0) {
      const start = stack.pop() ?? 0;
      if (stack.length === 0) out.push([start, i + 2]);
      i++;
    }
  }
  return out;
}

interface Parsed {
  readonly target: LinkTarget;
  readonly relative: boolean;
  readonly trailingSlash: boolean;
  readonly colon: boolean;
  readonly fragment: string;
  readonly underscores: boolean;
  readonly lowerFirst: boolean;
}

/** The title a wikilink target reaches from `page`, or `undefined` when it is no page link. */
export function resolveWikiTarget(raw: string, page: PageLocation): Parsed | undefined {
  let text = raw.trim();
  const colon = text.startsWith(':');
  if (colon) text = text.slice(1).trim();
  const hash = text.indexOf('#');
  const fragment = hash === -1 ? '' : text.slice(hash);
  let title = (hash === -1 ? text : text.slice(0, hash)).trim();
  if (title === '') return undefined; // `[[#section]]`: this page
  let relative = false;
  const trailingSlash = title.endsWith('/') && title.length > 1;
  if (page.subpages === true && (title.startsWith('/') || title.startsWith('../'))) {
    relative = true;
    let base = page.path.split('/');
    let rest = title;
    while (rest.startsWith('../')) {
      if (base.length <= 1) return undefined; // above the root page: MediaWiki shows it as text
      base = base.slice(0, -1);
      rest = rest.slice(3);
    }
    rest = rest.replace(/^\/+|\/+$/g, '');
    title = rest === '' ? base.join('/') : `${base.join('/')}/${rest}`;
  }
  const ns = /^([^:]+):/.exec(title)?.[1]?.trim().toLowerCase();
  if (!colon && ns !== undefined && NOT_LINKS.has(ns)) return undefined;
  if (ns === 'special' || ns === 'media') return undefined;
  if (/[<>[\]{}|]/.test(title)) return undefined;
  const spelled = raw.trim().replace(/^:/, '').trim();
  return {
    target: { path: normalizeMediaWikiTitle(title), locale: page.locale },
    relative,
    trailingSlash,
    colon,
    fragment,
    underscores: spelled.includes('_') && !spelled.includes(' '),
    lowerFirst: !relative && ns === undefined && /^\p{Ll}/u.test(spelled),
  };
}

function spell(parsed: Parsed, target: LinkTarget, from: PageLocation): string {
  let title: string;
  if (parsed.relative && from.subpages === true && target.path.startsWith(`${from.path}/`)) {
    title = `/${target.path.slice(from.path.length + 1)}${parsed.trailingSlash ? '/' : ''}`;
  } else {
    title = target.path;
    if (parsed.lowerFirst && !title.includes(':')) title = title.charAt(0).toLowerCase() + title.slice(1);
  }
  if (parsed.underscores) title = title.replace(/ /g, '_');
  return `${parsed.colon ? ':' : ''}${title}${parsed.fragment}`;
}

/** How MediaWiki shows a relative link without a label, so a rewrite keeps the same text. */
function shownText(raw: string): string {
  const text = raw.trim();
  return text.startsWith('/') && text.endsWith('/') ? text.slice(1, -1) : text;
}

export interface WikitextScan {
  readonly links: FoundLink[];
  /** Template calls, as `[start, end)`, for the "left alone" warnings. */
  readonly templates: [number, number][];
}

/** Every wikilink in a body, outside nowiki/pre/comments; those inside templates are marked. */
export function findWikiLinks(content: string, page: PageLocation): WikitextScan {
  const masked = new Ranges();
  for (const re of MASKS) masked.addAll(content, re);
  const templates = templateRanges(content, masked);
  const inTemplate = (offset: number): boolean => templates.some(([s, e]) => offset >= s && offset < e);
  const lines = lineStartsOf(content);
  const links: FoundLink[] = [];
  for (const m of content.matchAll(WIKILINK)) {
    const targetRange = m.indices?.[1];
    if (targetRange === undefined || masked.inside(m.index)) continue;
    const raw = m[1] ?? '';
    const parsed = resolveWikiTarget(raw, page);
    if (parsed === undefined) continue;
    const hasLabel = m[2] !== undefined;
    const [start, end] = targetRange;
    links.push({
      start,
      end,
      raw,
      line: lineAt(lines, start),
      target: parsed.target,
      ...(inTemplate(m.index) ? { inTemplate: true } : {}),
      retarget(target, from) {
        const again = resolveWikiTarget(raw, from);
        if (again !== undefined && again.target.path === target.path) return undefined;
        const text = spell(parsed, target, from);
        // A relative link turned absolute would show the full title: keep the text people saw.
        if (!hasLabel && parsed.relative && !text.replace(/^:/, '').startsWith('/')) return `${text}|${shownText(raw)}`;
        return text;
      },
    });
  }
  return { links, templates };
}

/**
 * Whether a template call's text names `title` (spaces or underscores, either case of the first
 * letter): enough to warn that a parameter may be a page name the move does not touch.
 */
export function mentionsTitle(text: string, title: string): boolean {
  const body = text.replace(/_/g, ' ');
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const escaped = escape(title.slice(1));
  const first = title.charAt(0);
  // Inside a character class `-` is special too; elsewhere the `u` flag refuses `\-`.
  const inClass = (ch: string): string => escape(ch).replace(/-/g, '\\-');
  const firstClass = `[${inClass(first.toUpperCase())}${inClass(first.toLowerCase())}]`;
  return new RegExp(`(?:^|[|=:\\s{])${firstClass}${escaped}(?=$|[|}#/\\s])`, 'u').test(body);
}
