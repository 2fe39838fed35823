/**
 * Input checks done before anything is sent, so a bad argument fails with a `UsageError`
 * naming the field instead of a server error (or, worse, a server success that did the wrong
 * thing: an untrimmed path is stored trimmed by `create` but not found by `singleByPath`).
 */
import { usageError } from '../errors.js';

/**
 * Wiki.js 2 refuses `.`, spaces, `\` and `//` in a page path (6005 PageIllegalPath, see the
 * server's `createPage`); control characters and `?`/`#` cannot round-trip through a URL.
 */
const ILLEGAL_PATH = /[.\s\\?#\p{Cc}]|\/\//u;

/** Trims leading/trailing slashes (as `create` does server-side) and checks what remains. */
export function checkPath(path: unknown, field = 'path'): string {
  if (typeof path !== 'string') throw usageError(`${field} must be a string`, { field });
  const trimmed = path.trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '') throw usageError(`${field} must not be empty`, { field });
  const bad = ILLEGAL_PATH.exec(trimmed);
  if (bad) {
    const shown = bad[0] === '//' ? '//' : JSON.stringify(bad[0]);
    throw usageError(`${field} "${trimmed}" contains an illegal character ${shown} (Wiki.js paths allow no dots, spaces, backslashes, "?", "#" or "//")`, { field });
  }
  return trimmed;
}

const LOCALE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/i;

export function checkLocale(locale: unknown, field = 'locale'): string {
  if (typeof locale !== 'string' || !LOCALE.test(locale)) {
    throw usageError(`${field} ${JSON.stringify(locale)} is not a locale code (expected e.g. "en", "fr", "pt-br", "zh-hans")`, { field });
  }
  return locale.toLowerCase();
}

export function checkNonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw usageError(`${field} must be a non-negative integer, got ${JSON.stringify(value)}`, { field });
  }
  return value;
}

export function checkNonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw usageError(`${field} must be a non-empty string`, { field });
  return value;
}

/** Wiki.js 2 ids: positive integers (a numeric string is accepted; a UUID is not). */
export function checkIntId(id: unknown, field = 'id', version: 2 | 3 = 2): number {
  const n = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    const hint = typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? ` (a UUID is a Wiki.js 3 id; this server is Wiki.js ${version})` : '';
    throw usageError(`${field} must be a positive integer, got ${JSON.stringify(id)}${hint}`, { field });
  }
  return n;
}

/** Tags as the server stores them: trimmed, lower-cased, de-duplicated, no empties. */
export function normalizeTags(tags: readonly unknown[] | undefined, field = 'tags'): string[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags)) throw usageError(`${field} must be an array of strings`, { field });
  const out: string[] = [];
  for (const tag of tags) {
    if (typeof tag !== 'string') throw usageError(`${field} must be an array of strings`, { field });
    const clean = tag.trim().toLowerCase();
    if (clean !== '' && !out.includes(clean)) out.push(clean);
  }
  return out;
}
