import { type RequestSummary, type WikiApiError, httpError } from '../errors.js';
import {
  isSensitiveName,
  responseText,
  summaryOf,
  unexpectedStatus,
  type ThrottleSignal,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../transport/index.js';
import type { CookieJar } from './cookie-jar.js';
import { encodeMultipart } from './multipart.js';
import { mediaWikiError, THROTTLE_CODES, type MediaWikiErrorBody } from './error-codes.js';

/** One Action API parameter value; arrays are sent `|`-joined, booleans as present/absent. */
export type ApiValue = string | number | boolean | readonly (string | number)[] | Blob | undefined | null;
export type ApiParams = Readonly<Record<string, ApiValue>>;

/** A decoded Action API answer (formatversion=2). Module results are reachable by name. */
export interface ApiResponse {
  readonly error?: MediaWikiErrorBody;
  readonly warnings?: Readonly<Record<string, unknown>>;
  readonly batchcomplete?: boolean;
  readonly continue?: Readonly<Record<string, string | number>>;
  readonly curtimestamp?: string;
  readonly [module: string]: unknown;
}

export interface CallOptions {
  readonly kind: 'read' | 'write';
  /** Operation name for errors and events; defaults to `action=<action>`. */
  readonly name?: string;
  readonly idempotent?: boolean;
  readonly signal?: AbortSignal | undefined;
  /** Force multipart/form-data (uploads). Long values switch to it on their own. */
  readonly multipart?: boolean;
  /** Title involved, for error messages. */
  readonly path?: string | undefined;
}

/** API:Edit: "POST requests with a long text (more than 8000 characters) must use multipart/form-data". */
export const MULTIPART_THRESHOLD = 8000;

/** The Action API's own separator for multi-value lists that contain `|`. */
const UNIT_SEPARATOR = '\u001f';

function encodeValue(value: Exclude<ApiValue, Blob | undefined | null | boolean>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const items = value.map(String);
  return items.some((item) => item.includes('|')) ? UNIT_SEPARATOR + items.join(UNIT_SEPARATOR) : items.join('|');
}

/** Flattens params in insertion order with `token` moved last (API:Edit asks for it after the text). */
export function encodeParams(params: ApiParams): [string, string | Blob][] {
  const out: [string, string | Blob][] = [];
  let token: string | undefined;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'token' && typeof value === 'string') {
      token = value;
      continue;
    }
    if (value === true) out.push([name, '1']);
    else if (value instanceof Blob) out.push([name, value]);
    else out.push([name, encodeValue(value)]);
  }
  if (token !== undefined) out.push(['token', token]);
  return out;
}

export function needsMultipart(fields: readonly [string, string | Blob][]): boolean {
  return fields.some(([, value]) => typeof value !== 'string' || value.length > MULTIPART_THRESHOLD);
}

/** The body of one API call: urlencoded when short, else multipart/form-data with exact bytes. */
export async function buildBody(fields: readonly [string, string | Blob][], multipart: boolean): Promise<{ body: Uint8Array | URLSearchParams; headers: Record<string, string> }> {
  if (multipart) {
    const encoded = await encodeMultipart(fields.map(([name, value]) => [name, value, name === 'file' || name === 'chunk' ? 'upload.bin' : name] as const));
    return { body: encoded.body, headers: { 'content-type': encoded.contentType } };
  }
  // URLSearchParams percent-encodes every byte as it is: CR, LF and NUL survive.
  const search = new URLSearchParams();
  for (const [name, value] of fields) if (typeof value === 'string') search.append(name, value);
  return { body: search, headers: {} };
}

const SMALL_BODY = 16 * 1024;

function peekError(response: TransportResponse): MediaWikiErrorBody | undefined {
  if (response.body.byteLength > SMALL_BODY) return undefined;
  try {
    const parsed = JSON.parse(responseText(response)) as ApiResponse;
    return parsed.error;
  } catch {
    return undefined;
  }
}

/**
 * maxlag / readonly / ratelimited answers mean "not applied": tell the shared retry layer to wait
 * (server timing first: Retry-After, then the reported lag) and resend, for writes too.
 */
export function classifyMediaWikiResponse(response: TransportResponse): ThrottleSignal | undefined {
  const header = response.headers.get('mediawiki-api-error');
  if (header !== null && !THROTTLE_CODES.has(header)) return undefined;
  const error = peekError(response);
  if (!error || !THROTTLE_CODES.has(error.code)) return undefined;
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) return { reason: `MediaWiki ${error.code}`, waitMs: Number(retryAfter.trim()) * 1000 };
  const lag = error['lag'];
  if (error.code === 'maxlag' && typeof lag === 'number' && Number.isFinite(lag)) {
    return { reason: `MediaWiki maxlag (${lag} s lag)`, waitMs: Math.max(1000, Math.round(lag * 1000)) };
  }
  return { reason: `MediaWiki ${error.code}` };
}

export interface RawCallResult {
  readonly body: ApiResponse;
  readonly request: RequestSummary;
  readonly status: number;
  readonly attempts: number;
}

/**
 * Reads go out as GET while the URL stays within this many bytes: RFC 9110 (4.1) asks every
 * server to accept 8,000 octets; Apache's default LimitRequestLine is 8,190, nginx's buffer 8 KB.
 * GET matters beyond caching: MediaWiki on SQLite opens every POST request's transaction with
 * BEGIN IMMEDIATE (the write lock, held to the end of the request) and only GET/HEAD requests
 * with a shared one (includes/db/MWLBFactory.php), so POST reads run one at a time there and
 * hold up edits; on a multi-datacentre wiki POSTs are routed to the primary.
 */
export const DEFAULT_GET_URL_LIMIT = 8000;

/** Modules that never change anything and accept GET. */
const GET_ACTIONS: ReadonlySet<string> = new Set(['query', 'parse', 'compare', 'expandtemplates', 'opensearch', 'paraminfo', 'help']);
/** Page text sent to parse/compare/expandtemplates: private until saved, so never in a URL. */
const TEXT_PARAMS: ReadonlySet<string> = new Set(['text', 'fromtext', 'totext', 'appendtext', 'prependtext', 'summary', 'fromtext-main', 'totext-main']);

function goesAsGet(params: ApiParams, limit: number): boolean {
  const action = typeof params['action'] === 'string' ? params['action'] : 'query';
  if (limit <= 0 || !GET_ACTIONS.has(action)) return false;
  // URLs land in access logs: nothing secret-named (token, wltoken, password …) and no page text.
  return Object.entries(params).every(([name, value]) => !(value instanceof Blob) && !isSensitiveName(name) && !TEXT_PARAMS.has(name));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * application/x-www-form-urlencoded as PHP reads it, leaving `/`, `:`, `@` and `,` as they are
 * (legal in a query, and common in titles): more titles fit in one URL.
 */
export function encodeQueryComponent(value: string): string {
  // A lone surrogate cannot be percent-encoded: sent as U+FFFD, as a form body would send it.
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD')).replace(/%20/g, '+').replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%40/g, '@').replace(/%2C/g, ',');
}

/** Sends one Action API call over the shared transport and decodes it; does not interpret `error`. */
export class ApiConnection {
  readonly apiUrl: string;
  readonly transport: Transport;
  readonly jar: CookieJar;
  readonly maxlag: number | undefined;
  /** Longest URL a read goes out as GET with; 0 = every call is a POST. Lowered for good on HTTP 414. */
  private getUrlLimit: number;

  constructor(apiUrl: string, transport: Transport, jar: CookieJar, maxlag: number | undefined, getUrlLimit = DEFAULT_GET_URL_LIMIT) {
    this.apiUrl = apiUrl;
    this.transport = transport;
    this.jar = jar;
    this.maxlag = maxlag;
    this.getUrlLimit = getUrlLimit;
  }

  private withDefaults(params: ApiParams): ApiParams {
    return { format: 'json', formatversion: 2, ...(this.maxlag === undefined ? {} : { maxlag: this.maxlag }), ...params };
  }

  /**
   * Bytes left in a GET URL for one more parameter (`name`) of a read with these params, or
   * `undefined` when the call would not go as GET. Batch readers size their batches with it.
   */
  getBudget(params: ApiParams, name: string): number | undefined {
    if (!goesAsGet(params, this.getUrlLimit)) return undefined;
    const base = this.urlOf(encodeParams(this.withDefaults(params)));
    return this.getUrlLimit - base.length - name.length - 2;
  }

  private urlOf(fields: readonly [string, string | Blob][]): string {
    const query = fields.map(([name, value]) => `${encodeQueryComponent(name)}=${encodeQueryComponent(value as string)}`).join('&');
    return `${this.apiUrl}${this.apiUrl.includes('?') ? '&' : '?'}${query}`;
  }

  async send(params: ApiParams, options: CallOptions): Promise<RawCallResult> {
    const action = typeof params['action'] === 'string' ? params['action'] : 'query';
    const fields = encodeParams(this.withDefaults(params));
    const multipart = options.multipart === true || needsMultipart(fields);
    const summaryVariables: Record<string, unknown> = {};
    for (const [name, value] of fields) summaryVariables[name] = typeof value === 'string' ? value : '[file]';
    const getUrl = !multipart && options.kind === 'read' && goesAsGet(params, this.getUrlLimit) ? this.urlOf(fields) : undefined;
    const asGet = getUrl !== undefined && getUrl.length <= this.getUrlLimit;
    const { body: payload, headers } = asGet ? { body: undefined, headers: {} } : await buildBody(fields, multipart);
    const request: TransportRequest = {
      method: asGet ? 'GET' : 'POST',
      url: asGet ? getUrl : this.apiUrl,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
      operation: {
        name: options.name ?? `action=${action}`,
        kind: options.kind,
        idempotent: options.idempotent ?? options.kind === 'read',
        wiki: 'mediawiki',
      },
      summaryVariables,
      classifyResponse: classifyMediaWikiResponse,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const response = await this.transport.send(request);
    if (asGet && (response.status === 414 || response.status === 431)) {
      // A front end with a shorter URL limit than ours: this and every later call go as POST.
      this.getUrlLimit = 0;
      return this.send(params, options);
    }
    const summary = summaryOf(request);
    let body: ApiResponse;
    try {
      body = JSON.parse(responseText(response)) as ApiResponse;
    } catch (cause) {
      const error = unexpectedStatus(request, response, this.jar.secrets());
      if (response.status === 200) {
        throw httpError(`${request.operation.name} answered HTTP 200 without JSON [${request.method} ${summary.url}]`, {
          status: 200,
          bodyExcerpt: error.bodyExcerpt,
          request: summary,
          attempts: response.attempts,
          cause,
        });
      }
      throw error;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw unexpectedStatus(request, response, this.jar.secrets());
    if (response.status !== 200 && !body.error) throw unexpectedStatus(request, response, this.jar.secrets());
    // Every caller reads `error.code`: an `error` without a string code is not the Action API's.
    if (body.error !== undefined && (typeof body.error !== 'object' || body.error === null || typeof (body.error as { code?: unknown }).code !== 'string')) {
      const excerpt = unexpectedStatus(request, response, this.jar.secrets()).bodyExcerpt;
      throw httpError(`${request.operation.name} answered an "error" without a code [${request.method} ${summary.url}]`, { status: response.status, bodyExcerpt: excerpt, request: summary, attempts: response.attempts });
    }
    return { body, request: summary, status: response.status, attempts: response.attempts };
  }

  toError(
    operation: string,
    error: MediaWikiErrorBody,
    result: RawCallResult,
    path?: string,
    details?: Readonly<Record<string, unknown>>,
  ): WikiApiError {
    const retryAfterMs = THROTTLE_CODES.has(error.code) ? throttleWait(error) : undefined;
    return mediaWikiError(operation, error, {
      request: result.request,
      httpStatus: result.status,
      attempts: result.attempts,
      path,
      details: { ...details, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
      secrets: this.jar.secrets(),
    });
  }
}

function throttleWait(error: MediaWikiErrorBody): number | undefined {
  const lag = error['lag'];
  return typeof lag === 'number' ? Math.max(1000, Math.round(lag * 1000)) : undefined;
}
