/**
 * The wikitext syntax tree our converter reads: only the constructs it turns into Markdown.
 * Every node keeps its absolute offsets into the page text (for warnings with line and column)
 * and its own source text (`raw`), so anything the converter does not handle can be kept
 * verbatim.
 */

export interface Title {
  /** Namespace number (0 main, 6 File, 14 Category, -2 Media, -1 Special). */
  readonly ns: number;
  /** Namespace prefix as written canonically, with the colon (`Talk:`), or ''. */
  readonly prefix: string;
  /** Title without namespace, first letter upper case, spaces (not underscores). */
  readonly main: string;
  /** Fragment after `#`, undefined when none. */
  readonly fragment?: string;
  /** Interwiki prefix (lower case) when the link points to another wiki, else ''. */
  readonly interwiki: string;
  /** For an interwiki link: the remote title exactly as written (after the prefix). */
  readonly remote?: string;
}

interface Base {
  readonly start: number;
  readonly end: number;
  readonly raw: string;
}

export interface TextNode extends Base { readonly type: 'text' }
export interface QuoteNode extends Base { readonly type: 'quote' }
export interface HeadingNode extends Base { readonly type: 'heading'; readonly level: number; readonly children: readonly WikiNode[] }
export interface HrNode extends Base { readonly type: 'hr' }
/** The prefix of a list line (`*#:;` characters). */
export interface ListNode extends Base { readonly type: 'list'; readonly prefix: string }
/** The `:` that separates term and definition on a `;` line. */
export interface DdNode extends Base { readonly type: 'dd' }
export interface RedirectNode extends Base { readonly type: 'redirect'; readonly target: Title | undefined }
export interface LinkNode extends Base {
  readonly type: 'link';
  readonly title: Title;
  /** Target as written (leading colon removed). */
  readonly target: string;
  /** Label after `|`; an empty array for the pipe trick (`[[A (b)|]]`); undefined without `|`. */
  readonly label: readonly WikiNode[] | undefined;
}
export interface CategoryNode extends Base { readonly type: 'category'; readonly title: Title }
export interface FileNode extends Base {
  readonly type: 'file';
  readonly title: Title;
  /** Caption (the last option that is not a keyword), as wikitext. */
  readonly caption?: string;
  readonly alt?: string;
  /** Width in pixels from `200px` / `200x100px`. */
  readonly width?: string;
}
export interface ExtLinkNode extends Base { readonly type: 'ext-link'; readonly url: string; readonly label: readonly WikiNode[] | undefined }
export interface FreeLinkNode extends Base { readonly type: 'free-ext-link'; readonly url: string }
export interface TemplateNode extends Base {
  readonly type: 'template';
  /** Full page name (`Template:Birth date`, `Main Page` for `{{:Main Page}}`). */
  readonly name: string;
  readonly args: readonly TemplateArg[];
}
/** A parser function (`{{#if:…}}`) or variable (`{{PAGENAME}}`). */
export interface MagicNode extends Base {
  readonly type: 'magic-word';
  /** Canonical lower-case name without `#` (`if`, `displaytitle`, `pagename`). */
  readonly name: string;
  /** As written (`#if`, `PAGENAME`, `DISPLAYTITLE`). */
  readonly written: string;
  /** The text after the colon (first argument), then the rest split at `|`. */
  readonly args: readonly TemplateArg[];
}
export interface TemplateArg {
  /** Named argument's name (trimmed), undefined for positional ones. */
  readonly name?: string;
  /** The value as wikitext (named: trimmed; positional: as written). */
  readonly value: string;
}
export interface ArgNode extends Base { readonly type: 'arg' }
export interface ExtNode extends Base {
  readonly type: 'ext';
  /** Lower-case tag name. */
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly inner: string;
  /** Absolute offset of `inner`. */
  readonly innerStart: number;
  readonly selfClosing: boolean;
}
export interface HtmlNode extends Base { readonly type: 'html'; readonly name: string; readonly closing: boolean; readonly selfClosing: boolean }
export interface CommentNode extends Base { readonly type: 'comment'; readonly closed: boolean }
export interface SwitchNode extends Base { readonly type: 'double-underscore' }
/** `<noinclude>`, `<onlyinclude>` tags and `<includeonly>…</includeonly>` (not shown on the page). */
export interface IncludeNode extends Base { readonly type: 'include' }
export interface TableNode extends Base {
  readonly type: 'table';
  readonly closed: boolean;
  readonly caption?: TableCell;
  readonly rows: readonly (readonly TableCell[])[];
}
export interface TableCell {
  readonly header: boolean;
  readonly rowspan: number;
  readonly colspan: number;
  readonly start: number;
  readonly children: readonly WikiNode[];
}

export type WikiNode =
  | TextNode
  | QuoteNode
  | HeadingNode
  | HrNode
  | ListNode
  | DdNode
  | RedirectNode
  | LinkNode
  | CategoryNode
  | FileNode
  | ExtLinkNode
  | FreeLinkNode
  | TemplateNode
  | MagicNode
  | ArgNode
  | ExtNode
  | HtmlNode
  | CommentNode
  | SwitchNode
  | IncludeNode
  | TableNode;

/** Structural damage found while parsing (reported as warnings, never thrown). */
export interface ParseIssue {
  readonly rule: 'lonely-bracket' | 'unclosed-comment' | 'unmatched-tag' | 'unbalanced-header' | 'fostered-content';
  readonly message: string;
  readonly start: number;
}
