/**
 * `wikikit/spi`: the service-provider interface, for code that adds or inspects a wiki dialect or
 * backend rather than uses one: the Wiki.js GraphQL executor and dialect registry, the error-code
 * tables and the mapper from a wiki's error to a wikikit error. Less stable than the root: it
 * follows the servers' shapes.
 */
export { API_ERROR_CLASSES, createApiError, type ApiErrorCategory } from './errors.js';
export { CLIENT_ERROR_CODES, CLIENT_ERROR_ALIASES, canonicalErrorCode, type ClientErrorCode, type ClientCodeInfo } from './client-errors.js';
export {
  GraphQLExecutor,
  WIKIJS_V2_ERROR_CODES,
  lookupErrorCode,
  v2ErrorMapper,
  wikiJsV2,
  DIALECTS,
  type GraphQLResult,
  type GraphQLErrorEntry,
  type ResponseResult,
  type ErrorMapper,
  type ErrorContext,
  type OperationSpec,
  type BatchItem,
  type ExecuteOptions,
  type WikiJsV2ErrorCode,
  type WikiJsV2ErrorSlug,
} from './wikijs/index.js';
export type { WikiJsDialect, WikiJsDialectFactory, DialectContext, PagesDialect, Identity } from './wikijs/dialect.js';
export { MEDIAWIKI_ERROR_CATEGORIES, categoriesIn, type KnownMediaWikiErrorCode } from './mediawiki/index.js';
