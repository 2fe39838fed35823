import {
  createApiError,
  unlistedCode,
  type ApiErrorCategory,
  type RequestSummary,
  type UnlistedCode,
  type WikiApiError,
  type WikiErrorFactoryOptions,
} from '../errors.js';
import { scrubSecrets } from '../transport/index.js';

/**
 * MediaWiki error code → error category. Covers every code listed in API:Edit
 * (shared/reference/mediawiki-api-edit.fr.txt) plus the general Action API errors
 * (API:Errors and warnings) and those of the page-action modules this client calls.
 * Unknown codes become the base WikiApiError with the raw code kept.
 */
export const MEDIAWIKI_ERROR_CATEGORIES = {
  // --- API:Edit
  notitle: 'validation',
  missingparam: 'validation',
  notoken: 'validation',
  invalidsection: 'validation',
  protectedpage: 'permission',
  cantcreate: 'permission',
  'cantcreate-anon': 'permission',
  articleexists: 'conflict',
  'noimageredirect-anon': 'permission',
  noimageredirect: 'permission',
  spamdetected: 'permission',
  'abusefilter-warning': 'permission',
  'abusefilter-disallowed': 'permission',
  contenttoobig: 'validation',
  'noedit-anon': 'permission',
  noedit: 'permission',
  pagedeleted: 'conflict',
  emptypage: 'validation',
  emptynewsection: 'validation',
  editconflict: 'conflict',
  revwrongpage: 'validation',
  undofailure: 'conflict',
  missingtitle: 'not-found',
  mustbeposted: 'validation',
  readapidenied: 'permission',
  writeapidenied: 'permission',
  noapiwrite: 'permission',
  badtoken: 'auth',
  invalidparammix: 'validation',
  invalidtitle: 'validation',
  'invalid-content-data': 'validation',
  nosuchpageid: 'not-found',
  pagecannotexist: 'validation',
  nosuchrevid: 'not-found',
  badmd5: 'validation',
  hookaborted: 'permission',
  parseerror: 'validation',
  summaryrequired: 'validation',
  blocked: 'permission',
  ratelimited: 'rate-limit',
  unknownerror: 'api',
  nosuchsection: 'not-found',
  sectionsnotsupported: 'validation',
  editnotsupported: 'validation',
  appendnotsupported: 'validation',
  'redirect-appendonly': 'validation',
  'edit-invalidredirect': 'validation',
  badformat: 'validation',
  customcssprotected: 'permission',
  customjsprotected: 'permission',
  taggingnotallowed: 'permission',
  badtags: 'validation',
  'tpt-target-page': 'permission',
  // --- general Action API errors
  maxlag: 'rate-limit',
  readonly: 'rate-limit',
  actionthrottledtext: 'rate-limit',
  'concurrent-upload': 'rate-limit',
  assertuserfailed: 'auth',
  assertbotfailed: 'auth',
  assertnameduserfailed: 'auth',
  notloggedin: 'auth',
  'login-required': 'auth',
  'mwoauth-invalid-authorization': 'auth',
  permissiondenied: 'permission',
  autoblocked: 'permission',
  'blocked-globally': 'permission',
  cascadeprotected: 'permission',
  protectedtitle: 'permission',
  protectednamespace: 'permission',
  'protectednamespace-interface': 'permission',
  unsupportednamespace: 'validation',
  badvalue: 'validation',
  baddatatype: 'validation',
  badinteger: 'validation',
  badtimestamp: 'validation',
  badcontinue: 'validation',
  toomanyvalues: 'validation',
  paramempty: 'validation',
  'unknown_action': 'validation',
  'unknown_format': 'validation',
  'unknown_formatversion': 'validation',
  missingtitles: 'validation',
  'multival_toomany': 'validation',
  invalidexpiry: 'validation',
  pastexpiry: 'validation',
  invaliduser: 'validation',
  nosuchuser: 'not-found',
  // --- move / delete / undelete / protect / rollback / purge / watch
  selfmove: 'conflict',
  immobilenamespace: 'permission',
  cantmove: 'permission',
  'cantmove-anon': 'permission',
  cantmovefile: 'permission',
  nonfilenamespace: 'validation',
  filetypemismatch: 'validation',
  cantdelete: 'not-found',
  cantundelete: 'not-found',
  undeletedrevs: 'not-found',
  'create-titleexists': 'conflict',
  'protect-invalidaction': 'validation',
  'protect-invalidlevel': 'validation',
  toofewexpiries: 'validation',
  'cant-move-to-page': 'permission',
  alreadyrolled: 'conflict',
  onlyauthor: 'conflict',
  // --- upload
  'fileexists-forbidden': 'conflict',
  'fileexists-shared-forbidden': 'conflict',
  'fileexists-no-change': 'conflict',
  'filetype-banned': 'validation',
  'filetype-missing': 'validation',
  'empty-file': 'validation',
  'file-too-large': 'validation',
  'verification-error': 'validation',
  'illegal-filename': 'validation',
  'filename-tooshort': 'validation',
  'missingresult': 'api',
  'stashfailed': 'api',
  'stashnosuchfilekey': 'not-found',
  'uploaddisabled': 'permission',
  'copyuploaddisabled': 'permission',
  'chunk-too-small': 'validation',
  'mustbeloggedin': 'auth',
  'badupload_file': 'validation',
  nofilename: 'validation',
  'invalid-file-key': 'validation',
} as const satisfies Record<string, ApiErrorCategory>;

export type KnownMediaWikiErrorCode = keyof typeof MEDIAWIKI_ERROR_CATEGORIES;

/** Every `code` a MediaWiki error can carry: a listed API code, or an unlisted one kept raw. */
export type MediaWikiCode = KnownMediaWikiErrorCode | UnlistedCode;

export function isKnownMediaWikiCode(code: string): code is KnownMediaWikiErrorCode {
  return Object.hasOwn(MEDIAWIKI_ERROR_CATEGORIES, code);
}

export function toMediaWikiCode(raw: string): MediaWikiCode {
  return isKnownMediaWikiCode(raw) ? raw : unlistedCode(raw);
}

/** The MediaWiki factory: category from the code table (unless `options.category` says otherwise). */
export function mediawikiError(code: MediaWikiCode, message: string, options: WikiErrorFactoryOptions = {}): WikiApiError<MediaWikiCode> {
  const { category, ...rest } = options;
  return createApiError(category ?? categoryOf(String(code)), message, { ...rest, wiki: 'mediawiki', code });
}

/** Codes meaning "not applied, come back later": the retry layer waits on them. */
export const THROTTLE_CODES: ReadonlySet<string> = new Set(['maxlag', 'readonly', 'ratelimited', 'actionthrottledtext']);

export function categoryOf(code: string): ApiErrorCategory {
  const known = (MEDIAWIKI_ERROR_CATEGORIES as Record<string, ApiErrorCategory>)[code];
  if (known) return known;
  if (code.startsWith('internal_api_error_')) return 'api';
  if (code.startsWith('abusefilter-')) return 'permission';
  if (code.startsWith('protectedpage') || code.endsWith('-protected')) return 'permission';
  return 'api';
}

/** The `error` object of a MediaWiki answer (errorformat=bc, formatversion=2). */
export interface MediaWikiErrorBody {
  readonly code: string;
  readonly info?: string;
  readonly [extra: string]: unknown;
}

export interface MapErrorContext {
  readonly request: RequestSummary;
  readonly httpStatus?: number;
  readonly attempts?: number;
  readonly path?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly secrets?: readonly string[];
}

/** The one factory that turns a MediaWiki `error` into the typed error class; `code` and `info` kept. */
export function mediaWikiError(operation: string, error: MediaWikiErrorBody, context: MapErrorContext): WikiApiError<MediaWikiCode> {
  const info = scrubSecrets(typeof error.info === 'string' ? error.info : '', context.secrets ?? []);
  const where = context.path === undefined ? '' : ` — "${context.path}"`;
  const message = `MediaWiki ${operation} failed: ${error.code}${info ? ` (${info})` : ''}${where} [${context.request.method} ${context.request.url}]`;
  const extra: Record<string, unknown> = { info };
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'code' && key !== 'info' && key !== 'docref' && key !== '*') extra[key] = value;
  }
  return mediawikiError(toMediaWikiCode(error.code), message, {
    secrets: context.secrets,
    request: context.request,
    httpStatus: context.httpStatus,
    attempts: context.attempts ?? 1,
    path: context.path,
    details: { ...extra, ...context.details },
  });
}
