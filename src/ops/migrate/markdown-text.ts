/**
 * Small Markdown text helpers for the wikitext converter: escaping literal text so Markdown
 * does not read it as syntax, and the heading-anchor rule Wiki.js uses for `#fragment` links.
 */

/** Escapes characters that would start Markdown inline syntax inside running text. */
export function escapeInline(text: string): string {
  return text
    .replace(/[\\`*[\]]/g, '\\$&')
    // `<` only matters when it could open an HTML tag or autolink.
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    // An underscore inside a word is never emphasis in CommonMark; escape only at word edges.
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_');
}

/** Escapes what would turn a paragraph line into a heading, quote, list or rule. */
export function escapeLineStart(line: string): string {
  return line
    .replace(/^(\s*)([#>+=])/, '$1\\$2')
    .replace(/^(\s*)-(?=\s|$)/, '$1\\-')
    .replace(/^(\s*)(\d+)([.)])(?=\s|$)/, '$1$2\\$3');
}

/** Wraps literal text as an inline code span that survives backticks inside it. */
export function inlineCode(text: string): string {
  const runs: string[] = text.match(/`+/g) ?? [];
  const longest = runs.reduce((max, run) => Math.max(max, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run in the code. */
export function fencedBlock(code: string, info = ''): string {
  const runs: string[] = code.match(/`{3,}/g) ?? [];
  const longest = runs.reduce((max, run) => Math.max(max, run.length), 2);
  const fence = '`'.repeat(longest + 1);
  const body = code.replace(/^\n+/, '').replace(/\s+$/, '');
  return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * The `id` Wiki.js 2 gives a heading (its renderer runs `uslug` on the heading text):
 * lower case, letters/digits/`-`/`_` kept, spaces to `-`, and `h-` in front of a leading digit.
 */
export function wikiJsAnchor(text: string): string {
  let slug = text
    .normalize('NFC')
    .replace(/_/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s+/g, '-');
  if (/^\d/.test(slug)) slug = `h-${slug}`;
  return slug;
}

/** Makes a URL safe inside `(…)` of a Markdown link. */
export function markdownUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));
}
