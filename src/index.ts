/**
 * wikikit's public API. Named exports only.
 *
 * Deliberately not exported from the root:
 * - the sandbox server: import it from `wikikit/sandbox` (it pulls in Apollo Server and LMDB,
 *   which a client-only user should not load);
 * - the CLI internals (`src/cli`): the `wikikit` binary is the interface;
 * - the Wiki.js dialect plumbing (GraphQL executor, error mappers, dialect registry).
 */
export * from './errors.js';
export {
  createTransport,
  ResponseCache,
  type Transport,
  type TransportOptions,
  type RetryOptions,
  type TransportEvent,
  type CacheOptions,
  type CacheStats,
  type CredentialProvider,
  type Operation,
} from './transport/index.js';
export * from './model/index.js';
// The Wiki.js barrel also serves the package's own tests; its dialect plumbing (executors,
// error mappers, the dialect registry, credential classes) stays out of the public surface.
export {
  WikiJsClient,
  WikiJsPages,
  wordCount,
  readingTime,
  urlPath,
  headings,
  hasTag,
  WIKIJS_V2_ERROR_CODES,
  lookupErrorCode,
  type WikiJsCredentials,
  type WikiJsClientOptions,
  type ConnectionInfo,
  type BulkOptions,
  type GraphQLExecutor,
  type GraphQLResult,
  type GraphQLErrorEntry,
  type ResponseResult,
  type ExecuteOptions,
  type OperationSpec,
  type BatchItem,
  type Heading,
  type WikiJsV2ErrorCode,
  type WikiJsV2ErrorSlug,
} from './wikijs/index.js';
export type * from './wikijs/dialect.js';
export * from './mediawiki/index.js';
export * from './ops/index.js';
export * from './ops/migrate/index.js';
// Both clients have an `UpdateOptions`; the Wiki.js one keeps the plain name.
export type { UpdateOptions } from './wikijs/index.js';
export type { UpdateOptions as MediaWikiUpdateOptions } from './mediawiki/index.js';
