/**
 * wikikit's public API. Named exports only.
 *
 * Deliberately not exported from the root:
 * - the sandbox server: import it from `wikikit/sandbox` (it pulls in Apollo Server and LMDB,
 *   which a client-only user should not load);
 * - the CLI internals (`src/cli`): the `wikikit` binary is the interface.
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
export * from './wikijs/index.js';
export * from './mediawiki/index.js';
export * from './ops/index.js';
export * from './ops/migrate/index.js';
// Both clients have an `UpdateOptions`; the Wiki.js one keeps the plain name.
export type { UpdateOptions } from './wikijs/index.js';
export type { UpdateOptions as MediaWikiUpdateOptions } from './mediawiki/index.js';
