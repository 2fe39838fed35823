/**
 * A loopback HTTP proxy that forwards to a real upstream (the sandbox, a real Wiki.js, a real
 * MediaWiki) and injects faults, deterministically from a seed and per request kind.
 *
 * Determinism: every request is classified into a kind (`mutation pages.create`, `mw edit`, …);
 * the n-th request of a kind gets the fault `pick(hash(seed, kind, n))`. The same job run twice
 * with the same seed therefore meets the same faults, whatever the timing of other kinds.
 *
 * The faults, and what the upstream saw of the request:
 * - `reset-before`      socket destroyed, the upstream never saw the request;
 * - `reset-after`       forwarded and answered by the upstream (applied), then the socket is
 *                       destroyed before a byte of the answer reaches the client;
 * - `http-500..504`     forwarded (applied), the answer replaced by that status (a gateway that
 *                       lost the upstream's answer: the worst case for a write);
 * - `throttle-429`, `throttle-503`  NOT forwarded; `Retry-After` given (the server's promise
 *                       that nothing was applied);
 * - `mw-maxlag`, `mw-readonly`, `mw-ratelimited`  NOT forwarded; MediaWiki's own answer
 *                       (HTTP 200, `MediaWiki-API-Error` header, JSON error body);
 * - `slow-first-byte`   forwarded, the answer held back `slowMs` before its first byte;
 * - `truncated-body`    forwarded, the answer sent with its full Content-Length, cut half way;
 * - `drop-mid-upload`   a multipart request whose connection is dropped after part of its body
 *                       arrived; the upstream never saw it.
 *
 * Test tooling only: nothing in src/ imports this.
 */
import { createServer, request as httpRequest, Agent, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Kind, OperationTypeNode, parse, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export const FAULT_KINDS = [
  'reset-before',
  'reset-after',
  'http-500',
  'http-502',
  'http-503',
  'http-504',
  'throttle-429',
  'throttle-503',
  'mw-maxlag',
  'mw-readonly',
  'mw-ratelimited',
  'slow-first-byte',
  'truncated-body',
  'drop-mid-upload',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults after which the upstream has applied the request although the client cannot know. */
export const APPLIED_FAULTS: ReadonlySet<FaultKind> = new Set(['reset-after', 'http-500', 'http-502', 'http-503', 'http-504', 'slow-first-byte', 'truncated-body']);

const MEDIAWIKI_ONLY: ReadonlySet<FaultKind> = new Set(['mw-maxlag', 'mw-readonly', 'mw-ratelimited']);

/** What the proxy made of one request. */
export interface RequestKind {
  readonly dialect: 'graphql' | 'mediawiki' | 'http';
  /** Stable name, the key of the per-kind counter: `mutation pages.create`, `mw edit`, `POST /u`. */
  readonly name: string;
  /** True for GraphQL mutations and MediaWiki write actions (edit, upload, move, delete, …). */
  readonly write: boolean;
  /** A multipart body (uploads): eligible for `drop-mid-upload`. */
  readonly multipart: boolean;
}

export interface FaultProxyOptions {
  /** Base URL of the upstream, e.g. `http://127.0.0.1:3000`. */
  readonly upstream: string;
  readonly seed: number;
  /** Share of eligible requests that get a fault, 0..1. @default 0.2 */
  readonly rate?: number;
  /** Faults to choose from. @default every fault the request is eligible for */
  readonly faults?: readonly FaultKind[];
  /** Only requests for which this is true get faults (e.g. only writes). @default all */
  readonly target?: (kind: RequestKind) => boolean;
  /** Delay of `slow-first-byte`. @default 1500 */
  readonly slowMs?: number;
  /** `Retry-After` seconds sent with throttles. @default 1 */
  readonly retryAfterSeconds?: number;
  /** Lag MediaWiki reports with `maxlag`, seconds. @default 1 */
  readonly lagSeconds?: number;
  /** A `Set-Cookie` value added to every forwarded answer (a canary cookie the client will hold). */
  readonly setCookie?: string;
}

export interface InjectedFault {
  readonly seq: number;
  readonly kind: string;
  readonly fault: FaultKind;
}

export interface FaultStats {
  /** Requests received. */
  readonly requests: number;
  /** Requests received, per kind name. */
  readonly byKind: Readonly<Record<string, number>>;
  /** Faults injected, per fault. */
  readonly injected: Readonly<Partial<Record<FaultKind, number>>>;
  /** Total faults injected. */
  readonly faults: number;
  /** Every injection, in order. */
  readonly log: readonly InjectedFault[];
  /** Values of the cookies the upstream set (session ids: secrets to search output for). */
  readonly upstreamCookies: readonly string[];
}

export interface FaultProxy {
  /** The proxy's base URL; the upstream's path layout is kept (`<url>/graphql`, `<url>/w/api.php`). */
  readonly url: string;
  /** Maps an upstream URL (with path) to the same URL through the proxy. */
  via(upstreamUrl: string): string;
  stats(): FaultStats;
  /** Turns injection off (still forwarding) or back on; counters keep their values. */
  setEnabled(enabled: boolean): void;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A uniform number in [0, 1) from (seed, text, n): FNV-1a 32 over the text, then a mixing step. */
export function hash01(seed: number, text: string, n: number): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  const mix = `${text}\u0000${n}`;
  for (let i = 0; i < mix.length; i++) {
    h ^= mix.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // murmur3 finaliser: spreads FNV's weak low bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}

const MW_READ_ACTIONS = new Set(['query', 'parse', 'help', 'paraminfo', 'opensearch', 'expandtemplates', 'compare', 'feedrecentchanges', 'sitematrix']);

function fieldPath(selection: SelectionSetNode | undefined, depth: number): string[] {
  const first = selection?.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && !s.name.value.startsWith('__'));
  if (!first) return [];
  // A namespace field (`pages { create(...) }`) takes no arguments; an operation field does.
  const leaf = depth <= 1 || (first.arguments?.length ?? 0) > 0;
  return leaf ? [first.name.value] : [first.name.value, ...fieldPath(first.selectionSet, depth - 1)];
}

/** `mutation pages.create` for one GraphQL request object; undefined when it does not parse. */
export function graphqlKind(query: unknown): { name: string; write: boolean } | undefined {
  if (typeof query !== 'string') return undefined;
  try {
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation) return undefined;
    const path = fieldPath(operation.selectionSet, 2).join('.');
    return { name: `${operation.operation} ${path || '?'}`, write: operation.operation === OperationTypeNode.MUTATION };
  } catch {
    return undefined;
  }
}

/** The `action` of a MediaWiki request, from the query string, a form body or a multipart body. */
export function mediaWikiAction(search: string, contentType: string, body: Buffer): string | undefined {
  const fromQuery = new URLSearchParams(search).get('action');
  if (fromQuery) return fromQuery;
  if (contentType.includes('application/x-www-form-urlencoded')) return new URLSearchParams(body.toString('utf8')).get('action') ?? undefined;
  if (contentType.includes('multipart/form-data')) {
    const match = /name="action"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]*)\r\n/.exec(body.subarray(0, 16 * 1024).toString('latin1'));
    return match?.[1];
  }
  return undefined;
}

/** What one request is: the unit of the per-kind counter and of eligibility. */
export function classifyRequest(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): RequestKind {
  const [pathname = '', search = ''] = path.split('?');
  const contentType = headers['content-type'] ?? '';
  const multipart = contentType.includes('multipart/form-data');
  if (/\/_?graphql$/.test(pathname) && method === 'POST') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const items = (Array.isArray(parsed) ? parsed : [parsed]).map((item: unknown) => graphqlKind(item && typeof item === 'object' ? (item as { query?: unknown }).query : undefined));
    if (items.every((i) => i !== undefined) && items.length > 0) {
      // A JSON-array batch is one kind: its members' kinds in order.
      return { dialect: 'graphql', name: items.map((i) => i.name).join(' + '), write: items.some((i) => i.write), multipart };
    }
    return { dialect: 'graphql', name: 'graphql ?', write: true, multipart };
  }
  const action = pathname.endsWith('.php') || /[?&]action=/.test(path) ? mediaWikiAction(search, contentType, body) : undefined;
  if (action !== undefined) return { dialect: 'mediawiki', name: `mw ${action}`, write: !MW_READ_ACTIONS.has(action), multipart };
  return { dialect: 'http', name: `${method} ${pathname.replace(/\/[^/]+$/, '/*')}`, write: method !== 'GET' && method !== 'HEAD', multipart };
}

/** The faults a request of this kind may get. */
export function eligibleFaults(kind: RequestKind, allowed: readonly FaultKind[] = FAULT_KINDS): FaultKind[] {
  return allowed.filter((fault) => {
    if (MEDIAWIKI_ONLY.has(fault)) return kind.dialect === 'mediawiki';
    if (fault === 'drop-mid-upload') return kind.multipart;
    return true;
  });
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer', 'host', 'content-length']);

function forwardHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

interface UpstreamAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

type MediaWikiFault = 'mw-maxlag' | 'mw-readonly' | 'mw-ratelimited';

/** The error bodies MediaWiki 1.39 sends for these (formatversion=2). */
function mediaWikiError(fault: MediaWikiFault, lagSeconds: number): Record<string, unknown> {
  switch (fault) {
    case 'mw-maxlag':
      return { code: 'maxlag', info: `Waiting for 127.0.0.1: ${lagSeconds} seconds lagged.`, host: '127.0.0.1', lag: lagSeconds, type: 'db' };
    case 'mw-readonly':
      return { code: 'readonly', info: 'The wiki is currently in read-only mode.', readonlyreason: 'fault-proxy: database maintenance' };
    case 'mw-ratelimited':
      return { code: 'ratelimited', info: 'As an anti-abuse measure, you are limited from performing this action too many times in a short space of time, and you have exceeded this limit. Please try again in a few minutes.' };
  }
}

/** Starts the proxy on 127.0.0.1, port 0. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  const basePath = upstream.pathname.replace(/\/+$/, '');
  const rate = options.rate ?? 0.2;
  const slowMs = options.slowMs ?? 1500;
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const lagSeconds = options.lagSeconds ?? 1;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const counters = new Map<string, number>();
  const byKind: Record<string, number> = {};
  const injected: Partial<Record<FaultKind, number>> = {};
  const log: InjectedFault[] = [];
  const sockets = new Set<Socket>();
  const upstreamCookies = new Set<string>();
  let requests = 0;
  let enabled = true;

  const decide = (kind: RequestKind): FaultKind | undefined => {
    const n = counters.get(kind.name) ?? 0;
    counters.set(kind.name, n + 1);
    if (!enabled || (options.target && !options.target(kind))) return undefined;
    if (hash01(options.seed, kind.name, n) >= rate) return undefined;
    const choices = eligibleFaults(kind, options.faults);
    if (choices.length === 0) return undefined;
    return choices[Math.floor(hash01(options.seed ^ 0x5bd1e995, kind.name, n) * choices.length)];
  };

  const forward = (req: IncomingMessage, body: Buffer): Promise<UpstreamAnswer> =>
    new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          protocol: upstream.protocol,
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: `${basePath}${req.url ?? '/'}`,
          headers: { ...forwardHeaders(req.headers), host: upstream.host, 'content-length': String(body.length) },
          agent,
        },
        (res) => {
          for (const cookie of res.headers['set-cookie'] ?? []) {
            const value = /^[^=]+=([^;]*)/.exec(cookie)?.[1];
            if (value !== undefined && value.length >= 8 && value !== 'deleted') upstreamCookies.add(value);
          }
          readAll(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: forwardHeaders(res.headers), body: data }), reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const withCookie = (headers: Record<string, string | string[]>): Record<string, string | string[]> => {
    if (options.setCookie === undefined) return headers;
    const existing = headers['set-cookie'];
    return { ...headers, 'set-cookie': [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), options.setCookie] };
  };

  const reply = (res: ServerResponse, answer: UpstreamAnswer): void => {
    res.writeHead(answer.status, { ...withCookie(answer.headers), 'content-length': String(answer.body.length) });
    res.end(answer.body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests++;
    const contentType = req.headers['content-type'] ?? '';
    const chunks: Buffer[] = [];
    let received = 0;
    const declared = Number(req.headers['content-length'] ?? NaN);
    // Multipart bodies (uploads) are classified from their first part, so the connection can be
    // dropped while the rest is still arriving.
    if (contentType.includes('multipart/form-data') && Number.isFinite(declared) && declared > 4096) {
      const prefix = await new Promise<Buffer>((resolve, reject) => {
        const onData = (chunk: Buffer): void => {
          chunks.push(chunk);
          received += chunk.length;
          if (received >= 4096) {
            req.off('data', onData);
            req.pause();
            resolve(Buffer.concat(chunks));
          }
        };
        req.on('data', onData);
        req.once('end', () => resolve(Buffer.concat(chunks)));
        req.once('error', reject);
      });
      const kind = classifyRequest(req.method ?? 'GET', req.url ?? '/', req.headers, prefix);
      byKind[kind.name] = (byKind[kind.name] ?? 0) + 1;
      const fault = decide(kind);
      if (fault === 'drop-mid-upload') {
        record(kind, fault);
        req.socket.destroy();
        return;
      }
      req.resume();
      const rest = received < declared ? await readAll(req) : Buffer.alloc(0);
      await respond(req, res, kind, fault, Buffer.concat([prefix, rest]));
      return;
    }
    const body = await readAll(req);
    const kind = classifyRequest(req.method ?? 'GET', req.url ?? '/', req.headers, body);
    byKind[kind.name] = (byKind[kind.name] ?? 0) + 1;
    await respond(req, res, kind, decide(kind), body);
  };

  const record = (kind: RequestKind, fault: FaultKind): void => {
    injected[fault] = (injected[fault] ?? 0) + 1;
    log.push({ seq: log.length + 1, kind: kind.name, fault });
  };

  const respond = async (req: IncomingMessage, res: ServerResponse, kind: RequestKind, fault: FaultKind | undefined, body: Buffer): Promise<void> => {
    if (fault === undefined) {
      reply(res, await forward(req, body));
      return;
    }
    record(kind, fault);
    if (fault === 'reset-before' || fault === 'drop-mid-upload') {
      req.socket.destroy();
      return;
    }
    if (fault === 'throttle-429' || fault === 'throttle-503') {
      res.writeHead(fault === 'throttle-429' ? 429 : 503, { 'retry-after': retryAfter, 'content-type': 'text/plain' });
      res.end('fault-proxy: throttled, nothing was applied\n');
      return;
    }
    if (fault === 'mw-maxlag' || fault === 'mw-readonly' || fault === 'mw-ratelimited') {
      const error = mediaWikiError(fault, lagSeconds);
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'mediawiki-api-error': String(error['code']) };
      if (fault === 'mw-maxlag') headers['retry-after'] = retryAfter;
      res.writeHead(200, headers);
      res.end(JSON.stringify({ error: { ...error, docref: 'fault-proxy' }, servedby: 'fault-proxy' }));
      return;
    }
    // Every fault below lets the upstream apply the request first.
    const answer = await forward(req, body);
    switch (fault) {
      case 'reset-after':
        req.socket.destroy();
        return;
      case 'http-500':
      case 'http-502':
      case 'http-503':
      case 'http-504':
        res.writeHead(Number(fault.slice(5)), { 'content-type': 'text/html' });
        res.end(`<html><body><h1>${fault.slice(5)}</h1>fault-proxy: the upstream's answer was lost</body></html>\n`);
        return;
      case 'slow-first-byte':
        await new Promise((resolve) => setTimeout(resolve, slowMs));
        if (!req.socket.destroyed) reply(res, answer);
        return;
      case 'truncated-body':
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
        // Flushed before the destroy, so the client has headers and half a body.
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => setTimeout(() => req.socket.destroy(), 5));
        return;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The upstream itself failed: say so plainly, as a gateway would.
      if (!res.headersSent && !req.socket.destroyed) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault-proxy: upstream failed: ${error instanceof Error ? error.message : String(error)}\n`);
      } else {
        req.socket.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url,
    via(upstreamUrl: string) {
      const target = new URL(upstreamUrl);
      if (target.origin !== upstream.origin || !target.pathname.startsWith(basePath)) throw new Error(`${upstreamUrl} is not under the proxy's upstream ${options.upstream}`);
      return `${url}${target.pathname.slice(basePath.length)}${target.search}`;
    },
    stats: () => ({ requests, byKind: { ...byKind }, injected: { ...injected }, faults: log.length, log: [...log], upstreamCookies: [...upstreamCookies] }),
    setEnabled(value: boolean) {
      enabled = value;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
