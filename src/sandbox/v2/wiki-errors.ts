/**
 * Wiki.js 2.x's own error table (server/helpers/error.js), as the server reports it:
 * `responseResult { errorCode slug message }` in mutations and
 * `extensions.exception.code` in queries. No classes on purpose: these are values the
 * sandbox sends over the wire, not wikikit errors (those live in src/errors.ts only).
 */
export const WIKI_ERRORS = {
  AuthGenericError: [1001, 'An unexpected error occured during login.'],
  AuthLoginFailed: [1002, 'Invalid email / username or password.'],
  AuthProviderInvalid: [1003, 'Invalid authentication provider.'],
  AuthAccountAlreadyExists: [1004, 'An account already exists using this email address.'],
  AuthTFAFailed: [1005, 'Incorrect TFA Security Code.'],
  AuthTFAInvalid: [1006, 'Invalid TFA Security Code or Login Token.'],
  UserCreationFailed: [1009, 'An unexpected error occured during user creation.'],
  AuthRegistrationDisabled: [1010, 'Registration is disabled. Contact your system administrator.'],
  InputInvalid: [1012, 'Input data is invalid.'],
  AuthAccountBanned: [1013, 'Your account has been disabled.'],
  AuthAccountNotVerified: [1014, 'You must verify your account before your can login.'],
  UserNotFound: [1016, 'This user does not exist.'],
  UserDeleteForeignConstraint: [1017, 'Cannot delete user because of content relational constraints.'],
  UserDeleteProtected: [1018, 'Cannot delete a protected system account.'],
  AuthRequired: [1019, 'You must be authenticated to access this resource.'],
  AuthPasswordInvalid: [1020, 'Password is incorrect.'],
  AssetGenericError: [2001, 'An unexpected error occured during asset operation.'],
  AssetFolderExists: [2002, 'An asset folder with the same name already exists.'],
  AssetDeleteForbidden: [2003, 'You are not authorized to delete this asset.'],
  AssetInvalid: [2004, 'This asset does not exist or is invalid.'],
  AssetRenameCollision: [2005, 'An asset with the same filename in the same folder already exists.'],
  AssetRenameForbidden: [2006, 'You are not authorized to rename this asset.'],
  AssetRenameInvalid: [2007, 'The new asset filename is invalid.'],
  AssetRenameInvalidExt: [2008, 'The file extension cannot be changed on an existing asset.'],
  AssetRenameTargetForbidden: [2009, 'You are not authorized to rename this asset to the requested name.'],
  MailNotConfigured: [3002, 'The mail configuration is incomplete or invalid.'],
  PageGenericError: [6001, 'An unexpected error occured during a page operation.'],
  PageDuplicateCreate: [6002, 'Cannot create this page because an entry already exists at the same path.'],
  PageNotFound: [6003, 'This page does not exist.'],
  PageEmptyContent: [6004, 'Page content cannot be empty.'],
  PageIllegalPath: [6005, 'Page path cannot contains illegal characters.'],
  PagePathCollision: [6006, 'Destination page path already exists.'],
  PageMoveForbidden: [6007, 'You are not authorized to move this page.'],
  PageCreateForbidden: [6008, 'You are not authorized to create this page.'],
  PageUpdateForbidden: [6009, 'You are not authorized to update this page.'],
  PageDeleteForbidden: [6010, 'You are not authorized to delete this page.'],
  PageRestoreForbidden: [6011, 'You are not authorized to restore this page version.'],
  PageHistoryForbidden: [6012, 'You are not authorized to view the history of this page.'],
  PageViewForbidden: [6013, 'You are not authorized to view this page.'],
  SystemGenericError: [7001, 'An unexpected error occured.'],
  CommentGenericError: [8001, 'An unexpected error occured.'],
  CommentPostForbidden: [8002, 'You are not authorized to post a comment on this page.'],
  CommentContentMissing: [8003, 'Comment content is missing or too short.'],
  CommentManageForbidden: [8004, 'You are not authorized to manage comments on this page.'],
  CommentNotFound: [8005, 'This comment does not exist.'],
  CommentViewForbidden: [8006, 'You are not authorized to view comments for this page.'],
} as const satisfies Record<string, readonly [number, string]>;

export type WikiErrorSlug = keyof typeof WIKI_ERRORS;

/** An Error shaped like a Wiki.js `WIKI.Error.*` instance (name = slug, numeric code). */
export interface WikiErrorShape extends Error {
  readonly code: number;
  readonly wikiJs: true;
}

export function wikiError(slug: WikiErrorSlug, message?: string): WikiErrorShape {
  const [code, defaultMessage] = WIKI_ERRORS[slug];
  const err = new Error(message ?? defaultMessage);
  err.name = slug;
  // Wiki.js errors print as "PageNotFound 6003: …" in their stack.
  err.stack = `${slug} ${String(code)}: ${err.message}\n    at sandbox`;
  return Object.assign(err, { code, wikiJs: true as const });
}

export function isWikiError(e: unknown): e is WikiErrorShape {
  return e instanceof Error && (e as Partial<WikiErrorShape>).wikiJs === true;
}

/** A JS error as the real server produces it from a code path with no Wiki.js code. */
export function jsError(name: 'TypeError' | 'Error', message: string): Error {
  const err = name === 'TypeError' ? new TypeError(message) : new Error(message);
  return err;
}

export interface ResponseStatus {
  succeeded: boolean;
  errorCode: number;
  slug: string;
  message: string | null;
}

export function success(message: string): ResponseStatus {
  return { succeeded: true, errorCode: 0, slug: 'ok', message };
}

/** graphHelper.generateError: Wiki.js errors keep their code; anything else is code 1. */
export function failure(e: unknown): ResponseStatus {
  if (isWikiError(e)) return { succeeded: false, errorCode: e.code, slug: e.name, message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { succeeded: false, errorCode: 1, slug: err.name, message: err.message };
}
