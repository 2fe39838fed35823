/** Read-modify-write over `runEdit` (mwn's `edit`): never overwrites a newer revision. */
import { WikiApiError, isConflictError, apiError, usageError } from '../errors.js';
import { storedWikitext } from '../model/wikitext.js';
import { assertValidTitle } from './title.js';
import { mediawikiError } from './error-codes.js';
import type { EditContext, EditParams, EditResult } from './edit.js';

export interface UpdateContext extends EditContext {
  edit(params: EditParams, signal?: AbortSignal): Promise<EditResult>;
}

/** What `update` hands to the transform: the latest revision as read. */
export interface CurrentPage {
  readonly title: string;
  readonly exists: boolean;
  readonly content: string;
  readonly revid: number | undefined;
  readonly timestamp: string | undefined;
}

export type PageTransform = (current: CurrentPage) => string | undefined | Promise<string | undefined>;

export interface UpdateOptions {
  readonly summary?: string;
  readonly minor?: boolean;
  readonly bot?: boolean;
  readonly tags?: string | readonly string[];
  /**
   * Create the page when it does not exist (the transform sees `exists: false`). Without it, a
   * missing page is refused with `NotFoundError`, as mwn's `edit` does. @default false
   */
  readonly create?: boolean;
  /**
   * The revision id the caller last saw: refuse with `ConflictError` (no re-read, no re-apply)
   * unless the page is still at it.
   */
  readonly expectedRevision?: number | string;
  /** Reads + writes before giving up on repeated conflicts. @default 5 */
  readonly maxAttempts?: number;
  readonly signal?: AbortSignal;
}

export interface UpdateResult extends EditResult {
  /** Attempts it took (1 = no conflict). */
  readonly attempts: number;
  /** True when the transform returned undefined or the same text: nothing was sent. */
  readonly skipped: boolean;
}

/**
 * Read-modify-write that never overwrites a newer revision: each write carries the revision it
 * was computed from (baserevid + basetimestamp + starttimestamp); on a conflict the page is read
 * again and the transform re-applied, a bounded number of times.
 */
export async function runUpdate(context: UpdateContext, title: string, transform: PageTransform, options: UpdateOptions = {}): Promise<UpdateResult> {
  assertValidTitle(title);
  const expected = options.expectedRevision === undefined ? undefined : Number(options.expectedRevision);
  if (expected !== undefined && !(Number.isInteger(expected) && expected > 0)) {
    throw usageError(`update: expectedRevision "${String(options.expectedRevision)}" is not a MediaWiki revision id`, { field: 'expectedRevision' });
  }
  // A caller who named the revision wants a refusal on change, not a re-applied transform.
  const maxAttempts = expected === undefined ? (options.maxAttempts ?? 5) : 1;
  let lastConflict: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const latest = await context.readLatest({ title }, options.signal);
    if (latest.invalid) throw usageError(`update: "${title}" is not a valid title`, { field: 'title' });
    const exists = !latest.missing;
    if (!exists && options.create !== true) {
      throw mediawikiError('missingtitle', `MediaWiki update of "${title}" refused: the page does not exist (pass { create: true } to create it, or use edit({ createonly: true }) / asWiki().put)`, {
        category: 'not-found',
        path: title,
      });
    }
    if (expected !== undefined && latest.revid !== expected) {
      throw mediawikiError('editconflict', `MediaWiki update of "${title}" refused: the page is at revision ${String(latest.revid ?? 'none')}, not ${String(expected)}`, {
        category: 'conflict',
        path: title,
        details: { expectedRevision: expected, currentRevision: latest.revid },
      });
    }
    const content = latest.content ?? '';
    const next = await transform({ title: latest.title, exists, content, revid: latest.revid, timestamp: latest.timestamp });
    if (next === undefined || (exists && storedWikitext(next) === storedWikitext(content))) {
      return { result: 'Success', pageid: latest.pageid ?? 0, title: latest.title, nochange: true, new: false, attempts: attempt, skipped: true, ...(latest.revid === undefined ? {} : { newrevid: latest.revid }) };
    }
    const params: EditParams = {
      title,
      text: next,
      ...(options.summary === undefined ? {} : { summary: options.summary }),
      ...(options.minor === undefined ? {} : { minor: options.minor }),
      ...(options.bot === undefined ? {} : { bot: options.bot }),
      ...(options.tags === undefined ? {} : { tags: options.tags }),
      // baserevid without basetimestamp: with a basetimestamp MediaWiki compares timestamps of
      // 1 s resolution and lets a same-second edit by someone else be silently overwritten
      // (measured on 1.39); baserevid alone refuses any newer revision, our own included.
      ...(exists ? { baserevid: latest.revid, nocreate: true } : { createonly: true }),
      ...(latest.curtimestamp === undefined ? {} : { starttimestamp: latest.curtimestamp }),
    } as EditParams;
    try {
      const result = await context.edit(params, options.signal);
      return { ...result, attempts: attempt, skipped: false };
    } catch (error) {
      // editconflict, articleexists (created meanwhile), pagedeleted, missingtitle (deleted meanwhile): re-read.
      const retryable = isConflictError(error) || (error instanceof WikiApiError && error.code === 'missingtitle');
      if (!retryable || expected !== undefined) throw error;
      lastConflict = error;
    }
  }
  const last = lastConflict instanceof WikiApiError ? lastConflict : undefined;
  throw apiError('conflict', `MediaWiki update of "${title}" still conflicted after ${maxAttempts} attempts`, {
    wiki: 'mediawiki',
    code: last?.code ?? 'editconflict',
    path: title,
    details: { attempts: maxAttempts, ...last?.details },
    attempts: maxAttempts,
    cause: lastConflict,
  });
}
