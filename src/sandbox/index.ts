import { usageError } from '../errors.js';
import { loadDialect } from './dialects.js';
import { listen, type Listening } from './listener.js';

/**
 * A local server that speaks the Wiki.js GraphQL API (2.5.314 by default), for trying scripts
 * and for tests. See docs/sandbox.md for what it implements and where it differs.
 */
export interface SandboxOptions {
  /** TCP port; `0` picks a free one. @default 3000 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Directory for durable state (LMDB). State lives in memory when omitted. */
  dataDir?: string;
  /** The full-access admin API key to accept. Generated (an RS256 JWT key) when omitted. */
  token?: string;
  /** Path to a seed JSON file (groups/users/pages), applied on a fresh store only. */
  seed?: string;
  /** Wipe the state in `dataDir` before starting. @default false */
  reset?: boolean;
  /** Wiki.js major version to emulate. @default 2 */
  wikijsVersion?: 2 | 3;
  /** Reserved for callers that print: the sandbox itself never writes to stdout. @default false */
  quiet?: boolean;
}

/**
 * A running sandbox: `url` is the base URL without `/graphql` (e.g. `http://127.0.0.1:3000`),
 * `token` a full-access API key (send as `Authorization: Bearer <token>`).
 */
export type Sandbox = Listening;

/**
 * Starts a sandbox and resolves once it answers.
 * @throws {UsageError} for an unsupported `wikijsVersion` or a port already in use.
 * @example
 * await using wiki = await startSandbox({ port: 0 });
 * await fetch(`${wiki.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${wiki.token}` }, body });
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const version = options.wikijsVersion ?? 2;
  const factory = await loadDialect(version);
  if (factory === undefined) throw usageError(`The sandbox does not emulate Wiki.js ${String(version)} yet.`, { field: 'wikijsVersion' });
  // Silently starting without the seeded pages would look like a working seed.
  if (options.seed !== undefined && version !== 2) throw usageError(`--seed is supported by the Wiki.js 2 sandbox only`, { field: 'seed' });
  return listen(options, (init) => factory({ ...init, token: options.token, seed: options.seed }));
}
