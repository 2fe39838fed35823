/**
 * wikikit's public API: the clients, the page model, the errors and the jobs. Named exports only,
 * listed one by one so the surface changes only on purpose (test/types/public-api.test.ts pins it).
 *
 * Elsewhere, on purpose:
 * - `wikikit/helpers`: small building blocks (path and front-matter helpers, the Wiki.js page
 *   helpers, migration mapping helpers, file-name constants);
 * - `wikikit/spi`: the service-provider interface for dialects and backends (GraphQL executor,
 *   error tables and mappers, the dialect registry);
 * - `wikikit/sandbox`: the sandbox server (it pulls in Apollo Server and LMDB, which a
 *   client-only user should not load); `wikikit/mcp`: the MCP server;
 * - the CLI internals (`src/cli`): the `wikikit` binary is the interface.
 */

// Errors: one class per category; `code`/`slug` carry the wiki's own code.
export {
  WikikitError,
  UsageError,
  TransportError,
  NetworkError,
  TimeoutError,
  HttpError,
  WikiApiError,
  AuthError,
  PermissionError,
  NotFoundError,
  ConflictError,
  ValidationError,
  RateLimitError,
  isWikikitError,
  isConflictError,
  isNotFoundError,
  type WikiKind,
  type RequestSummary,
  type ErrorCategory,
  type WikikitErrorOptions,
  type WikiApiErrorOptions,
  type ApiErrorCategory,
} from './errors.js';

// Transport: shared by both clients.
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

// The page model every wiki speaks.
export type { ContentFormat, PageSummary, Page, PageInput, Revision, AssetRef } from './model/index.js';
export type { Wiki, ListOptions, PutOptions, PutAction, PutResult, WriteGuard, MoveOptions, WikiCapabilities } from './model/index.js';
export { normalizeWikiPath, validateWikiPath, type Listing } from './model/index.js';
export { parsePageFile, renderPageFile, type PageMeta, type PageFile } from './model/index.js';

// Clients.
export type { WikiJsPages } from './wikijs/index.js';
export { WikiJsClient, type WikiJsCredentials, type WikiJsClientOptions, type ConnectionInfo, type ClientResource } from './wikijs/index.js';
export type { BulkOptions, PageRef, PageRefs, UpdateManyItem } from './wikijs/index.js';
export type { Heading } from './wikijs/index.js';
export type * from './wikijs/dialect.js';
export { MediaWikiClient, type MediaWikiCredentials, type MediaWikiClientOptions, type RequestOptions, type SiteInfo } from './mediawiki/index.js';
export type { ApiParams, ApiResponse, ApiValue } from './mediawiki/index.js';
export type { EditParams, EditInput, EditResult, UpdateResult, PageTransform, CurrentPage } from './mediawiki/index.js';
export type { PageContent, ReadOptions } from './mediawiki/index.js';
export type { UploadOptions, UploadResult } from './mediawiki/index.js';
export type { TokenType, UserInfo, LoginMode } from './mediawiki/index.js';
// Both clients have an `UpdateOptions`; the Wiki.js one keeps the plain name.
export type { UpdateOptions as MediaWikiUpdateOptions } from './mediawiki/index.js';

// Jobs.
export { runBatch, throwIfFailed, type BatchReport, type BatchFailure, type BatchProgress, type RunBatchOptions } from './ops/index.js';
export {
  applyPlan,
  executePlan,
  unifiedDiff,
  parsePlan,
  serializePlan,
  loadPlan,
  savePlan,
  summarizePlan,
  type Plan,
  type PlanJob,
  type Change,
  type ChangeKind,
  type Conflict,
  type Skip,
  type ApplyAction,
  type ApplyOutcome,
  type ApplyOptions,
  type ApplyReport,
} from './ops/index.js';
export {
  planSync,
  applySyncPlan,
  runSync,
  syncStatus,
  type SyncOptions,
  type SyncDirection,
  type SyncPlan,
  type SyncProgress,
  type SyncRecord,
  type SyncResult,
  type SyncStatusEntry,
  type LocalStatus,
  type WikiStatus,
  type SyncState,
  type SyncFileState,
} from './ops/index.js';
export { exportWiki, readManifest, type ExportOptions, type ExportProgress, type ExportResult, type ExportManifest, type ManifestPage, type ManifestAsset, type ManifestFile } from './ops/index.js';
export { importWiki, planImport, type ImportOptions, type ImportResult } from './ops/index.js';
export { planReplace, applyReplace, summarizeReplace, type ReplaceOptions, type ReplaceSummary } from './ops/index.js';
export { grepWiki, streamPages, type GrepOptions, type GrepMatch, type StreamPagesOptions } from './ops/index.js';
export { planMove, applyMovePlan, checkLinks, type PlanMoveOptions, type MovePlan, type MoveEntry, type LinkRewrite, type MoveWarning, type MoveApplyReport, type CheckLinksOptions, type BrokenPageLink, type LinkReport } from './ops/index.js';
export {
  migrate,
  ApiPageSource,
  DumpPageSource,
  convertWikitext,
  formatReport,
  type MigrateOptions,
  type MigrateProgress,
  type MigrationSource,
  type Provenance,
  type PageSource,
  type SourcePage,
  type SourceFile,
  type SourceRevision,
  type SourceContent,
  type SourceEntry,
  type SourceSite,
  type SourceReadOptions,
  type TemplateExpansion,
  type DumpSourceOptions,
  type ConvertContext,
  type ConvertResult,
  type ConvertWarning,
  type LinkResolution,
  type LinkUse,
  type MappingData,
  type MappingOptions,
  type PageMappingEntry,
  type FileMappingEntry,
  type SourceTitle,
  type MigrationReport,
  type MigratedPage,
  type MigratedFile,
  type SkippedPage,
  type FailedItem,
  type PageWarning,
  type BrokenLink,
} from './ops/migrate/index.js';
