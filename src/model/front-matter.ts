/**
 * Page files: Markdown (or HTML / wikitext) with a YAML front matter block.
 *
 * ```
 * ---
 * title: Getting started
 * tags: [guide, intro]
 * published: true
 * owner: docs-team        # unknown keys are kept and written back unchanged
 * ---
 *
 * # Getting started
 * ```
 *
 * Rendering then parsing gives back the same meta, the same unknown keys and the same body.
 */
import { parseDocument, stringify } from 'yaml';
import { usageError } from '../errors.js';
import type { ContentFormat, Page, PageInput } from './page.js';
import { storedWikitext } from './wikitext.js';

/** The page fields a front matter block can carry. */
export interface PageMeta {
  title?: string;
  description?: string;
  tags?: string[];
  published?: boolean;
  private?: boolean;
  locale?: string;
  /** Wiki.js editor key (`markdown`, `ckeditor`, `code`); kept in `Page.extra.editor`. */
  editor?: string;
}

/** A parsed page file. */
export interface PageFile {
  meta: PageMeta;
  /** Keys the page model does not know, in file order; written back as they were. */
  extraKeys: Record<string, unknown>;
  content: string;
}

const KNOWN_KEYS = ['title', 'description', 'tags', 'published', 'private', 'locale', 'editor'] as const;
const FENCE = '---';

/**
 * Splits and parses a page file. A file without a leading `---` line has no front matter.
 * @throws {UsageError} (field `field`) for malformed YAML or a known key of the wrong type.
 */
export function parsePageFile(text: string, field = 'file'): PageFile {
  const normalized = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const opening = /^---[ \t]*\r?\n/.exec(normalized);
  if (!opening) return { meta: {}, extraKeys: {}, content: normalized };
  const rest = normalized.slice(opening[0].length);
  const closing = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m.exec(rest);
  if (!closing) throw usageError(`${field}: front matter starts with "---" but has no closing "---" line`, { field });
  const yamlText = rest.slice(0, closing.index);
  let body = rest.slice(closing.index + closing[0].length);
  // We write exactly one blank line after the fence; strip exactly one so the body round-trips.
  if (body.startsWith('\r\n')) body = body.slice(2);
  else if (body.startsWith('\n')) body = body.slice(1);

  const doc = parseDocument(yamlText, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw usageError(`${field}: front matter is not valid YAML: ${first?.message.split('\n')[0] ?? 'parse error'}`, { field, cause: first });
  }
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (cause) {
    // toJS() throws on what parses but cannot be built, e.g. an alias to an anchor never defined.
    throw usageError(`${field}: front matter is not valid YAML: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, { field, cause });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw usageError(`${field}: front matter must be a YAML mapping`, { field });
  }
  const record = data as Record<string, unknown>;
  const meta: PageMeta = {};
  const extraKeys: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      extraKeys[key] = value;
      continue;
    }
    if (value === null || value === undefined) continue;
    switch (key) {
      case 'title':
      case 'description':
      case 'locale':
      case 'editor':
        meta[key] = scalarString(value, key, field);
        break;
      case 'published':
      case 'private':
        if (typeof value !== 'boolean') throw usageError(`${field}: front matter "${key}" must be true or false`, { field });
        meta[key] = value;
        break;
      case 'tags':
        meta.tags = parseTags(value, field);
        break;
    }
  }
  return { meta, extraKeys, content: body };
}

/** Renders a page file; keys with no value are left out. */
export function renderPageFile(file: PageFile): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KNOWN_KEYS) {
    const value = file.meta[key];
    if (value !== undefined) ordered[key] = value;
  }
  for (const [key, value] of Object.entries(file.extraKeys)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) ordered[key] = value;
  }
  if (Object.keys(ordered).length === 0) {
    // A body that itself opens like front matter (or with a BOM) would be read back as meta:
    // an empty block keeps it a body.
    if (!/^(?:\uFEFF|---[ \t]*\r?\n)/.test(file.content)) return file.content;
    return `${FENCE}\n${FENCE}\n\n${file.content}`;
  }
  const yamlText = stringify(ordered, { lineWidth: 0 });
  return `${FENCE}\n${yamlText}${FENCE}\n\n${file.content}`;
}

/**
 * The file for a page as read from a wiki, keeping `extraKeys` from an existing local file.
 * With `shape` (the existing file's own front matter), the file keeps the keys it had: a key it
 * did not have is added only when the wiki's value differs from what leaving it out means
 * (the title push would derive, no description or tags, published, public, the sync locale,
 * the Markdown editor). So a pull does not turn a short front matter into the full form.
 */
export function pageToFile(page: Page, extraKeys: Record<string, unknown> = {}, shape?: PageMeta): PageFile {
  const file = fullPageToFile(page, extraKeys);
  if (shape === undefined) return file;
  const implied: PageMeta = { title: deriveTitle(page.content, page.path), description: '', tags: [], published: true, private: false, locale: page.locale, editor: 'markdown' };
  const meta: PageMeta = {};
  for (const key of KNOWN_KEYS) {
    const value = file.meta[key];
    if (value === undefined) continue;
    if (key in shape || !sameValue(value, implied[key])) Object.assign(meta, { [key]: value });
  }
  return { ...file, meta };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function fullPageToFile(page: Page, extraKeys: Record<string, unknown>): PageFile {
  const meta: PageMeta = {
    title: page.title,
    description: page.description,
    tags: [...page.tags],
    published: page.published,
    private: page.private,
    locale: page.locale,
  };
  const editor = page.extra?.['editor'];
  if (typeof editor === 'string' && editor !== '') meta.editor = editor;
  return { meta, extraKeys, content: page.content };
}

/**
 * What to send for a page file. Only fields present in the front matter are set, so an update
 * never wipes a field the file does not mention.
 */
export function fileToPageInput(file: PageFile, path: string, format: ContentFormat): PageInput {
  const { meta } = file;
  const extra: Record<string, unknown> = {};
  if (meta.editor !== undefined) extra['editor'] = meta.editor;
  return {
    path,
    content: file.content,
    format,
    ...(meta.title === undefined ? {} : { title: meta.title }),
    ...(meta.description === undefined ? {} : { description: meta.description }),
    ...(meta.tags === undefined ? {} : { tags: meta.tags }),
    ...(meta.locale === undefined ? {} : { locale: meta.locale }),
    ...(meta.published === undefined ? {} : { published: meta.published }),
    ...(meta.private === undefined ? {} : { private: meta.private }),
    ...(Object.keys(extra).length === 0 ? {} : { extra }),
  };
}

/** A title for a page that has none: its first `# heading`, else its last path segment. */
export function deriveTitle(content: string, path: string): string {
  const heading = /^#[ \t]+(.+?)[ \t#]*$/m.exec(content);
  if (heading?.[1]) return heading[1].trim();
  const last = path.split('/').pop() ?? path;
  return last.replace(/[-_]+/g, ' ').trim() || path;
}

/**
 * True when `input` would not change `page`: same body (line endings and trailing whitespace
 * aside, which wikis normalise) and the same value for every field the input sets.
 */
export function inputMatchesPage(input: PageInput, page: Page): boolean {
  // A wikitext page holds MediaWiki's normal form of what was sent (NFC, LF, no trailing space).
  const key = page.format === 'wikitext' ? storedWikitext : normalizeBody;
  if (key(input.content) !== key(page.content)) return false;
  if (input.title !== undefined && input.title !== page.title) return false;
  if (input.description !== undefined && input.description !== page.description) return false;
  if (input.published !== undefined && input.published !== page.published) return false;
  if (input.private !== undefined && input.private !== page.private) return false;
  if (input.tags !== undefined && !sameTags(input.tags, page.tags)) return false;
  return true;
}

/** Body comparison key: LF line endings, no trailing whitespace at the end. */
export function normalizeBody(content: string): string {
  return content.replace(/\r\n/g, '\n').trimEnd();
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a.map((t) => t.toLowerCase()))].sort();
  const right = [...new Set(b.map((t) => t.toLowerCase()))].sort();
  return left.length === right.length && left.every((t, i) => t === right[i]);
}

function scalarString(value: unknown, key: string, field: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  throw usageError(`${field}: front matter "${key}" must be a string`, { field });
}

function parseTags(value: unknown, field: string): string[] {
  // Wiki.js' own storage modules write `tags: a, b`; accept that as well as a YAML list.
  if (typeof value === 'string') return value.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (Array.isArray(value)) return value.map((t) => scalarString(t, 'tags', field)).filter((t) => t !== '');
  throw usageError(`${field}: front matter "tags" must be a list of strings`, { field });
}
