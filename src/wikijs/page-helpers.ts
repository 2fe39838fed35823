/**
 * The Python SDK's page model helpers (`word_count`, `reading_time`, `url_path`,
 * `extract_headings()`, `has_tag()`), as plain functions over a page object.
 */

interface HasContent {
  readonly content: string;
}

/** Words in the content (Markdown/HTML markup is not counted as words). */
export function wordCount(page: HasContent): number {
  const text = page.content
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[#>*_`~[\]()!|-]+/g, ' ');
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words.length;
}

/** Whole minutes to read at 200 words per minute; at least 1 for a non-empty page. */
export function readingTime(page: HasContent, wordsPerMinute = 200): number {
  const words = wordCount(page);
  return words === 0 ? 0 : Math.max(1, Math.round(words / wordsPerMinute));
}

/** `/<locale>/<path>`, the URL path Wiki.js serves the page at. */
export function urlPath(page: { readonly path: string; readonly locale?: string }): string {
  return `/${page.locale ?? 'en'}/${page.path.replace(/^\/+/, '')}`;
}

export interface Heading {
  readonly level: number;
  readonly text: string;
}

/** ATX Markdown headings (`# Title`), outside fenced code blocks. */
export function headings(page: HasContent): Heading[] {
  const out: Heading[] = [];
  let fenced = false;
  for (const line of page.content.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const match = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (match?.[1] && match[2]) out.push({ level: match[1].length, text: match[2] });
  }
  return out;
}

/** Case-insensitive, as Wiki.js stores tags lower-cased. */
export function hasTag(page: { readonly tags: readonly string[] }, tag: string): boolean {
  const wanted = tag.trim().toLowerCase();
  return page.tags.some((t) => t.toLowerCase() === wanted);
}
