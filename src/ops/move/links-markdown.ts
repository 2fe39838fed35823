/**
 * Page links in Markdown and HTML bodies, resolved the way Wiki.js 2 does (observed on the real
 * 2.5.314 server, `pages.links` and the rendered HTML):
 * - `/docs/a` is absolute, `/en/docs/a` names the locale, `https://<wiki>/docs/a` is the wiki itself;
 * - a relative `b` on page `docs/a` is rendered as `/docs/a/b` (the page is its own folder),
 *   except on `home`, where it is `/b`;
 * - `./b` and `../b` are left to the browser, which resolves them against the page URL
 *   (`./b` on `docs/a` is `docs/b`); Wiki.js does not record them in `pages.links`;
 * - any other target holding a `.` is an asset, not a page; `#x`, `mailto:`, `tel:`, other hosts
 *   are not page links. Fragments and queries are kept as they are.
 * Links inside code (fenced blocks, inline code) and HTML comments are text, not links.
 * Internal module: not part of the public API.
 */
import { posix } from 'node:path';
import { WIKIJS_RESERVED_SEGMENTS } from '../../model/path.js';
import { lineAt, lineStartsOf, Ranges, type FoundLink, type LinkTarget, type PageLocation } from './links.js';

type Style = 'absolute' | 'locale' | 'child' | 'dot';

interface Parsed {
  readonly target: LinkTarget;
  readonly style: Style;
  /** `https://wiki.example` when the link spelt out the wiki's own origin. */
  readonly origin: string;
  /** `?q` and `#fragment`, kept verbatim. */
  readonly suffix: string;
  readonly encoded: boolean;
}

const LOCALE_SEGMENT = /^[a-z]{2}(?:-[a-z]{2})?$/i;
const INLINE_LINK =
  /(!?)\[(?:[^[\]\\]|\\.|\[(?:[^[\]\\]|\\.)*\])*\]\([ \t]*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)(?:[ \t]+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*\)/dg;
const REFERENCE_DEF = /^ {0,3}\[(?:[^[\]\\]|\\.)+\]:[ \t]*(<[^<>\n]*>|\S+)/dgm;
const HTML_HREF = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/dgi;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const INLINE_CODE = /(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g;

/** Fenced code blocks (``` or ~~~), line by line as CommonMark closes them. */
function fencedBlocks(content: string, ranges: Ranges): void {
  const open = /^ {0,3}(`{3,}|~{3,})/;
  let offset = 0;
  let fence: string | undefined;
  let start = 0;
  for (const line of content.split('\n')) {
    if (fence === undefined) {
      const m = open.exec(line);
      if (m?.[1] !== undefined && !(m[1].startsWith('`') && line.slice(m[0].length).includes('`'))) {
        fence = m[1];
        start = offset;
      }
    } else if (new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`).test(line)) {
      ranges.add(start, offset + line.length);
      fence = undefined;
    }
    offset += line.length + 1;
  }
  if (fence !== undefined) ranges.add(start, content.length);
}

function isReserved(first: string): boolean {
  return first.length <= 1 || WIKIJS_RESERVED_SEGMENTS.includes(first.toLowerCase());
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The page a link target reaches from `page`, or `undefined` when it is no page link.
 * @param origin the wiki's own origin (`https://wiki.example`), so absolute URLs to it count.
 */
export function resolveMarkdownTarget(raw: string, page: PageLocation, origin: string | undefined): Parsed | undefined {
  let href = raw.trim();
  if (href.startsWith('<') && href.endsWith('>')) href = href.slice(1, -1).trim();
  if (href === '' || href.startsWith('#') || /^(mailto|tel):/i.test(href)) return undefined;
  let linkOrigin = '';
  if (href.includes('://') || href.startsWith('//')) {
    if (origin === undefined || origin === '' || !href.toLowerCase().startsWith(`${origin.toLowerCase()}/`)) return undefined;
    linkOrigin = href.slice(0, origin.length);
    href = href.slice(origin.length);
  }
  const cut = href.search(/[?#]/);
  const suffix = cut === -1 ? '' : href.slice(cut);
  let pathPart = cut === -1 ? href : href.slice(0, cut);
  if (pathPart === '') return undefined;
  const encoded = /%[0-9a-f]{2}/i.test(pathPart);
  const decoded = decode(pathPart);
  if (decoded === undefined) return undefined;
  pathPart = decoded.replace(/\/+$/, '');
  let style: Style;
  let locale = page.locale;
  let path: string;
  if (pathPart.startsWith('/')) {
    const segments = pathPart.slice(1).split('/');
    const first = segments[0] ?? '';
    if (LOCALE_SEGMENT.test(first) && segments.length > 1) {
      style = 'locale';
      locale = first.toLowerCase();
      path = segments.slice(1).join('/');
    } else {
      style = 'absolute';
      path = segments.join('/');
    }
  } else if (pathPart.startsWith('./') || pathPart.startsWith('../') || pathPart === '.' || pathPart === '..') {
    if (linkOrigin !== '') return undefined;
    style = 'dot';
    const folder = posix.dirname(`/${page.path}`);
    path = posix.normalize(posix.join(folder, pathPart)).replace(/^\/+/, '');
  } else {
    if (linkOrigin !== '') return undefined;
    style = 'child';
    path = page.path === 'home' ? pathPart : `${page.path}/${pathPart}`;
  }
  path = path.replace(/\/+$/, '');
  if (path === '' || path.includes('.') || path.split('/').some((s) => s === '') || isReserved(path.split('/')[0] ?? '')) return undefined;
  return { target: { path, locale }, style, origin: linkOrigin, suffix, encoded };
}

function spell(parsed: Parsed, target: LinkTarget, from: PageLocation): string {
  const encode = (p: string): string => (parsed.encoded ? encodeURI(p) : p);
  const sameLocale = target.locale === from.locale;
  switch (parsed.style) {
    case 'child':
      if (sameLocale && from.path === 'home') return encode(target.path) + parsed.suffix;
      if (sameLocale && target.path.startsWith(`${from.path}/`)) return encode(target.path.slice(from.path.length + 1)) + parsed.suffix;
      return `/${sameLocale ? '' : `${target.locale}/`}${encode(target.path)}${parsed.suffix}`;
    case 'dot': {
      if (!sameLocale) return `/${target.locale}/${encode(target.path)}${parsed.suffix}`;
      const rel = posix.relative(posix.dirname(`/${from.path}`), `/${target.path}`);
      return `${rel.startsWith('..') ? '' : './'}${encode(rel)}${parsed.suffix}`;
    }
    case 'locale':
      return `${parsed.origin}/${target.locale}/${encode(target.path)}${parsed.suffix}`;
    case 'absolute':
      return `${parsed.origin}/${sameLocale || parsed.origin !== '' ? '' : `${target.locale}/`}${encode(target.path)}${parsed.suffix}`;
  }
}

/** Every page link in a Markdown (or HTML) body, outside code and comments. */
export function findMarkdownLinks(content: string, page: PageLocation, origin?: string): FoundLink[] {
  const masked = new Ranges();
  fencedBlocks(content, masked);
  masked.addAll(content, HTML_COMMENT);
  masked.addAll(content, INLINE_CODE);
  const lines = lineStartsOf(content);
  const out: FoundLink[] = [];
  const add = (start: number, end: number): void => {
    if (masked.inside(start)) return;
    let raw = content.slice(start, end);
    let from = start;
    let to = end;
    // `<dest>`: only what is inside the brackets is replaced, the brackets stay.
    if (raw.startsWith('<') && raw.endsWith('>')) {
      raw = raw.slice(1, -1);
      from++;
      to--;
    }
    const parsed = resolveMarkdownTarget(raw, page, origin);
    if (parsed === undefined) return;
    out.push({
      start: from,
      end: to,
      raw,
      line: lineAt(lines, from),
      target: parsed.target,
      retarget(target, newFrom) {
        const again = resolveMarkdownTarget(raw, newFrom, origin);
        if (again !== undefined && again.target.path === target.path && again.target.locale === target.locale) return undefined;
        return spell(parsed, target, newFrom);
      },
    });
  };
  for (const m of content.matchAll(INLINE_LINK)) {
    const dest = m.indices?.[2];
    if (m[1] === '!' || dest === undefined) continue; // images point at assets
    add(dest[0], dest[1]);
  }
  for (const m of content.matchAll(REFERENCE_DEF)) {
    const dest = m.indices?.[1];
    if (dest !== undefined) add(dest[0], dest[1]);
  }
  for (const m of content.matchAll(HTML_HREF)) {
    const dest = m.indices?.[1] ?? m.indices?.[2] ?? m.indices?.[3];
    if (dest !== undefined) add(dest[0], dest[1]);
  }
  return out.sort((a, b) => a.start - b.start);
}
