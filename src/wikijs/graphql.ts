/**
 * GraphQL over the shared transport, for both Wiki.js majors: one operation, an explicit JSON
 * array batch, or reads queued in the same tick combined into one array POST (DataLoader
 * style). Every failure channel ends up as a wikikit error through the dialect's
 * {@link ErrorMapper}: GraphQL `errors[]`, `responseResult.succeeded:false`, HTTP 400
 * parse/validation answers and HTTP 500 `{data:{}, errors:[…]}` answers.
 */
import { type WikiKind, type WikikitError, AuthError, HttpError, PermissionError, httpError, internalError } from '../errors.js';
import { CACHE_RESOURCES } from './resource-names.js';
import {
  freshReadsRequested,
  authRecoverySuspended,
  responseText,
  summaryOf,
  unexpectedStatus,
  type AuthRefusalReason,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../transport/index.js';

export interface GraphQLErrorEntry {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface GraphQLResult<T> {
  readonly data: T | null;
  readonly errors: readonly GraphQLErrorEntry[];
  readonly httpStatus: number;
  readonly headers: Headers;
}

/** Mutation status as Wiki.js returns it (`DefaultResponse.responseResult`). */
export interface ResponseResult {
  readonly succeeded: boolean;
  readonly errorCode: number | string;
  readonly slug: string;
  readonly message?: string | null;
}

/** What the caller knows about the call, for messages and error fields. */
export interface ErrorContext {
  readonly operation: string;
  readonly request: TransportRequest;
  readonly httpStatus: number;
  /** Page path (or other subject) involved, when known. */
  readonly path?: string | undefined;
  readonly secrets: readonly string[];
}

/** Per-dialect translation of the wiki's refusals into wikikit errors. */
export interface ErrorMapper {
  readonly wiki: WikiKind;
  fromGraphQLError(entry: GraphQLErrorEntry, context: ErrorContext): WikikitError;
  fromResponseResult(result: ResponseResult, context: ErrorContext): WikikitError;
}

export interface OperationSpec {
  /** e.g. `pages.create`. */
  readonly name: string;
  readonly kind: 'read' | 'write';
  /** @default kind === 'read' */
  readonly idempotent?: boolean;
  /** Subject for messages. */
  readonly path?: string | undefined;
}

export interface ExecuteOptions {
  readonly signal?: AbortSignal | undefined;
  /** Reads join the tick's JSON-array batch unless false. @default true */
  readonly batch?: boolean;
}

export interface BatchItem {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>> | undefined;
  readonly operation: OperationSpec;
}

export interface GraphQLExecutorOptions {
  readonly endpoint: string;
  readonly transport: Transport;
  readonly mapper: ErrorMapper;
  readonly secrets: () => readonly string[];
  /** Most operations in one array POST. @default 50 */
  readonly maxBatchSize?: number;
  /** Turns automatic batching of reads off (explicit `executeBatch` still works). @default true */
  readonly autoBatch?: boolean;
}

interface Pending {
  readonly item: BatchItem;
  readonly signal: AbortSignal | undefined;
  /** Queued inside `withFreshReads`: the batch it joins must bypass the read cache. */
  readonly fresh: boolean;
  resolve(result: GraphQLResult<unknown>): void;
  reject(error: unknown): void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toErrors(value: unknown): GraphQLErrorEntry[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry): GraphQLErrorEntry => {
    if (!isRecord(entry)) return { message: String(entry) };
    const out: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> } = {
      message: typeof entry['message'] === 'string' ? entry['message'] : 'unknown GraphQL error',
    };
    if (Array.isArray(entry['path'])) out.path = entry['path'].filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    if (isRecord(entry['extensions'])) out.extensions = entry['extensions'];
    return out;
  });
}

function toResult(value: unknown, response: TransportResponse): GraphQLResult<unknown> {
  const body = isRecord(value) ? value : {};
  return { data: body['data'] ?? null, errors: toErrors(body['errors']), httpStatus: response.status, headers: response.headers };
}

/** Refusals that re-authenticating cannot fix: the login itself failed, or it is rate-limited. */
const LOGIN_REFUSALS = new Set(['AuthLoginFailed', 'ERR_LOGIN_FAILED', 'TooManyRequests']);

// One parse per answer: the auth-recovery layer (`authFailure`), the read cache (`cacheable`)
// and `send` all read the same response object, which can be megabytes of page content. `send`
// comes last and takes the value (the entry is dropped): a later cache hit on the same response
// parses afresh, so callers never share decoded objects they might change.
const parsedBodies = new WeakMap<TransportResponse, { readonly value: unknown } | null>();

/** The response body as JSON, parsed once; undefined when it is not JSON. */
function parsedBody(response: TransportResponse): { readonly value: unknown } | undefined {
  let entry = parsedBodies.get(response);
  if (entry === undefined) {
    try {
      entry = { value: JSON.parse(responseText(response)) as unknown };
    } catch {
      entry = null;
    }
    parsedBodies.set(response, entry);
  }
  return entry ?? undefined;
}

/** The parsed answers of one HTTP response, one per operation sent; undefined when it is not GraphQL. */
function answersOf(response: TransportResponse, count: number): Record<string, unknown>[] | undefined {
  const parsed = parsedBody(response)?.value;
  if (Array.isArray(parsed)) return parsed.length === count ? parsed.map((value) => (isRecord(value) ? value : {})) : undefined;
  return isRecord(parsed) ? [parsed] : undefined;
}

/** The first failed mutation status in `data` (`{ ns: { op: { responseResult } } }` or `{ op: { operation } }`). */
function failedStatus(data: unknown, depth = 0): ResponseResult | undefined {
  if (!isRecord(data) || depth > 3) return undefined;
  for (const [key, value] of Object.entries(data)) {
    if ((key === 'responseResult' || key === 'operation') && isRecord(value) && value['succeeded'] === false) {
      const text = (field: string): string => (typeof value[field] === 'string' || typeof value[field] === 'number' ? String(value[field]) : '');
      const code = value['errorCode'];
      return { succeeded: false, errorCode: typeof code === 'number' ? code : text('errorCode'), slug: text('slug'), message: text('message') };
    }
    const nested = failedStatus(value, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

/** Statuses at which Wiki.js still answers in GraphQL shape (400 validation, 500 revoked key / API off). */
const GRAPHQL_STATUSES = new Set([200, 400, 500]);

export class GraphQLExecutor {
  readonly endpoint: string;
  readonly wiki: WikiKind;
  private readonly transport: Transport;
  private readonly mapper: ErrorMapper;
  private readonly secrets: () => readonly string[];
  private readonly maxBatchSize: number;
  private readonly autoBatch: boolean;
  private queue: Pending[] = [];
  private flushScheduled = false;
  /** HTTP requests handed to the transport (a batch counts once). */
  roundTrips = 0;

  constructor(options: GraphQLExecutorOptions) {
    this.endpoint = options.endpoint;
    this.transport = options.transport;
    this.mapper = options.mapper;
    this.wiki = options.mapper.wiki;
    this.secrets = options.secrets;
    this.maxBatchSize = options.maxBatchSize ?? 50;
    this.autoBatch = options.autoBatch ?? true;
  }

  /**
   * Runs one operation and returns the raw result (data + errors). Throws only when no GraphQL
   * answer came back (network, timeout, an HTTP status that is not GraphQL).
   */
  request<T>(query: string, variables: Readonly<Record<string, unknown>> | undefined, operation: OperationSpec, options: ExecuteOptions = {}): Promise<GraphQLResult<T>> {
    const item: BatchItem = { query, variables, operation };
    const fresh = freshReadsRequested();
    // Without auth recovery (an identity check, during a recovery) a read goes alone: batched
    // with other reads, their refusal would start a recovery the caller did not want.
    if (operation.kind === 'read' && this.autoBatch && options.batch !== false && !authRecoverySuspended()) {
      return new Promise<GraphQLResult<T>>((resolve, reject) => {
        this.queue.push({ item, signal: options.signal, fresh, resolve: resolve as (r: GraphQLResult<unknown>) => void, reject });
        this.scheduleFlush();
      });
    }
    return this.send([item], options.signal, fresh).then((results) => results[0] as GraphQLResult<T>);
  }

  /** Runs one operation; any `errors` entry becomes the mapped error. Returns `data`. */
  async execute<T>(query: string, variables: Readonly<Record<string, unknown>> | undefined, operation: OperationSpec, options: ExecuteOptions = {}): Promise<T> {
    const result = await this.request<T>(query, variables, operation, options);
    return this.unwrap(result, { query, variables, operation });
  }

  /** Several independent operations in one array POST (chunked at maxBatchSize); results in order. */
  async executeBatch(items: readonly BatchItem[], options: ExecuteOptions = {}): Promise<GraphQLResult<unknown>[]> {
    const chunks: BatchItem[][] = [];
    for (let i = 0; i < items.length; i += this.maxBatchSize) chunks.push(items.slice(i, i + this.maxBatchSize));
    const fresh = freshReadsRequested();
    const results = await Promise.all(chunks.map((chunk) => this.send(chunk, options.signal, fresh)));
    return results.flat();
  }

  /** `data` of a result, or the mapped error of its first `errors` entry. */
  unwrap<T>(result: GraphQLResult<T>, item: BatchItem): T {
    const first = result.errors[0];
    if (first) throw this.mapper.fromGraphQLError(first, this.context(item, result.httpStatus));
    if (result.data === null) throw this.emptyAnswer(item, result.httpStatus);
    return result.data;
  }

  /** Throws the mapped error when a mutation's `responseResult` says it failed. */
  check(result: ResponseResult | null | undefined, item: BatchItem, httpStatus = 200): void {
    if (!result) throw this.emptyAnswer(item, httpStatus);
    if (!result.succeeded) throw this.mapper.fromResponseResult(result, this.context(item, httpStatus));
  }

  mapResponseResult(result: ResponseResult, item: BatchItem, httpStatus = 200): WikikitError {
    return this.mapper.fromResponseResult(result, this.context(item, httpStatus));
  }

  mapGraphQLError(entry: GraphQLErrorEntry, item: BatchItem, httpStatus = 200): WikikitError {
    return this.mapper.fromGraphQLError(entry, this.context(item, httpStatus));
  }

  private context(item: BatchItem, httpStatus: number): ErrorContext {
    return { operation: item.operation.name, request: this.transportRequest([item], undefined), httpStatus, path: item.operation.path, secrets: this.secrets() };
  }

  private emptyAnswer(item: BatchItem, httpStatus: number): HttpError {
    const request = this.transportRequest([item], undefined);
    const summary = summaryOf(request);
    return httpError(`Wiki.js ${item.operation.name} failed: the server answered without data [POST ${summary.url}]`, {
      status: httpStatus,
      request: summary,
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate, not a microtask: callers that await between enqueues (Promise.all over
    // async mappers) still land in the same batch.
    setImmediate(() => {
      this.flushScheduled = false;
      const queue = this.queue;
      this.queue = [];
      for (let i = 0; i < queue.length; i += this.maxBatchSize) void this.flushChunk(queue.slice(i, i + this.maxBatchSize));
    });
  }

  private async flushChunk(chunk: Pending[]): Promise<void> {
    const live = chunk.filter((p) => {
      if (p.signal?.aborted) p.reject(p.signal.reason);
      return !p.signal?.aborted;
    });
    if (live.length === 0) return;
    try {
      const results = await this.send(live.map((p) => p.item), undefined, live.some((p) => p.fresh));
      live.forEach((p, i) => {
        const result = results[i];
        if (result) p.resolve(result);
        // send() answers one result per item or throws: a gap is a bug here, not a server answer.
        else p.reject(internalError(`GraphQL batch: no result for item ${String(i)} of ${String(live.length)}`));
      });
    } catch (error) {
      for (const p of live) p.reject(error);
    }
  }

  /**
   * `credentials` / `permission` when an answer refused the caller (the transport may recover
   * once): in `errors[]`, or in a mutation's failed status (`responseResult` on 2.x, `operation`
   * on 3.x).
   */
  private authFailure(items: readonly BatchItem[], response: TransportResponse): AuthRefusalReason | undefined {
    if (!GRAPHQL_STATUSES.has(response.status)) return undefined;
    let reason: AuthRefusalReason | undefined;
    let refused = 0;
    const answers = answersOf(response, items.length);
    answers?.forEach((answer, index) => {
      const item = items[index] ?? items[0];
      if (!item) return;
      const context = this.context(item, response.status);
      const first = toErrors(answer['errors'])[0];
      const failed = first ? undefined : failedStatus(answer['data']);
      const error = first ? this.mapper.fromGraphQLError(first, context) : failed ? this.mapper.fromResponseResult(failed, context) : undefined;
      if (error instanceof AuthError && !LOGIN_REFUSALS.has(error.slug ?? '')) reason = 'credentials';
      else if (error instanceof PermissionError) reason ??= 'permission';
      else return;
      refused++;
    });
    // The whole request is resent: with a write in it, only when no answer was applied.
    if (reason !== undefined && items.length > 1 && items.some((i) => i.operation.kind === 'write') && refused < (answers?.length ?? 0)) return undefined;
    return reason;
  }

  private transportRequest(items: readonly BatchItem[], signal: AbortSignal | undefined, fresh = false): TransportRequest {
    const single = items.length === 1 ? items[0] : undefined;
    const body = single ? { query: single.query, variables: single.variables ?? {} } : items.map((i) => ({ query: i.query, variables: i.variables ?? {} }));
    const write = items.some((i) => i.operation.kind === 'write');
    const name = single ? single.operation.name : `batch(${items.length}: ${[...new Set(items.map((i) => i.operation.name))].join(', ')})`;
    // Operation names are `resource.method`: the resource is what a read depends on and a write
    // changes. A raw operation under any other name is never cached, and as a write clears the cache.
    const prefixes = [...new Set(items.map((i) => i.operation.name.split('.')[0] ?? i.operation.name))];
    const tagged = prefixes.every((prefix) => CACHE_RESOURCES.has(prefix));
    return {
      method: 'POST',
      url: this.endpoint,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      operation: {
        name,
        kind: write ? 'write' : 'read',
        idempotent: items.every((i) => i.operation.idempotent ?? i.operation.kind === 'read'),
        wiki: this.wiki,
        resources: tagged ? prefixes : [],
      },
      ...(single?.variables ? { summaryVariables: single.variables } : {}),
      ...(signal ? { signal } : {}),
      ...(fresh ? { fresh } : {}),
      // Only a complete answer is worth keeping: an error may be gone on the next call.
      cacheable: (response) => tagged && (answersOf(response, items.length)?.every((answer) => !Array.isArray(answer['errors']) || answer['errors'].length === 0) ?? false),
      authFailure: (response) => this.authFailure(items, response),
    };
  }

  private async send(items: readonly BatchItem[], signal: AbortSignal | undefined, fresh = false): Promise<GraphQLResult<unknown>[]> {
    const request = this.transportRequest(items, signal, fresh);
    this.roundTrips++;
    const response = await this.transport.send(request);
    if (!GRAPHQL_STATUSES.has(response.status)) throw unexpectedStatus(request, response, this.secrets());
    const body = parsedBody(response);
    parsedBodies.delete(response);
    // 500 "POST body missing" (text/html), a proxy page, the v3 404 page: not a GraphQL answer.
    if (body === undefined) throw unexpectedStatus(request, response, this.secrets());
    const parsed = body.value;
    if (Array.isArray(parsed)) {
      if (parsed.length !== items.length) throw unexpectedStatus(request, response, this.secrets());
      return parsed.map((value) => toResult(value, response));
    }
    if (!isRecord(parsed) || (!('data' in parsed) && !('errors' in parsed))) throw unexpectedStatus(request, response, this.secrets());
    // A request-level failure (revoked key, API disabled, bad JSON) answers a batch with one object.
    const result = toResult(parsed, response);
    return items.map(() => result);
  }
}
