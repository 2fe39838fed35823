/**
 * Wikitext → Markdown (as Wiki.js 2/3 renders it), over the AST of `wikiparser-node`.
 *
 * Why an AST and not regexes: wikitext is context-sensitive (quotes toggle per line, `|` means
 * five things, tables nest, `<ref>` holds wikitext). Why this emitter and not `action=parse`
 * HTML → Markdown: it runs offline (dry runs, tests), it sees each construct as a construct
 * (so a link is rewritten through the path mapping and an unsupported construct is reported
 * with its line), and template expansion, the one thing only the source wiki can do, is
 * done by the caller beforehand (`expandTemplates` in migrate.ts). See docs/migrate.md.
 *
 * The converter never throws on bad wikitext: the parser always yields a tree, and the
 * parser's own lint findings for structural damage (unclosed table, stray `]]`, …) become
 * warnings with line and column.
 */
import type {
  AstNodes,
  Config,
  ExtToken,
  ExtLinkToken,
  FileToken,
  HeadingToken,
  HtmlToken,
  LinkToken,
  TableToken,
  TdToken,
  Title,
  Token,
  TranscludeToken,
} from 'wikiparser-node';
import MarkdownIt from 'markdown-it';
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- tokens are narrowed by their `type` discriminant; the library declares its token classes abstract, so no instance is ever "created by its constructor" from our side */
import { wikiParser } from './parser.js';
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
  /** wikiparser-node configuration (namespaces of the source wiki); defaults to MediaWiki's. */
  readonly parserConfig?: Config;
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

/** Lint rules of the parser that mean the wikitext is structurally damaged. */
const DAMAGE_RULES = new Set([
  'lonely-bracket',
  'unclosed-comment',
  'unmatched-tag',
  'unbalanced-header',
  'nested-link',
  'fostered-content',
  'unclosed-quote',
]);

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'tif', 'tiff', 'avif', 'ico']);
const CODE_TAGS = new Set(['code', 'tt', 'kbd', 'samp']);
const BLOCK_HTML = new Set(['div', 'center', 'blockquote', 'p', 'table', 'tr', 'td', 'th', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'section']);
/** Magic words that are page metadata, not content: dropping them loses nothing visible. */
const METADATA_MAGIC = new Set(['defaultsort', 'defaultsortkey', 'defaultcategorysort', 'displaytitle']);

const markdownIt = new MarkdownIt({ html: true, linkify: false });


/** Templates and parser functions used at the top level of the page (their names). */
export function findTemplates(wikitext: string, config?: Config): string[] {
  const Parser = wikiParser();
  const root = config === undefined ? Parser.parse(wikitext) : Parser.parse(wikitext, false, undefined, config);
  const names = new Set<string>();
  for (const node of root.querySelectorAll<TranscludeToken>('template,magic-word')) {
    if (node.type === 'magic-word' && METADATA_MAGIC.has(node.name)) continue;
    names.add(node.type === 'template' ? node.name : wt(node.firstChild).trim());
  }
  return [...names];
}

export function convertWikitext(wikitext: string, context: ConvertContext): ConvertResult {
  const Parser = wikiParser();
  const root = context.parserConfig === undefined
    ? Parser.parse(wikitext, false)
    : Parser.parse(wikitext, false, undefined, context.parserConfig);
  const converter = new Converter(root, context);
  return converter.run();
}

type Item = AstNodes | string;

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

  private readonly root: Token;
  private readonly context: ConvertContext;

  constructor(root: Token, context: ConvertContext) {
    this.root = root;
    this.context = context;
  }

  run(): ConvertResult {
    this.collectLint();
    let markdown = this.blocks(this.root.childNodes);
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

  private collectLint(): void {
    let errors: ReturnType<Token['lint']>;
    try {
      errors = this.root.lint();
    } catch {
      // Lint is advisory: a lint crash must not stop the conversion.
      return;
    }
    for (const error of errors) {
      if (!DAMAGE_RULES.has(error.rule)) continue;
      this.warnings.push({
        construct: error.rule === 'unclosed-table' ? 'table' : error.rule,
        message: `malformed wikitext: ${error.message}`,
        line: error.startLine + 1,
        column: error.startCol + 1,
      });
    }
  }

  private warn(construct: string, message: string, node?: AstNodes): void {
    const position = node === undefined ? undefined : this.position(node);
    this.warnings.push({ construct, message, ...position });
  }

  private position(node: AstNodes): { line: number; column: number } | undefined {
    try {
      const pos = this.root.posFromIndex(node.getAbsoluteIndex());
      return pos === undefined ? undefined : { line: pos.top + 1, column: pos.left + 1 };
    } catch {
      return undefined;
    }
  }

  // ---------------------------------------------------------------- blocks

  /** Renders a sequence of nodes that may hold block structure (the page, a table cell). */
  private blocks(nodes: readonly AstNodes[]): string {
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
    };

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
        const heading = first as HeadingToken;
        const title = this.inlineLine(heading.firstChild.childNodes).trim();
        out.push(`${'#'.repeat(Math.min(Math.max(heading.level, 1), 6))} ${title}`);
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
            out.push(this.renderTable(part as TableToken));
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
      paragraph.push(escapeLineStart(rendered.replace(/^\s+/, '')));
    }
    flush();
    return out.join('\n\n');
  }

  private renderRedirect(node: Token): string {
    const target = node.lastChild as LinkToken | undefined;
    const title = target?.link;
    if (title === undefined || typeof title === 'string') {
      this.warn('redirect', 'redirect without a target', node);
      return escapeInline(wt(node));
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
      const dd = rest[ddIndex] as AstNodes;
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

  private renderTable(table: TableToken): string {
    if (!table.closed) this.warn('table', 'table is not closed (`|}` missing); closed at the end of the page', table);
    interface Cell { header: boolean; content: string; rowspan: number; colspan: number }
    const rows: Cell[][] = [];
    let caption: string | undefined;
    let current: Cell[] | undefined;
    const addCell = (td: TdToken): void => {
      if (td.subtype === 'caption') {
        caption = this.cell(td);
        return;
      }
      if (current === undefined) {
        current = [];
        rows.push(current);
      }
      current.push({ header: td.subtype === 'th', content: this.cell(td), rowspan: td.rowspan, colspan: td.colspan });
    };
    for (const child of table.childNodes) {
      if (child.type === 'td') addCell(child);
      else if (child.type === 'tr') {
        current = undefined;
        for (const cell of child.childNodes) if (cell.type === 'td') addCell(cell);
        current = undefined;
      }
    }
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

  private cell(td: TdToken): string {
    this.cellDepth += 1;
    try {
      return this.blocks(td.lastChild.childNodes).trim();
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
      // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- every other token type is rendered by `default`
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
        case 'link':
        case 'redirect-target': {
          const link = item as LinkToken;
          // MediaWiki's link trail: letters right after `]]` join the link text.
          let trail = '';
          const next = items[i + 1];
          const nextText = next === undefined ? undefined : typeof next === 'string' ? next : next.type === 'text' ? wt(next) : undefined;
          const match = nextText === undefined ? null : /^[a-z]+/.exec(nextText);
          if (match !== null && nextText !== undefined) {
            trail = match[0];
            const remainder = nextText.slice(trail.length);
            write(this.link(link, trail));
            write(this.text(remainder));
            i += 1;
            break;
          }
          write(this.link(link, trail));
          break;
        }
        case 'category': {
          const title = (item as LinkToken).link;
          if (typeof title !== 'string') this.tags.add(title.main.toLowerCase());
          break;
        }
        case 'file':
          write(this.file(item as FileToken));
          break;
        case 'ext-link':
          write(this.extLink(item as ExtLinkToken));
          break;
        case 'free-ext-link': {
          const url = wt(item);
          write(`<${url}>`);
          break;
        }
        case 'magic-link':
          write(this.text(wt(item)));
          break;
        case 'template':
        case 'magic-word':
          write(this.transclusion(item as TranscludeToken));
          break;
        case 'arg':
          this.warn('template', `template parameter ${wt(item)} outside a template kept as text`, item);
          write(inlineCode(wt(item)));
          break;
        case 'ext':
          write(this.ext(item as ExtToken, state));
          break;
        case 'html':
          write(this.html(item as HtmlToken));
          break;
        case 'comment':
          write(this.rawDepth > 0 ? '' : wt(item));
          break;
        case 'double-underscore':
        case 'noinclude':
        case 'include':
          break;
        case 'heading': {
          // A heading inside a cell or a ref: keep its text, emphasised.
          const heading = item as HeadingToken;
          write(`**${this.inlineLine(heading.firstChild.childNodes).trim()}**`);
          break;
        }
        case 'hr':
          write('\n\n---\n\n');
          break;
        case 'table':
          write(`\n\n${this.renderTable(item as TableToken)}\n\n`);
          break;
        case 'list':
        case 'dd':
          write(this.text(wt(item)));
          break;
        default:
          if (item.childNodes.length > 0) {
            write(this.inline(item.childNodes, state));
          } else {
            write(this.text(wt(item)));
          }
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

  private link(link: LinkToken, trail: string): string {
    const title = link.link;
    const textNode = link.childNodes[1];
    const rawTarget = wt(link.firstChild).trim().replace(/^:/, '');
    const nested: EmphasisState = { open: [], pending: [] };
    let label = textNode === undefined ? undefined : this.inline(textNode.childNodes, nested).trim();
    if (typeof title === 'string' || title.interwiki !== '') {
      this.warn('link', `interwiki link [[${rawTarget}]] kept as text`, link);
      return this.text(textNode === undefined ? rawTarget : wt(textNode)) + this.text(trail);
    }
    if (label === '' && textNode !== undefined) label = this.text(pipeTrick(title.main));
    const display = (label ?? this.text(rawTarget)) + this.text(trail);
    const fragment = title.fragment === undefined ? undefined : title.fragment.replace(/_/g, ' ');
    const anchor = fragment === undefined || fragment === '' ? '' : `#${wikiJsAnchor(fragment)}`;
    if (title.title === '') return `[${display}](${anchor === '' ? '#' : anchor})`;
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

  private file(file: FileToken): string {
    const title = file.link;
    if (typeof title === 'string') return this.text(wt(file));
    const name = `File:${title.main}`;
    const resolved = this.context.resolveFile(name);
    this.files.push({ target: name, path: resolved.path, exists: resolved.exists });
    if (!resolved.exists) this.warn('file', `"${name}" does not exist on the source wiki`, file);
    const extension = (title.main.split('.').pop() ?? '').toLowerCase();
    const captionValue = file.getValue('caption');
    const altValue = file.getValue('alt');
    const caption = typeof captionValue === 'string' ? plainText(captionValue) : undefined;
    const alt = typeof altValue === 'string' ? plainText(altValue) : (caption ?? title.main);
    if (!IMAGE_EXTENSIONS.has(extension)) {
      return `[${this.text(caption ?? title.main)}](${markdownUrl(resolved.path)})`;
    }
    const width = file.type === 'file' && file.getKeys().has('width') ? /^(\d+)/.exec(file.width ?? '')?.[1] : undefined;
    const size = width === undefined ? '' : ` =${width}x`;
    return `![${this.text(alt)}](${markdownUrl(resolved.path)}${size})`;
  }

  private extLink(link: ExtLinkToken): string {
    const url = wt(link.firstChild).trim();
    const textNode = link.childNodes[1];
    if (textNode === undefined) return `<${url}>`;
    const label = this.inline(textNode.childNodes, { open: [], pending: [] }).trim();
    return `[${label}](${markdownUrl(url)})`;
  }

  private transclusion(node: TranscludeToken): string {
    const source = wt(node);
    if (node.type === 'magic-word' && METADATA_MAGIC.has(node.name)) {
      if (node.name === 'displaytitle') {
        const value = node.childNodes[1];
        if (value !== undefined) this.displayTitle = plainText(wt(value)).replace(/^\s*|\s*$/g, '');
      }
      return '';
    }
    const name = node.type === 'template' ? node.name.replace(/^Template:/, '') : wt(node.firstChild).trim();
    this.unexpanded.add(name);
    this.warn('template', `{{${name}}} not expanded; kept as a marked wikitext block`, node);
    if (source.includes('\n')) return `\n\n${fencedBlock(source, 'wikitext')}\n\n`;
    return inlineCode(source);
  }

  private ext(node: ExtToken, state: EmphasisState): string {
    const name = node.name.toLowerCase();
    const inner = node.lastChild;
    const innerText = wt(inner);
    switch (name) {
      case 'ref': {
        const refName = node.getAttr('name');
        const key = typeof refName === 'string' && refName !== '' ? `name:${refName}` : `anon:${this.footnoteCount + 1}`;
        const content = innerText.trim() === '' ? undefined : this.inline(inner.childNodes, { open: [], pending: [] }).trim().replace(/\n+/g, ' ');
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
        const lang = node.getAttr('lang');
        const language = typeof lang === 'string' ? lang.trim() : '';
        if (node.getAttr('inline') !== undefined && !innerText.includes('\n')) return inlineCode(innerText);
        return `\n\n${fencedBlock(innerText, language)}\n\n`;
      }
      case 'math': {
        const display = node.getAttr('display');
        return display === 'block' ? `\n\n$$\n${innerText.trim()}\n$$\n\n` : `$${innerText.trim()}$`;
      }
      case 'gallery': {
        const images = inner.childNodes
          .filter((child) => child.type === 'gallery-image')
          .map((child) => this.file(child as FileToken));
        return `\n\n${images.join('\n')}\n\n`;
      }
      case 'poem':
        return this.inline(inner.childNodes, state).trim().replace(/\n/g, '  \n');
      default:
        this.warn(`extension:${name}`, `<${name}> has no Markdown equivalent; kept as a marked wikitext block`, node);
        return `\n\n${fencedBlock(wt(node), 'wikitext')}\n\n`;
    }
  }

  private html(node: HtmlToken): string {
    const name = node.name.toLowerCase();
    if (CODE_TAGS.has(name)) {
      if (node.closing) this.rawDepth = Math.max(0, this.rawDepth - 1);
      else if (!node.selfClosing) this.rawDepth += 1;
      return '`';
    }
    if (this.rawDepth > 0) return wt(node);
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
        return wt(node);
    }
  }
}

// ------------------------------------------------------------------ helpers

/** A node's wikitext (its runtime `toString()`, which the library's type declarations omit). */
function wt(value: AstNodes | string | undefined): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- see above
  return value === undefined ? '' : typeof value === 'string' ? value : value.toString();
}

/** Splits nodes into logical lines: text nodes split at `\n`; other nodes stay whole. */
function splitLines(nodes: readonly AstNodes[]): Item[][] {
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

function splitAround(line: readonly Item[], isBlock: (item: Item) => boolean): (Item[] | AstNodes)[] {
  const parts: (Item[] | AstNodes)[] = [];
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
  return visible.length === 1 && typeof visible[0] !== 'string' && visible[0]?.type === 'html' && BLOCK_HTML.has((visible[0] as HtmlToken).name.toLowerCase());
}

/** Closes an emphasis marker, keeping trailing spaces outside it (Markdown requires that). */
function closeMarker(out: string, marker: string): string {
  const trailing = /\s*$/.exec(out)?.[0] ?? '';
  return out.slice(0, out.length - trailing.length) + marker + trailing;
}

function fullTitle(title: Title): string {
  return (title.prefix + title.main).replace(/_/g, ' ');
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
