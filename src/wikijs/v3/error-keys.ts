/**
 * Every `ERR_*` key of the Wiki.js 3 API docs ("Errors Reference",
 * shared/reference/wikijs-v3-graphql-docs.txt) → category (and so error class) + the docs' text.
 * The key is kept on the error as `code`. Keys not listed here (the server adds some) are
 * classified by {@link classifyUnknownKey}, never dropped.
 */
import type { ApiErrorCategory } from '../../errors.js';

export interface ErrorKeyInfo {
  readonly category: ApiErrorCategory;
  readonly description: string;
}

export const V3_ERROR_KEYS = {
  // General
  ERR_FORBIDDEN: { category: 'permission', description: "Request is authenticated but doesn't have the necessary permissions." },
  ERR_INVALID_INPUT: { category: 'validation', description: 'The provided input is invalid.' },
  ERR_INVALID_PATH: { category: 'validation', description: 'An invalid path was provided.' },
  ERR_INVALID_SITE: { category: 'validation', description: 'An invalid site ID was provided.' },
  ERR_INVALID_USER: { category: 'not-found', description: 'An invalid user ID was provided.' },
  ERR_NOT_AUTHENTICATED: { category: 'auth', description: 'Request was made as a guest or is missing an authorization token.' },
  // Authentication
  ERR_DUPLICATE_ACCOUNT_EMAIL: { category: 'conflict', description: 'An account already exists with the same email.' },
  ERR_EMAIL_ADDRESS_NOT_ALLOWED: { category: 'validation', description: 'The provided email address is invalid.' },
  ERR_EXPIRED_TOKEN: { category: 'auth', description: 'The provided token is valid but has expired.' },
  ERR_EXPIRED_VALIDATION_TOKEN: { category: 'auth', description: 'The provided validation token is valid but has expired.' },
  ERR_INACTIVE_USER: { category: 'auth', description: 'User is inactive / disabled.' },
  ERR_INCORRECT_CURRENT_PASSWORD: { category: 'auth', description: 'Current password mismatch.' },
  ERR_INVALID_STRATEGY: { category: 'validation', description: 'The provided strategy ID is invalid.' },
  ERR_INVALID_TOKEN: { category: 'auth', description: 'The provided token is invalid.' },
  ERR_INVALID_VALIDATION_TOKEN: { category: 'auth', description: 'The provided validation token is invalid.' },
  ERR_LOGIN_FAILED: { category: 'auth', description: 'Generic login failure (the server log has the actual reason).' },
  ERR_LOGIN_RESTRICTED: { category: 'permission', description: 'User is not allowed to login with this strategy.' },
  ERR_MISSING_TOKEN: { category: 'auth', description: 'Current token was not provided for a token refresh.' },
  ERR_PASSKEY_NOT_SETUP: { category: 'validation', description: 'Attempted to finalize / deactivate a passkey on an account with no prior passkey setup.' },
  ERR_PASSWORD_TOO_SHORT: { category: 'validation', description: 'The provided password is too short.' },
  ERR_PK_ALREADY_REGISTERED: { category: 'conflict', description: 'A passkey with this authenticator has already registered.' },
  ERR_PK_HOSTNAME_MISSING: { category: 'validation', description: 'Cannot setup / authenticate a passkey on a site with a wildcard * hostname.' },
  ERR_PK_NAME_MISSING_OR_INVALID: { category: 'validation', description: 'Passkey name is missing or is invalid.' },
  ERR_PK_USER_CANCELLED: { category: 'auth', description: 'Passkey registration aborted by the user.' },
  ERR_PK_VERIFICATION_FAILED: { category: 'auth', description: 'Passkey verification failed while attempting to register a new passkey.' },
  ERR_REGISTRATION_DISABLED: { category: 'permission', description: 'User registration is disabled.' },
  ERR_TFA_ALREADY_ACTIVE: { category: 'conflict', description: 'Attempted to setup TFA on an account with already active TFA.' },
  ERR_TFA_INCORRECT_TOKEN: { category: 'auth', description: 'The provided TFA token is invalid.' },
  ERR_TFA_INVALID_REQUEST: { category: 'validation', description: 'The provided TFA token format is wrong or no continuation token provided.' },
  ERR_TFA_NOT_ACTIVE: { category: 'validation', description: 'Attempted to deactivate TFA on an account with no active TFA.' },
  ERR_USER_NOT_VERIFIED: { category: 'auth', description: 'User has not verified his account.' },
  // Files / Folders
  ERR_FOLDER_DUPLICATE: { category: 'conflict', description: 'A folder already exists at this path.' },
  ERR_FOLDER_PARENT_INVALID: { category: 'validation', description: 'The provided parent folder is invalid.' },
  ERR_FOLDER_TITLE_INVALID: { category: 'validation', description: 'The provided folder title is invalid.' },
  ERR_INVALID_FOLDER: { category: 'not-found', description: "The provided folder ID doesn't exist." },
  // Mail
  ERR_MAIL_INVALID_RECIPIENT: { category: 'validation', description: 'The provided recipient email is invalid.' },
  ERR_MAIL_NOT_CONFIGURED: { category: 'api', description: 'The mail configuration is missing or incomplete.' },
  ERR_MAIL_RENDER_FAILED: { category: 'api', description: 'The mail template failed to render.' },
  // Pages
  ERR_PAGE_ALIAS_MISSING: { category: 'validation', description: 'No alias was provided when requesting a page from an alias.' },
  ERR_PAGE_ALIAS_NOT_FOUND: { category: 'not-found', description: 'The alias does not exist for this site.' },
  ERR_PAGE_ALIAS_TOO_LONG: { category: 'validation', description: 'The page alias is too long.' },
  ERR_PAGE_DUPLICATE_ALIAS: { category: 'conflict', description: 'This alias already exists.' },
  ERR_PAGE_DUPLICATE_PATH: { category: 'conflict', description: 'A page at this path already exists.' },
  ERR_PAGE_INVALID_ALIAS: { category: 'validation', description: 'The provided alias is invalid (e.g. invalid characters).' },
  ERR_PAGE_INVALID_TOC_DEPTH: { category: 'validation', description: 'The provided Table of Contents min/max depth is invalid.' },
  ERR_PAGE_MISSING_SCHEDULED_DATES: { category: 'validation', description: 'The publish state was set to Scheduled but no start / end date specified.' },
  ERR_PAGE_NOT_FOUND: { category: 'not-found', description: "The requested page doesn't exist." },
  ERR_PAGE_RELATION_ICON_INVALID: { category: 'validation', description: 'A page icon identified is invalid.' },
  ERR_PAGE_RELATION_LABEL_MISSING: { category: 'validation', description: 'A page relation label is missing.' },
  ERR_PAGE_RELATION_LABEL_TOOLONG: { category: 'validation', description: 'A page relation label is too long.' },
  ERR_PAGE_RELATION_TARGET_INVALID: { category: 'validation', description: 'A page relation target is invalid or too long.' },
  ERR_PAGE_TITLE_MISSING: { category: 'validation', description: 'A page title is missing.' },
  ERR_PAGE_UPDATE_FORBIDDEN: { category: 'permission', description: 'You are not authorized to update this page.' },
} as const satisfies Readonly<Record<string, ErrorKeyInfo>>;

export type V3ErrorKey = keyof typeof V3_ERROR_KEYS;

export function isV3ErrorKey(key: string): key is V3ErrorKey {
  return Object.hasOwn(V3_ERROR_KEYS, key);
}

/** A key the docs do not list (e.g. `ERR_ASSET_NOT_FOUND`): guessed from its shape, kept as is. */
export function classifyUnknownKey(key: string): ApiErrorCategory {
  if (/_NOT_FOUND$/.test(key)) return 'not-found';
  if (/FORBIDDEN|NOT_ALLOWED|RESTRICTED/.test(key)) return 'permission';
  if (/DUPLICATE|ALREADY/.test(key)) return 'conflict';
  if (/NOT_AUTHENTICATED|TOKEN/.test(key)) return 'auth';
  if (/INVALID|MISSING|TOO_(SHORT|LONG)|TOOLONG/.test(key)) return 'validation';
  return 'api';
}

export function lookupErrorKey(key: string): ErrorKeyInfo {
  return isV3ErrorKey(key) ? V3_ERROR_KEYS[key] : { category: classifyUnknownKey(key), description: '' };
}

/**
 * 3.0.0 throws `new WIKI.Error.<Name>()` in many branches while `WIKI.Error` is undefined, so
 * the answer is `slug: "TypeError"`, `message: "Cannot read properties of undefined (reading '<Name>')"`.
 * The `<Name>` still says what went wrong (they are the 2.x error names).
 */
export const V3_LEGACY_ERROR_NAMES = {
  PageNotFound: 'not-found',
  PagePathCollision: 'conflict',
  PageDuplicateCreate: 'conflict',
  PageIllegalPath: 'validation',
  PageEmptyContent: 'validation',
  PageDeleteForbidden: 'permission',
  PageMoveForbidden: 'permission',
  PageUpdateForbidden: 'permission',
  UserNotFound: 'not-found',
  AuthProviderInvalid: 'validation',
  AuthAccountBanned: 'auth',
  AuthLoginFailed: 'auth',
} as const satisfies Readonly<Record<string, ApiErrorCategory>>;
