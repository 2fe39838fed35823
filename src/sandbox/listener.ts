import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { UsageError, usageError } from '../errors.js';
import type { DialectApp } from './dialect-app.js';
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
  const port = options.port ?? 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw usageError(`port ${String(port)} is not a TCP port: give 1-65535, or 0 for a free one`, { field: 'port' });
  }
  let store: Store;
  if (options.dataDir !== undefined) {
    await prepareDataDir(options.dataDir, options.reset === true);
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
      reject(listenError(e, port, host));
    });
    server.listen(port, host, () => resolve());
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

/** Bind failures the user can fix are usage errors that say how; anything else stays as it is. */
function listenError(e: NodeJS.ErrnoException, port: number, host: string): Error {
  if (e.code === 'EADDRINUSE') return usageError(`Port ${String(port)} is already in use.`, { field: 'port', cause: e });
  if (e.code === 'EACCES') return usageError(`not allowed to listen on port ${String(port)} (ports below 1024 need privileges); pick another with --port`, { field: 'port', cause: e });
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
    return usageError(`cannot listen on host "${host}" (${e.code}): give an address of this machine, e.g. 127.0.0.1`, { field: 'host', cause: e });
  }
  return e;
}

/**
 * Makes sure `dir` is a directory we can use, creating it (and missing parents) one level at
 * a time. `mkdir({ recursive: true })` is avoided on purpose: on a path under /proc it spins
 * forever at full CPU (the parent exists, every mkdir says ENOENT), and on a file it says only
 * EEXIST. Checked before `reset`, so `--reset` never deletes a file that is not a data folder.
 * @throws {UsageError} naming the path and the reason
 */
async function prepareDataDir(dir: string, reset: boolean): Promise<void> {
  const problem = (why: string, cause?: unknown): UsageError =>
    usageError(`--data ${dir}: ${why}; give a folder the sandbox may create and write`, { field: 'dataDir', ...(cause === undefined ? {} : { cause }) });
  const existing = await stat(dir).catch((e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw problem(`cannot be read (${code ?? String(e)})`, e);
  });
  if (existing !== undefined && !existing.isDirectory()) throw problem('is a file, not a folder');
  if (existing !== undefined && reset) await rm(dir, { recursive: true, force: true });
  if (existing !== undefined && !reset) return;
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    const info = await stat(at).catch(() => undefined);
    if (info !== undefined) {
      if (!info.isDirectory()) throw problem(`${at} is a file, not a folder`);
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw problem(`cannot create ${level} (${code ?? (e as Error).message})`, e);
    }
  }
}
