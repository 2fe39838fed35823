/** API:Edit: parameters checked and built, the answer decoded, a lost answer reconciled, a conflict described. */
import { createHash } from 'node:crypto';
import { ConflictError, HttpError, NetworkError, TimeoutError, WikiApiError, apiError, usageError } from '../errors.js';
import type { ApiParams, ApiResponse } from './api.js';
import type { PageContent } from './read.js';
import { apiInputForm, storedWikitext } from '../model/wikitext.js';
import { assertValidTitle } from './title.js';
import { clientError } from '../client-errors.js';

/** Every parameter of API:Edit, under its documented name. `token` and `md5` are added by the client. */
export interface EditParams {
  readonly title?: string;
  readonly pageid?: number;
  /** `0` for the top section, `new` for a new section. */
  readonly section?: number | 'new' | (string & {});
  readonly sectiontitle?: string;
  readonly text?: string;
  readonly summary?: string;
  readonly tags?: string | readonly string[];
  readonly minor?: boolean;
  readonly notminor?: boolean;
  /** Mark as a bot edit. @default true when the account has the `bot` right */
  readonly bot?: boolean;
  /** API:Edit's name for the concurrency guard; `edit` also takes it as `expectedRevision` ({@link EditInput}). */
  readonly baserevid?: number;
  readonly basetimestamp?: string;
  readonly starttimestamp?: string;
  readonly recreate?: boolean;
  readonly createonly?: boolean;
  readonly nocreate?: boolean;
  /** Deprecated by MediaWiki; prefer `watchlist`. */
  readonly watch?: boolean;
  /** Deprecated by MediaWiki; prefer `watchlist`. */
  readonly unwatch?: boolean;
  readonly watchlist?: 'nochange' | 'preferences' | 'unwatch' | 'watch';
  readonly watchlistexpiry?: string;
  /** Computed by the client from text (or prependtext + appendtext) when omitted. */
  readonly md5?: string;
  readonly prependtext?: string;
  readonly appendtext?: string;
  readonly undo?: number;
  readonly undoafter?: number;
  readonly redirect?: boolean;
  readonly contentformat?: string;
  readonly contentmodel?: string;
  readonly returnto?: string;
  readonly returntoquery?: string;
  readonly returntoanchor?: string;
  readonly captchaid?: string;
  readonly captchaword?: string;
}

/** The `edit` result of a successful edit (formatversion=2), typed. */
export interface EditResult {
  readonly result: 'Success';
  readonly pageid: number;
  readonly title: string;
  readonly contentmodel?: string;
  readonly oldrevid?: number;
  readonly newrevid?: number;
  readonly newtimestamp?: string;
  /** True when the text was identical: no revision was made. */
  readonly nochange: boolean;
  /** True when the page was created by this edit. */
  readonly new: boolean;
  readonly watched?: boolean;
  readonly watchlistexpiry?: string;
  /** True when the answer was lost and the outcome was established by re-reading the page. */
  readonly reconciled?: boolean;
}

export interface EditContext {
  request(params: ApiParams, options: { path: string | undefined; signal?: AbortSignal | undefined }): Promise<ApiResponse>;
  readLatest(target: { title: string } | { pageid: number }, signal?: AbortSignal): Promise<PageContent>;
  userName(): string | undefined;
  isBot(): boolean;
}

const WATCHLIST = new Set(['nochange', 'preferences', 'unwatch', 'watch']);

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** The rules API:Edit states, checked before any request. */
export function validateEditParams(params: EditParams): void {
  const hasTitle = params.title !== undefined;
  const hasPageid = params.pageid !== undefined;
  if (hasTitle && hasPageid) throw usageError('edit: give title or pageid, not both', { field: 'pageid' });
  if (!hasTitle && !hasPageid) throw usageError('edit: title or pageid is required', { field: 'title' });
  if (hasTitle) assertValidTitle(params.title, 'title');
  if (hasPageid && (!isNonNegativeInteger(params.pageid) || params.pageid === 0)) {
    throw usageError('edit: pageid must be a positive integer', { field: 'pageid' });
  }
  const hasText = params.text !== undefined;
  const hasAppend = params.appendtext !== undefined || params.prependtext !== undefined;
  if (hasText && hasAppend) {
    throw usageError('edit: text cannot be combined with appendtext/prependtext (MediaWiki would silently ignore text)', {
      field: params.appendtext !== undefined ? 'appendtext' : 'prependtext',
    });
  }
  if (params.undo !== undefined) {
    if (!isNonNegativeInteger(params.undo) || params.undo === 0) throw usageError('edit: undo must be a revision id (positive integer)', { field: 'undo' });
    if (hasText || hasAppend) throw usageError('edit: undo cannot be combined with text/appendtext/prependtext', { field: 'undo' });
  }
  if (params.undoafter !== undefined) {
    if (params.undo === undefined) throw usageError('edit: undoafter needs undo (the revision to undo)', { field: 'undo' });
    if (!isNonNegativeInteger(params.undoafter)) throw usageError('edit: undoafter must be a revision id', { field: 'undoafter' });
  }
  if (!hasText && !hasAppend && params.undo === undefined) {
    throw usageError('edit: one of text, appendtext, prependtext or undo is required', { field: 'text' });
  }
  if (params.minor && params.notminor) throw usageError('edit: minor and notminor are exclusive', { field: 'notminor' });
  if (params.createonly && params.nocreate) throw usageError('edit: createonly and nocreate are exclusive', { field: 'nocreate' });
  if (params.watch && params.unwatch) throw usageError('edit: watch and unwatch are exclusive', { field: 'unwatch' });
  if (params.sectiontitle !== undefined && params.section !== 'new') {
    throw usageError('edit: sectiontitle is only used with section: "new"', { field: 'sectiontitle' });
  }
  if (params.section !== undefined && typeof params.section === 'number' && !isNonNegativeInteger(params.section)) {
    throw usageError('edit: section must be a non-negative integer or "new"', { field: 'section' });
  }
  if (params.section !== undefined && typeof params.section === 'string' && params.section.trim() === '') {
    throw usageError('edit: section is empty', { field: 'section' });
  }
  if (params.watchlist !== undefined && !WATCHLIST.has(params.watchlist)) {
    throw usageError(`edit: watchlist must be one of ${[...WATCHLIST].join(', ')}`, { field: 'watchlist' });
  }
  if (params.baserevid !== undefined && (!isNonNegativeInteger(params.baserevid) || params.baserevid === 0)) {
    throw usageError('edit: baserevid must be a revision id', { field: 'baserevid' });
  }
  for (const field of ['basetimestamp', 'starttimestamp'] as const) {
    const value = params[field];
    if (value !== undefined && Number.isNaN(Date.parse(value)) && !/^\d{14}$/.test(value)) {
      throw usageError(`edit: ${field} is not a timestamp`, { field });
    }
  }
  if ((params.captchaid === undefined) !== (params.captchaword === undefined)) {
    throw usageError('edit: captchaid and captchaword go together', { field: params.captchaid === undefined ? 'captchaid' : 'captchaword' });
  }
}

/**
 * The md5 ApiEditPage checks: of `text`, or of `prependtext . appendtext`, each as the API sees
 * it after its Unicode clean-up (NFC, controls → U+FFFD); see src/model/wikitext.ts.
 */
export function md5Of(params: EditParams): string | undefined {
  const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');
  if (params.text !== undefined) return md5(apiInputForm(params.text));
  if (params.appendtext !== undefined || params.prependtext !== undefined) {
    return md5(apiInputForm(params.prependtext ?? '') + apiInputForm(params.appendtext ?? ''));
  }
  return undefined;
}

/** API parameters for `action=edit`, without the token (the client adds it last). */
export function buildEditParams(params: EditParams, defaults: { bot: boolean }): ApiParams {
  const out: Record<string, ApiParams[string]> = { action: 'edit' };
  const order: readonly (keyof EditParams)[] = [
    'title', 'pageid', 'section', 'sectiontitle', 'summary', 'tags', 'minor', 'notminor', 'bot', 'baserevid', 'basetimestamp',
    'starttimestamp', 'recreate', 'createonly', 'nocreate', 'watch', 'unwatch', 'watchlist', 'watchlistexpiry', 'undo', 'undoafter',
    'redirect', 'contentformat', 'contentmodel', 'returnto', 'returntoquery', 'returntoanchor', 'captchaid', 'captchaword',
    'prependtext', 'appendtext', 'text',
  ];
  for (const name of order) {
    const value = params[name];
    if (value !== undefined) out[name] = value;
  }
  if (params.bot === undefined && defaults.bot) out['bot'] = true;
  const md5 = params.md5 ?? md5Of(params);
  if (md5 !== undefined) out['md5'] = md5;
  return out;
}

interface RawEdit {
  result?: string;
  pageid?: number;
  title?: string;
  contentmodel?: string;
  oldrevid?: number;
  newrevid?: number;
  newtimestamp?: string;
  nochange?: boolean | string;
  new?: boolean | string;
  watched?: boolean | string;
  watchlistexpiry?: string;
  captcha?: Readonly<Record<string, unknown>>;
  [extra: string]: unknown;
}

function flag(value: boolean | string | undefined): boolean {
  return value === true || value === '';
}

export function decodeEditResult(body: ApiResponse, target: string): EditResult {
  const edit = body['edit'] as RawEdit | undefined;
  if (edit?.result === 'Success') {
    const out: Record<string, unknown> = {
      result: 'Success',
      pageid: edit.pageid ?? 0,
      title: edit.title ?? target,
      nochange: flag(edit.nochange),
      new: flag(edit.new),
    };
    for (const name of ['contentmodel', 'oldrevid', 'newrevid', 'newtimestamp', 'watchlistexpiry'] as const) {
      if (edit[name] !== undefined) out[name] = edit[name];
    }
    if (edit.watched !== undefined) out['watched'] = flag(edit.watched);
    return out as unknown as EditResult;
  }
  // result=Failure: a captcha (ConfirmEdit) or an extension refusing; the edit was not saved.
  const captcha = edit?.captcha;
  if (captcha) {
    return failure(clientError('captcha', `MediaWiki edit of "${target}" needs a captcha answer (captchaid/captchaword)`, {
      wiki: 'mediawiki',
      path: target,
      details: { captcha },
    }));
  }
  return failure(apiError('api', `MediaWiki edit of "${target}" was not saved: result ${edit?.result ?? 'missing'}`, {
    wiki: 'mediawiki',
    code: edit?.result ?? 'missingresult',
    path: target,
    details: edit ? { ...edit } : {},
  }));
}

function failure(error: WikiApiError): never {
  throw error;
}

function targetOf(params: EditParams): { title: string } | { pageid: number } {
  return params.title !== undefined ? { title: params.title } : { pageid: params.pageid ?? 0 };
}

function labelOf(params: EditParams): string {
  return params.title ?? `pageid ${params.pageid ?? 0}`;
}

/** A failure after which the edit may or may not have been saved. */
export function isAmbiguous(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof TimeoutError || (error instanceof HttpError && error.status >= 500);
}

/** What re-reading the page after a lost answer showed. */
export type Reconciliation = { readonly applied: EditResult } | { readonly applied: undefined; readonly latest: PageContent };

/**
 * After a lost answer: did our edit land? Reads the latest revision and checks, in order of
 * certainty: full text identical; appended/prepended text present in a revision by us made
 * after we sent; any revision by us after we sent (sections, undo). Times are compared in
 * server time (the read's `curtimestamp` gives the clock skew).
 */
export async function reconcileEdit(context: EditContext, params: EditParams, sentAtMs: number | undefined, signal?: AbortSignal): Promise<Reconciliation> {
  const latest = await context.readLatest(targetOf(params), signal);
  const notApplied = { applied: undefined, latest };
  if (latest.missing || latest.invalid || latest.revid === undefined) return notApplied;
  const skewMs = latest.curtimestamp === undefined ? 0 : Date.parse(latest.curtimestamp) - Date.now();
  const sentAtServer = sentAtMs === undefined ? undefined : sentAtMs + (Number.isNaN(skewMs) ? 0 : skewMs);
  const base = { result: 'Success' as const, pageid: latest.pageid ?? 0, title: latest.title, newrevid: latest.revid, nochange: false, new: false, reconciled: true };
  const applied = { applied: latest.timestamp === undefined ? base : { ...base, newtimestamp: latest.timestamp } };
  const isSection = params.section !== undefined;
  if (params.text !== undefined && !isSection) {
    return latest.content !== undefined && storedWikitext(latest.content) === storedWikitext(params.text) ? applied : notApplied;
  }
  const me = context.userName();
  const mine = me === undefined || latest.user === me;
  const recent = sentAtServer === undefined || latest.timestamp === undefined || Date.parse(latest.timestamp) >= sentAtServer - 2000;
  if (!mine || !recent) return notApplied;
  if (!isSection && params.appendtext !== undefined && !storedWikitext(latest.content ?? '').endsWith(storedWikitext(params.appendtext))) return notApplied;
  if (!isSection && params.prependtext !== undefined && !storedWikitext(latest.content ?? '').startsWith(storedWikitext(params.prependtext))) return notApplied;
  return applied;
}

/** What `client.edit` takes: every API:Edit parameter, plus wikikit's one name for the guard. */
export interface EditInput extends EditParams {
  /**
   * Optimistic-concurrency guard: the revision id the text was computed from; MediaWiki refuses
   * with `editconflict` (→ `ConflictError`) when the page is newer. Sent as `baserevid`.
   */
  readonly expectedRevision?: number;
}

/**
 * `expectedRevision` (wikikit's name) and `baserevid` (API:Edit's) are one parameter: folds the
 * first into the second, refusing two different values.
 */
export function withBaseRevision(params: EditInput): EditParams {
  const { expectedRevision, ...rest } = params;
  if (expectedRevision === undefined) return rest;
  if (params.baserevid !== undefined && params.baserevid !== expectedRevision) {
    throw usageError(`edit: expectedRevision ${String(expectedRevision)} and baserevid ${String(params.baserevid)} disagree (they are one parameter: pass one)`, { field: 'expectedRevision' });
  }
  return { ...rest, baserevid: expectedRevision };
}

/** Adds the current revision to an `editconflict`, so the caller sees base and current. */
export async function describeConflict(context: EditContext, params: EditParams, error: WikiApiError, signal?: AbortSignal): Promise<ConflictError> {
  let current: PageContent | undefined;
  try {
    current = await context.readLatest(targetOf(params), signal);
  } catch {
    current = undefined;
  }
  const details: Record<string, unknown> = {
    ...error.details,
    baserevid: params.baserevid,
    basetimestamp: params.basetimestamp,
    starttimestamp: params.starttimestamp,
    currentRevid: current?.revid,
    currentTimestamp: current?.timestamp,
    currentUser: current?.user,
  };
  const base = params.baserevid ?? params.basetimestamp ?? '?';
  return apiError('conflict', `${error.message.replace(/ \[POST .*$/, '')} — base ${String(base)}, current ${String(current?.revid ?? '?')} [${error.request?.method ?? 'POST'} ${error.request?.url ?? ''}]`, {
    wiki: 'mediawiki',
    code: error.code,
    request: error.request,
    httpStatus: error.httpStatus,
    path: labelOf(params),
    details,
    attempts: error.attempts,
    cause: error,
  });
}

/**
 * `action=edit` with md5 always sent, a conflict described with base + current revision, and a
 * lost answer reconciled by re-reading before (at most once) sending again.
 */
export async function runEdit(context: EditContext, params: EditParams, signal?: AbortSignal): Promise<EditResult> {
  validateEditParams(params);
  const label = labelOf(params);
  let apiParams = buildEditParams(params, { bot: context.isBot() });
  let sent = params;
  for (let attempt = 1; ; attempt++) {
    const sentAt = Date.now();
    try {
      const body = await context.request(apiParams, { path: label, signal });
      return decodeEditResult(body, label);
    } catch (error) {
      if (error instanceof WikiApiError && error.code === 'editconflict') throw await describeConflict(context, sent, error, signal);
      if (!isAmbiguous(error) || attempt > 1) throw error;
      // The edit may have been saved: find out before anything is sent again.
      const reconciled = await reconcileEdit(context, params, sentAt, signal);
      if (reconciled.applied) return reconciled.applied;
      // Resend pinned to the revision just read: if the lost request lands late after all, the
      // wiki answers editconflict instead of applying the edit twice.
      if (sent.baserevid === undefined && reconciled.latest.revid !== undefined && sent.section !== 'new') {
        sent = { ...sent, baserevid: reconciled.latest.revid };
        apiParams = buildEditParams(sent, { bot: context.isBot() });
      }
    }
  }
}
