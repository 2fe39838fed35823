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

const registry = new Map<number, () => Promise<DialectFactory>>([
  // Lazy: a v2 sandbox never loads v3 code and vice versa.
  [2, async () => {
    (await import('./v2/key-pool.js')).prewarmKey();
    return (await import('./v2/app.js')).createV2App;
  }],
  [3, async () => (await import('./v3/app.js')).createV3App],
]);

/** Lets the v3 dialect register itself (`registerDialect(3, …)`) without editing this file's callers. */
export function registerDialect(version: number, load: () => Promise<DialectFactory>): void {
  registry.set(version, load);
}

export async function loadDialect(version: number): Promise<DialectFactory | undefined> {
  const load = registry.get(version);
  return load === undefined ? undefined : load();
}
