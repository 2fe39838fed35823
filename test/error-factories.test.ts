// The factories are the only way src/ builds errors (eslint no-restricted-syntax): they pick the
// class from each wiki's code table, type `code` as that wiki's literal union, and redact.
// `expectTypeOf` lines are checked by `npm run typecheck` (tsconfig includes test/).
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  HttpError,
  internalError,
  InternalError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  unlistedCode,
  usageError,
  UsageError,
  ValidationError,
  WikiApiError,
  apiError,
  httpError,
  networkError,
  timeoutError,
  type UnlistedCode,
} from '../src/errors.js';
import { toV2Code, wikijsError, type WikiJsV2Code } from '../src/wikijs/v2/errors.js';
import { toV3Code, wikijsV3Error, type WikiJsV3Code } from '../src/wikijs/v3/errors.js';
import { mediawikiError, toMediaWikiCode, type MediaWikiCode } from '../src/mediawiki/error-codes.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig-abcdef';

describe('Wiki.js 2 factory (codes 1001-8006)', () => {
  it('takes category and class from the generated table', () => {
    const e = wikijsError(6002, 'duplicate');
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.category).toBe('conflict');
    expect(e.code).toBe(6002);
    expect(e.wiki).toBe('wikijs-v2');
    expect(wikijsError(6003, 'x')).toBeInstanceOf(NotFoundError);
    expect(wikijsError(1002, 'x')).toBeInstanceOf(AuthError);
    expect(wikijsError(6013, 'x')).toBeInstanceOf(PermissionError);
    expect(wikijsError(1008, 'x')).toBeInstanceOf(RateLimitError);
    expect(wikijsError('Forbidden', 'x').category).toBe('permission');
    expect(wikijsError('GRAPHQL_VALIDATION_FAILED', 'x')).toBeInstanceOf(ValidationError);
  });

  it('types code as the literal union, not string', () => {
    const e = wikijsError(6002, 'x');
    expectTypeOf(e.code).toEqualTypeOf<WikiJsV2Code>();
    expectTypeOf<6002>().toExtend<WikiJsV2Code>();
    expectTypeOf<'Forbidden'>().toExtend<WikiJsV2Code>();
    expectTypeOf<string>().not.toExtend<WikiJsV2Code>();
    expectTypeOf<number>().not.toExtend<WikiJsV2Code>();
    // @ts-expect-error 9999 is not in the Wiki.js 2 table: an unlisted code must be marked.
    wikijsError(9999, 'x');
  });

  it('keeps an unlisted code raw, as the base class unless told otherwise', () => {
    const code = toV2Code(9999);
    expectTypeOf(code).toEqualTypeOf<WikiJsV2Code>();
    const e = wikijsError(code, 'x');
    expect(e.code).toBe(9999);
    expect(e.constructor).toBe(WikiApiError);
    expect(wikijsError(unlistedCode(1), 'Invalid Page Id', { category: 'not-found' })).toBeInstanceOf(NotFoundError);
    expect(toV2Code(6002)).toBe(6002);
  });
});

describe('Wiki.js 3 factory (ERR_* keys)', () => {
  it('takes category from the key table and types code', () => {
    const e = wikijsV3Error('ERR_PAGE_DUPLICATE_PATH', 'x');
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.wiki).toBe('wikijs-v3');
    expect(wikijsV3Error('ERR_PAGE_NOT_FOUND', 'x')).toBeInstanceOf(NotFoundError);
    expect(wikijsV3Error('PageNotFound', 'x').category).toBe('not-found');
    expect(wikijsV3Error('TooManyRequests', 'x')).toBeInstanceOf(RateLimitError);
    expectTypeOf(e.code).toEqualTypeOf<WikiJsV3Code>();
    expectTypeOf<'ERR_FORBIDDEN'>().toExtend<WikiJsV3Code>();
    expectTypeOf<string>().not.toExtend<WikiJsV3Code>();
    // @ts-expect-error not a documented key
    wikijsV3Error('ERR_MADE_UP', 'x');
  });

  it('classifies an undocumented key by its shape and keeps it', () => {
    const e = wikijsV3Error(toV3Code('ERR_ASSET_NOT_FOUND'), 'x');
    expect(e.code).toBe('ERR_ASSET_NOT_FOUND');
    expect(e).toBeInstanceOf(NotFoundError);
  });
});

describe('MediaWiki factory (API error codes)', () => {
  it('takes category from the code table and types code', () => {
    const e = mediawikiError('editconflict', 'x');
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.wiki).toBe('mediawiki');
    expect(mediawikiError('protectedpage', 'x')).toBeInstanceOf(PermissionError);
    expectTypeOf(e.code).toEqualTypeOf<MediaWikiCode>();
    expectTypeOf<string>().not.toExtend<MediaWikiCode>();
    // @ts-expect-error not a MediaWiki code the client handles
    mediawikiError('no-such-code', 'x');
    const raw = mediawikiError(toMediaWikiCode('some-extension-code'), 'x');
    expect(raw.code).toBe('some-extension-code');
    expect(raw.constructor).toBe(WikiApiError);
    expectTypeOf<UnlistedCode>().toExtend<MediaWikiCode>();
  });
});

describe('generic factories', () => {
  it('build the right class and category', () => {
    expect(usageError('bad', { field: 'path' })).toBeInstanceOf(UsageError);
    expect(usageError('bad', { field: 'path' }).field).toBe('path');
    expect(networkError('down').category).toBe('network');
    expect(networkError('down')).toBeInstanceOf(NetworkError);
    const t = timeoutError('slow', { phase: 'total', timeoutMs: 5 });
    expect([t.category, t.phase, t.timeoutMs]).toEqual(['timeout', 'total', 5]);
    expect(httpError('502', { status: 502 })).toBeInstanceOf(HttpError);
    const c = apiError('conflict', 'x', { wiki: 'wikijs-v2', code: 6002 });
    expectTypeOf(c).toEqualTypeOf<ConflictError<6002>>();
    expect(c).toBeInstanceOf(ConflictError);
    const i = internalError('invariant');
    expect(i).toBeInstanceOf(InternalError);
    expect(i.name).toBe('InternalError');
  });

  it('instanceof narrows without any', () => {
    const e: unknown = wikijsError(6002, 'x');
    if (e instanceof ConflictError) expectTypeOf(e).toEqualTypeOf<ConflictError>();
    if (e instanceof WikiApiError) expectTypeOf(e.code).toEqualTypeOf<string | number>();
  });
});

describe('redaction at construction', () => {
  it('scrubs a secret passed in the message and in the cause', () => {
    const cause = new Error(`connect failed for token ${TOKEN}`);
    const e = networkError(`POST https://wiki.example/graphql with ${TOKEN}`, { cause, secrets: [TOKEN] });
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).toContain('[REDACTED]');
    expect(e.cause).toBe(cause);
    expect(cause.message).not.toContain(TOKEN);
    expect(String(cause.stack)).not.toContain(TOKEN);
    expect(JSON.stringify(e.toJSON())).not.toContain(TOKEN);
  });

  it('scrubs secret-shaped text the caller did not name', () => {
    const e = wikijsError(1002, `Authorization: Bearer ${TOKEN} refused at https://admin:hunter22@wiki.example/?token=${TOKEN}&x=1`);
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).not.toContain('hunter22');
    expect(e.message).toContain('x=1');
    // A usage message about `key=value` syntax is not a secret.
    expect(usageError('expected key=value').message).toBe('expected key=value');
  });

  it('redacts a request summary that still holds a secret, and keeps a clean one as is', () => {
    const leaky = { method: 'GET', url: `https://wiki.example/api.php?lgpassword=${TOKEN}`, variables: { password: TOKEN } };
    const e = mediawikiError('badtoken', 'x', { request: leaky });
    expect(JSON.stringify(e.toJSON())).not.toContain(TOKEN);
    const clean = { method: 'GET', url: 'https://wiki.example/api.php?action=query' };
    expect(mediawikiError('badtoken', 'x', { request: clean }).request).toBe(clean);
  });

  it('scrubs nested causes and the body excerpt of an HTTP error', () => {
    const inner = new Error(`inner ${TOKEN}`);
    const outer = new Error('outer', { cause: inner });
    const e = httpError('502', { status: 502, bodyExcerpt: `<p>${TOKEN}</p>`, cause: outer, secrets: [TOKEN] });
    expect(e.bodyExcerpt).not.toContain(TOKEN);
    expect(inner.message).not.toContain(TOKEN);
  });
});
