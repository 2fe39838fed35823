/**
 * The preprocessor layer of wikitext: the constructs that may span lines and hide everything
 * inside them from the rest of the parser — comments, extension tags (`<ref>`, `<nowiki>`, …),
 * `<includeonly>`-style tags, templates / parser functions `{{…}}` and parameters `{{{…}}}`.
 * Both the parser (parse.ts) and the template expander (expand.ts) build on these scanners.
 */

/** Extension tags whose content is not wikitext of the surrounding page. */
export const EXT_TAGS = new Set([
  'nowiki', 'pre', 'ref', 'references', 'syntaxhighlight', 'source', 'math', 'chem', 'ce', 'gallery', 'poem', 'score',
  'timeline', 'graph', 'templatedata', 'templatestyles', 'inputbox', 'categorytree', 'imagemap', 'hiero', 'indicator',
  'mapframe', 'maplink', 'section', 'tabber', 'charinsert', 'languages', 'translate', 'dynamicpagelist', 'rss', 'html',
]);
const INCLUDE_TAGS = new Set(['noinclude', 'onlyinclude', 'includeonly']);

const OPEN_TAG = /<([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*?)?)(\/?)>/y;
const CLOSE_INCLUDE = /<\/(noinclude|onlyinclude|includeonly)\s*>/iy;
const closeTagCache = new Map<string, RegExp>();

function closeTag(name: string): RegExp {
  let re = closeTagCache.get(name);
  if (re === undefined) {
    re = new RegExp(`</${name}\\s*>`, 'gi');
    closeTagCache.set(name, re);
  }
  return re;
}

export interface TagMatch {
  readonly kind: 'ext' | 'include-tag' | 'include-block';
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly attrs: string;
  readonly innerStart: number;
  readonly innerEnd: number;
  readonly selfClosing: boolean;
}

/** An extension or include tag starting at `i` (with its content), if there is one. */
export function matchTag(s: string, i: number, end: number): TagMatch | undefined {
  CLOSE_INCLUDE.lastIndex = i;
  const closing = CLOSE_INCLUDE.exec(s);
  if (closing !== null && closing.index + closing[0].length <= end) {
    const e = i + closing[0].length;
    return { kind: 'include-tag', name: (closing[1] ?? '').toLowerCase(), start: i, end: e, attrs: '', innerStart: e, innerEnd: e, selfClosing: true };
  }
  OPEN_TAG.lastIndex = i;
  const open = OPEN_TAG.exec(s);
  if (open === null) return undefined;
  const name = (open[1] ?? '').toLowerCase();
  const openEnd = i + open[0].length;
  if (openEnd > end) return undefined;
  const isInclude = INCLUDE_TAGS.has(name);
  if (!EXT_TAGS.has(name) && !isInclude) return undefined;
  const attrs = open[2] ?? '';
  const selfClosing = open[3] === '/';
  if (isInclude && name !== 'includeonly') {
    return { kind: 'include-tag', name, start: i, end: openEnd, attrs, innerStart: openEnd, innerEnd: openEnd, selfClosing: true };
  }
  if (selfClosing) return { kind: isInclude ? 'include-block' : 'ext', name, start: i, end: openEnd, attrs, innerStart: openEnd, innerEnd: openEnd, selfClosing };
  const re = closeTag(name);
  re.lastIndex = openEnd;
  const close = re.exec(s);
  if (close === null || close.index + close[0].length > end) {
    // MediaWiki: an unclosed <includeonly> runs to the end; an unclosed extension tag is text.
    if (name === 'includeonly') return { kind: 'include-block', name, start: i, end, attrs, innerStart: openEnd, innerEnd: end, selfClosing: false };
    return undefined;
  }
  return {
    kind: isInclude ? 'include-block' : 'ext',
    name,
    start: i,
    end: close.index + close[0].length,
    attrs,
    innerStart: openEnd,
    innerEnd: close.index,
    selfClosing: false,
  };
}

/** End of a comment starting at `i` (`<!--`), and whether it was closed. */
export function matchComment(s: string, i: number, end: number): { end: number; closed: boolean } {
  const close = s.indexOf('-->', i + 4);
  return close < 0 || close + 3 > end ? { end, closed: false } : { end: close + 3, closed: true };
}

/** Skips a comment or an extension tag at `i`; returns `i` when there is none. */
export function skipOpaque(s: string, i: number, end: number): number {
  if (s.startsWith('<!--', i)) return matchComment(s, i, end).end;
  const tag = matchTag(s, i, end);
  return tag?.kind === 'ext' || tag?.kind === 'include-block' ? tag.end : i;
}

export interface BraceMatch {
  readonly kind: 'template' | 'arg';
  readonly start: number;
  readonly end: number;
}

function braceRun(s: string, i: number, end: number): number {
  let n = 0;
  while (i + n < end && s.charCodeAt(i + n) === 123) n++;
  return n;
}

function closeBraces(s: string, from: number, end: number, want: 2 | 3): number {
  let j = from;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c === 123 && s.charCodeAt(j + 1) === 123) {
      const inner = matchBraces(s, j, end);
      j = inner === undefined ? j + braceRun(s, j, end) : inner.end;
      continue;
    }
    if (c === 125 && s.charCodeAt(j + 1) === 125) {
      if (want === 2) return j + 2;
      return s.charCodeAt(j + 2) === 125 && j + 3 <= end ? j + 3 : -1;
    }
    if (c === 60) {
      const skipped = skipOpaque(s, j, end);
      if (skipped > j) {
        j = skipped;
        continue;
      }
    }
    j++;
  }
  return -1;
}

/** `{{…}}` or `{{{…}}}` starting within the brace run at `i`; undefined when unclosed. */
export function matchBraces(s: string, i: number, end: number): BraceMatch | undefined {
  const n = braceRun(s, i, end);
  if (n < 2) return undefined;
  if (n >= 3) {
    const start = i + n - 3;
    const close = closeBraces(s, start + 3, end, 3);
    if (close >= 0) return { kind: 'arg', start, end: close };
  }
  const start = i + n - 2;
  const close = closeBraces(s, start + 2, end, 2);
  return close >= 0 ? { kind: 'template', start, end: close } : undefined;
}

/** Splits `[from, to)` at a top-level character (`|`, `=`): not inside braces, `[[…]]`, comments or tags. */
export function splitTop(s: string, from: number, to: number, ch: number, max = Infinity): [number, number][] {
  const parts: [number, number][] = [];
  let partStart = from;
  let brackets = 0;
  let j = from;
  while (j < to) {
    const c = s.charCodeAt(j);
    if (c === 123 && s.charCodeAt(j + 1) === 123) {
      const m = matchBraces(s, j, to);
      if (m !== undefined) {
        j = m.end;
        continue;
      }
    } else if (c === 91 && s.charCodeAt(j + 1) === 91) {
      brackets++;
      j += 2;
      continue;
    } else if (c === 93 && s.charCodeAt(j + 1) === 93 && brackets > 0) {
      brackets--;
      j += 2;
      continue;
    } else if (c === 60) {
      const skipped = skipOpaque(s, j, to);
      if (skipped > j) {
        j = skipped;
        continue;
      }
    } else if (c === ch && brackets === 0 && parts.length < max) {
      parts.push([partStart, j]);
      partStart = j + 1;
    }
    j++;
  }
  parts.push([partStart, to]);
  return parts;
}

/** Parses `name="x" other=y` attributes (lower-case names). */
export function parseAttrs(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of text.matchAll(/([A-Za-z_:][-A-Za-z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+)))?/g)) {
    attrs.set((m[1] ?? '').toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** Variables written `{{NAME}}` (exact case): magic words, not templates. */
export const VARIABLES = new Set([
  'PAGENAME', 'PAGENAMEE', 'FULLPAGENAME', 'FULLPAGENAMEE', 'BASEPAGENAME', 'BASEPAGENAMEE', 'SUBPAGENAME', 'SUBPAGENAMEE',
  'ROOTPAGENAME', 'TALKPAGENAME', 'SUBJECTPAGENAME', 'ARTICLEPAGENAME', 'NAMESPACE', 'NAMESPACEE', 'NAMESPACENUMBER',
  'TALKSPACE', 'SUBJECTSPACE', 'ARTICLESPACE', 'SITENAME', 'SERVER', 'SERVERNAME', 'SCRIPTPATH', 'STYLEPATH',
  'CURRENTYEAR', 'CURRENTMONTH', 'CURRENTMONTH1', 'CURRENTMONTH2', 'CURRENTMONTHNAME', 'CURRENTMONTHNAMEGEN', 'CURRENTMONTHABBREV',
  'CURRENTDAY', 'CURRENTDAY2', 'CURRENTDOW', 'CURRENTDAYNAME', 'CURRENTTIME', 'CURRENTHOUR', 'CURRENTWEEK', 'CURRENTTIMESTAMP',
  'LOCALYEAR', 'LOCALMONTH', 'LOCALMONTHNAME', 'LOCALDAY', 'LOCALDAY2', 'LOCALDOW', 'LOCALDAYNAME', 'LOCALTIME', 'LOCALHOUR',
  'LOCALWEEK', 'LOCALTIMESTAMP', 'NUMBEROFPAGES', 'NUMBEROFARTICLES', 'NUMBEROFFILES', 'NUMBEROFEDITS', 'NUMBEROFUSERS',
  'NUMBEROFADMINS', 'NUMBEROFACTIVEUSERS', 'REVISIONID', 'REVISIONDAY', 'REVISIONDAY2', 'REVISIONMONTH', 'REVISIONMONTH1',
  'REVISIONYEAR', 'REVISIONTIMESTAMP', 'REVISIONUSER', 'REVISIONSIZE', 'PAGEID', 'CONTENTLANGUAGE', 'CONTENTLANG', 'DIRMARK',
  'DIRECTIONMARK', 'CASCADINGSOURCES', '!', '=',
]);

/** Functions written `{{name:…}}` (any case): magic words, not templates. */
export const FUNCTIONS = new Set([
  'displaytitle', 'defaultsort', 'defaultsortkey', 'defaultcategorysort', 'lc', 'uc', 'lcfirst', 'ucfirst', 'urlencode',
  'anchorencode', 'fullurl', 'fullurle', 'localurl', 'localurle', 'canonicalurl', 'canonicalurle', 'filepath', 'ns', 'nse',
  'formatnum', 'padleft', 'padright', 'plural', 'grammar', 'gender', 'int', 'msg', 'msgnw', 'raw', 'subst', 'safesubst',
  'language', 'special', 'speciale', 'tag', 'pagesincategory', 'pagesize', 'protectionlevel', 'protectionexpiry',
  'numberingroup', 'bidi', 'nowiki', ...[...VARIABLES].map((v) => v.toLowerCase()),
]);

export interface Transclusion {
  readonly kind: 'template' | 'magic-word';
  /** template: the page name as written (trimmed); magic word: the name as written (`#if`). */
  readonly written: string;
  /** Parts after the name, as `[start, end)` offsets; a magic word's first part is after its colon. */
  readonly parts: readonly [number, number][];
}

/** Splits the inside of a `{{…}}` into name and parts, and tells a template from a magic word. */
export function splitTransclusion(s: string, start: number, end: number): Transclusion {
  const parts = splitTop(s, start + 2, end - 2, 124);
  const [nameStart, nameEnd] = parts[0] ?? [start + 2, end - 2];
  const nameText = s.slice(nameStart, nameEnd);
  const colon = nameText.indexOf(':');
  const trimmed = nameText.trim();
  if (VARIABLES.has(trimmed)) return { kind: 'magic-word', written: trimmed, parts: parts.slice(1) };
  if (colon > 0) {
    const head = nameText.slice(0, colon).trim();
    if (head.startsWith('#') || FUNCTIONS.has(head.toLowerCase())) {
      return { kind: 'magic-word', written: head, parts: [[nameStart + colon + 1, nameEnd], ...parts.slice(1)] };
    }
  }
  return { kind: 'template', written: trimmed, parts: parts.slice(1) };
}
