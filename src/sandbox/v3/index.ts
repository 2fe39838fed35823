import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openLmdbStore } from '../store/lmdb-store.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/types.js';
import { createV3App, type V3AppOptions } from './app.js';

export { createV3App, V3_ADMIN_EMAIL, type V3AppOptions } from './app.js';
export { createV3Schema, isUuid, V3_SCHEMA_URL } from './schema.js';
export { NOT_FOUND_HTML } from './http.js';

export interface V3SandboxOptions extends V3AppOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  token?: string;
}

export interface V3Sandbox {
  readonly url: string;
  readonly token: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A v3 sandbox on its own listener, with an injectable clock (rate-limit tests). Production
 * callers use `startSandbox({ wikijsVersion: 3 })`, which runs the same {@link createV3App}.
 * @internal
 */
export async function startV3Sandbox(options: V3SandboxOptions = {}): Promise<V3Sandbox> {
  const store: Store = options.dataDir !== undefined ? openLmdbStore(options.dataDir) : createMemoryStore();
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const url = `http://${host}:${String((server.address() as AddressInfo).port)}`;
  const app = await createV3App({ store, baseUrl: () => url, token: options.token, seed: undefined }, options);
  server.on('request', (req, res) => {
    app.handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.close();
      await store.close();
    })();
    return closing;
  };
  return { url, token: app.token, adminEmail: app.adminEmail, adminPassword: app.adminPassword, close, [Symbol.asyncDispose]: close };
}
