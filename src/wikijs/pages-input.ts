/**
 * The checks `client.pages` runs on its inputs before anything is sent: ids, create inputs,
 * patches, and the concurrency guard's two names folded into one.
 */
import { usageError } from '../errors.js';
import type { PageCreateInput, PagePatch, UpdateOptions, WikiJsId } from './dialect.js';
import { checkIntId, checkLocale, checkNonEmpty, checkPath, normalizeTags } from './validate.js';

const PATCH_KEYS: ReadonlySet<string> = new Set(['title', 'content', 'description', 'editor', 'tags', 'isPublished', 'isPrivate', 'publishStartDate', 'publishEndDate', 'scriptCss', 'scriptJs']);

export function checkId(id: unknown, field = 'id'): WikiJsId {
  if (typeof id === 'string' && !/^\d+$/.test(id)) {
    if (id.trim() === '') throw usageError(`${field} must not be empty`, { field });
    return id; // a UUID: only Wiki.js 3 accepts it; the v2 dialect refuses it before sending
  }
  return checkIntId(id, field);
}

export function checkCreate(input: PageCreateInput, field: string): PageCreateInput {
  if (typeof input !== 'object' || input === null) throw usageError(`${field} must be an object`, { field });
  const path = checkPath(input.path, `${field}.path`);
  if (typeof input.title !== 'string') throw usageError(`${field}.title must be a string`, { field: `${field}.title` });
  checkNonEmpty(input.content, `${field}.content`);
  return {
    ...input,
    path,
    ...(input.locale === undefined ? {} : { locale: checkLocale(input.locale, `${field}.locale`) }),
    tags: normalizeTags(input.tags, `${field}.tags`),
  };
}

export function checkPatch(patch: PagePatch, field: string): PagePatch {
  if (typeof patch !== 'object' || patch === null) throw usageError(`${field} must be an object`, { field });
  for (const key of Object.keys(patch)) {
    if (key === 'path' || key === 'locale') throw usageError(`${field}.${key} cannot be changed by update; use pages.move`, { field: `${field}.${key}` });
    if (!PATCH_KEYS.has(key)) throw usageError(`${field}.${key} is not a page field`, { field: `${field}.${key}` });
  }
  if (patch.content !== undefined) checkNonEmpty(patch.content, `${field}.content`);
  return patch.tags === undefined ? patch : { ...patch, tags: normalizeTags(patch.tags, `${field}.tags`) };
}

/**
 * The deprecated `expectedUpdatedAt` folds into `expectedRevision`, the one name the dialects
 * read; two different values are refused.
 */
export function guardOf(options: UpdateOptions): UpdateOptions {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the one place the old name is read
  const { expectedRevision, expectedUpdatedAt, ...rest } = options;
  if (expectedRevision !== undefined && expectedUpdatedAt !== undefined && expectedRevision !== expectedUpdatedAt) {
    throw usageError(`pages.update: expectedRevision "${expectedRevision}" and expectedUpdatedAt "${expectedUpdatedAt}" disagree (expectedUpdatedAt is the old name of expectedRevision: pass one)`, { field: 'expectedRevision' });
  }
  const expected = expectedRevision ?? expectedUpdatedAt;
  return expected === undefined ? rest : { ...rest, expectedRevision: expected };
}
