// Length (>400 lines) on purpose: one tree walk whose node kinds render through each other (tables hold lists hold links); the rules are read together with docs/migrate.md.
/**
 * Wikitext → Markdown (as Wiki.js 2/3 renders it), over the syntax tree of our own parser
 * (`wikitext/parse.ts`, MIT; see docs/migrate.md for why it replaced wikiparser-node).
 *
 * Why a syntax tree and not regexes: wikitext is context-sensitive (quotes toggle per line, `|`
 * means five things, tables nest, `<ref>` holds wikitext). Why this emitter and not
 * `action=parse` HTML → Markdown: it runs offline (dry runs, dumps, tests), it sees each
 * construct as a construct (so a link is rewritten through the path mapping and an unsupported
 * construct is reported with its line), and template expansion is done by the caller
 * beforehand (the source wiki, or the dump's own templates: `expand.ts`).
 *
 * The converter never throws on bad wikitext: the parser always yields a tree, and the
 * structural damage it finds (unclosed table, stray `]]`, …) becomes warnings with line and
 * column.
 */
import MarkdownIt from 'markdown-it';
import type { ExtLinkNode, ExtNode, FileNode, HtmlNode, LinkNode, MagicNode, RedirectNode, TableCell, TableNode, TemplateNode, Title, WikiNode } from './wikitext/ast.js';
import { parseWikitext, scanAtoms, type ParsedPage } from './wikitext/parse.js';
import { DEFAULT_SITE, fullTitle, type SiteNames } from './wikitext/title.js';
import { escapeInline, escapeLineStart, fencedBlock, inlineCode, markdownUrl, wikiJsAnchor } from './markdown-text.js';

/** Where a page or file title ends up on the target wiki. */
export interface LinkResolution {
  /** Absolute target path without locale, e.g. `/wiki/main-page` or `/migrated/logo.png`. */
  readonly path: string;
  /** False when the source wiki has no such page/file (a broken link). */
  readonly exists: boolean;
}

export interface ConvertContext {
  /** Title of the page being converted (for warnings and `[[#anchor]]`). */
  readonly title: string;
  /** Resolves a page title with its namespace prefix (`Talk:Foo bar`). */
  resolvePage(title: string): LinkResolution;
  /** Resolves a file title (`File:Logo.png`) to its asset path. */
  resolveFile(title: string): LinkResolution;
  /** The source wiki's namespaces and interwiki prefixes; defaults to MediaWiki's namespaces, no interwiki. */
  readonly site?: SiteNames;
}

export interface ConvertWarning {
  /** The construct concerned: `table`, `template`, `link`, `ref`, `extension:<name>`, … */
  readonly construct: string;
  readonly message: string;
  /** 1-based line in the wikitext. */
  readonly line?: number;
  /** 1-based column in the wikitext. */
  readonly column?: number;
}

export interface LinkUse {
  /** Normalised source title (`Talk:Foo bar`), fragment excluded. */
  readonly target: string;
  readonly path: string;
  readonly exists: boolean;
}

export interface ConvertResult {
  readonly markdown: string;
  /** Categories, as Wiki.js tags (lower case, as Wiki.js stores them). */
  readonly tags: readonly string[];
  /** Set when the page is a redirect. */
  readonly redirect?: LinkUse & { readonly fragment?: string };
  readonly warnings: readonly ConvertWarning[];
  readonly links: readonly LinkUse[];
  readonly files: readonly LinkUse[];
  /** Names of templates/parser functions kept as marked wikitext (not expanded). */
  readonly unexpanded: readonly string[];
  /** `{{DISPLAYTITLE:…}}`, when present. */
  readonly displayTitle?: string;
}

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'tif', 'tiff', 'avif', 'ico']);
const CODE_TAGS = new Set(['code', 'tt', 'kbd', 'samp']);
const BLOCK_HTML = new Set(['div', 'center', 'blockquote', 'p', 'table', 'tr', 'td', 'th', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'section']);
/** Magic words that are page metadata, not content: dropping them loses nothing visible. */
const METADATA_MAGIC = new Set(['defaultsort', 'defaultsortkey', 'defaultcategorysort', 'displaytitle']);

const markdownIt = new MarkdownIt({ html: true, linkify: false });


/** Templates and parser functions the page uses, at any depth (their names: `Template:X`, `#if`, `PAGENAME`). */
export function findTemplates(wikitext: string): string[] {
  const names = new Set<string>();
  const walk = (start: number, end: number): void => {
    for (const node of scanAtoms(wikitext, start, end)) {
      if (node.type === 'template' || node.type === 'magic-word') {
        if (!(node.type === 'magic-word' && METADATA_MAGIC.has(node.name))) names.add(node.type === 'template' ? node.name : node.written);
        walk(node.start + 2, node.end - 2);
      } else if (node.type === 'ext') {
        walk(node.innerStart, node.innerStart + node.inner.length);
      }
    }
  };
  walk(0, wikitext.length);
  return [...names];
}

export function convertWikitext(wikitext: string, context: ConvertContext): ConvertResult {
  const parsed = parseWikitext(wikitext, context.site ?? DEFAULT_SITE);
  return new Converter(parsed, context).run();
}

type Item = WikiNode | string;

interface EmphasisState {
  /** Markers opened and written, innermost last. */
  open: string[];
  /** Markers opened but not yet written: they go out just before the next visible text. */
  pending: string[];
}

interface ListLine {
  readonly prefix: string;
  readonly content: string;
}

class Converter {
  private readonly warnings: ConvertWarning[] = [];
  private readonly links: LinkUse[] = [];
  private readonly files: LinkUse[] = [];
  private readonly tags = new Set<string>();
  private readonly unexpanded = new Set<string>();
  private readonly footnotes = new Map<string, { index: number; content: string | undefined }>();
  private footnoteCount = 0;
  private displayTitle: string | undefined;
  private redirect: (LinkUse & { fragment?: string }) | undefined;
  /** >0 while inside `<code>`-like HTML tags: text is written verbatim. */
  private rawDepth = 0;
  /** >0 while rendering a table cell: `|` must be escaped. */
  private cellDepth = 0;

  private readonly parsed: ParsedPage;
  private readonly context: ConvertContext;
  private readonly site: SiteNames;
  /** Offsets where each line of the page starts (for line/column of warnings). */
  private lineStarts: number[] | undefined;

  constructor(parsed: ParsedPage, context: ConvertContext) {
    this.parsed = parsed;
    this.context = context;
    this.site = context.site ?? DEFAULT_SITE;
  }

  run(): ConvertResult {
    this.collectIssues();
    let markdown = this.blocks(this.parsed.nodes);
    const notes = [...this.footnotes.entries()].sort((a, b) => a[1].index - b[1].index);
    if (notes.length > 0) {
      const lines = notes.map(([name, note]) => {
        if (note.content === undefined) {
          this.warn('ref', `reference "${name}" is used but never defined`);
        }
        return `[^${note.index}]: ${note.content ?? '(reference text missing in the source)'}`;
      });
      markdown = `${markdown}\n\n${lines.join('\n')}`;
    }
    markdown = tidy(markdown);
    const result: ConvertResult = {
      markdown,
      tags: [...this.tags],
      warnings: this.warnings,
      links: this.links,
      files: this.files,
      unexpanded: [...this.unexpanded],
      ...(this.redirect === undefined ? {} : { redirect: this.redirect }),
      ...(this.displayTitle === undefined ? {} : { displayTitle: this.displayTitle }),
    };
    return result;
  }

  private collectIssues(): void {
    for (const issue of this.parsed.issues) {
      this.warnings.push({ construct: issue.rule, message: `malformed wikitext: ${issue.message}`, ...this.position(issue.start) });
    }
  }

  private warn(construct: string, message: string, node?: { readonly start: number }): void {
    const position = node === undefined ? undefined : this.position(node.start);
    this.warnings.push({ construct, message, ...position });
  }

  private position(offset: number): { line: number; column: number } {
    if (this.lineStarts === undefined) {
      const starts = [0];
      const source = this.parsed.source;
      for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }

  // ---------------------------------------------------------------- blocks

  /** Renders a sequence of nodes that may hold block structure (the page, a table cell). */
  private blocks(nodes: readonly WikiNode[]): string {
    const out: string[] = [];
    let paragraph: string[] = [];
    let pre: string[] = [];
    let list: ListLine[] = [];
    const flush = (): void => {
      if (paragraph.length > 0) out.push(paragraph.join('\n'));
      if (pre.length > 0) out.push(fencedBlock(pre.join('\n')));
      if (list.length > 0) out.push(this.renderList(list));
      paragraph = [];
      pre = [];
      list = [];
      htmlBlock = false;
    };
    // Set from a paragraph line that starts with a block-level HTML tag up to the next blank
    // line: Markdown reads that stretch as raw HTML (CommonMark HTML block), so any Markdown
    // in it would show literally (`**Note:**` from an expanded template) — it is written as HTML.
    let htmlBlock = false;

    for (const line of splitLines(nodes)) {
      const first = line.find((item) => !(typeof item === 'string' && item === ''));
      if (first === undefined) {
        flush();
        continue;
      }
      if (typeof first !== 'string' && first.type === 'redirect') {
        flush();
        out.push(this.renderRedirect(first));
        out.push(this.inlineLine(line.slice(line.indexOf(first) + 1)));
        continue;
      }
      if (typeof first !== 'string' && first.type === 'heading') {
        flush();
        const title = this.inlineLine(first.children).trim();
        out.push(`${'#'.repeat(Math.min(Math.max(first.level, 1), 6))} ${title}`);
        continue;
      }
      if (typeof first !== 'string' && first.type === 'hr') {
        flush();
        out.push('---');
        const rest = this.inlineLine(line.slice(line.indexOf(first) + 1)).trim();
        if (rest !== '') paragraph.push(escapeLineStart(rest));
        continue;
      }
      if (typeof first !== 'string' && first.type === 'list') {
        const prefix = wt(first).trim();
        const kind = (p: string | undefined): boolean => p === ';' || p === ':';
        if (paragraph.length > 0 || pre.length > 0 || (list.length > 0 && kind(list[0]?.prefix[0]) !== kind(prefix[0]))) flush();
        list.push(...this.listLines(prefix, line.slice(line.indexOf(first) + 1)));
        continue;
      }
      if (line.some((item) => typeof item !== 'string' && item.type === 'table')) {
        flush();
        for (const part of splitAround(line, (item) => typeof item !== 'string' && item.type === 'table')) {
          if (Array.isArray(part)) {
            const text = this.inlineLine(part).trim();
            if (text !== '') out.push(escapeLineStart(text));
          } else {
            out.push(this.renderTable(part as TableNode));
          }
        }
        continue;
      }
      if (typeof first === 'string' && first.startsWith(' ') && first.trim() !== '' && this.cellDepth === 0) {
        if (paragraph.length > 0 || list.length > 0) flush();
        pre.push(line.map((item) => wt(item)).join('').slice(1));
        continue;
      }
      const isBlockHtml = isStandaloneBlockHtml(line);
      const rendered = this.inlineLine(line);
      if (rendered.trim() === '') {
        // A line holding only a category, a comment-free magic word or a behaviour switch
        // disappears in MediaWiki without breaking the paragraph.
        if (line.every((item) => typeof item === 'string' && item.trim() === '')) flush();
        continue;
      }
      if (pre.length > 0 || list.length > 0) flush();
      if (isBlockHtml) {
        // Block HTML needs blank lines around it so the Markdown inside stays Markdown.
        flush();
        out.push(rendered.trim());
        continue;
      }
      const text = escapeLineStart(rendered.replace(/^\s+/, ''));
      if (!htmlBlock && startsHtmlBlock(text)) {
        flush();
        if (closesOnItsLine(text)) {
          // `<div …>…</div>` on one line: a block of its own, Markdown again on the next line.
          out.push(this.asHtml(text));
          continue;
        }
        htmlBlock = true;
      }
      paragraph.push(htmlBlock ? this.asHtml(text) : text);
    }
    flush();
    return out.join('\n\n');
  }

  /** One line of Markdown as inline HTML (for lines Markdown would take as raw HTML). */
  private asHtml(markdown: string): string {
    const html = markdownIt.renderInline(markdown);
    // Inside a pipe table a `|` would end the cell.
    return this.cellDepth > 0 ? html.replace(/\|/g, '&#124;') : html;
  }

  private renderRedirect(node: RedirectNode): string {
    const title = node.target;
    if (title === undefined || title.interwiki !== '') {
      this.warn('redirect', 'redirect without a target on this wiki', node);
      return escapeInline(node.raw);
    }
    const name = fullTitle(title);
    const resolved = this.context.resolvePage(name);
    const fragment = title.fragment === undefined ? undefined : title.fragment.replace(/_/g, ' ');
    this.redirect = { target: name, path: resolved.path, exists: resolved.exists, ...(fragment === undefined ? {} : { fragment }) };
    this.links.push({ target: name, path: resolved.path, exists: resolved.exists });
    const href = resolved.path + (fragment === undefined ? '' : `#${wikiJsAnchor(fragment)}`);
    const label = escapeInline(name + (fragment === undefined ? '' : `#${fragment}`));
    return `This page redirects to [${label}](${markdownUrl(href)}).`;
  }

  private listLines(prefix: string, rest: readonly Item[]): ListLine[] {
    // `; term : definition` on one line: the `dd` token splits it in two items.
    const ddIndex = rest.findIndex((item) => typeof item !== 'string' && item.type === 'dd');
    if (ddIndex >= 0 && prefix.endsWith(';')) {
      const dd = rest[ddIndex] as WikiNode;
      const ddPrefix = prefix.slice(0, -1) + wt(dd).trim();
      return [
        { prefix, content: this.inlineLine(rest.slice(0, ddIndex)).trim() },
        ...this.listLines(ddPrefix, rest.slice(ddIndex + 1)),
      ];
    }
    return [{ prefix, content: this.inlineLine(rest).trim() }];
  }

  /**
   * `*`/`#` lists become Markdown lists (`:`/`;` inside them become indented continuation
   * lines); a block that starts with `;` or `:` is a definition list, which Markdown lacks,
   * so it becomes an HTML `<dl>` (as MediaWiki renders it).
   */
  private renderList(lines: readonly ListLine[]): string {
    const first = lines[0]?.prefix[0];
    if (first === ';' || first === ':') return renderHtmlList(lines);
    const out: string[] = [];
    let previousLength = 0;
    for (const { prefix, content } of lines) {
      let indent = '';
      for (const ch of prefix.slice(0, -1)) indent += ch === '#' ? '   ' : '  ';
      const last = prefix[prefix.length - 1];
      if (prefix.length > previousLength + 1) {
        this.warn('list', `list item "${prefix}" skips a nesting level`);
      }
      previousLength = prefix.length;
      if (last === '*') out.push(`${indent}- ${content}`);
      else if (last === '#') out.push(`${indent}1. ${content}`);
      else if (last === ';') out.push(`${indent}**${content}**`);
      else out.push(`${indent}${content}`);
    }
    return out.join('\n');
  }

  private renderTable(table: TableNode): string {
    if (!table.closed) this.warn('table', 'table is not closed (`|}` missing); closed at the end of the page', table);
    const caption = table.caption === undefined ? undefined : this.cell(table.caption);
    const rows = table.rows.map((row) => row.map((cell) => ({ header: cell.header, content: this.cell(cell), rowspan: cell.rowspan, colspan: cell.colspan })));
    const nonEmpty = rows.filter((row) => row.length > 0);
    if (nonEmpty.length === 0) return caption === undefined ? '' : `**${caption}**`;
    const complex = nonEmpty.some((row) => row.some((c) => c.rowspan > 1 || c.colspan > 1 || c.content.includes('\n')));
    const captionLine = caption === undefined ? '' : `**${caption}**\n\n`;
    if (complex) {
      this.warn('table', 'table with merged cells or block content kept as an HTML table', table);
      const html = nonEmpty.map((row) => {
        const cells = row.map((c) => {
          const tag = c.header ? 'th' : 'td';
          const span = (c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : '') + (c.colspan > 1 ? ` colspan="${c.colspan}"` : '');
          return `<${tag}${span}>${markdownToHtml(c.content)}</${tag}>`;
        });
        return `<tr>${cells.join('')}</tr>`;
      });
      return `${captionLine}<table>\n${html.join('\n')}\n</table>`;
    }
    const width = Math.max(...nonEmpty.map((row) => row.length));
    const line = (cells: readonly string[]): string => {
      const padded = [...cells];
      while (padded.length < width) padded.push('');
      return `| ${padded.join(' | ')} |`.replace(/ {2,}\|/g, ' |');
    };
    const headerRow = nonEmpty[0] !== undefined && nonEmpty[0].every((c) => c.header) ? nonEmpty[0] : undefined;
    const body = headerRow === undefined ? nonEmpty : nonEmpty.slice(1);
    const out = [
      line(headerRow === undefined ? [] : headerRow.map((c) => c.content)),
      line(Array.from({ length: width }, () => '---')),
      ...body.map((row) => line(row.map((c) => (c.header && c.content !== '' ? `**${c.content}**` : c.content)))),
    ];
    return captionLine + out.join('\n');
  }

  private cell(cell: TableCell): string {
    this.cellDepth += 1;
    try {
      return this.blocks(cell.children).trim();
    } finally {
      this.cellDepth -= 1;
    }
  }

  // ---------------------------------------------------------------- inline

  /** Renders one logical line; bold/italic never leak past its end (as in MediaWiki). */
  private inlineLine(items: readonly Item[]): string {
    const state: EmphasisState = { open: [], pending: [] };
    let out = this.inline(items, state);
    state.pending = [];
    while (state.open.length > 0) out = closeMarker(out, state.open.pop() ?? '');
    return out;
  }

  private inline(items: readonly Item[], state: EmphasisState): string {
    let out = '';
    const write = (text: string): void => {
      if (text === '') return;
      if (state.pending.length > 0 && /\S/.test(text)) {
        const lead = /^\s*/.exec(text)?.[0] ?? '';
        out += lead + state.pending.join('');
        state.open.push(...state.pending);
        state.pending = [];
        out += text.slice(lead.length);
        return;
      }
      out += text;
    };
    const toggle = (marker: string): void => {
      const pendingIndex = state.pending.lastIndexOf(marker);
      if (pendingIndex >= 0) {
        state.pending.splice(pendingIndex, 1);
        return;
      }
      const openIndex = state.open.lastIndexOf(marker);
      if (openIndex < 0) {
        state.pending.push(marker);
        return;
      }
      // Close everything opened inside it, then reopen those (Markdown needs proper nesting).
      const inner = state.open.splice(openIndex);
      inner.shift();
      for (const m of [...inner].reverse()) out = closeMarker(out, m);
      out = closeMarker(out, marker);
      state.pending.push(...inner);
    };

    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item === undefined) continue;
      if (typeof item === 'string') {
        write(this.text(item));
        continue;
      }
      switch (item.type) {
        case 'text':
          write(this.text(wt(item)));
          break;
        case 'quote': {
          if (this.rawDepth > 0) {
            write(wt(item));
            break;
          }
          const count = wt(item).length;
          if (count === 4) write("'");
          if (count > 5) write("'".repeat(count - 5));
          if (count === 2) toggle('*');
          else if (count === 3 || count === 4) toggle('**');
          else {
            // Five: close what is open in nesting order, or open bold then italic.
            const hasB = state.open.includes('**') || state.pending.includes('**');
            const hasI = state.open.includes('*') || state.pending.includes('*');
            if (hasB && hasI) {
              const order = [...state.open, ...state.pending].filter((m) => m === '*' || m === '**').reverse();
              for (const m of order) toggle(m);
            } else {
              if (!hasB) toggle('**');
              else toggle('**');
              toggle('*');
            }
          }
          break;
        }
        case 'link': {
          // MediaWiki's link trail: letters right after `]]` join the link text.
          const next = items[i + 1];
          const nextText = next === undefined ? undefined : typeof next === 'string' ? next : next.type === 'text' ? next.raw : undefined;
          const match = nextText === undefined ? null : /^[a-z]+/.exec(nextText);
          if (match !== null && nextText !== undefined) {
            write(this.link(item, match[0]));
            write(this.text(nextText.slice(match[0].length)));
            i += 1;
            break;
          }
          write(this.link(item, ''));
          break;
        }
        case 'category':
          this.tags.add(item.title.main.toLowerCase());
          break;
        case 'file':
          write(this.file(item));
          break;
        case 'ext-link':
          write(this.extLink(item));
          break;
        case 'free-ext-link':
          write(`<${item.url}>`);
          break;
        case 'template':
        case 'magic-word':
          write(this.transclusion(item));
          break;
        case 'arg':
          this.warn('template', `template parameter ${item.raw} outside a template kept as text`, item);
          write(inlineCode(item.raw));
          break;
        case 'ext':
          write(this.ext(item, state));
          break;
        case 'html':
          write(this.html(item));
          break;
        case 'comment':
          write(this.rawDepth > 0 ? '' : item.raw);
          break;
        case 'double-underscore':
        case 'include':
          break;
        case 'heading':
          // A heading inside a cell or a ref: keep its text, emphasised.
          write(`**${this.inlineLine(item.children).trim()}**`);
          break;
        case 'hr':
          write('\n\n---\n\n');
          break;
        case 'table':
          write(`\n\n${this.renderTable(item)}\n\n`);
          break;
        case 'redirect':
        case 'list':
        case 'dd':
          write(this.text(item.raw));
          break;
      }
    }
    return out;
  }

  private text(text: string): string {
    if (this.rawDepth > 0) return text;
    let escaped = escapeInline(text);
    if (this.cellDepth > 0) escaped = escaped.replace(/\|/g, '\\|');
    return escaped;
  }

  private link(link: LinkNode, trail: string): string {
    const title = link.title;
    const rawTarget = link.target;
    let label = link.label === undefined ? undefined : this.inline(link.label, { open: [], pending: [] }).trim();
    if (title.interwiki !== '') return this.interwikiLink(link, title, label, trail);
    if (label === '' && link.label !== undefined) label = this.text(pipeTrick(title.main));
    const display = (label ?? this.text(rawTarget)) + this.text(trail);
    const fragment = title.fragment;
    const anchor = fragment === undefined || fragment === '' ? '' : `#${wikiJsAnchor(fragment)}`;
    if (title.main === '') return `[${display}](${anchor === '' ? '#' : anchor})`;
    const name = fullTitle(title);
    if (title.ns === 14) return `[${display}](/t/${encodeURIComponent(title.main.toLowerCase())})`;
    if (title.ns === 6 || title.ns === -2) {
      const file = this.context.resolveFile(`File:${title.main}`);
      this.files.push({ target: `File:${title.main}`, path: file.path, exists: file.exists });
      if (!file.exists) this.warn('file', `link to missing file "File:${title.main}"`, link);
      return `[${display}](${markdownUrl(file.path)})`;
    }
    if (title.ns === -1) {
      this.warn('link', `link to special page [[${rawTarget}]] kept as text`, link);
      return display;
    }
    const resolved = this.context.resolvePage(name);
    this.links.push({ target: name, path: resolved.path, exists: resolved.exists });
    return `[${display}](${markdownUrl(resolved.path + anchor)})`;
  }

  /** `[[wikipedia:Foo|x]]` → an external link through the source wiki's interwiki map. */
  private interwikiLink(link: LinkNode, title: Title, label: string | undefined, trail: string): string {
    const template = this.site.interwiki.get(title.interwiki);
    const display = (label === undefined || label === '' ? this.text(link.target) : label) + this.text(trail);
    if (template === undefined) {
      this.warn('link', `interwiki link [[${link.target}]] kept as text`, link);
      return display;
    }
    const remote = (title.remote ?? '').replace(/ /g, '_');
    const page = encodeURI(remote).replace(/#/g, '%23') + (title.fragment === undefined ? '' : `#${encodeURIComponent(title.fragment.replace(/ /g, '_'))}`);
    const url = template.includes('$1') ? template.replace('$1', page) : template + page;
    return `[${display}](${markdownUrl(url)})`;
  }

  private file(file: FileNode): string {
    const title = file.title;
    const name = `File:${title.main}`;
    const resolved = this.context.resolveFile(name);
    this.files.push({ target: name, path: resolved.path, exists: resolved.exists });
    if (!resolved.exists) this.warn('file', `"${name}" does not exist on the source wiki`, file);
    const extension = (title.main.split('.').pop() ?? '').toLowerCase();
    const caption = file.caption === undefined ? undefined : plainText(file.caption);
    const alt = file.alt === undefined ? (caption ?? title.main) : plainText(file.alt);
    if (!IMAGE_EXTENSIONS.has(extension)) {
      return `[${this.text(caption ?? title.main)}](${markdownUrl(resolved.path)})`;
    }
    const size = file.width === undefined ? '' : ` =${file.width}x`;
    return `![${this.text(alt)}](${markdownUrl(resolved.path)}${size})`;
  }

  private extLink(link: ExtLinkNode): string {
    if (link.label === undefined) return `<${link.url}>`;
    const label = this.inline(link.label, { open: [], pending: [] }).trim();
    return `[${label}](${markdownUrl(link.url)})`;
  }

  private transclusion(node: TemplateNode | MagicNode): string {
    if (node.type === 'magic-word' && METADATA_MAGIC.has(node.name)) {
      if (node.name === 'displaytitle') {
        const value = node.args[0]?.value;
        if (value !== undefined) this.displayTitle = plainText(value).trim();
      }
      return '';
    }
    const name = node.type === 'template' ? node.name.replace(/^Template:/, '') : node.written;
    this.unexpanded.add(name);
    this.warn('template', `{{${name}}} not expanded; kept as a marked wikitext block`, node);
    if (node.raw.includes('\n')) return `\n\n${fencedBlock(node.raw, 'wikitext')}\n\n`;
    return inlineCode(node.raw);
  }

  private fragment(node: ExtNode): WikiNode[] {
    return this.parsed.fragment(node.innerStart, node.innerStart + node.inner.length);
  }

  private ext(node: ExtNode, state: EmphasisState): string {
    const name = node.name;
    const innerText = node.inner;
    switch (name) {
      case 'ref': {
        const refName = node.attrs.get('name');
        const key = refName !== undefined && refName !== '' ? `name:${refName}` : `anon:${this.footnoteCount + 1}`;
        const content = innerText.trim() === '' ? undefined : this.inline(this.fragment(node), { open: [], pending: [] }).trim().replace(/\n+/g, ' ');
        let note = this.footnotes.get(key);
        if (note === undefined) {
          this.footnoteCount += 1;
          note = { index: this.footnoteCount, content };
          this.footnotes.set(key, note);
        } else if (note.content === undefined && content !== undefined) {
          note.content = content;
        }
        return `[^${note.index}]`;
      }
      case 'references':
        return '';
      case 'nowiki':
        return this.text(decodeBasicEntities(innerText));
      case 'pre':
        return `\n\n${fencedBlock(decodeBasicEntities(innerText))}\n\n`;
      case 'syntaxhighlight':
      case 'source': {
        const language = (node.attrs.get('lang') ?? '').trim();
        if (node.attrs.has('inline') && !innerText.includes('\n')) return inlineCode(innerText);
        return `\n\n${fencedBlock(innerText, language)}\n\n`;
      }
      case 'math': {
        return node.attrs.get('display') === 'block' ? `\n\n$$\n${innerText.trim()}\n$$\n\n` : `$${innerText.trim()}$`;
      }
      case 'gallery': {
        const images = this.parsed.gallery(node).map((child) => this.file(child));
        return `\n\n${images.join('\n')}\n\n`;
      }
      case 'poem':
        return this.inline(this.fragment(node), state).trim().replace(/\n/g, '  \n');
      default:
        this.warn(`extension:${name}`, `<${name}> has no Markdown equivalent; kept as a marked wikitext block`, node);
        return `\n\n${fencedBlock(node.raw, 'wikitext')}\n\n`;
    }
  }

  private html(node: HtmlNode): string {
    const name = node.name;
    if (CODE_TAGS.has(name)) {
      if (node.closing) this.rawDepth = Math.max(0, this.rawDepth - 1);
      else if (!node.selfClosing) this.rawDepth += 1;
      return '`';
    }
    if (this.rawDepth > 0) return node.raw;
    switch (name) {
      case 'b':
      case 'strong':
        return '**';
      case 'i':
      case 'em':
        return '*';
      case 's':
      case 'del':
      case 'strike':
        return '~~';
      case 'br':
        return '<br>';
      default:
        return node.raw;
    }
  }
}

// ------------------------------------------------------------------ helpers

/** A node's (or a line piece's) wikitext. */
function wt(value: Item | undefined): string {
  return value === undefined ? '' : typeof value === 'string' ? value : value.raw;
}

/** Splits nodes into logical lines: text nodes split at `\n`; other nodes stay whole. */
function splitLines(nodes: readonly WikiNode[]): Item[][] {
  const lines: Item[][] = [[]];
  for (const node of nodes) {
    if (node.type === 'text') {
      const parts = wt(node).split('\n');
      parts.forEach((part, index) => {
        if (index > 0) lines.push([]);
        lines[lines.length - 1]?.push(part);
      });
    } else {
      lines[lines.length - 1]?.push(node);
    }
  }
  return lines;
}

function splitAround(line: readonly Item[], isBlock: (item: Item) => boolean): (Item[] | WikiNode)[] {
  const parts: (Item[] | WikiNode)[] = [];
  let current: Item[] = [];
  for (const item of line) {
    if (isBlock(item) && typeof item !== 'string') {
      parts.push(current, item);
      current = [];
    } else current.push(item);
  }
  parts.push(current);
  return parts;
}

function isStandaloneBlockHtml(line: readonly Item[]): boolean {
  const visible = line.filter((item) => !(typeof item === 'string' && item.trim() === ''));
  return visible.length === 1 && typeof visible[0] !== 'string' && visible[0]?.type === 'html' && BLOCK_HTML.has(visible[0].name);
}

/** Tags that open a CommonMark HTML block (type 6) at the start of a line, even inside a paragraph. */
const HTML_BLOCK_START = /^<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:\s|\/?>|$)/i;

function startsHtmlBlock(line: string): boolean {
  return HTML_BLOCK_START.test(line);
}

/** Whether the element a line starts with is closed on that line (or the line starts with a closing tag). */
function closesOnItsLine(line: string): boolean {
  const match = /^<(\/?)([a-z0-9]+)/i.exec(line);
  if (match === null || match[1] === '/') return true;
  const name = (match[2] ?? '').toLowerCase();
  const opens = line.match(new RegExp(`<${name}(?=[\\s/>])`, 'gi'))?.length ?? 0;
  const closes = line.match(new RegExp(`</${name}\\s*>`, 'gi'))?.length ?? 0;
  return closes >= opens;
}

/** Closes an emphasis marker, keeping trailing spaces outside it (Markdown requires that). */
function closeMarker(out: string, marker: string): string {
  const trailing = /\s*$/.exec(out)?.[0] ?? '';
  return out.slice(0, out.length - trailing.length) + marker + trailing;
}

/** MediaWiki's pipe trick: `[[Help:Foo (bar)|]]` shows `Foo`. */
function pipeTrick(main: string): string {
  return main.replace(/\s*\([^)]*\)\s*$/, '').replace(/,.*$/, '').trim();
}

/** Wikitext fragment → plain text (for alt text): drops markup, keeps link labels. */
function plainText(wikitext: string): string {
  return wikitext
    .replace(/\[\[(?:[^|\]]*\|)?([^\]]*)\]\]/g, '$1')
    .replace(/\[[a-z][a-z0-9+.-]*:\/\/\S+\s+([^\]]*)\]/gi, '$1')
    .replace(/'{2,}/g, '')
    .replace(/<[^>]+>/g, '')
    .trim();
}

function decodeBasicEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** Markdown → HTML for the places Markdown can't express (definition lists, merged cells). */
function markdownToHtml(markdown: string): string {
  const trimmed = markdown.trim();
  if (trimmed === '') return '';
  if (!trimmed.includes('\n')) return markdownIt.renderInline(trimmed);
  return markdownIt.render(trimmed).trim();
}

/** MediaWiki's own list algorithm (doBlockLevels), emitting HTML. */
function renderHtmlList(lines: readonly ListLine[]): string {
  const listTag = (ch: string): string => (ch === '*' ? 'ul' : ch === '#' ? 'ol' : 'dl');
  const itemTag = (ch: string): string => (ch === ';' ? 'dt' : ch === ':' ? 'dd' : 'li');
  const stack: { list: string; item: string }[] = [];
  let html = '';
  for (const { prefix, content } of lines) {
    let common = 0;
    while (common < stack.length && common < prefix.length && stack[common]?.list === listTag(prefix[common] ?? '')) common++;
    while (stack.length > common) {
      const top = stack.pop();
      if (top !== undefined) html += `</${top.item}></${top.list}>`;
    }
    const shared = stack[common - 1];
    if (prefix.length <= common && shared !== undefined) {
      html += `</${shared.item}>`;
      shared.item = itemTag(prefix[common - 1] ?? '');
      html += `<${shared.item}>`;
    }
    for (let level = common; level < prefix.length; level++) {
      const ch = prefix[level] ?? '';
      const entry = { list: listTag(ch), item: itemTag(ch) };
      html += `<${entry.list}><${entry.item}>`;
      stack.push(entry);
    }
    html += markdownToHtml(content);
  }
  while (stack.length > 0) {
    const top = stack.pop();
    if (top !== undefined) html += `</${top.item}></${top.list}>`;
  }
  return html;
}

/** Collapses blank-line runs and trims; one trailing newline. */
function tidy(markdown: string): string {
  return `${markdown.replace(/[ \t]+\n/g, (m) => (m.startsWith('  ') && m.length === 3 ? m : '\n')).replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
