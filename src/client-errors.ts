/**
 * Codes wikikit itself gives an error when no wiki code applies: a check made on the client
 * (a stale revision, a plan gone out of date), or a wiki answer that broke its own contract
 * (success without the thing created). One table, one line of meaning each, the category (and so
 * the error class) fixed per code; {@link clientError} is the factory. The values are what users
 * see in `e.code` and in `--json`: adding one is fine, changing one is a rename (CHANGELOG).
 * Codes a wiki sends stay in that wiki's table (wikijs/v2/error-codes.ts, wikijs/v3/error-keys.ts,
 * mediawiki/error-codes.ts); test/client-error-codes.test.ts fails on a code in src/ that is in none.
 */
import { createApiError, internalError, type ApiErrorByCategory, type ApiErrorCategory, type WikiApiErrorOptions } from './errors.js';

export interface ClientCodeInfo {
  readonly category: ApiErrorCategory;
  /** One line: what happened, for a reader of `--json`. */
  readonly meaning: string;
}

export const CLIENT_ERROR_CODES = {
  // Wiki.js client and dialects
  MalformedResponse: { category: 'api', meaning: 'The server answered, but not in the shape of the Wiki.js API (a proxy or another server).' },
  GuestIdentity: { category: 'auth', meaning: 'The wiki treated the credentials as the Guest user (Wiki.js does not refuse an invalid token).' },
  NoToken: { category: 'auth', meaning: 'The login was accepted but gave no token (two-factor or a password change is required).' },
  StaleRevision: { category: 'conflict', meaning: 'The page changed since the revision the write was based on; nothing was written.' },
  NotFound: { category: 'not-found', meaning: 'Wiki.js 2 answered without the user, group or folder asked for.' },
  UploadNotStored: { category: 'not-found', meaning: 'Wiki.js 2 answered "ok" to an upload but lists no such file (the folder may not exist).' },
  UserNotListed: { category: 'api', meaning: 'Wiki.js 3 reported a user created but does not list it.' },
  GroupMissing: { category: 'api', meaning: 'Wiki.js 3 reported a group created but returned no group.' },
  AssetNotListed: { category: 'api', meaning: 'Wiki.js 3 reported an upload stored but does not list the file.' },
  NoAdminGroup: { category: 'api', meaning: 'Wiki.js 3 lists no group with manage:system (needed for a full-access key or a replacement user).' },
  NoAdminUser: { category: 'api', meaning: 'The Wiki.js 3 administrators group has no member to inherit the pages of a deleted user.' },
  // MediaWiki client
  nocredentials: { category: 'auth', meaning: 'A MediaWiki login was asked for without a username and password.' },
  WrongToken: { category: 'auth', meaning: 'MediaWiki kept asking for a new login token; the login gave up.' },
  'anonymous-session': { category: 'auth', meaning: 'The MediaWiki login succeeded but the session stayed anonymous (cookies not kept).' },
  sha1mismatch: { category: 'api', meaning: 'MediaWiki stored different bytes than were uploaded.' },
  captcha: { category: 'validation', meaning: 'The MediaWiki edit needs a captcha answer (ConfirmEdit); it was not saved.' },
  warning: { category: 'validation', meaning: 'MediaWiki refused an upload with a warning that has no name.' },
  // Jobs, CLI and MCP
  TargetExists: { category: 'conflict', meaning: 'The migration target exists and was not written by this migration; not overwritten.' },
  'move-collision': { category: 'conflict', meaning: 'The move plan has collisions; nothing was changed.' },
  'stale-plan': { category: 'conflict', meaning: 'Pages changed since the move was planned; nothing was changed, plan again.' },
  'stale-revision': { category: 'conflict', meaning: 'A page changed since the move plan was made; not overwritten.' },
  'move-lost': { category: 'not-found', meaning: 'Neither the source nor the target of a move step exists; the move cannot be settled.' },
  'move-target-exists': { category: 'conflict', meaning: 'Both the source and the target of a move step exist; refused.' },
  missing: { category: 'not-found', meaning: 'A page of the move plan no longer exists.' },
  'stale-file': { category: 'conflict', meaning: 'A local file changed or was deleted since the plan was made; refused.' },
  'not-found': { category: 'not-found', meaning: 'The page (or other subject) asked for does not exist.' },
  'no-such-revision': { category: 'not-found', meaning: 'The page has no such revision among the newest searched.' },
  'no-revision-content': { category: 'not-found', meaning: 'The wiki did not return the content of that revision.' },
} as const satisfies Readonly<Record<string, ClientCodeInfo>>;

export type ClientErrorCode = keyof typeof CLIENT_ERROR_CODES;

/** Codes given before, by the code that replaced them; `--json` readers may match either. */
export const CLIENT_ERROR_ALIASES = {
  /** Wiki.js 2 `pages.update` said StaleUpdate where Wiki.js 3 and the page model said StaleRevision. */
  StaleUpdate: 'StaleRevision',
} as const satisfies Readonly<Record<string, ClientErrorCode>>;

export function isClientErrorCode(code: unknown): code is ClientErrorCode {
  return typeof code === 'string' && Object.hasOwn(CLIENT_ERROR_CODES, code);
}

/** The current code for `code` (an old alias → its replacement); other codes unchanged. */
export function canonicalErrorCode<C>(code: C): C | ClientErrorCode {
  return typeof code === 'string' && Object.hasOwn(CLIENT_ERROR_ALIASES, code) ? CLIENT_ERROR_ALIASES[code as keyof typeof CLIENT_ERROR_ALIASES] : code;
}

type CategoryOf<K extends ClientErrorCode> = (typeof CLIENT_ERROR_CODES)[K]['category'];

/** Options of {@link clientError}: the table fills `code` and the category. */
export type ClientErrorOptions = Omit<WikiApiErrorOptions, 'code'>;

/** The error for a client-side code, as the class its table category names. */
export function clientError<K extends ClientErrorCode>(code: K, message: string, options: ClientErrorOptions): ApiErrorByCategory<K>[CategoryOf<K>] {
  // Typed callers cannot pass another code; an untyped one gets a bug report, not a made-up class.
  const info = (CLIENT_ERROR_CODES as Readonly<Record<string, ClientCodeInfo | undefined>>)[code];
  if (info === undefined) throw internalError(`clientError: "${code}" is not in the client error table (src/client-errors.ts)`);
  return createApiError(info.category as CategoryOf<K>, message, { ...options, code });
}
