import { usageError } from '../errors.js';

/** Characters $wgLegalTitleChars never allows, plus control characters. */
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[#<>[\]|{}\u0000-\u001f\u007f\ufffd]/u;

/**
 * Refuses, before any request, titles MediaWiki would answer `invalidtitle` for in every
 * configuration (Title::secureAndSplit's fixed rules). Namespace-specific rules stay the API's.
 */
export function assertValidTitle(title: unknown, field = 'title'): string {
  if (typeof title !== 'string') throw usageError(`${field} must be a string`, { field });
  const trimmed = title.replace(/_/g, ' ').trim();
  if (trimmed === '' || trimmed === ':') throw usageError(`${field} is empty`, { field });
  const illegal = ILLEGAL.exec(trimmed);
  if (illegal) {
    throw usageError(`${field} "${title}" contains the character ${JSON.stringify(illegal[0])}, which MediaWiki titles cannot contain`, { field });
  }
  if (/%[0-9A-Fa-f]{2}/.test(trimmed)) throw usageError(`${field} "${title}" contains a percent-encoded sequence`, { field });
  if (trimmed === '.' || trimmed === '..' || trimmed.startsWith('./') || trimmed.startsWith('../') || trimmed.includes('/./') || trimmed.includes('/../') || trimmed.endsWith('/.') || trimmed.endsWith('/..')) {
    throw usageError(`${field} "${title}" is a relative path`, { field });
  }
  if (trimmed.includes('~~~')) throw usageError(`${field} "${title}" contains a signature (~~~)`, { field });
  if (new TextEncoder().encode(trimmed).byteLength > 255) throw usageError(`${field} "${title.slice(0, 40)}…" is longer than 255 bytes`, { field });
  return title;
}

/** MediaWiki's own spelling of a title as it comes back (spaces, first letter upper case in most namespaces). */
export function sameTitle(a: string, b: string): boolean {
  const norm = (value: string): string => {
    const spaced = value.replace(/_/g, ' ').trim();
    return spaced.charAt(0).toUpperCase() + spaced.slice(1);
  };
  return norm(a) === norm(b);
}
