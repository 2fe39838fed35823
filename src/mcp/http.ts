/**
 * `wikikit mcp --http PORT`: Streamable HTTP on 127.0.0.1 only, behind a bearer token.
 * Stateless (a fresh McpServer per POST, state shared through {@link WikiMcp}), so there are
 * no sessions to hijack or leak. Requests are refused before any MCP work when the Host or
 * Origin is not this loopback address (DNS rebinding) or the token does not match.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { usageError } from '../errors.js';
import type { WikiMcp } from './server.js';

export const MCP_HTTP_HOST = '127.0.0.1';
export const MCP_HTTP_PATH = '/mcp';

export interface McpHttpOptions {
  readonly mcp: WikiMcp;
  /** `0` picks a free port. */
  readonly port: number;
  /** The bearer token clients must send. */
  readonly token: string;
  /** Called with failures inside a request (already answered 500). */
  readonly onError?: (error: unknown) => void;
}

export interface McpHttpServer {
  /** `http://127.0.0.1:PORT/mcp` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** 256 bits, URL-safe: what `--http` uses when no token is given. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time: both sides are hashed to the same length first, so neither length nor prefix leaks. */
function tokenMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  // No token hashes like a wrong one, so a missing header takes the same path.
  return timingSafeEqual(digest(match?.[1] ?? ''), expected);
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }).end(body);
}

/** @throws {UsageError} for an empty token or a port already in use. */
export async function startMcpHttp(options: McpHttpOptions): Promise<McpHttpServer> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) throw usageError(`--http port must be 0…65535, got ${options.port}`, { field: 'http' });
  if (options.token.length < 16) throw usageError('the MCP bearer token must be at least 16 characters', { field: 'token' });
  const expected = digest(options.token);
  let port = options.port;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://${MCP_HTTP_HOST}`);
    const hosts = new Set([`${MCP_HTTP_HOST}:${port}`, `localhost:${port}`]);
    if (!hosts.has(req.headers.host ?? '')) return refuse(res, 403, 'Host not allowed: this server answers only on its loopback address');
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.has(origin.replace(/^https?:\/\//, ''))) return refuse(res, 403, 'Origin not allowed');
    if (!tokenMatches(req.headers.authorization, expected)) {
      return refuse(res, 401, 'missing or wrong bearer token (Authorization: Bearer <token> from `wikikit mcp --http`)', { 'www-authenticate': 'Bearer realm="wikikit"' });
    }
    if (url.pathname !== MCP_HTTP_PATH) return refuse(res, 404, `not found: the MCP endpoint is ${MCP_HTTP_PATH}`);
    if (req.method !== 'POST') return refuse(res, 405, 'this server is stateless: only POST is supported', { allow: 'POST' });
    const server = options.mcp.createServer();
    // 10 MiB, as the SDK's stdio buffer: room for the largest upload_asset call.
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true, maxRequestBodySize: 10 * 1024 * 1024 });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };
  const http: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) refuse(res, 500, 'internal error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? usageError(`port ${options.port} is already in use; pick another with --http PORT (0 = any free port)`, { field: 'http', cause: error }) : error);
    });
    http.listen(options.port, MCP_HTTP_HOST, () => {
      resolve();
    });
  });
  port = (http.address() as AddressInfo).port;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      http.close(() => {
        resolve();
      });
      http.closeAllConnections();
    });
  return { url: `http://${MCP_HTTP_HOST}:${port}${MCP_HTTP_PATH}`, port, close, [Symbol.asyncDispose]: close };
}
