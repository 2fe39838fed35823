/**
 * The wire log of the Wiki.js contract run: a loopback proxy put in front of the target (real
 * server or sandbox) that forwards every request unchanged and records, for each GraphQL field
 * under a root namespace (`Query.pages.list`, `Mutation.users.create`, …), whether the server
 * served it. In-process clients and the spawned CLI of the e2e tests all go through it, so the
 * coverage test (test/contract/wikijs/coverage.test.ts) counts what was really sent.
 *
 * One NDJSON line per field per request, appended to WIKIKIT_WIRE_LOG:
 *   {"target":"real","field":"Mutation.pages.create","outcome":"served"}
 * outcome: `served` (data, no error, no failed responseResult), `refused` (the resolver answered
 * with a failed responseResult or an error at its path), `invalid` (the document never reached a
 * resolver: HTTP 400 / validation error).
 */
import { appendFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Kind, OperationTypeNode, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

export type WireOutcome = 'served' | 'refused' | 'invalid';

export interface WireEntry {
  readonly target: 'real' | 'sandbox';
  readonly field: string;
  readonly outcome: WireOutcome;
}

/** The env var naming the log file; unset = no proxy, no log. */
export const WIRE_LOG_ENV = 'WIKIKIT_WIRE_LOG';

interface SentField {
  readonly field: string;
  /** Response keys (aliases) leading to the field: [namespace key, field key]. */
  readonly keys: readonly [string, string];
}

/** The namespace.field pairs an operation document selects (fragments resolved, aliases kept). */
export function fieldsOf(document: DocumentNode, operationName?: string | null): SentField[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((o) => operationName == null || o.name?.value === operationName) ?? operations[0];
  if (!operation) return [];
  const root = operation.operation === OperationTypeNode.MUTATION ? 'Mutation' : operation.operation === OperationTypeNode.SUBSCRIPTION ? 'Subscription' : 'Query';
  const out: SentField[] = [];
  const fieldsIn = (set: SelectionSetNode, visit: (name: string, key: string, sub: SelectionSetNode | undefined) => void): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) visit(sel.name.value, sel.alias?.value ?? sel.name.value, sel.selectionSet);
      else if (sel.kind === Kind.INLINE_FRAGMENT) fieldsIn(sel.selectionSet, visit);
      else {
        const fragment = fragments.get(sel.name.value);
        if (fragment) fieldsIn(fragment.selectionSet, visit);
      }
    }
  };
  fieldsIn(operation.selectionSet, (ns, nsKey, sub) => {
    if (!sub || ns.startsWith('__')) return;
    fieldsIn(sub, (name, key) => {
      if (!name.startsWith('__')) out.push({ field: `${root}.${ns}.${name}`, keys: [nsKey, key] });
    });
  });
  return out;
}

interface GraphQLAnswer {
  data?: Record<string, Record<string, unknown> | null> | null;
  errors?: { path?: (string | number)[]; extensions?: { code?: unknown } }[];
}

/** How the server answered one selected field. */
export function outcomeOf(sent: SentField, answer: GraphQLAnswer | undefined, httpStatus: number): WireOutcome {
  if (!answer || (answer.data == null && httpStatus === 400)) return 'invalid';
  const errors = answer.errors ?? [];
  if (answer.data == null && errors.some((e) => !e.path)) return 'invalid';
  const [nsKey, key] = sent.keys;
  if (errors.some((e) => e.path?.[0] === nsKey && (e.path.length === 1 || e.path[1] === key))) return 'refused';
  const value = answer.data?.[nsKey]?.[key];
  if (value === undefined) return 'refused';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const payload = value as { responseResult?: { succeeded?: unknown } | null };
    // No status at all (2.5's `resetPassword` stub answers so) is no service either.
    if ('responseResult' in payload && (payload.responseResult === null || payload.responseResult?.succeeded === false)) return 'refused';
  }
  return 'served';
}

/** Entries for one GraphQL POST (single operation or JSON-array batch) and its answer. */
export function entriesFor(target: WireEntry['target'], requestBody: string, responseBody: string, httpStatus: number): WireEntry[] {
  let req: unknown;
  let res: unknown;
  try {
    req = JSON.parse(requestBody);
  } catch {
    return [];
  }
  try {
    res = JSON.parse(responseBody);
  } catch {
    res = undefined;
  }
  const requests = Array.isArray(req) ? req : [req];
  const answers = Array.isArray(res) ? res : [res];
  const out: WireEntry[] = [];
  requests.forEach((one: unknown, i) => {
    const op = one as { query?: unknown; operationName?: string | null };
    if (typeof op.query !== 'string') return;
    let document: DocumentNode;
    try {
      document = parse(op.query);
    } catch {
      return;
    }
    for (const sent of fieldsOf(document, op.operationName)) {
      out.push({ target, field: sent.field, outcome: outcomeOf(sent, answers[i] as GraphQLAnswer | undefined, httpStatus) });
    }
  });
  return out;
}

export interface WireProxy {
  /** Base URL of the proxy (what the tests use instead of the target's). */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the recording proxy for `upstream` (a base URL); entries are appended to `logFile`. */
export async function startWireProxy(upstream: string, logFile: string, target: WireEntry['target']): Promise<WireProxy> {
  const base = new URL(upstream);
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
  let writes = Promise.resolve();
  const record = (entries: WireEntry[]): void => {
    if (entries.length === 0) return;
    const text = entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
    writes = writes.then(() => appendFile(logFile, text)).catch(() => undefined);
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isGraphQL = req.method === 'POST' && /^\/_?graphql\/?(\?|$)/.test(req.url ?? '');
      const headers = { ...req.headers, host: base.host };
      // The log reads GraphQL answers: ask for them uncompressed (everything else passes as is).
      if (isGraphQL) delete headers['accept-encoding'];
      const upstreamReq = send(
        { protocol: base.protocol, hostname: base.hostname, port: base.port, method: req.method, path: `${base.pathname.replace(/\/+$/, '')}${req.url ?? '/'}`, headers },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, upstreamRes.headers);
          const answer: Buffer[] = [];
          upstreamRes.on('data', (c: Buffer) => {
            if (isGraphQL) answer.push(c);
            res.write(c);
          });
          upstreamRes.on('end', () => {
            res.end();
            if (isGraphQL) record(entriesFor(target, body.toString('utf8'), Buffer.concat(answer).toString('utf8'), upstreamRes.statusCode ?? 0));
          });
          upstreamRes.on('error', () => res.destroy());
        },
      );
      upstreamReq.on('error', () => res.destroy());
      // A client that gives up (timeout, Ctrl-C test) must reach the server as a closed socket too.
      res.on('close', () => {
        if (!res.writableFinished) upstreamReq.destroy();
      });
      upstreamReq.end(body);
    });
  };
  const server: Server = createServer(handle);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await writes;
    },
  };
}
