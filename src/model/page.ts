/**
 * Wiki-neutral value types: what every dialect (Wiki.js 2, Wiki.js 3, MediaWiki) reads and
 * writes through {@link Wiki}. Dialect-specific facts stay reachable in `extra`.
 */

/** How a page's `content` is written. */
export type ContentFormat = 'markdown' | 'html' | 'wikitext';

/** A page as listed: enough to decide whether to read it. */
export interface PageSummary {
  /** The wiki's own id, as a string: a Wiki.js 2 integer, a Wiki.js 3 UUID, a MediaWiki pageid. */
  readonly id: string;
  /** Wiki path without locale (Wiki.js) or page title (MediaWiki). */
  readonly path: string;
  readonly title: string;
  readonly locale: string;
  /** ISO 8601 time of the latest revision. */
  readonly updatedAt: string;
  /**
   * Opaque token of the latest revision, compared for optimistic concurrency:
   * Wiki.js `updatedAt`, MediaWiki `revid`. Absent where a listing does not carry it.
   */
  readonly revision?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly published?: boolean;
  readonly private?: boolean;
}

/** A whole page. */
export interface Page extends PageSummary {
  readonly revision: string;
  readonly description: string;
  readonly content: string;
  readonly format: ContentFormat;
  /** Wiki.js tags; MediaWiki categories (without the `Category:` prefix). */
  readonly tags: readonly string[];
  readonly published: boolean;
  readonly private: boolean;
  readonly createdAt?: string;
  /** Name of the author of the latest revision, when the wiki says. */
  readonly author?: string;
  /** Dialect-specific fields (Wiki.js `editor`, `scriptCss`, MediaWiki `contentmodel`, …). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** What a caller writes. Omitted fields keep their current value on update (never wiped). */
export interface PageInput {
  readonly path: string;
  readonly content: string;
  readonly title?: string;
  readonly description?: string;
  readonly format?: ContentFormat;
  readonly tags?: readonly string[];
  readonly locale?: string;
  readonly published?: boolean;
  readonly private?: boolean;
  /** Edit summary where the wiki keeps one (MediaWiki), ignored elsewhere. */
  readonly summary?: string;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** One entry of a page's history, newest first when listed. */
export interface Revision {
  readonly revision: string;
  readonly timestamp: string;
  readonly author?: string;
  readonly summary?: string;
  /** Present only when the history was read with content. */
  readonly content?: string;
}

/** A stored file (Wiki.js asset, MediaWiki file). */
export interface AssetRef {
  /** Path usable in a page link, e.g. `/images/logo.png` (Wiki.js) or `File:Logo.png` (MediaWiki). */
  readonly path: string;
  readonly name: string;
  readonly size?: number;
  readonly mime?: string;
  readonly id?: string;
}
