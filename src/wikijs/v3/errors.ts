/**
 * Wiki.js 3.x refusals → the same typed errors as 2.x (observed-behaviour.md, "General
 * conventions"): mutations answer `operation { succeeded:false, slug:"Error", message:"ERR_*" }`
 * (no `errorCode` field exists), queries throw GraphQL `errors` whose message is the key,
 * 3.0.0's undefined `WIKI.Error` turns some branches into `slug:"TypeError"`, and HTTP 400 carries
 * parse/validation/bad-variable errors. The `ERR_*` key (or other code) is kept as `code`.
 */
import {
  createApiError,
  unlistedCode,
  type ApiErrorCategory,
  type UnlistedCode,
  type WikiApiError,
  type WikiErrorFactoryOptions,
  type WikikitError,
} from '../../errors.js';
import { scrubSecrets, summaryOf } from '../../transport/index.js';
import type { ErrorContext, ErrorMapper, GraphQLErrorEntry, ResponseResult } from '../graphql.js';
import { isV3ErrorKey, lookupErrorKey, V3_LEGACY_ERROR_NAMES, type V3ErrorKey } from './error-keys.js';

export const V3_WIKI = 'wikijs-v3' as const;

const GRAPHQL_CODES = {
  GRAPHQL_PARSE_FAILED: 'validation',
  GRAPHQL_VALIDATION_FAILED: 'validation',
  BAD_USER_INPUT: 'validation',
  BAD_REQUEST: 'validation',
  UNAUTHENTICATED: 'auth',
  FORBIDDEN: 'permission',
} as const satisfies Readonly<Record<string, ApiErrorCategory>>;

/** Bare messages some resolvers throw instead of a key (assignUserToGroup, rate limit, known defects). */
const PLAIN_MESSAGES: ReadonlyArray<readonly [RegExp, ApiErrorCategory, V3NamedCode]> = [
  [/^Invalid User ID/i, 'not-found', 'InvalidUserId'],
  [/^Invalid Group ID/i, 'not-found', 'InvalidGroupId'],
  [/^User is already assigned to group/i, 'conflict', 'UserAlreadyAssigned'],
  [/^User is not assigned to group/i, 'conflict', 'UserNotAssigned'],
];

/** Server defects of 3.0.0 that a caller cannot fix: the message names them. */
const DEFECTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/unknown relation "tags" in a relation expression/, 'pages() listing is broken in Wiki.js 3.0.0 (it joins a removed "tags" relation)'],
  [/relation "pageTree" does not exist/, 'pageTree is broken in Wiki.js 3.0.0 (its table was never created; use tree)'],
  [/invalid input syntax for type uuid/, 'this Int-id field cannot address UUID rows in Wiki.js 3.0.0'],
];

export interface V3Failure {
  readonly category: ApiErrorCategory;
  readonly code: string;
  readonly slug: string;
  readonly text: string;
  readonly details?: Record<string, unknown>;
}

/** Codes Wiki.js 3 reports without an `ERR_*` key, named by us after the message or the JS class. */
export const WIKIJS_V3_NAMED_CODES = {
  ...GRAPHQL_CODES,
  TooManyRequests: 'rate-limit',
  InvalidUserId: 'not-found',
  InvalidGroupId: 'not-found',
  UserAlreadyAssigned: 'conflict',
  UserNotAssigned: 'conflict',
  ForeignKeyViolationError: 'validation',
  ServerDefect: 'api',
  Unknown: 'api',
} as const satisfies Readonly<Record<string, ApiErrorCategory>>;

type V3NamedCode = keyof typeof WIKIJS_V3_NAMED_CODES;

/** Every `code` a Wiki.js 3 error can carry: an `ERR_*` key, a named code, a 3.0.0 legacy name, or unlisted. */
export type WikiJsV3Code = V3ErrorKey | V3NamedCode | keyof typeof V3_LEGACY_ERROR_NAMES | UnlistedCode;

/** A code from the wire → the literal union (listed) or an {@link UnlistedCode} (kept raw). */
export function toV3Code(raw: string): WikiJsV3Code {
  if (isV3ErrorKey(raw) || Object.hasOwn(WIKIJS_V3_NAMED_CODES, raw) || Object.hasOwn(V3_LEGACY_ERROR_NAMES, raw)) return raw as WikiJsV3Code;
  return unlistedCode(raw);
}

function categoryOfV3(code: WikiJsV3Code): ApiErrorCategory {
  if (typeof code === 'number') return 'api';
  const named = (WIKIJS_V3_NAMED_CODES as Readonly<Record<string, ApiErrorCategory>>)[code];
  return named ?? (V3_LEGACY_ERROR_NAMES as Readonly<Record<string, ApiErrorCategory>>)[code] ?? lookupErrorKey(code).category;
}

/** The Wiki.js 3 factory: category from the key table (unless `options.category` says otherwise). */
export function wikijsV3Error(code: WikiJsV3Code, message: string, options: WikiErrorFactoryOptions = {}): WikiApiError<WikiJsV3Code> {
  const { category, ...rest } = options;
  return createApiError(category ?? categoryOfV3(code), message, { ...rest, wiki: V3_WIKI, code });
}

/** Pure classification of one refusal, shared by both channels (unit-tested as a table). */
export function classifyV3(message: string, slug: string | undefined, extensionsCode: string | undefined): V3Failure {
  const key = /^(ERR_[A-Z0-9_]+)(?::\s*(.*))?$/s.exec(message.trim());
  if (key?.[1] !== undefined) {
    const info = lookupErrorKey(key[1]);
    const detail = key[2] ?? '';
    return { category: info.category, code: key[1], slug: key[1], text: detail !== '' ? detail : info.description || key[1] };
  }
  const legacy = /^Cannot read properties of undefined \(reading '([A-Za-z]+)'\)/.exec(message);
  if (legacy?.[1] !== undefined) {
    const name = legacy[1];
    return {
      category: (V3_LEGACY_ERROR_NAMES as Readonly<Record<string, ApiErrorCategory>>)[name] ?? 'api', code: name, slug: slug ?? 'TypeError',
      text: `${name} (reported as a TypeError: Wiki.js 3.0.0 server defect, WIKI.Error is undefined)`,
    };
  }
  const throttle = /^Too many requests, please try again in (\d+) seconds?/i.exec(message);
  if (throttle) return { category: 'rate-limit', code: 'TooManyRequests', slug: 'TooManyRequests', text: message, details: { retryAfterMs: Number(throttle[1]) * 1000 } };
  for (const [re, category, code] of PLAIN_MESSAGES) if (re.test(message)) return { category, code, slug: slug ?? code, text: message };
  if (slug === 'ForeignKeyViolationError') {
    return { category: 'validation', code: 'ForeignKeyViolationError', slug, text: `a referenced id does not exist (${message}); Wiki.js 3.0.0 may have stored part of the change` };
  }
  for (const [re, what] of DEFECTS) if (re.test(message)) return { category: 'api', code: 'ServerDefect', slug: slug ?? 'ServerDefect', text: `${what}: ${message}` };
  if (extensionsCode !== undefined && Object.hasOwn(GRAPHQL_CODES, extensionsCode)) {
    return { category: categoryOfV3(toV3Code(extensionsCode)), code: extensionsCode, slug: slug ?? extensionsCode, text: message };
  }
  return { category: 'api', code: extensionsCode ?? slug ?? 'Unknown', slug: slug ?? extensionsCode ?? 'Unknown', text: message };
}

function build(failure: V3Failure, context: ErrorContext): WikikitError {
  const summary = summaryOf(context.request);
  const subject = context.path === undefined ? '' : ` (path "${context.path}")`;
  const clean = scrubSecrets(failure.text, context.secrets).replace(/\s+/g, ' ').trim().replace(/\.$/, '').slice(0, 300);
  return wikijsV3Error(toV3Code(failure.code), `Wiki.js ${context.operation} failed: ${failure.code} — ${clean}${subject} [${summary.method} ${summary.url}]`, {
    category: failure.category,
    secrets: context.secrets,
    slug: failure.slug,
    httpStatus: context.httpStatus,
    path: context.path,
    request: summary,
    ...(failure.details ? { details: failure.details } : {}),
  });
}

export const v3ErrorMapper: ErrorMapper = {
  wiki: V3_WIKI,
  fromGraphQLError(entry: GraphQLErrorEntry, context: ErrorContext): WikikitError {
    const code = entry.extensions?.['code'];
    return build(classifyV3(entry.message, undefined, typeof code === 'string' ? code : undefined), context);
  },
  fromResponseResult(result: ResponseResult, context: ErrorContext): WikikitError {
    return build(classifyV3(result.message ?? '', result.slug || undefined, undefined), context);
  },
};
