import { Agent, FormData as UndiciFormData, fetch as undiciFetch } from 'undici';
import { NetworkError, TimeoutError, networkError, timeoutError } from '../errors.js';
import type { ResolvedTransportOptions } from './options.js';
import { summarizeRequest } from './redact.js';
import type { Handler, TransportRequest } from './types.js';

/** Codes meaning the request never left this machine or never reached a server. */
const UNSENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

export function summaryOf(request: TransportRequest): ReturnType<typeof summarizeRequest> {
  // A GET's parameters are in the variables already: the URL is shown without its (long) query.
  const url = request.summaryVariables === undefined ? request.url : request.url.split('?')[0] ?? request.url;
  return summarizeRequest({ method: request.method, url, operation: request.operation.name, variables: request.summaryVariables });
}

/** Finds the system error code undici hides behind `TypeError: fetch failed`. */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current === 'object' && 'code' in current && typeof current.code === 'string') return current.code;
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

export function isUnsentCode(code: string | undefined): boolean {
  return code !== undefined && UNSENT_CODES.has(code);
}

/**
 * Terminal handler over undici's fetch (injectable). Maps socket and abort failures to
 * NetworkError / TimeoutError with `cause`, and reads the whole body.
 */
export function createFetchHandler(options: ResolvedTransportOptions): { handler: Handler; close: () => Promise<void> } {
  const agent = new Agent({
    connections: Math.max(options.maxConcurrent, 1),
    ...(options.insecureSkipTlsVerify ? { connect: { rejectUnauthorized: false } } : {}),
  });
  const doFetch = options.fetch ?? (undiciFetch as unknown as NonNullable<ResolvedTransportOptions['fetch']>);

  const handler: Handler = async (request) => {
    const headers: Record<string, string> = { 'user-agent': options.userAgent, ...request.headers };
    let response: Response;
    try {
      response = await doFetch(request.url, {
        method: request.method,
        headers,
        body: normaliseBody(request.body) as BodyInit | null,
        signal: request.signal ?? null,
        redirect: 'follow',
        dispatcher: agent,
      });
    } catch (error) {
      throw toTransportError(error, request);
    }
    let body: Uint8Array;
    try {
      body = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw toTransportError(error, request);
    }
    return { status: response.status, headers: response.headers, body, url: request.url, attempts: 1 };
  };
  return { handler, close: () => agent.close() };
}

/**
 * Node's global FormData and undici@7's are different classes; undici's fetch serialises a
 * foreign one as the string "[object FormData]" (no boundary, no parts). Copy it into undici's
 * own so callers may build a body with whichever FormData they have.
 */
export function normaliseBody(body: TransportRequest['body']): unknown {
  if (body === undefined) return null;
  if (body instanceof UndiciFormData || !isFormDataLike(body)) return body;
  const form = new UndiciFormData();
  for (const [name, value] of body.entries()) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, value.name);
  }
  return form;
}

function isFormDataLike(body: unknown): body is globalThis.FormData {
  return typeof body === 'object' && body !== null && Object.prototype.toString.call(body) === '[object FormData]';
}

export function toTransportError(error: unknown, request: TransportRequest): Error {
  if (error instanceof NetworkError || error instanceof TimeoutError) return error;
  const summary = summaryOf(request);
  const target = `${request.operation.name} [${request.method} ${summary.url}]`;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    const reason = request.signal?.reason as unknown;
    if (reason instanceof TimeoutError) return reason;
    if (error.name === 'AbortError' && !(reason instanceof Error && reason.name === 'TimeoutError')) {
      return networkError(`${target} was aborted`, { cause: error, request: summary });
    }
    return timeoutError(`${target} timed out`, { cause: error, request: summary, phase: 'attempt', timeoutMs: 0 });
  }
  const code = networkCode(error);
  const what = error instanceof Error ? error.message : String(error);
  return networkError(`${target} failed: ${code ?? what}`, { cause: error, request: summary });
}
