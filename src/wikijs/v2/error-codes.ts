/**
 * Every Wiki.js 2.x error code (docs "GraphQL API" → Error Reference) with its slug and the
 * category wikikit raises it as. The table is generated; the rules live in the generator.
 */
import type { ApiErrorCategory } from '../../errors.js';

// BEGIN GENERATED: scripts/gen-wikijs-errors.ts — do not edit by hand
export const WIKIJS_V2_ERROR_CODES = {
  1001: { slug: 'AuthGenericError', category: 'auth', message: "An unexpected error occured during login." },
  1002: { slug: 'AuthLoginFailed', category: 'auth', message: "Invalid email / username or password." },
  1003: { slug: 'AuthProviderInvalid', category: 'auth', message: "Invalid authentication provider." },
  1004: { slug: 'AuthAccountAlreadyExists', category: 'conflict', message: "An account already exists using this email address." },
  1005: { slug: 'AuthTFAFailed', category: 'auth', message: "Incorrect TFA Security Code." },
  1006: { slug: 'AuthTFAInvalid', category: 'auth', message: "Invalid TFA Security Code or Login Token." },
  1007: { slug: 'BruteInstanceIsInvalid', category: 'api', message: "Invalid Brute Force Instance." },
  1008: { slug: 'BruteTooManyAttempts', category: 'rate-limit', message: "Too many attempts! Try again later." },
  1009: { slug: 'UserCreationFailed', category: 'api', message: "An unexpected error occured during user creation." },
  1010: { slug: 'AuthRegistrationDisabled', category: 'permission', message: "Registration is disabled. Contact your system administrator." },
  1011: { slug: 'AuthRegistrationDomainUnauthorized', category: 'permission', message: "You are not authorized to register. Your domain is not whitelisted." },
  1012: { slug: 'InputInvalid', category: 'validation', message: "Input data is invalid." },
  1013: { slug: 'AuthAccountBanned', category: 'auth', message: "Your account has been disabled." },
  1014: { slug: 'AuthAccountNotVerified', category: 'auth', message: "You must verify your account before your can login." },
  1015: { slug: 'AuthValidationTokenInvalid', category: 'auth', message: "Invalid validation token." },
  1016: { slug: 'UserNotFound', category: 'not-found', message: "This user does not exist." },
  1017: { slug: 'UserDeleteForeignConstraint', category: 'conflict', message: "Cannot delete user because of content relational constraints." },
  1018: { slug: 'UserDeleteProtected', category: 'permission', message: "Cannot delete a protected system account." },
  1019: { slug: 'AuthRequired', category: 'auth', message: "You must be authenticated to access this resource." },
  1020: { slug: 'AuthPasswordInvalid', category: 'auth', message: "Password is incorrect." },
  2001: { slug: 'AssetGenericError', category: 'api', message: "An unexpected error occured during asset operation." },
  2002: { slug: 'AssetFolderExists', category: 'conflict', message: "An asset folder with the same name already exists." },
  2003: { slug: 'AssetDeleteForbidden', category: 'permission', message: "You are not authorized to delete this asset." },
  2004: { slug: 'AssetInvalid', category: 'not-found', message: "This asset does not exist or is invalid." },
  2005: { slug: 'AssetRenameCollision', category: 'conflict', message: "An asset with the same filename in the same folder already exists." },
  2006: { slug: 'AssetRenameForbidden', category: 'permission', message: "You are not authorized to rename this asset." },
  2007: { slug: 'AssetRenameInvalid', category: 'validation', message: "The new asset filename is invalid." },
  2008: { slug: 'AssetRenameInvalidExt', category: 'validation', message: "The file extension cannot be changed on an existing asset." },
  2009: { slug: 'AssetRenameTargetForbidden', category: 'permission', message: "You are not authorized to rename this asset to the requested name." },
  3001: { slug: 'MailGenericError', category: 'api', message: "An unexpected error occured during mail operation." },
  3002: { slug: 'MailNotConfigured', category: 'api', message: "The mail configuration is incomplete or invalid." },
  3003: { slug: 'MailTemplateFailed', category: 'api', message: "Mail template failed to load." },
  3004: { slug: 'MailInvalidRecipient', category: 'validation', message: "The recipient email address is invalid." },
  4001: { slug: 'SearchGenericError', category: 'api', message: "An unexpected error occured during search operation." },
  4002: { slug: 'SearchActivationFailed', category: 'api', message: "Search Engine activation failed." },
  5001: { slug: 'LocaleGenericError', category: 'api', message: "An unexpected error occured during locale operation." },
  5002: { slug: 'LocaleInvalidNamespace', category: 'validation', message: "Invalid locale or namespace." },
  6001: { slug: 'PageGenericError', category: 'api', message: "An unexpected error occured during a page operation." },
  6002: { slug: 'PageDuplicateCreate', category: 'conflict', message: "Cannot create this page because an entry already exists at the same path." },
  6003: { slug: 'PageNotFound', category: 'not-found', message: "This page does not exist." },
  6004: { slug: 'PageEmptyContent', category: 'validation', message: "Page content cannot be empty." },
  6005: { slug: 'PageIllegalPath', category: 'validation', message: "Page path cannot contains illegal characters." },
  6006: { slug: 'PagePathCollision', category: 'conflict', message: "Destination page path already exists." },
  6007: { slug: 'PageMoveForbidden', category: 'permission', message: "You are not authorized to move this page." },
  6008: { slug: 'PageCreateForbidden', category: 'permission', message: "You are not authorized to create this page." },
  6009: { slug: 'PageUpdateForbidden', category: 'permission', message: "You are not authorized to update this page." },
  6010: { slug: 'PageDeleteForbidden', category: 'permission', message: "You are not authorized to delete this page." },
  6011: { slug: 'PageRestoreForbidden', category: 'permission', message: "You are not authorized to restore this page version." },
  6012: { slug: 'PageHistoryForbidden', category: 'permission', message: "You are not authorized to view the history of this page." },
  6013: { slug: 'PageViewForbidden', category: 'permission', message: "You are not authorized to view this page." },
  7001: { slug: 'SystemGenericError', category: 'api', message: "An unexpected error occured." },
  7002: { slug: 'SystemSSLDisabled', category: 'permission', message: "SSL is not enabled." },
  7003: { slug: 'SystemSSLRenewInvalidProvider', category: 'validation', message: "Current provider does not support SSL certificate renewal." },
  7004: { slug: 'SystemSSLLEUnavailable', category: 'api', message: "Let's Encrypt is not initialized." },
  8001: { slug: 'CommentGenericError', category: 'api', message: "An unexpected error occured." },
  8002: { slug: 'CommentPostForbidden', category: 'permission', message: "You are not authorized to post a comment on this page." },
  8003: { slug: 'CommentContentMissing', category: 'validation', message: "Comment content is missing or too short." },
  8004: { slug: 'CommentManageForbidden', category: 'permission', message: "You are not authorized to manage comments on this page." },
  8005: { slug: 'CommentNotFound', category: 'not-found', message: "This comment does not exist." },
  8006: { slug: 'CommentViewForbidden', category: 'permission', message: "You are not authorized to view comments for this page." },
} as const;
// END GENERATED

export type WikiJsV2ErrorCode = keyof typeof WIKIJS_V2_ERROR_CODES;
export type WikiJsV2ErrorSlug = (typeof WIKIJS_V2_ERROR_CODES)[WikiJsV2ErrorCode]['slug'];

export interface ErrorCodeInfo {
  readonly slug: string;
  readonly category: ApiErrorCategory;
  readonly message: string;
}

/** The table entry for a code, or `undefined` for a code the docs do not list (kept raw by callers). */
export function lookupErrorCode(code: number): ErrorCodeInfo | undefined {
  return (WIKIJS_V2_ERROR_CODES as Readonly<Record<number, ErrorCodeInfo>>)[code];
}
