import { describe, expect, it } from 'vitest';
import { categoryOf, parseDocs, render } from '../../scripts/gen-wikijs-errors.js';
import { AuthError, ConflictError, NotFoundError, PermissionError, RateLimitError, ValidationError, WikiApiError } from '../../src/errors.js';
import { lookupErrorCode, v2ErrorMapper, WIKIJS_V2_ERROR_CODES } from '../../src/wikijs/index.js';
import type { ErrorContext } from '../../src/wikijs/index.js';

const RANGES: [number, number][] = [[1001, 1020], [2001, 2009], [3001, 3004], [4001, 4002], [5001, 5002], [6001, 6013], [7001, 7004], [8001, 8006]];

const context: ErrorContext = {
  operation: 'pages.create',
  request: { method: 'POST', url: 'https://wiki.example/graphql', operation: { name: 'pages.create', kind: 'write', idempotent: false } },
  httpStatus: 200,
  path: 'docs/a',
  secrets: ['sekrit-token-value'],
};

describe('the generated Wiki.js 2 error table', () => {
  it('has every documented code, each with a slug and a category', () => {
    const expected = RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));
    expect(Object.keys(WIKIJS_V2_ERROR_CODES).map(Number)).toEqual(expected);
    for (const code of expected) expect(lookupErrorCode(code)?.slug).toMatch(/^[A-Z][A-Za-z0-9]+$/);
  });

  it.each([
    [1002, 'AuthLoginFailed', 'auth'],
    [1004, 'AuthAccountAlreadyExists', 'conflict'],
    [1008, 'BruteTooManyAttempts', 'rate-limit'],
    [1012, 'InputInvalid', 'validation'],
    [1016, 'UserNotFound', 'not-found'],
    [2002, 'AssetFolderExists', 'conflict'],
    [3002, 'MailNotConfigured', 'api'],
    [6002, 'PageDuplicateCreate', 'conflict'],
    [6003, 'PageNotFound', 'not-found'],
    [6004, 'PageEmptyContent', 'validation'],
    [6005, 'PageIllegalPath', 'validation'],
    [6006, 'PagePathCollision', 'conflict'],
    [6013, 'PageViewForbidden', 'permission'],
    [8005, 'CommentNotFound', 'not-found'],
  ])('%i is %s (%s)', (code, slug, category) => {
    expect(lookupErrorCode(code)).toMatchObject({ slug, category });
  });

  it('matches what the generator renders from the same rows (the fenced region is not hand-edited)', () => {
    const rows = Object.entries(WIKIJS_V2_ERROR_CODES).map(([code, info]) => `| ${code} | ${info.slug} | ${info.message} |`);
    const rendered = render(parseDocs(['| Code | Slug | Message |', '|---|---|---|', ...rows].join('\n')));
    for (const [code, info] of Object.entries(WIKIJS_V2_ERROR_CODES)) {
      expect(rendered).toContain(`${code}: { slug: '${info.slug}', category: '${info.category}'`);
      expect(categoryOf(Number(code), info.slug)).toBe(info.category);
    }
  });
});

describe('v2 error mapping (every failure channel)', () => {
  it('maps responseResult codes to the class of their category, keeping code, slug, message, operation and status', () => {
    const error = v2ErrorMapper.fromResponseResult({ succeeded: false, errorCode: 6002, slug: 'PageDuplicateCreate', message: 'Cannot create this page because an entry already exists at the same path.' }, context);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 6002, slug: 'PageDuplicateCreate', httpStatus: 200, wiki: 'wikijs-v2', path: 'docs/a' });
    expect(error.message).toBe('Wiki.js pages.create failed: PageDuplicateCreate (6002) — Cannot create this page because an entry already exists at the same path. (path "docs/a") [POST https://wiki.example/graphql]');
  });

  it('keeps an unknown code raw on the base class', () => {
    const error = v2ErrorMapper.fromResponseResult({ succeeded: false, errorCode: 9999, slug: 'Brand New', message: 'new' }, context);
    expect(error.constructor).toBe(WikiApiError);
    expect(error).toMatchObject({ code: 9999, slug: 'Brand New' });
  });

  it('treats errorCode 1 "Invalid Page Id" as not found, and other errorCode 1 as a raw API error', () => {
    expect(v2ErrorMapper.fromResponseResult({ succeeded: false, errorCode: 1, slug: 'Error', message: 'Invalid Page Id' }, context)).toBeInstanceOf(NotFoundError);
    const raw = v2ErrorMapper.fromResponseResult({ succeeded: false, errorCode: 1, slug: 'TypeError', message: "Cannot read properties of undefined (reading 'map')" }, context);
    expect(raw.constructor).toBe(WikiApiError);
    expect(raw).toMatchObject({ code: 1, slug: 'TypeError' });
  });

  it('maps query errors by exception.code, directive messages, GraphQL codes and HTTP-500 bodies', () => {
    const map = (entry: Parameters<typeof v2ErrorMapper.fromGraphQLError>[0], status = 200) => v2ErrorMapper.fromGraphQLError(entry, { ...context, httpStatus: status });
    expect(map({ message: 'This page does not exist.', extensions: { code: 'INTERNAL_SERVER_ERROR', exception: { code: 6003 } } })).toBeInstanceOf(NotFoundError);
    expect(map({ message: 'You are not authorized to view this page.', extensions: { exception: { code: 6013 } } })).toBeInstanceOf(PermissionError);
    expect(map({ message: 'Forbidden', extensions: { code: 'INTERNAL_SERVER_ERROR' } })).toBeInstanceOf(PermissionError);
    expect(map({ message: 'Cannot query field "nope" on type "PageQuery".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, 400)).toBeInstanceOf(ValidationError);
    expect(map({ message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, 400)).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', httpStatus: 400 });
    expect(map({ message: 'Variable "$id" got invalid value "abc"', extensions: { code: 'BAD_USER_INPUT' } }, 400)).toBeInstanceOf(ValidationError);
    expect(map({ message: 'API Key is invalid or was revoked.', path: [] }, 500)).toBeInstanceOf(AuthError);
    expect(map({ message: 'API is disabled. You must enable it from the Administration Area first.', path: [] }, 500)).toMatchObject({ name: 'AuthError', code: 'ApiDisabled', httpStatus: 500 });
    const throttled = map({ message: 'Too many requests, please try again in 59 seconds.' });
    expect(throttled).toBeInstanceOf(RateLimitError);
    expect(throttled instanceof RateLimitError ? throttled.retryAfterMs : undefined).toBe(59_000);
    const raw = map({ message: "Cannot read properties of undefined (reading 'path')", extensions: { code: 'INTERNAL_SERVER_ERROR', exception: { stacktrace: ["TypeError: Cannot read properties of undefined (reading 'path')"] } } });
    expect(raw.constructor).toBe(WikiApiError);
    expect(raw).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', slug: 'TypeError' });
  });

  it('scrubs known secrets out of server messages', () => {
    const error = v2ErrorMapper.fromGraphQLError({ message: 'bad token sekrit-token-value here' }, context);
    expect(error.message).not.toContain('sekrit-token-value');
    expect(JSON.stringify(error.toJSON())).not.toContain('sekrit-token-value');
  });
});
