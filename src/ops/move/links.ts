/**
 * What the two link syntaxes (Markdown/HTML on Wiki.js, wikilinks on MediaWiki) have in common:
 * a link found in a body knows where its target text sits, which page it reaches, and how to
 * spell a link to another page from another place in the same style. The planner, the apply
 * step and the broken-link check all go through this, so they agree on what a link is.
 * Internal module: not part of the public API.
 */

/** Where a page is, for resolving its relative links. */
export interface PageLocation {
  readonly path: string;
  readonly locale: string;
  /** MediaWiki: the page's namespace has subpages, so `[[/Sub]]` and `[[../X]]` are relative. */
  readonly subpages?: boolean;
}

/** A link target: a page in a locale. */
export interface LinkTarget {
  readonly path: string;
  readonly locale: string;
}

export interface FoundLink {
  /** Offsets of the target text in the body: what a rewrite replaces. */
  readonly start: number;
  readonly end: number;
  /** The target text as written (`../b#x`, `Docs/A#s`). */
  readonly raw: string;
  /** 1-based line of the link, for people. */
  readonly line: number;
  /** The page the link reaches. */
  readonly target: LinkTarget;
  /** Inside a template call (wikitext): reported, never rewritten. */
  readonly inTemplate?: boolean;
  /**
   * The target text that reaches `target` from a page at `from`, in this link's style
   * (absolute stays absolute, `/en/` stays, relative stays relative where it still can);
   * `undefined` when `raw` already does.
   */
  retarget(target: LinkTarget, from: PageLocation): string | undefined;
}

/** One edit to a body: replace `[start, end)` with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Applies non-overlapping edits (any order) to `content`. */
export function applyEdits(content: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = content;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** `locale/path`: how targets are compared. */
export function targetKey(target: LinkTarget): string {
  return `${target.locale}/${target.path}`;
}

/** 1-based line number of `offset`, from a precomputed list of line starts. */
export function lineAt(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function lineStartsOf(content: string): number[] {
  const starts = [0];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** `[start, end)` ranges; `inside` answers whether an offset falls in one (binary search). */
export class Ranges {
  readonly #ranges: [number, number][] = [];
  #merged: [number, number][] | undefined;

  add(start: number, end: number): void {
    if (end > start) this.#ranges.push([start, end]);
    this.#merged = undefined;
  }

  /** Every match of a global regex becomes a range. */
  addAll(content: string, re: RegExp): void {
    for (const match of content.matchAll(re)) this.add(match.index, match.index + match[0].length);
  }

  inside(offset: number): boolean {
    const merged = (this.#merged ??= merge(this.#ranges));
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, end] = merged[mid] ?? [0, 0];
      if (offset < start) hi = mid - 1;
      else if (offset >= end) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

function merge(ranges: readonly [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = out.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}
