import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CLASSES, AuthError, ConflictError, NotFoundError, PermissionError, RateLimitError, UsageError, ValidationError, WikiApiError } from '../../../src/errors.js';
import { classifyUnknownKey, lookupErrorKey, V3_ERROR_KEYS } from '../../../src/wikijs/v3/error-keys.js';
import { classifyV3, v3ErrorMapper } from '../../../src/wikijs/v3/errors.js';
import { checkUuid, isUuid } from '../../../src/wikijs/v3/ids.js';
import { wikiJsV3 } from '../../../src/wikijs/v3/dialect.js';
import type { ErrorContext } from '../../../src/wikijs/graphql.js';

const docs = readFileSync('/work/shared/reference/wikijs-v3-graphql-docs.txt', 'utf8');
const documented = [...new Set([...docs.matchAll(/^(ERR_[A-Z0-9_]+) \|/gm)].map((m) => m[1] ?? ''))];

describe('v3 error keys table', () => {
  it('has every ERR_* key of the v3 docs, and nothing the docs do not list', () => {
    expect(documented.length).toBeGreaterThan(50);
    expect(Object.keys(V3_ERROR_KEYS).sort()).toEqual([...documented].sort());
  });

  it.each(documented)('%s maps to a category with an error class', (key) => {
    const info = lookupErrorKey(key);
    expect(Object.keys(API_ERROR_CLASSES)).toContain(info.category);
    expect(info.description).not.toBe('');
  });

  it.each([
    ['ERR_FORBIDDEN', PermissionError], ['ERR_NOT_AUTHENTICATED', AuthError], ['ERR_LOGIN_FAILED', AuthError], ['ERR_PAGE_NOT_FOUND', NotFoundError],
    ['ERR_PAGE_DUPLICATE_PATH', ConflictError], ['ERR_DUPLICATE_ACCOUNT_EMAIL', ConflictError], ['ERR_INVALID_PATH', ValidationError],
    ['ERR_PAGE_TITLE_MISSING', ValidationError], ['ERR_INVALID_USER', NotFoundError], ['ERR_FOLDER_DUPLICATE', ConflictError],
  ] as const)('%s in operation.message → %s, key kept as code', (key, Class) => {
    const context = ctx();
    const error = v3ErrorMapper.fromResponseResult({ succeeded: false, errorCode: '', slug: 'Error', message: key }, context);
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ code: key, slug: key, wiki: 'wikijs-v3', httpStatus: 200 });
    const viaErrors = v3ErrorMapper.fromGraphQLError({ message: key, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, context);
    expect(viaErrors).toBeInstanceOf(Class);
  });

  it('guesses undocumented keys by shape and keeps them', () => {
    expect(classifyUnknownKey('ERR_ASSET_NOT_FOUND')).toBe('not-found');
    expect(classifyUnknownKey('ERR_SOMETHING_DUPLICATE')).toBe('conflict');
    expect(classifyUnknownKey('ERR_WEIRD')).toBe('api');
    expect(v3ErrorMapper.fromResponseResult({ succeeded: false, errorCode: '', slug: 'Error', message: 'ERR_WEIRD' }, ctx())).toMatchObject({ name: 'WikiApiError', code: 'ERR_WEIRD' });
  });
});

describe('classifyV3 (every failure shape observed on 3.0.0)', () => {
  it.each([
    ['ERR_INVALID_INPUT: Email is not a valid email', 'Error', undefined, 'validation', 'ERR_INVALID_INPUT', 'Email is not a valid email'],
    ["Cannot read properties of undefined (reading 'PageNotFound')", 'TypeError', undefined, 'not-found', 'PageNotFound', undefined],
    ["Cannot read properties of undefined (reading 'PagePathCollision')", 'TypeError', undefined, 'conflict', 'PagePathCollision', undefined],
    ["Cannot read properties of undefined (reading 'PageIllegalPath')", 'TypeError', undefined, 'validation', 'PageIllegalPath', undefined],
    ["Cannot read properties of undefined (reading 'PageDeleteForbidden')", 'TypeError', undefined, 'permission', 'PageDeleteForbidden', undefined],
    ["Cannot read properties of undefined (reading 'UserNotFound')", 'TypeError', undefined, 'not-found', 'UserNotFound', undefined],
    ["Cannot read properties of undefined (reading 'AuthProviderInvalid')", 'TypeError', undefined, 'validation', 'AuthProviderInvalid', undefined],
    ['insert into "userGroups" ... violates foreign key constraint', 'ForeignKeyViolationError', undefined, 'validation', 'ForeignKeyViolationError', undefined],
    ['User is already assigned to group.', undefined, 'INTERNAL_SERVER_ERROR', 'conflict', 'UserAlreadyAssigned', undefined],
    ['Invalid User ID', undefined, 'INTERNAL_SERVER_ERROR', 'not-found', 'InvalidUserId', undefined],
    ['Invalid Group ID', undefined, 'INTERNAL_SERVER_ERROR', 'not-found', 'InvalidGroupId', undefined],
    ['unknown relation "tags" in a relation expression', undefined, 'INTERNAL_SERVER_ERROR', 'api', 'ServerDefect', undefined],
    ['select * from "pageTree" ... - relation "pageTree" does not exist', undefined, 'INTERNAL_SERVER_ERROR', 'api', 'ServerDefect', undefined],
    ['Too many requests, please try again in 59 seconds.', undefined, 'INTERNAL_SERVER_ERROR', 'rate-limit', 'TooManyRequests', undefined],
    ['Variable "$id" got invalid value "abc"; Expected type "UUID".', undefined, 'BAD_USER_INPUT', 'validation', 'BAD_USER_INPUT', undefined],
    ['Cannot query field "errorCode" on type "Operation".', undefined, 'GRAPHQL_VALIDATION_FAILED', 'validation', 'GRAPHQL_VALIDATION_FAILED', undefined],
    ['Syntax Error: Expected Name, found <EOF>.', undefined, 'GRAPHQL_PARSE_FAILED', 'validation', 'GRAPHQL_PARSE_FAILED', undefined],
    ['something else broke', undefined, 'INTERNAL_SERVER_ERROR', 'api', 'INTERNAL_SERVER_ERROR', undefined],
  ] as const)('%s', (message, slug, code, category, expectedCode, text) => {
    const failure = classifyV3(message, slug, code);
    expect(failure.category).toBe(category);
    expect(failure.code).toBe(expectedCode);
    if (text !== undefined) expect(failure.text).toBe(text);
  });

  it('the rate limit carries the wait as retryAfterMs on a RateLimitError', () => {
    const error = v3ErrorMapper.fromGraphQLError({ message: 'Too many requests, please try again in 59 seconds.', path: ['login'] }, ctx());
    if (!(error instanceof RateLimitError)) throw new Error('expected a RateLimitError');
    expect(error.retryAfterMs).toBe(59_000);
  });

  it('messages are one line: operation, key, text, subject, method and URL; secrets scrubbed', () => {
    const error = v3ErrorMapper.fromResponseResult({ succeeded: false, errorCode: '', slug: 'Error', message: 'ERR_PAGE_DUPLICATE_PATH' }, ctx('docs/a', ['s3cr3t']));
    expect(error.message).toBe('Wiki.js pages.create failed: ERR_PAGE_DUPLICATE_PATH — A page at this path already exists (path "docs/a") [POST https://wiki.example/_graphql]');
    const leaky = v3ErrorMapper.fromGraphQLError({ message: 'token s3cr3t rejected' }, ctx(undefined, ['s3cr3t']));
    expect(leaky.message).not.toContain('s3cr3t');
    expect(leaky).toBeInstanceOf(WikiApiError);
  });
});

describe('v3 ids', () => {
  it('accepts UUIDs (lower-cased) and refuses numbers and other strings with UsageError naming the field', () => {
    expect(checkUuid('AC3BDC64-777F-4D52-BDC9-BA54770058E0')).toBe('ac3bdc64-777f-4d52-bdc9-ba54770058e0');
    expect(isUuid('abc')).toBe(false);
    expect(() => checkUuid(42, 'pageId')).toThrow(UsageError);
    expect(() => checkUuid(42, 'pageId')).toThrow('pageId must be a UUID on Wiki.js 3, got 42 (an integer id is a Wiki.js 2 id; this server is Wiki.js 3)');
    expect(() => checkUuid('not-a-uuid')).toThrow(/must be a UUID/);
  });

  it('the dialect checkId is the same check', () => {
    const dialect = wikiJsV3.create({ baseUrl: 'http://127.0.0.1:9', transport: undefined as never, anonymousTransport: undefined as never, secrets: () => [], hasCredentials: false });
    expect(dialect.checkId('ac3bdc64-777f-4d52-bdc9-ba54770058e0', 'id')).toBe('ac3bdc64-777f-4d52-bdc9-ba54770058e0');
    expect(() => dialect.checkId(7, 'id')).toThrow(UsageError);
    expect(dialect.endpoint).toBe('http://127.0.0.1:9/_graphql');
  });
});

function ctx(path?: string, secrets: string[] = []): ErrorContext {
  return {
    operation: 'pages.create',
    request: { method: 'POST', url: 'https://wiki.example/_graphql', operation: { name: 'pages.create', kind: 'write', idempotent: false } },
    httpStatus: 200,
    path,
    secrets,
  };
}
