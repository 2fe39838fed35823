export { MediaWikiClient, type MediaWikiCredentials, type MediaWikiClientOptions, type RequestOptions, type SiteInfo } from './client.js';
export type { ApiParams, ApiResponse, ApiValue } from './api.js';
export type { EditParams, EditInput, EditResult } from './edit.js';
export type { UpdateOptions, UpdateResult, PageTransform, CurrentPage } from './update.js';
export type { PageContent, ReadOptions } from './read.js';
export type { UploadOptions, UploadResult } from './upload.js';
export type { TokenType, UserInfo, LoginMode } from './session.js';
export { MEDIAWIKI_ERROR_CATEGORIES, type KnownMediaWikiErrorCode } from './error-codes.js';
export { categoriesIn } from './backend.js';
