/**
 * The contract between the sandbox's listener and one dialect's app (v2, v3): a module below
 * both, so the apps implement it without importing the registry that loads them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from './store/types.js';

/**
 * A Wiki.js major version the sandbox can speak. The HTTP listener and the store are shared;
 * each dialect owns its schema, resolvers and routes (v2 here, v3 under `src/sandbox/v3/`).
 * @internal
 */
export interface DialectInit {
  readonly store: Store;
  /** The listener's base URL, known once the port is bound. */
  readonly baseUrl: () => string;
  readonly token: string | undefined;
  readonly seed: string | undefined;
}

export interface DialectApp {
  readonly token: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

export type DialectFactory = (init: DialectInit) => Promise<DialectApp>;
