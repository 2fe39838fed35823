/**
 * Wiki.js 2.x refusals → wikikit errors. The server uses several channels (observed-behaviour.md
 * "General conventions"): `responseResult` on mutations, `errors[].extensions.exception.code` on
 * queries, bare messages from the `@auth` / `@rateLimit` directives, HTTP 400 validation, and
 * HTTP 500 `{data:{},errors:[{message}]}` for a revoked key or a disabled API.
 */
import {
  AuthError,
  createApiError,
  RateLimitError,
  unlistedCode,
  type ApiErrorCategory,
  type UnlistedCode,
  type WikiApiError,
  type WikiErrorFactoryOptions,
  type WikikitError,
} from '../../errors.js';
import { scrubSecrets, summaryOf } from '../../transport/index.js';
import type { ErrorContext, ErrorMapper, GraphQLErrorEntry } from '../graphql.js';
import { lookupErrorCode, type WikiJsV2ErrorCode } from './error-codes.js';

const WIKI = 'wikijs-v2' as const;

const GRAPHQL_CODES = {
  GRAPHQL_PARSE_FAILED: 'validation',
  GRAPHQL_VALIDATION_FAILED: 'validation',
  BAD_USER_INPUT: 'validation',
  UNAUTHENTICATED: 'auth',
  FORBIDDEN: 'permission',
} as const satisfies Readonly<Record<string, ApiErrorCategory>>;

/**
 * Codes Wiki.js 2 reports without a number (directive messages, Apollo codes), named by us after
 * the message; the numbered table is in error-codes.ts.
 */
export const WIKIJS_V2_NAMED_CODES = {
  ...GRAPHQL_CODES,
  Forbidden: 'permission',
  Unauthorized: 'auth',
  ApiKeyInvalid: 'auth',
  ApiDisabled: 'auth',
  TooManyRequests: 'rate-limit',
  ServerError: 'api',
  Unknown: 'api',
} as const satisfies Readonly<Record<string, ApiErrorCategory>>;

/** Every `code` a Wiki.js 2 error can carry. */
export type WikiJsV2Code = WikiJsV2ErrorCode | keyof typeof WIKIJS_V2_NAMED_CODES | UnlistedCode;

function categoryOfV2(code: WikiJsV2Code): ApiErrorCategory {
  if (typeof code === 'number') return lookupErrorCode(code)?.category ?? 'api';
  return (WIKIJS_V2_NAMED_CODES as Readonly<Record<string, ApiErrorCategory>>)[code] ?? 'api';
}

/** The Wiki.js 2 factory: category from the code table (unless `options.category` says otherwise). */
export function wikijsError(code: WikiJsV2Code, message: string, options: WikiErrorFactoryOptions = {}): WikiApiError<WikiJsV2Code> {
  const { category, ...rest } = options;
  return createApiError(category ?? categoryOfV2(code), message, { ...rest, wiki: WIKI, code });
}

function isNamedCode(code: string): code is keyof typeof WIKIJS_V2_NAMED_CODES {
  return Object.hasOwn(WIKIJS_V2_NAMED_CODES, code);
}

/** A code from the wire → the literal union (listed) or an {@link UnlistedCode} (kept raw). */
export function toV2Code(raw: string | number): WikiJsV2Code {
  if (typeof raw === 'number') return lookupErrorCode(raw) === undefined ? unlistedCode(raw) : (raw as WikiJsV2ErrorCode);
  return isNamedCode(raw) ? raw : unlistedCode(raw);
}

function message(context: ErrorContext, slug: string, code: string | number, text: string): string {
  const summary = summaryOf(context.request);
  const subject = context.path === undefined ? '' : ` (path "${context.path}")`;
  const clean = scrubSecrets(text, context.secrets).replace(/\s+/g, ' ').trim().slice(0, 300);
  return `Wiki.js ${context.operation} failed: ${slug} (${code}) — ${clean}${subject} [${summary.method} ${summary.url}]`;
}

function build(category: ApiErrorCategory, context: ErrorContext, raw: string | number, slug: string, text: string, details?: Record<string, unknown>): WikikitError {
  return wikijsError(toV2Code(raw), message(context, slug, raw, text), {
    category,
    secrets: context.secrets,
    slug,
    httpStatus: context.httpStatus,
    path: context.path,
    request: summaryOf(context.request),
    ...(details ? { details } : {}),
  });
}

/** `TypeError: Cannot read …` → `TypeError`: the JS class a raw server error came from. */
function jsErrorName(entry: GraphQLErrorEntry): string | undefined {
  const exception = entry.extensions?.['exception'];
  if (typeof exception !== 'object' || exception === null) return undefined;
  const stack = (exception as Record<string, unknown>)['stacktrace'];
  const first: unknown = Array.isArray(stack) ? (stack as unknown[])[0] : undefined;
  const match = typeof first === 'string' ? /^([A-Za-z]*Error)\b/.exec(first) : null;
  return match?.[1];
}

export const v2ErrorMapper: ErrorMapper = {
  wiki: WIKI,

  fromGraphQLError(entry, context) {
    const exception = entry.extensions?.['exception'];
    const wikiCode = typeof exception === 'object' && exception !== null ? (exception as Record<string, unknown>)['code'] : undefined;
    if (typeof wikiCode === 'number') {
      const known = lookupErrorCode(wikiCode);
      return build(known?.category ?? 'api', context, wikiCode, known?.slug ?? 'Unknown', entry.message);
    }
    const text = entry.message;
    if (text === 'Forbidden') return build('permission', context, 'Forbidden', 'Forbidden', 'the caller lacks the permission this needs');
    if (text === 'Unauthorized') return build('auth', context, 'Unauthorized', 'Unauthorized', 'authentication required');
    if (/^API Key is invalid or was revoked/i.test(text)) return build('auth', context, 'ApiKeyInvalid', 'ApiKeyInvalid', text);
    if (/^API is disabled/i.test(text)) return build('auth', context, 'ApiDisabled', 'ApiDisabled', text);
    const throttle = /^Too many requests, please try again in (\d+) seconds?/i.exec(text);
    if (throttle) {
      const retryAfterMs = Number(throttle[1]) * 1000;
      return build('rate-limit', context, 'TooManyRequests', 'TooManyRequests', text, { retryAfterMs });
    }
    const graphqlCode = entry.extensions?.['code'];
    if (typeof graphqlCode === 'string' && Object.hasOwn(GRAPHQL_CODES, graphqlCode)) {
      return build(categoryOfV2(toV2Code(graphqlCode)), context, graphqlCode, graphqlCode, text);
    }
    const code = typeof graphqlCode === 'string' ? graphqlCode : context.httpStatus >= 500 ? 'ServerError' : 'Unknown';
    return build('api', context, code, jsErrorName(entry) ?? code, text);
  },

  fromResponseResult(result, context) {
    const code = typeof result.errorCode === 'number' ? result.errorCode : Number(result.errorCode);
    const text = result.message ?? '';
    const known = Number.isFinite(code) ? lookupErrorCode(code) : undefined;
    if (known) return build(known.category, context, code, result.slug || known.slug, text || known.message);
    // `update` on a missing id answers errorCode 1 "Invalid Page Id", not 6003.
    if (/^Invalid Page Id/i.test(text)) return build('not-found', context, Number.isFinite(code) ? code : result.errorCode, result.slug || 'Error', text);
    return build('api', context, Number.isFinite(code) ? code : result.errorCode, result.slug || 'Unknown', text);
  },
};

export function isRateLimit(error: unknown): error is RateLimitError {
  return error instanceof RateLimitError;
}

export function isAuth(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
