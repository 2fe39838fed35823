/**
 * Wiki paths and the local files they map to.
 *
 * Two jobs: (1) normalise and validate a wiki path before it is sent (Wiki.js refuses some
 * characters with 6005 PageIllegalPath, and routes some first segments elsewhere so a page
 * there can never be viewed); (2) map a wiki path to a relative file path and back, such that
 * nothing a wiki returns can make us write outside the target folder.
 */
import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { WikiKind } from '../errors.js';
import { usageError } from '../errors.js';
import type { ContentFormat } from './page.js';

/**
 * First path segments Wiki.js 2 routes to itself (`server/app/data.yml` reservedPaths, plus the
 * one-letter routes `/a` admin, `/e` edit, `/h` history, `/s` source, `/t` tags, … and locale
 * prefixes such as `en` or `pt-br`), see `server/helpers/page.js` `isReservedPath`.
 */
export const WIKIJS_RESERVED_SEGMENTS: readonly string[] = [
  'login',
  'logout',
  'register',
  'verify',
  'favicons',
  'fonts',
  'graphql',
  'healthz',
  'img',
  'js',
  'svg',
];

/**
 * First segments a page may be stored under but never reached at: the reserved ones above plus
 * the server's own routes (`/robots.txt`, `/_assets`, `/_userav`, `/_blocks`, `/dist`). The one
 * list a job that picks paths itself (migration) steers clear of.
 */
export const WIKIJS_SHADOWED_SEGMENTS: readonly string[] = [...WIKIJS_RESERVED_SEGMENTS, 'robots', '_assets', '_userav', '_blocks', 'dist'];

const WIKIJS_LOCALE_SEGMENT = /^[a-z]{2}(-[a-z]{2})?$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * Trims surrounding whitespace and slashes the way Wiki.js `pages.create` does; refuses empty
 * paths, NUL and other control characters.
 * @throws {UsageError} naming `field`
 */
export function normalizeWikiPath(raw: string, field = 'path'): string {
  if (typeof raw !== 'string') throw usageError(`${field} must be a string`, { field });
  if (CONTROL_CHARS.test(raw)) throw usageError(`${field} "${printable(raw)}" contains a control character`, { field });
  const path = raw.trim().replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === '') throw usageError(`${field} is empty`, { field });
  return path;
}

/**
 * Normalises and validates a path for writing to a wiki of `kind`.
 * Wiki.js: refuses `.`, space, `\`, `//` (6005 PageIllegalPath) and reserved first segments.
 * MediaWiki titles: refuses the characters MediaWiki never accepts in a title (`#<>[]|{}`).
 * @throws {UsageError} naming `field`
 */
export function validateWikiPath(raw: string, kind: WikiKind, field = 'path'): string {
  const path = normalizeWikiPath(raw, field);
  if (kind === 'mediawiki') {
    const bad = /[#<>[\]|{}]/.exec(path);
    if (bad) throw usageError(`${field} "${path}" contains "${bad[0]}", which MediaWiki titles cannot contain`, { field });
    return path;
  }
  for (const ch of ['.', ' ', '\\']) {
    if (path.includes(ch)) {
      throw usageError(`${field} "${path}" contains "${ch === ' ' ? 'a space' : ch}", which Wiki.js refuses (PageIllegalPath)`, { field });
    }
  }
  if (path.includes('//')) throw usageError(`${field} "${path}" contains an empty segment ("//")`, { field });
  const first = path.split('/')[0] ?? '';
  if (WIKIJS_LOCALE_SEGMENT.test(first) && first.length > 1) {
    // `/en/newcomer` is the page "newcomer" in locale en: a page stored as "en/newcomer" is
    // accepted by the API and then never found at its own URL.
    const rest = path.slice(first.length + 1);
    throw usageError(
      `${field} "${path}" starts with "${first}", which Wiki.js reads as a locale, so the page could never be viewed; ${rest === '' ? 'choose another name' : `write "${rest}" with --locale ${first.toLowerCase()} instead`}`,
      { field },
    );
  }
  if (first.length <= 1 || WIKIJS_RESERVED_SEGMENTS.includes(first.toLowerCase())) {
    throw usageError(
      `${field} "${path}" starts with "${first}", a segment Wiki.js reserves for its own routes or locales; the page could not be viewed`,
      { field },
    );
  }
  return path;
}

/** `docs` contains `docs` and `docs/a`, not `docsx`. An empty prefix contains everything. */
export function isWithinPrefix(path: string, prefix: string | undefined): boolean {
  if (prefix === undefined || prefix === '') return true;
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Joins a prefix and a relative wiki path. */
export function joinWikiPath(prefix: string | undefined, rest: string): string {
  if (prefix === undefined || prefix === '') return rest;
  return rest === '' ? prefix : `${prefix}/${rest}`;
}

/** Strips `prefix/` from a path known to be inside it. */
export function stripPrefix(path: string, prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return path;
  if (path === prefix) return '';
  return path.slice(prefix.length + 1);
}

// ---------------------------------------------------------------------------------------------
// Wiki path ↔ local file

const FORMAT_EXTENSIONS: Readonly<Record<ContentFormat, string>> = { markdown: '.md', html: '.html', wikitext: '.wiki' };
const EXTENSION_FORMATS: ReadonlyMap<string, ContentFormat> = new Map([
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.html', 'html'],
  ['.wiki', 'wikitext'],
]);

/** File extension used for a page of this format. */
export function extensionFor(format: ContentFormat): string {
  return FORMAT_EXTENSIONS[format];
}

/** The format a page file is in, from its name, or `undefined` when it is not a page file. */
export function formatOfFile(file: string): ContentFormat | undefined {
  const dot = file.lastIndexOf('.');
  if (dot <= file.lastIndexOf('/')) return undefined;
  return EXTENSION_FORMATS.get(file.slice(dot).toLowerCase());
}

/** Names Windows refuses whatever the extension (`con.md` is the console). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
/** Names we refuse as a segment anywhere: the VCS folder and our own state file. */
const RESERVED_NAMES = new Set(['.git', '.wikikit-sync.json', '.wikikit']);
/** Characters that cannot appear in a file name on some platform, plus `%` (our escape). */
const ESCAPED_CHARS = /[<>:"\\|?*%]/g;

function escapeSegment(segment: string): string {
  let out = segment.replace(ESCAPED_CHARS, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  // Windows drops a trailing dot or space silently, which would merge two names into one.
  out = out.replace(/[. ]$/, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return out;
}

function unescapeSegment(segment: string, field: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (cause) {
    throw usageError(`${field} segment "${segment}" has a malformed %-escape`, { field, cause });
  }
}

function checkSegment(segment: string, full: string, field: string): void {
  if (segment === '') throw usageError(`${field} "${printable(full)}" has an empty segment`, { field });
  if (segment === '.' || segment === '..') {
    throw usageError(`${field} "${printable(full)}" contains "${segment}", which would leave the folder; refused`, { field });
  }
  if (segment.includes('\0') || CONTROL_CHARS.test(segment)) {
    throw usageError(`${field} "${printable(full)}" contains a control character; refused`, { field });
  }
  if (RESERVED_NAMES.has(segment.toLowerCase())) {
    throw usageError(`${field} "${printable(full)}" uses the reserved name "${segment}"; refused`, { field });
  }
  if (WINDOWS_DEVICE.test(segment)) {
    throw usageError(`${field} "${printable(full)}" uses "${segment}", a reserved device name on Windows; refused`, { field });
  }
}

/**
 * Relative POSIX file path for a wiki path (`docs/a` → `docs/a.md`). Characters a file system
 * cannot hold are %-escaped so the mapping stays one to one.
 * @throws {UsageError} for `..`, `.`, absolute paths, NUL/control characters, reserved names.
 */
export function wikiPathToFile(path: string, format: ContentFormat = 'markdown', field = 'path'): string {
  if (path.includes('\0') || CONTROL_CHARS.test(path)) throw usageError(`${field} "${printable(path)}" contains a control character; refused`, { field });
  if (path.startsWith('/') || /^[a-z]:/i.test(path) || path.startsWith('\\')) {
    throw usageError(`${field} "${printable(path)}" is absolute; refused`, { field });
  }
  if (path.includes('\\')) throw usageError(`${field} "${printable(path)}" contains a backslash; refused`, { field });
  const segments = path.split('/');
  for (const segment of segments) checkSegment(segment, path, field);
  const escaped = segments.map(escapeSegment);
  const file = `${escaped.join('/')}${extensionFor(format)}`;
  for (const segment of file.split('/')) checkSegment(segment, path, field);
  return file;
}

/**
 * Wiki path for a relative file path (`docs/a.md` → `docs/a`), the inverse of {@link wikiPathToFile}.
 * @throws {UsageError} for a non-page file, `..`, absolute paths, reserved names.
 */
export function fileToWikiPath(file: string, field = 'file'): { path: string; format: ContentFormat } {
  const posix = file.split(sep).join('/');
  if (isAbsolute(file) || posix.startsWith('/')) throw usageError(`${field} "${printable(file)}" is absolute; refused`, { field });
  const format = formatOfFile(posix);
  if (format === undefined) throw usageError(`${field} "${printable(file)}" is not a page file (.md, .markdown, .html, .wiki)`, { field });
  const withoutExt = posix.slice(0, posix.lastIndexOf('.'));
  const segments = withoutExt.split('/');
  for (const segment of posix.split('/')) checkSegment(segment, file, field);
  const path = segments.map((s) => unescapeSegment(s, field)).join('/');
  for (const segment of path.split('/')) checkSegment(segment, file, field);
  return { path, format };
}

/** Case-folding key: two names with the same key are one file on macOS/Windows file systems. */
export function caseFoldKey(file: string): string {
  return file.normalize('NFC').toLowerCase();
}

/**
 * Groups of names that would land on the same file on a case-insensitive file system.
 * Only groups with more than one member are returned.
 */
export function findCaseCollisions(files: Iterable<string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const key = caseFoldKey(file);
    const group = groups.get(key);
    if (group) group.push(file);
    else groups.set(key, [file]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * Absolute path of `file` inside `dir`, after checking it cannot escape: lexically (`..`,
 * absolute) and through symlinks (the deepest existing ancestor is resolved with `realpath`
 * and must still be inside the real `dir`; an existing symlink as the target itself is refused).
 * @throws {UsageError} with field `file`
 */
export async function resolveInside(dir: string, file: string, field = 'file'): Promise<string> {
  if (file.includes('\0')) throw usageError(`${field} "${printable(file)}" contains NUL; refused`, { field });
  if (isAbsolute(file)) throw usageError(`${field} "${printable(file)}" is absolute; refused`, { field });
  const root = resolve(dir);
  const target = resolve(root, file);
  if (!isInside(root, target)) throw usageError(`${field} "${printable(file)}" resolves outside ${root}; refused`, { field });
  // Without this, a missing folder is reported below as "a symlink pointing outside".
  const rootInfo = await lstat(root).catch(() => undefined);
  if (rootInfo === undefined) throw usageError(`folder ${root} does not exist (needed for ${field} "${printable(file)}")`, { field: 'dir' });
  const realRoot = await realpath(root).catch(() => root);
  // Walk up to the deepest ancestor that exists; a symlink anywhere on the way is caught by realpath.
  let existing = target;
  for (;;) {
    const info = await lstat(existing).catch(() => undefined);
    if (info) {
      if (existing === target && info.isSymbolicLink()) {
        const real = await realpath(existing).catch(() => undefined);
        if (real === undefined || !isInside(realRoot, real)) {
          throw usageError(`${field} "${printable(file)}" is a symlink pointing outside ${root}; refused`, { field });
        }
      }
      break;
    }
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const realExisting = await realpath(existing).catch(() => existing);
  if (!isInside(realRoot, realExisting)) {
    throw usageError(`${field} "${printable(file)}" goes through a symlink pointing outside ${root}; refused`, { field });
  }
  return target;
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function printable(value: string): string {
  // eslint-disable-next-line no-control-regex -- show control characters instead of emitting them
  return value.replace(/[\u0000-\u001f\u007f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// MediaWiki titles

/** Canonical MediaWiki namespace names (English), matched case-insensitively before a colon. */
const MEDIAWIKI_NAMESPACES: ReadonlyMap<string, string> = new Map(
  ['Talk', 'User', 'User talk', 'Project', 'Project talk', 'File', 'File talk', 'Image', 'MediaWiki', 'MediaWiki talk', 'Template', 'Template talk', 'Help', 'Help talk', 'Category', 'Category talk', 'Module', 'Module talk', 'Special', 'Media'].map(
    (name) => [name.toLowerCase(), name],
  ),
);

function upperFirst(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const ch = String.fromCodePoint(first);
  return ch.toUpperCase() + text.slice(ch.length);
}

/**
 * A title spelt the way MediaWiki returns it ($wgCapitalLinks, the default): `_` is a space,
 * runs of spaces collapse, the first letter is upper case, and so is the first letter after a
 * known namespace (`help:foo_bar` → `Help:Foo bar`). Sync and the other jobs compare the titles
 * a wiki lists with the paths they computed; without this, `wkt/a` written would be listed back
 * as `Wkt/a` and look like another page.
 */
export function normalizeMediaWikiTitle(title: string): string {
  const spaced = title.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  const colon = spaced.indexOf(':');
  if (colon > 0) {
    const ns = MEDIAWIKI_NAMESPACES.get(spaced.slice(0, colon).trim().toLowerCase());
    if (ns !== undefined) return `${ns}:${upperFirst(spaced.slice(colon + 1).trim())}`;
  }
  return upperFirst(spaced);
}

/**
 * {@link normalizeWikiPath}, plus MediaWiki's own title spelling on a MediaWiki, so paths and
 * prefixes compare equal to the titles the wiki lists.
 * @throws {UsageError} naming `field`
 */
export function normalizePathFor(kind: WikiKind, raw: string, field = 'path'): string {
  const path = normalizeWikiPath(raw, field);
  return kind === 'mediawiki' ? normalizeMediaWikiTitle(path) : path;
}
