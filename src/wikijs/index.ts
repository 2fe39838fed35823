/** Public names of the Wiki.js client (both majors). */
export { WikiJsClient, type WikiJsCredentials, type WikiJsClientOptions, type ConnectionInfo, type ClientResource } from './client.js';
export { WikiJsPages, type BulkOptions, type PageRef, type PageRefs, type UpdateManyItem } from './pages.js';
export { WikiJsBackend, toModelPage } from './backend.js';
export { GraphQLExecutor, type GraphQLResult, type GraphQLErrorEntry, type ResponseResult, type ErrorMapper, type ErrorContext, type OperationSpec, type BatchItem, type ExecuteOptions } from './graphql.js';
export { ApiKeyCredentials, JwtSession, jwtClaims, jwtExpiry } from './auth.js';
export { wordCount, readingTime, urlPath, headings, hasTag, type Heading } from './page-helpers.js';
export { WIKIJS_V2_ERROR_CODES, lookupErrorCode, type WikiJsV2ErrorCode, type WikiJsV2ErrorSlug } from './v2/error-codes.js';
export { v2ErrorMapper } from './v2/errors.js';
export { wikiJsV2 } from './v2/dialect.js';
export { DIALECTS } from './dialects.js';
export { checkPath, checkLocale, checkIntId, normalizeTags } from './validate.js';
export type * from './dialect.js';
