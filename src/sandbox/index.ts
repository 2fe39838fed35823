import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
import { loadDialect } from './dialects.js';
import { createMemoryStore } from './store/memory-store.js';
import type { Store } from './store/types.js';

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

export interface Sandbox {
  /** Base URL without `/graphql`, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** A full-access API key (send as `Authorization: Bearer <token>`). */
  token: string;
  adminEmail: string;
  adminPassword: string;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

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
  if (factory === undefined) throw new UsageError(`The sandbox does not emulate Wiki.js ${String(version)} yet.`, { field: 'wikijsVersion' });
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
  let url = '';
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
  url = `http://${host.includes(':') ? `[${host}]` : host}:${String(addr.port)}`;
  let app;
  try {
    app = await factory({ store, baseUrl: () => url, token: options.token, seed: options.seed });
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
