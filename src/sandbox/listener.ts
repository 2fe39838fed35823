import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
import type { DialectApp } from './dialects.js';
import { createMemoryStore } from './store/memory-store.js';
import type { Store } from './store/types.js';

export interface ListenOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  reset?: boolean;
}

export interface Listening {
  /** Base URL without the GraphQL path, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** A full-access API key (send as `Authorization: Bearer <token>`). */
  token: string;
  adminEmail: string;
  adminPassword: string;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The one HTTP listener + store lifecycle every sandbox dialect runs behind: opens the store,
 * binds the port (so the app knows its URL), starts the app, and closes all three in order.
 * @internal
 */
export async function listen(
  options: ListenOptions,
  createApp: (init: { store: Store; baseUrl: () => string }) => Promise<DialectApp>,
): Promise<Listening> {
  let store: Store;
  if (options.dataDir !== undefined) {
    if (options.reset === true) await rm(options.dataDir, { recursive: true, force: true });
    await mkdir(options.dataDir, { recursive: true });
    // Loaded only when asked for: the native module costs start-up time an in-memory sandbox never needs.
    const { openLmdbStore } = await import('./store/lmdb-store.js');
    store = openLmdbStore(options.dataDir);
  } else {
    store = createMemoryStore();
  }
  const host = options.host ?? '127.0.0.1';
  // Filled once the dialect is up; requests before that (none expected) get 503.
  const route: { handler?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } = {};
  const server: Server = createServer((req, res) => {
    const handler = route.handler;
    if (handler === undefined) {
      res.writeHead(503).end();
      return;
    }
    handler(req, res).catch(() => {
      // A handler bug must not take the server down: answer like Express's default 500.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<h1>Internal Server Error</h1>');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' ? new UsageError(`Port ${String(options.port ?? 3000)} is already in use.`, { field: 'port', cause: e }) : e);
    });
    server.listen(options.port ?? 3000, host, () => resolve());
  }).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${String(addr.port)}`;
  let app: DialectApp;
  try {
    app = await createApp({ store, baseUrl: () => url });
  } catch (e) {
    server.close();
    await store.close();
    throw e;
  }
  route.handler = (req, res) => app.handle(req, res);
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
