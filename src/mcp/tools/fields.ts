/** Input fields several tools share, described for an agent. Internal module. */
import { z } from 'zod';
import type { PageSummary } from '../wiki-access.js';

export const path = z
  .string()
  .min(1)
  .describe('Page path without locale or leading slash, e.g. "docs/install" (Wiki.js), or the page title, e.g. "Main Page" (MediaWiki).');

export const locale = z
  .string()
  .min(1)
  .optional()
  .describe('Wiki.js locale code such as "en" (default: the wiki default). Ignored by MediaWiki.');

export const baseRevision = z
  .string()
  .min(1)
  .describe('The "revision" you got from read_page (or the previous write) for this page. The write is refused, never applied over a newer edit, when the page has moved on since.');

export const prefix = z.string().optional().describe('Only pages under this folder, e.g. "docs" (matches "docs" and "docs/…", not "docsx").');

export function summary(page: PageSummary): Record<string, unknown> {
  return {
    id: page.id,
    path: page.path,
    title: page.title,
    locale: page.locale,
    updated_at: page.updatedAt,
    ...(page.revision === undefined ? {} : { revision: page.revision }),
    ...(page.tags === undefined ? {} : { tags: page.tags }),
  };
}

export function mimeOf(format: string): string {
  return format === 'html' ? 'text/html' : format === 'wikitext' ? 'text/x-wiki' : 'text/markdown';
}

/** `{ locale }` when given, `{}` otherwise (exactOptionalPropertyTypes). */
export function at(localeValue: string | undefined, signal?: AbortSignal): { locale?: string; signal?: AbortSignal } {
  return { ...(localeValue === undefined ? {} : { locale: localeValue }), ...(signal === undefined ? {} : { signal }) };
}
