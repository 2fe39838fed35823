// Length (>400 lines) on purpose: one recursive-descent parser whose block and inline productions call each other over one cursor (the masking scanner is already scan.ts).
/**
 * A wikitext parser for the subset the converter turns into Markdown (docs/migrate.md, "What
 * becomes what"), written for wikikit (MIT).
 *
 * Two layers, as in MediaWiki: first the spans that hide their content (comments, extension
 * tags, templates — scan.ts) are found and masked by same-length placeholders, so offsets stay
 * those of the page text; then lines are read for block structure (headings, lists, tables,
 * rules, the redirect) and each line for inline structure (quotes, links, files, categories,
 * external links, HTML tags, behaviour switches). It never throws: anything that does not parse
 * as a construct is text, and structural damage is recorded as a {@link ParseIssue}.
 */
import type {
  ExtNode,
  FileNode,
  HtmlNode,
  ParseIssue,
  TableCell,
  TableNode,
  TemplateArg,
  Title,
  WikiNode,
} from './ast.js';
import { matchBraces, matchComment, matchTag, parseAttrs, splitTop, splitTransclusion } from './scan.js';
import { DEFAULT_SITE, parseTitle, type SiteNames } from './title.js';

const HTML_TAGS = new Set([
  'b', 'i', 'u', 's', 'strike', 'del', 'ins', 'em', 'strong', 'code', 'tt', 'kbd', 'samp', 'var', 'sub', 'sup', 'small', 'big',
  'span', 'div', 'center', 'font', 'blockquote', 'p', 'br', 'hr', 'table', 'tr', 'td', 'th', 'caption', 'thead', 'tbody', 'tfoot',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'abbr', 'cite', 'q', 'ruby', 'rt', 'rp', 'rb', 'mark',
  'time', 'data', 'bdi', 'bdo', 'wbr', 'figure', 'figcaption', 'section', 'dfn', 'img', 'link', 'meta',
]);
const VOID_TAGS = new Set(['br', 'hr', 'wbr', 'img', 'link', 'meta']);
const FILE_KEYWORDS = /^(?:thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|baseline|sub|super|top|text-top|middle|bottom|text-bottom|upright(?:\s*=?\s*[\d.]*)?)$/i;
const FILE_KEYS = /^(alt|link|page|class|lang|thumbtime|start|end|thumbnail|thumb|upright)\s*=([\s\S]*)$/i;
const SWITCH = /__(?:NOTOC|FORCETOC|TOC|NOEDITSECTION|NEWSECTIONLINK|NONEWSECTIONLINK|NOGALLERY|HIDDENCAT|EXPECTUNUSEDCATEGORY|NOCONTENTCONVERT|NOCC|NOTITLECONVERT|NOTC|INDEX|NOINDEX|STATICREDIRECT|NOGLOBAL|DISAMBIG|EXPECTUNUSEDTEMPLATE)__/y;
const PROTOCOL = /(?:https?|ftps?|irc|ircs|git|svn|sftp|ssh|telnet|gopher|nntp|worldwind):\/\/|mailto:|news:|urn:|xmpp:|sips?:|sms:|tel:|geo:|magnet:|\/\//iy;
const FREE_PROTOCOL = /(?<![\p{L}\p{N}/])(?:(?:https?|ftps?|irc|ircs|git|svn|sftp|ssh|telnet|gopher|nntp|worldwind):\/\/|mailto:)/iuy;
/** Characters where something other than text may start. */
const INTERESTING = /[\uE000'[\]<_]|(?<![\p{L}\p{N}/])(?:https?|ftps?|irc|ircs|git|svn|sftp|ssh|telnet|gopher|nntp|worldwind|mailto):/giu;
const HTML_TAG = /<(\/?)([A-Za-z][A-Za-z0-9]*)((?:\s[^<>]*?)?)\s*(\/?)>/y;
const REDIRECT = /^\s*#redirect\s*:?\s*\[\[([^[\]|\n\uE000]+)(?:\|[^\]\n]*)?\]\]/i;
const PLACEHOLDER = '\uE000';
const FILLER = '\uE001';

export interface ParsedPage {
  readonly source: string;
  readonly nodes: readonly WikiNode[];
  readonly issues: readonly ParseIssue[];
  /** Parses `[start, end)` of the page (an extension tag's content) as wikitext. */
  fragment(start: number, end: number): WikiNode[];
  /** The images of a `<gallery>`. */
  gallery(node: ExtNode): FileNode[];
}

export function parseWikitext(source: string, site: SiteNames = DEFAULT_SITE): ParsedPage {
  const parser = new Parser(source, site);
  const nodes = parser.region(0, source.length).blocks();
  parser.checkTags();
  return {
    source,
    nodes,
    issues: parser.issues,
    fragment: (start, end) => parser.region(start, end).blocks(),
    gallery: (node) => parser.gallery(node),
  };
}

/** The spans that hide their content, found at the top level of `[start, end)`. */
export function scanAtoms(s: string, start: number, end: number, issues?: ParseIssue[]): WikiNode[] {
  const atoms: WikiNode[] = [];
  let i = start;
  while (i < end) {
    const lt = s.indexOf('<', i);
    const br = s.indexOf('{{', i);
    const next = lt < 0 ? br : br < 0 ? lt : Math.min(lt, br);
    if (next < 0 || next >= end) break;
    i = next;
    if (s.charCodeAt(i) === 60) {
      if (s.startsWith('<!--', i)) {
        const c = matchComment(s, i, end);
        if (!c.closed) issues?.push({ rule: 'unclosed-comment', message: 'comment is never closed (`-->` missing)', start: i });
        atoms.push({ type: 'comment', start: i, end: c.end, raw: s.slice(i, c.end), closed: c.closed });
        i = c.end;
        continue;
      }
      const tag = matchTag(s, i, end);
      if (tag === undefined) {
        i++;
        continue;
      }
      const raw = s.slice(tag.start, tag.end);
      if (tag.kind === 'ext') {
        atoms.push({
          type: 'ext',
          start: tag.start,
          end: tag.end,
          raw,
          name: tag.name,
          attrs: parseAttrs(tag.attrs),
          inner: s.slice(tag.innerStart, tag.innerEnd),
          innerStart: tag.innerStart,
          selfClosing: tag.selfClosing,
        });
      } else {
        atoms.push({ type: 'include', start: tag.start, end: tag.end, raw });
      }
      i = tag.end;
      continue;
    }
    const m = matchBraces(s, i, end);
    if (m === undefined) {
      i += 2;
      continue;
    }
    atoms.push(transclusionNode(s, m.start, m.end, m.kind));
    i = m.end;
  }
  return atoms;
}

function transclusionNode(s: string, start: number, end: number, kind: 'template' | 'arg'): WikiNode {
  const raw = s.slice(start, end);
  if (kind === 'arg') return { type: 'arg', start, end, raw };
  const t = splitTransclusion(s, start, end);
  const args: TemplateArg[] = t.parts.map(([a, b]) => {
    const eq = splitTop(s, a, b, 61, 1);
    if (eq.length > 1 && t.kind === 'template') {
      const name = s.slice(a, eq[0]?.[1] ?? a).trim();
      if (!/[\uE000\n]/.test(name)) return { name, value: s.slice((eq[1]?.[0] ?? b), b).trim() };
    }
    return { value: s.slice(a, b) };
  });
  if (t.kind === 'magic-word') {
    return { type: 'magic-word', start, end, raw, name: t.written.replace(/^#/, '').toLowerCase(), written: t.written, args };
  }
  return { type: 'template', start, end, raw, name: templatePage(t.written), args };
}

/** `{{foo bar}}` → `Template:Foo bar`; `{{:Main Page}}` → `Main Page`; `{{Help:X}}` → `Help:X`. */
export function templatePage(written: string, site: SiteNames = DEFAULT_SITE): string {
  const name = written.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  const ucfirst = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);
  if (name.startsWith(':')) return ucfirst(name.slice(1).trim());
  const colon = name.indexOf(':');
  if (colon > 0) {
    const id = site.byName.get(name.slice(0, colon).trim().toLowerCase());
    if (id !== undefined) return `${site.names.get(id) ?? ''}:${ucfirst(name.slice(colon + 1).trim())}`;
  }
  return `Template:${ucfirst(name)}`;
}

class Parser {
  readonly issues: ParseIssue[] = [];
  readonly htmlTags: HtmlNode[] = [];
  readonly source: string;
  readonly site: SiteNames;

  constructor(source: string, site: SiteNames) {
    this.source = source;
    this.site = site;
  }

  region(start: number, end: number): Region {
    return new Region(this, start, end);
  }

  issue(rule: ParseIssue['rule'], message: string, start: number): void {
    this.issues.push({ rule, message, start });
  }

  /** Opening HTML tags never closed, and closing tags never opened. */
  checkTags(): void {
    const stack: HtmlNode[] = [];
    for (const tag of this.htmlTags) {
      if (tag.selfClosing || VOID_TAGS.has(tag.name)) continue;
      if (!tag.closing) {
        stack.push(tag);
        continue;
      }
      const index = stack.map((t) => t.name).lastIndexOf(tag.name);
      if (index < 0) this.issue('unmatched-tag', `closing tag </${tag.name}> without an opening tag`, tag.start);
      else stack.splice(index);
    }
    for (const tag of stack) this.issue('unmatched-tag', `tag <${tag.name}> is never closed`, tag.start);
    this.issues.sort((a, b) => a.start - b.start);
  }

  gallery(node: ExtNode): FileNode[] {
    const files: FileNode[] = [];
    let offset = node.innerStart;
    for (const line of node.inner.split('\n')) {
      const start = offset;
      offset += line.length + 1;
      if (line.trim() === '') continue;
      const parts = splitTop(this.source, start, start + line.length, 124);
      const [ts, te] = parts[0] ?? [start, start];
      const target = this.source.slice(ts, te).trim();
      const title = parseTitle(/^[^:]+:/.test(target) && parseTitle(target, this.site)?.ns === 6 ? target : `File:${target}`, this.site);
      if (title === undefined || title.ns !== 6) continue;
      files.push(this.fileNode(title, start, start + line.length, parts.slice(1)));
    }
    return files;
  }

  fileNode(title: Title, start: number, end: number, options: readonly [number, number][]): FileNode {
    let caption: string | undefined;
    let alt: string | undefined;
    let width: string | undefined;
    for (const [a, b] of options) {
      const option = this.source.slice(a, b);
      const t = option.trim();
      if (FILE_KEYWORDS.test(t)) continue;
      const size = /^(\d*)(?:x\d+)?\s*px$/i.exec(t);
      if (size !== null) {
        if (size[1] !== undefined && size[1] !== '') width = size[1];
        continue;
      }
      const kv = FILE_KEYS.exec(t);
      if (kv !== null) {
        if (kv[1]?.toLowerCase() === 'alt') alt = kv[2] ?? '';
        continue;
      }
      caption = option;
    }
    return {
      type: 'file',
      start,
      end,
      raw: this.source.slice(start, end),
      title,
      ...(caption === undefined ? {} : { caption }),
      ...(alt === undefined ? {} : { alt }),
      ...(width === undefined ? {} : { width }),
    };
  }
}

/** A stretch of the page with its spans masked: `m[i]` is the page's character at `start + i`. */
class Region {
  private readonly m: string;
  private readonly atomAt = new Map<number, WikiNode>();
  private readonly p: Parser;
  private readonly start: number;
  private readonly end: number;

  constructor(p: Parser, start: number, end: number) {
    this.p = p;
    this.start = start;
    this.end = end;
    const s = p.source;
    const atoms = scanAtoms(s, start, end, start === 0 && end === s.length ? p.issues : undefined);
    let masked = '';
    let pos = start;
    for (const atom of atoms) {
      masked += s.slice(pos, atom.start) + PLACEHOLDER + FILLER.repeat(atom.end - atom.start - 1);
      pos = atom.end;
      this.atomAt.set(atom.start, atom);
    }
    this.m = masked + s.slice(pos, end);
  }

  private abs(i: number): number {
    return this.start + i;
  }

  private text(from: number, to: number): WikiNode {
    return { type: 'text', start: this.abs(from), end: this.abs(to), raw: this.p.source.slice(this.abs(from), this.abs(to)) };
  }

  /** The whole region as a sequence of lines (text nodes carry the newlines). */
  blocks(from = 0, to = this.end - this.start): WikiNode[] {
    const m = this.m;
    const out: WikiNode[] = [];
    let ls = from;
    for (;;) {
      let le = m.indexOf('\n', ls);
      if (le < 0 || le > to) le = to;
      if (/^[ \t]*\{\|/.test(m.slice(ls, Math.min(le, ls + 64)))) {
        const table = this.table(ls, to);
        out.push(table.node);
        let rest = m.indexOf('\n', table.end);
        if (rest < 0 || rest > to) rest = to;
        out.push(...this.inline(table.end, rest));
        if (rest >= to) break;
        out.push(this.text(rest, rest + 1));
        ls = rest + 1;
        continue;
      }
      out.push(...this.line(ls, le, this.abs(ls) === 0));
      if (le >= to) break;
      out.push(this.text(le, le + 1));
      ls = le + 1;
    }
    return out;
  }

  private line(ls: number, le: number, pageStart: boolean): WikiNode[] {
    const m = this.m;
    const line = m.slice(ls, le);
    const c = line.charCodeAt(0);
    if (pageStart) {
      const redirect = REDIRECT.exec(line);
      if (redirect !== null) {
        const end = ls + redirect[0].length;
        const target = parseTitle(redirect[1] ?? '', this.p.site);
        return [
          { type: 'redirect', start: this.abs(ls), end: this.abs(end), raw: this.p.source.slice(this.abs(ls), this.abs(end)), target },
          ...this.inline(end, le),
        ];
      }
    }
    if (c === 61 /* = */) {
      const heading = this.heading(ls, le);
      if (heading !== undefined) return [heading];
    }
    if (c === 45 /* - */ && line.startsWith('----')) {
      const end = ls + (/^-+/.exec(line)?.[0].length ?? 4);
      return [{ type: 'hr', start: this.abs(ls), end: this.abs(end), raw: line.slice(0, end - ls) }, ...this.inline(end, le)];
    }
    if (c === 42 || c === 35 || c === 58 || c === 59) {
      const prefix = /^[*#:;]+/.exec(line)?.[0] ?? '';
      const after = ls + prefix.length;
      const list: WikiNode = { type: 'list', start: this.abs(ls), end: this.abs(after), raw: prefix, prefix };
      if (prefix.endsWith(';')) {
        const colon = this.definitionColon(after, le);
        if (colon >= 0) {
          return [list, ...this.inline(after, colon), { type: 'dd', start: this.abs(colon), end: this.abs(colon + 1), raw: ':' }, ...this.inline(colon + 1, le)];
        }
      }
      return [list, ...this.inline(after, le)];
    }
    return this.inline(ls, le);
  }

  private heading(ls: number, le: number): WikiNode | undefined {
    const text = this.m.slice(ls, le).replace(/[ \t]+$/, '');
    const lead = /^=+/.exec(text)?.[0].length ?? 0;
    const trail = /=+$/.exec(text)?.[0].length ?? 0;
    let level: number;
    if (lead === text.length) {
      level = Math.min(Math.floor((text.length - 1) / 2), 6);
      if (level < 1) return undefined;
    } else {
      if (trail === 0) return undefined;
      level = Math.min(lead, trail, 6);
    }
    if (lead !== trail) this.p.issue('unbalanced-header', `heading has ${lead} "=" before and ${trail} after`, this.abs(ls));
    const cs = ls + level;
    const ce = ls + text.length - level;
    return {
      type: 'heading',
      start: this.abs(ls),
      end: this.abs(le),
      raw: this.p.source.slice(this.abs(ls), this.abs(le)),
      level,
      children: this.inline(cs, Math.max(cs, ce)),
    };
  }

  /** The `:` ending the term of a `; term : definition` line (not inside a link, URL or tag). */
  private definitionColon(from: number, to: number): number {
    const m = this.m;
    let links = 0;
    let ext = 0;
    for (let j = from; j < to; j++) {
      const c = m.charCodeAt(j);
      if (c === 91) {
        if (m.charCodeAt(j + 1) === 91) {
          links++;
          j++;
        } else ext++;
      } else if (c === 93) {
        if (m.charCodeAt(j + 1) === 93 && links > 0) {
          links--;
          j++;
        } else if (ext > 0) ext--;
      } else if (c === 60) {
        const close = m.indexOf('>', j);
        if (close > 0 && close < to) j = close;
      } else if (c === 58 && links === 0 && ext === 0 && !m.startsWith('//', j + 1)) {
        return j;
      }
    }
    return -1;
  }

  private table(ls: number, to: number): { node: TableNode; end: number } {
    const m = this.m;
    const rows: TableCell[][] = [];
    let caption: TableCell | undefined;
    let row: TableCell[] | undefined;
    let open: { header: boolean; caption: boolean; attrs: string; start: number; contentStart: number } | undefined;
    let nested = 0;
    let closed = false;
    let end = to;
    const finish = (contentEnd: number): void => {
      if (open === undefined) return;
      const cell: TableCell = {
        header: open.header,
        rowspan: span(open.attrs, 'rowspan'),
        colspan: span(open.attrs, 'colspan'),
        start: this.abs(open.start),
        children: this.blocks(open.contentStart, Math.max(open.contentStart, contentEnd)),
      };
      if (open.caption) caption = cell;
      else {
        if (row === undefined) {
          row = [];
          rows.push(row);
        }
        row.push(cell);
      }
      open = undefined;
    };
    const startCell = (header: boolean, isCaption: boolean, a: number, b: number): void => {
      const pipes = splitTop(m, a, b, 124, 1);
      const first = pipes[0];
      const hasAttrs = pipes.length > 1 && first !== undefined && !m.slice(first[0], first[1]).includes('[[');
      const attrs = hasAttrs && first !== undefined ? m.slice(first[0], first[1]) : '';
      open = { header, caption: isCaption, attrs, start: a - 1, contentStart: hasAttrs ? (pipes[1]?.[0] ?? a) : a };
    };

    let pos = m.indexOf('\n', ls);
    if (pos < 0 || pos >= to) pos = to;
    else pos += 1;
    while (pos < to) {
      let le = m.indexOf('\n', pos);
      if (le < 0 || le > to) le = to;
      const line = m.slice(pos, le);
      const t = line.trimStart();
      const off = pos + (line.length - t.length);
      if (nested > 0) {
        if (t.startsWith('{|')) nested++;
        else if (t.startsWith('|}')) nested--;
      } else if (t.startsWith('{|')) {
        if (open === undefined) {
          this.p.issue('fostered-content', 'nested table outside a cell', this.abs(off));
          startCell(false, false, off, off);
          open = { header: false, caption: false, attrs: '', start: off, contentStart: off };
        }
        nested = 1;
      } else if (t.startsWith('|}')) {
        finish(pos - 1);
        closed = true;
        end = off + 2;
        break;
      } else if (t.startsWith('|-')) {
        finish(pos - 1);
        row = undefined;
      } else if (t.startsWith('|+')) {
        finish(pos - 1);
        startCell(false, true, off + 2, le);
      } else if (t.startsWith('|') || t.startsWith('!')) {
        finish(pos - 1);
        const header = t.startsWith('!');
        const segments = splitCells(m, off + 1, le, header);
        segments.forEach(([a, b], index) => {
          startCell(header, false, a, b);
          if (index < segments.length - 1) finish(b);
        });
      } else if (open === undefined && t !== '') {
        this.p.issue('fostered-content', 'text in a table outside any cell', this.abs(off));
        open = { header: false, caption: false, attrs: '', start: off, contentStart: off };
      }
      pos = le + 1;
    }
    if (!closed) finish(to);
    const start = ls + (m.slice(ls).length - m.slice(ls).trimStart().length);
    const node: TableNode = {
      type: 'table',
      start: this.abs(start),
      end: this.abs(end),
      raw: this.p.source.slice(this.abs(start), this.abs(end)),
      closed,
      rows,
      ...(caption === undefined ? {} : { caption }),
    };
    return { node, end };
  }

  /** One line (or part of one): quotes, links, files, categories, URLs, HTML tags, switches. */
  inline(from: number, to: number): WikiNode[] {
    const m = this.m;
    const out: WikiNode[] = [];
    let textStart = from;
    const flush = (upto: number): void => {
      if (upto > textStart) out.push(this.text(textStart, upto));
    };
    const emit = (node: WikiNode, next: number): number => {
      out.push(node);
      textStart = next;
      return next;
    };
    let i = from;
    while (i < to) {
      INTERESTING.lastIndex = i;
      const found = INTERESTING.exec(m);
      if (found === null || found.index >= to) break;
      i = found.index;
      const c = m.charCodeAt(i);
      if (c === 0xe000) {
        const atom = this.atomAt.get(this.abs(i));
        if (atom !== undefined) {
          flush(i);
          i = emit(atom, atom.end - this.start);
          continue;
        }
      } else if (c === 39) {
        let n = 1;
        while (i + n < to && m.charCodeAt(i + n) === 39) n++;
        if (n >= 2) {
          flush(i);
          i = emit({ type: 'quote', start: this.abs(i), end: this.abs(i + n), raw: m.slice(i, i + n) }, i + n);
          continue;
        }
        i += n;
        continue;
      } else if (c === 91) {
        if (m.charCodeAt(i + 1) === 91) {
          const link = this.link(i, to);
          if (link !== undefined) {
            flush(i);
            i = emit(link.node, link.end);
            continue;
          }
          i += 2;
          continue;
        }
        const ext = this.extLink(i, to);
        if (ext !== undefined) {
          flush(i);
          i = emit(ext.node, ext.end);
          continue;
        }
      } else if (c === 93) {
        if (m.charCodeAt(i + 1) === 93) {
          this.p.issue('lonely-bracket', 'stray "]]" without "[["', this.abs(i));
          i += 2;
          continue;
        }
      } else if (c === 60) {
        HTML_TAG.lastIndex = i;
        const tag = HTML_TAG.exec(m);
        const name = tag?.[2]?.toLowerCase();
        if (tag !== null && name !== undefined && HTML_TAGS.has(name) && i + tag[0].length <= to) {
          const end = i + tag[0].length;
          const node: HtmlNode = {
            type: 'html',
            start: this.abs(i),
            end: this.abs(end),
            raw: this.p.source.slice(this.abs(i), this.abs(end)),
            name,
            closing: tag[1] === '/',
            selfClosing: tag[4] === '/',
          };
          this.p.htmlTags.push(node);
          flush(i);
          i = emit(node, end);
          continue;
        }
      } else if (c === 95) {
        SWITCH.lastIndex = i;
        const sw = SWITCH.exec(m);
        if (sw !== null && i + sw[0].length <= to) {
          flush(i);
          i = emit({ type: 'double-underscore', start: this.abs(i), end: this.abs(i + sw[0].length), raw: sw[0] }, i + sw[0].length);
          continue;
        }
      } else {
        FREE_PROTOCOL.lastIndex = i;
        if (FREE_PROTOCOL.test(m)) {
          const url = freeUrl(m, i, to);
          if (url.length > FREE_PROTOCOL.lastIndex - i) {
            flush(i);
            i = emit({ type: 'free-ext-link', start: this.abs(i), end: this.abs(i + url.length), raw: url, url }, i + url.length);
            continue;
          }
        }
      }
      i++;
    }
    flush(to);
    return out;
  }

  private link(i: number, to: number): { node: WikiNode; end: number } | undefined {
    const m = this.m;
    let depth = 1;
    let j = i + 2;
    let close = -1;
    while (j < to - 1) {
      if (m.charCodeAt(j) === 91 && m.charCodeAt(j + 1) === 91) {
        depth++;
        j += 2;
      } else if (m.charCodeAt(j) === 93 && m.charCodeAt(j + 1) === 93) {
        depth--;
        if (depth === 0) {
          close = j;
          break;
        }
        j += 2;
      } else j++;
    }
    if (close < 0) {
      this.p.issue('lonely-bracket', 'stray "[[" without "]]"', this.abs(i));
      return undefined;
    }
    const pipe = m.indexOf('|', i + 2);
    const targetEnd = pipe >= 0 && pipe < close ? pipe : close;
    const written = m.slice(i + 2, targetEnd);
    const title = parseTitle(written, this.p.site);
    if (title === undefined || (title.main === '' && title.fragment === undefined)) return undefined;
    const end = close + 2;
    const start = this.abs(i);
    const raw = this.p.source.slice(start, this.abs(end));
    const colon = /^\s*:/.test(written);
    if (!colon && title.interwiki === '') {
      if (title.ns === 14) return { node: { type: 'category', start, end: this.abs(end), raw, title }, end };
      if (title.ns === 6) {
        const options = targetEnd === close ? [] : splitTop(this.p.source, this.abs(targetEnd + 1), this.abs(close), 124);
        return { node: this.p.fileNode(title, start, this.abs(end), options), end };
      }
    }
    const label = targetEnd === close ? undefined : this.inline(targetEnd + 1, close);
    return { node: { type: 'link', start, end: this.abs(end), raw, title, target: written.trim().replace(/^:/, ''), label }, end };
  }

  private extLink(i: number, to: number): { node: WikiNode; end: number } | undefined {
    const m = this.m;
    PROTOCOL.lastIndex = i + 1;
    if (!PROTOCOL.test(m)) return undefined;
    const close = m.indexOf(']', i + 1);
    if (close < 0 || close >= to) return undefined;
    const inner = m.slice(i + 1, close);
    const space = inner.search(/[ \t\u00a0]/);
    const urlEnd = space < 0 ? close : i + 1 + space;
    if (/[<>"[\uE000]/.test(m.slice(i + 1, urlEnd))) return undefined;
    const url = m.slice(i + 1, urlEnd);
    const labelStart = space < 0 ? close : urlEnd + 1;
    const label = space < 0 ? undefined : this.inline(labelStart, close);
    const end = close + 1;
    return { node: { type: 'ext-link', start: this.abs(i), end: this.abs(end), raw: this.p.source.slice(this.abs(i), this.abs(end)), url, label }, end };
  }
}

/** A bare URL's extent: MediaWiki strips trailing punctuation, and `)` unless the URL has `(`. */
function freeUrl(m: string, i: number, to: number): string {
  const match = /[^\s<>[\]{}"|\uE000\uE001]+/y;
  match.lastIndex = i;
  let url = match.exec(m.slice(0, to))?.[0] ?? '';
  url = url.replace(/''.*$/, '');
  url = url.replace(/[,;.:!?'"]+$/, '');
  if (url.endsWith(')') && !url.includes('(')) url = url.replace(/\)+$/, '').replace(/[,;.:!?'"]+$/, '');
  return url;
}

/** Cells on a table line: split at `||` (and `!!` on header lines), outside links. */
function splitCells(m: string, from: number, to: number, header: boolean): [number, number][] {
  const cells: [number, number][] = [];
  let start = from;
  let links = 0;
  for (let j = from; j < to; j++) {
    const c = m.charCodeAt(j);
    if (c === 91 && m.charCodeAt(j + 1) === 91) {
      links++;
      j++;
    } else if (c === 93 && m.charCodeAt(j + 1) === 93 && links > 0) {
      links--;
      j++;
    } else if (links === 0 && (c === 124 || (header && c === 33)) && m.charCodeAt(j + 1) === c) {
      cells.push([start, j]);
      start = j + 2;
      j++;
    }
  }
  cells.push([start, to]);
  return cells;
}

function span(attrs: string, name: 'rowspan' | 'colspan'): number {
  const value = parseAttrs(attrs).get(name);
  const n = value === undefined ? 1 : Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 1 ? n : 1;
}
